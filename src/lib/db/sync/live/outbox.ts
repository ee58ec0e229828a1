import { FieldProblem } from '../../../boundary/fields';
import type { SyncLine } from '../../../formats/crosstalk-sync/read';
import type { CrosstalkDatabase } from '../../store/database';
import type { TextDoc } from '../../store/schema';
import { lineOfDoc } from '../export';
import { mergeLines } from './conflict';
import { checkedLine, openRecord, sealedId, sealRecord } from './sealed-record';
import type { VaultKeys } from './vault-keys';

/** The collections whose records live sync carries (never derived data, which each copy rebuilds). */
export const SYNCED = ['settings', 'contacts', 'owners', 'edits', 'events', 'writebacks'] as const;
export type Synced = (typeof SYNCED)[number];

const canonical = (line: SyncLine) => JSON.stringify(line);
const READ_CHUNK = 2000;

/**
 * Seals this copy's records into the vault collection (which RxDB replicates): each line is merged with the
 * vault's version of its record by the sync-file rules and written only when that changes it, so a record
 * pulled from the server and applied here is not sealed and pushed back.
 */
export class Outbox {
  constructor(
    private readonly db: CrosstalkDatabase,
    private readonly keys: VaultKeys
  ) {}

  /** Seals lines (sync-file lines of this copy's records); returns how many vault documents changed. */
  async seal(lines: SyncLine[]): Promise<number> {
    const local = lines.flatMap((line) => {
      try {
        return [checkedLine(line, 'this copy')];
      } catch (err) {
        // A record the other copies would refuse (a write-back mark from before numbers were kept) stays here.
        if (err instanceof FieldProblem) return [];
        throw err;
      }
    });
    const ids = await Promise.all(local.map((line) => sealedId(this.keys, line)));
    const stored = await this.db.vault.findByIds(ids).exec();
    const changed = await Promise.all(
      local.map(async (line, i) => {
        const doc = stored.get(ids[i]);
        const theirs = doc ? await openRecord(this.keys, doc.toJSON()).catch(() => null) : null;
        const merged = theirs ? mergeLines(theirs, line) : line;
        return theirs && canonical(merged) === canonical(theirs) ? null : sealRecord(this.keys, merged);
      })
    );
    const docs = changed.filter((d): d is TextDoc => d !== null);
    if (docs.length) await this.db.vault.bulkUpsert(docs);
    return docs.length;
  }

  /** Seals the current version of the given records (by local id; removed ones are skipped). */
  async sealStored(collection: Synced, ids: string[]): Promise<number> {
    let count = 0;
    for (let i = 0; i < ids.length; i += READ_CHUNK) {
      const docs = await this.db[collection].findByIds(ids.slice(i, i + READ_CHUNK)).exec();
      const toLine = lineOfDoc[collection] as (doc: unknown) => SyncLine;
      count += await this.seal([...docs.values()].map((d) => toLine(d.toJSON())));
    }
    return count;
  }
}
