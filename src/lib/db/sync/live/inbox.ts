import type { SyncLine } from '../../../formats/crosstalk-sync/read';
import type { ImportReport, TextDoc } from '../../store/schema';
import { openRecord } from './sealed-record';
import { KEY_RECORD_ID, type VaultKeys } from './vault-keys';

/** What applying a batch of pulled records gave. */
export interface Applied {
  opened: number;
  /** Records that did not open (tampered, foreign, malformed) or that the import skipped, with the first reason. */
  rejected: number;
  problem: string | null;
}

/** Records waiting to be stored again after their batch's import failed as a whole, or the vault's read failed. */
export interface Waiting {
  /** How many received records wait; null when the vault could not be read (how many is not known). */
  records: number | null;
  reason: string;
  /** When the next try starts (ms since 1970). */
  retryAt: number;
}

/** What the inbox tells its owner. */
export interface InboxHooks {
  importLines(lines: SyncLine[]): Promise<ImportReport>;
  /** One page of the vault's records written after `from`, in write order; null when there are none. */
  readVault(from: VaultCheckpoint): Promise<VaultPage | null>;
  /** A batch stored or refused: everything pulled up to `through` (inclusive) is applied. */
  applied(applied: Applied, through: VaultCheckpoint): void;
  /** Records kept for another try; null once they are stored. */
  waiting(waiting: Waiting | null): void;
}

/** Where a pulled record lies in the vault's change order (RxDB's storage checkpoint). */
export interface VaultCheckpoint {
  id: string;
  lwt: number;
}

/** A vault record on its way in, with its place in the change order; `local`: sealed by this copy, not applied. */
export interface Pulled extends TextDoc {
  lwt: number;
  local: boolean;
}

/** Records taken together, and how far in the vault's change order they reach. */
export interface VaultPage {
  docs: Pulled[];
  through: VaultCheckpoint;
}

/**
 * A record to open and store: not one this copy sealed itself (it waits in the queue only for the checkpoint),
 * not the vault's key record, not a CouchDB design document.
 */
const isReceived = (doc: Pulled) => !doc.local && doc.id !== KEY_RECORD_ID && !doc.id.startsWith('_');

const isAfter = (d: VaultCheckpoint, from: VaultCheckpoint) => d.lwt > from.lwt || (d.lwt === from.lwt && d.id > from.id);

/** Delays between tries of a batch whose import failed (doubling from the first up to the longest). */
export const INBOX_RETRY = { firstMs: 2000, longestMs: 5 * 60_000 };

/**
 * At most this many records wait in memory on their way in (mutable for tests), besides the batch being
 * stored. Past it, the vault is read again from the checkpoint a page at a time: a pull that outruns the
 * import, or a large backlog when the app opens, costs reads, not memory.
 */
export const INBOX_HOLD = { records: 10_000 };

/** Records applied together: half of what may be held, so a pull can go on while a batch is stored. */
const batchSize = () => Math.max(1, Math.floor(INBOX_HOLD.records / 2));

/**
 * Records pulled from the server, on their way into this copy: each is opened (tag, boundary, id) and the
 * opened lines are handed to the sync-file import in batches, one at a time, so they merge exactly as an
 * imported sync file would. Nothing from the server is used before it opened.
 *
 * A batch whose import fails as a whole (a full disk, a storage error: the import stored none of it) is
 * tried again after a delay; what failed the boundary or did not open is refused, never tried again. Each
 * batch ends with how far the vault's changes are applied (`applied`), which the owner keeps: records pulled
 * but not applied when the app closed are read again when it next opens (`start`).
 *
 * Records come two ways: as the vault's changes are written (`take`, which knows which ones this copy sealed
 * itself and skips them), or read back from the vault past the checkpoint (`readVault`), where this copy's
 * own records can't be told from pulled ones and are applied again, which changes nothing (the merge is
 * idempotent). The second way is taken when the app opens and whenever more than `INBOX_HOLD` records wait.
 */
export class Inbox {
  private queue: Pulled[] = [];
  /** How far the vault's changes are applied; null until `start`. */
  private through: VaultCheckpoint | null = null;
  /** The vault past `through` holds records that are not in the queue: they are read from there. */
  private behind = true;
  /** A change was taken while the vault was being read: an empty page does not yet mean there is none. */
  private missed = false;
  private running = false;
  private closed = false;
  private delayMs = INBOX_RETRY.firstMs;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private wakeRetry: (() => void) | null = null;

  constructor(
    private readonly keys: VaultKeys,
    private readonly hooks: InboxHooks
  ) {}

  /** Records held in memory on their way in (at most `INBOX_HOLD.records`). */
  get held(): number {
    return this.queue.length;
  }

  /** Begins applying what the vault holds past `from` (the kept checkpoint), then what is taken. */
  start(from: VaultCheckpoint): void {
    this.through = from;
    this.kick();
  }

  /** Vault records just written, in write order. */
  take(docs: Pulled[]): void {
    if (!docs.length || this.closed) return;
    if (this.behind || this.queue.length + docs.length > INBOX_HOLD.records) {
      this.behind = true;
      this.missed = true;
    } else this.queue.push(...docs);
    this.kick();
  }

  /** Stops trying (what is still queued was reported through `waiting`). */
  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.wakeRetry?.();
  }

  private kick(): void {
    if (this.running || this.closed || this.through === null) return;
    this.running = true;
    void this.drain();
  }

  /** The next batch: the queue first (it precedes what was left in the vault), then the vault past `through`. */
  private async next(): Promise<VaultPage | null> {
    while (this.queue.length) {
      // A change heard after a vault page already held its record is applied, not applied again.
      const docs = this.queue.splice(0, batchSize()).filter((d) => isAfter(d, this.through!));
      const last = docs[docs.length - 1];
      if (last) return { docs, through: { id: last.id, lwt: last.lwt } };
    }
    while (this.behind && !this.closed) {
      this.missed = false;
      const page = await this.hooks.readVault(this.through!);
      if (page) return page;
      if (!this.missed) this.behind = false;
    }
    return null;
  }

  /**
   * Applies batches until there is none. A batch whose import failed, or a vault read that failed, is tried
   * again after a pause.
   */
  private async drain() {
    while (!this.closed) {
      let batch: VaultPage | null;
      try {
        batch = await this.next();
      } catch (err) {
        await this.pause((err as Error).message, null);
        continue;
      }
      this.recovered();
      if (!batch) break;
      while (!this.closed && !(await this.apply(batch)));
    }
    // Whatever was taken while the last batch was being looked for is applied by a drain of its own.
    this.running = false;
    if (this.queue.length || this.behind) this.kick();
  }

  /** Opens and stores a batch; false when its import failed as a whole (after the pause before the next try). */
  private async apply(batch: VaultPage): Promise<boolean> {
    const applied: Applied = { opened: 0, rejected: 0, problem: null };
    const reject = (reason: string) => {
      applied.rejected++;
      applied.problem ??= reason;
    };
    const lines = (
      await Promise.all(
        batch.docs
          .filter(isReceived)
          .map((doc) =>
            openRecord(this.keys, doc).catch((err: unknown) => {
              reject((err as Error).message);
              return null;
            })
          )
      )
    ).filter((line): line is SyncLine => line !== null);
    applied.opened = lines.length;
    if (lines.length) {
      const failure = await this.store(lines, applied, reject);
      if (failure !== null) {
        await this.pause(failure, batch.docs);
        return false;
      }
    }
    this.recovered();
    this.through = batch.through;
    this.hooks.applied(applied, batch.through);
    return true;
  }

  /** After a pause, what failed went through: nothing waits any more, and the next failure waits the shortest. */
  private recovered(): void {
    if (this.delayMs === INBOX_RETRY.firstMs) return;
    this.delayMs = INBOX_RETRY.firstMs;
    this.hooks.waiting(null);
  }

  /** Imports a batch's lines; returns why the import failed as a whole, or null when it ran. */
  private async store(lines: SyncLine[], applied: Applied, reject: (reason: string) => void): Promise<string | null> {
    try {
      const report = await this.hooks.importLines(lines);
      if (report.status !== 'done') return report.error ?? report.status;
      for (const skip of report.skipped) reject(skip.reason);
      applied.rejected += report.skippedCount - report.skipped.length;
      return null;
    } catch (err) {
      return (err as Error).message;
    }
  }

  /** Waits before the next try; `batch`: the records whose import failed, or null when the vault could not be read. */
  private async pause(reason: string, batch: Pulled[] | null) {
    if (this.closed) return;
    const retryAt = Date.now() + this.delayMs;
    // Records left in the vault (while reading it) are not counted.
    const received = (docs: Pulled[]) => docs.reduce((n, doc) => (isReceived(doc) ? n + 1 : n), 0);
    this.hooks.waiting({ records: batch && received(batch) + received(this.queue), reason, retryAt });
    await new Promise<void>((resolve) => {
      this.wakeRetry = resolve;
      this.retryTimer = setTimeout(resolve, this.delayMs);
    });
    this.retryTimer = this.wakeRetry = null;
    this.delayMs = Math.min(this.delayMs * 2, INBOX_RETRY.longestMs);
  }
}
