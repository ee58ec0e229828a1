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

/** Records waiting to be stored again after their batch's import failed as a whole. */
export interface Waiting {
  records: number;
  reason: string;
  /** When the next try starts (ms since 1970). */
  retryAt: number;
}

/** What the inbox tells its owner. */
export interface InboxHooks {
  importLines(lines: SyncLine[]): Promise<ImportReport>;
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

/** Delays between tries of a batch whose import failed (doubling from the first up to the longest). */
export const INBOX_RETRY = { firstMs: 2000, longestMs: 5 * 60_000 };

const BATCH = 5000;

/**
 * Records pulled from the server, on their way into this copy: each is opened (tag, boundary, id) and the
 * opened lines are handed to the sync-file import in batches, one at a time, so they merge exactly as an
 * imported sync file would. Nothing from the server is used before it opened.
 *
 * A batch whose import fails as a whole (a full disk, a storage error: the import stored none of it) stays
 * at the head of the queue and is tried again after a delay; what failed the boundary or did not open is
 * refused, never tried again. Each batch ends with how far the vault's changes are applied (`applied`), which
 * the owner keeps: records pulled but not applied when the app closed are taken again when it next opens.
 */
export class Inbox {
  private queue: Pulled[] = [];
  private running = false;
  private closed = false;
  private delayMs = INBOX_RETRY.firstMs;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private wakeRetry: (() => void) | null = null;

  constructor(
    private readonly keys: VaultKeys,
    private readonly hooks: InboxHooks
  ) {}

  take(docs: Pulled[]): void {
    if (!docs.length || this.closed) return;
    this.queue.push(...docs);
    if (this.running) return;
    this.running = true;
    void this.drain();
  }

  /** Stops trying (what is still queued was reported through `waiting`). */
  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.wakeRetry?.();
  }

  /**
   * Applies the queue until it is empty. `running` is cleared in the same step that finds the queue empty:
   * a record taken after that starts a new drain, one taken before is applied by this one.
   */
  private async drain() {
    for (;;) {
      if (!this.queue.length || this.closed) {
        this.running = false;
        return;
      }
      const docs = this.queue.splice(0, BATCH);
      const applied: Applied = { opened: 0, rejected: 0, problem: null };
      const reject = (reason: string) => {
        applied.rejected++;
        applied.problem ??= reason;
      };
      const lines = (
        await Promise.all(
          docs
            .filter((doc) => !doc.local && doc.id !== KEY_RECORD_ID && !doc.id.startsWith('_'))
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
          this.queue.unshift(...docs);
          await this.pause(failure);
          continue;
        }
      }
      if (this.delayMs !== INBOX_RETRY.firstMs) {
        this.delayMs = INBOX_RETRY.firstMs;
        this.hooks.waiting(null);
      }
      const last = docs[docs.length - 1];
      this.hooks.applied(applied, { id: last.id, lwt: last.lwt });
    }
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

  private async pause(reason: string) {
    const retryAt = Date.now() + this.delayMs;
    // This copy's own records wait in the queue too (for the checkpoint), but they were not received.
    this.hooks.waiting({ records: this.queue.reduce((n, doc) => (doc.local ? n : n + 1), 0), reason, retryAt });
    await new Promise<void>((resolve) => {
      this.wakeRetry = resolve;
      this.retryTimer = setTimeout(resolve, this.delayMs);
    });
    this.retryTimer = this.wakeRetry = null;
    this.delayMs = Math.min(this.delayMs * 2, INBOX_RETRY.longestMs);
  }
}
