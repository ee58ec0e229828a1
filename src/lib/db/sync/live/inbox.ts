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

const BATCH = 5000;

/**
 * Records pulled from the server, on their way into this copy: each is opened (tag, boundary, id) and the
 * opened lines are handed to the sync-file import in batches, one at a time, so they merge exactly as an
 * imported sync file would. Nothing from the server is used before it opened.
 */
export class Inbox {
  private queue: TextDoc[] = [];
  private running = false;

  constructor(
    private readonly keys: VaultKeys,
    private readonly importLines: (lines: SyncLine[]) => Promise<ImportReport>,
    private readonly onApplied: (applied: Applied) => void
  ) {}

  take(docs: TextDoc[]): void {
    if (!docs.length) return;
    this.queue.push(...docs);
    if (this.running) return;
    this.running = true;
    void this.drain();
  }

  /**
   * Applies the queue until it is empty. `running` is cleared in the same step that finds the queue empty:
   * a record taken after that starts a new drain, one taken before is applied by this one.
   */
  private async drain() {
    for (;;) {
      if (!this.queue.length) {
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
            .filter((doc) => doc.id !== KEY_RECORD_ID && !doc.id.startsWith('_'))
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
        try {
          const report = await this.importLines(lines);
          if (report.status !== 'done') reject(report.error ?? report.status);
          for (const skip of report.skipped) reject(skip.reason);
          applied.rejected += report.skippedCount - report.skipped.length;
        } catch (err) {
          reject((err as Error).message);
        }
      }
      this.onApplied(applied);
    }
  }
}
