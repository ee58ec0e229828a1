import { stripMetaDataFromDocument, type RxStorageInstance } from 'rxdb';
import { FieldProblem } from '../../../boundary/fields';
import type { SyncLine } from '../../../formats/crosstalk-sync/read';
import type { CrosstalkDatabase } from '../../store/database';
import type { TextDoc } from '../../store/schema';
import { lineOfDoc } from '../export';
import { packedEvents } from '../../store/event-packs';
import { mergeLines } from './conflict';
import { changesAfter } from './checkpoints';
import type { VaultCheckpoint } from './inbox';
import { checkedLine, openRecord, sealedId, sealRecord } from './sealed-record';
import type { VaultKeys } from './vault-keys';

/** The collections whose records live sync carries (never derived data, which each copy rebuilds); events are read from their packs. */
export const SYNCED = ['settings', 'contacts', 'owners', 'edits', 'events', 'writebacks'] as const;
export type Synced = (typeof SYNCED)[number];

const canonical = (line: SyncLine) => JSON.stringify(line);

/** Texts read at a time (a search bucket is up to ~0.5 MB, a pack ~20 KB). */
const TEXTS_PAGE = 50;

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

  /**
   * Seals one page of a collection's records written after `from` (null: from its first record); returns how
   * far the page reaches and how many records it sealed, or null when nothing was written after `from`.
   */
  async sealChangesAfter(collection: Synced, from: VaultCheckpoint | null): Promise<{ through: VaultCheckpoint; records: number } | null> {
    if (collection === 'events') return this.sealEventsAfter(from);
    const instance = this.db[collection].storageInstance as RxStorageInstance<unknown, unknown, unknown, unknown>;
    const page = await changesAfter(instance, from);
    if (!page) return null;
    const toLine = lineOfDoc[collection] as (doc: unknown) => SyncLine;
    // Records are never deleted on the server: a removed document is passed over.
    const docs = page.docs.filter((d) => !d._deleted).map((d) => stripMetaDataFromDocument(d));
    await this.seal(docs.map(toLine));
    return { through: page.through, records: docs.length };
  }

  /** Events live in packs among the texts (event-packs.ts): a pack written is its events sealed again (unchanged ones are not rewritten). */
  private async sealEventsAfter(from: VaultCheckpoint | null): Promise<{ through: VaultCheckpoint; records: number } | null> {
    const page = await changesAfter(this.db.searchchunks.storageInstance, from, TEXTS_PAGE);
    if (!page) return null;
    const events = page.docs.filter((d) => !d._deleted).flatMap(packedEvents);
    await this.seal(events.map(lineOfDoc.events));
    return { through: page.through, records: events.length };
  }
}
