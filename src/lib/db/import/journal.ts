import type { BucketStore } from '../../search/search-index';
import type { CrosstalkDatabase, Collections } from '../store/database';
import { TextStore } from '../store/text-store';
import type { RangeWrites } from '../store/range-docs';
import type { TextDoc } from '../store/schema';
import { INDEX_MARKER } from '../timeline/index-event';

/** Texts an import keeps only while it runs (`ImportJournal.scratch`). */
export interface ScratchTexts {
  write(docs: readonly TextDoc[]): Promise<void>;
  read(ids: string[]): Promise<Map<string, string>>;
  remove(ids: readonly string[]): Promise<void>;
}

/** The collections an import writes besides inserting its own new events. */
export type JournaledCollection = 'parties' | 'contacts' | 'owners' | 'edits' | 'writebacks' | 'events' | 'settings' | 'device' | 'searchchunks' | 'snapshots' | 'imports';

type Doc = { [key: string]: unknown };

/** The collections whose documents the journal copies whole; the search buckets go through `buckets`. */
type DocumentCollection = Exclude<JournaledCollection, 'searchchunks'>;

type Entry =
  | {
      collection: DocumentCollection;
      id: string;
      /** The document as it was before the import first wrote it; null when it did not exist. */
      before: Doc | null;
    }
  | {
      collection: 'searchchunks';
      id: string;
      /**
       * Whether the text (a search bucket, an event pack) existed. Its before-image is set aside in the
       * snapshots collection (ASIDE + id) rather than kept here: a small import into a large database rewrites
       * nearly every bucket, so the before-images are the whole index (~70 MB at 1M events).
       */
      existed: boolean;
    };

/**
 * What survives a closed tab: the journal's head, and its entries (search buckets by reference to their
 * copies set aside) in parts written as they come; a journal of an earlier release holds its entries itself.
 */
interface StoredJournal {
  importId: string;
  file: string;
  entries: Entry[];
  /** Written by releases that kept no copies of search buckets: the index is rebuilt instead. */
  searchTouched?: boolean;
}

/** The journal lives in the snapshots collection under this id while an import is under way. */
export const JOURNAL_ID = 'import-journal';
/** Where a search bucket's before-image waits (in the snapshots collection) until the import ends. */
const ASIDE = JOURNAL_ID + '/';
/**
 * The journal's entries in parts, each written once (`PARTS` + import id + ':' + number): rewriting one
 * journal of every entry at each step made an import's journal writes grow with the square of its size.
 */
const PARTS = JOURNAL_ID + '#';
const partsOf = (importId: string) => PARTS + importId + ':';
/**
 * Copies read or removed at once while they are put back or removed: search buckets (~11 KB at 1M events), packs
 * and directory documents (up to 256 K characters each, mostly far less). In groups of 8, removing the copies
 * of an import into a large database was hundreds of transactions (bench/README.md, "Round nine").
 */
const ASIDE_GROUP = 64;
/** Parts removed at once. */
const PART_GROUP = 64;
/** Texts an import keeps only while it runs (`scratch`), in the snapshots collection under this prefix. */
const SCRATCH = JOURNAL_ID + '$';

const PRIMARY: Record<JournaledCollection, string> = {
  parties: 'key',
  contacts: 'id',
  owners: 'id',
  edits: 'id',
  writebacks: 'id',
  events: 'id',
  settings: 'id',
  device: 'id',
  searchchunks: 'id',
  snapshots: 'id',
  imports: 'id'
};

const entryKey = (name: JournaledCollection, id: string) => name + '\u0000' + id;

function collection(db: CrosstalkDatabase, name: JournaledCollection) {
  return db[name] as unknown as Collections['snapshots'];
}

/**
 * The undo log of one import. Every document the import writes — event packs and search buckets included —
 * is copied here as it was (texts set aside, see `texts`), and the copy is saved before the write. Committing
 * removes the log; rolling back (after a failure, or when the app opens after the tab was closed mid-import)
 * puts every copied document back and removes those that did not exist, so the database is as it was.
 */
export class ImportJournal {
  private readonly entries = new Map<string, Entry>();
  /** Entries not in a part yet. */
  private unsaved: Entry[] = [];
  private parts = 0;
  private scratchTexts: ScratchTexts | null = null;

  private constructor(
    private readonly db: CrosstalkDatabase,
    readonly importId: string,
    private readonly file: string
  ) {}

  static async begin(db: CrosstalkDatabase, importId: string, file: string): Promise<ImportJournal> {
    const journal = new ImportJournal(db, importId, file);
    const head: StoredJournal = { importId, file, entries: [] };
    await db.snapshots.upsert({ id: JOURNAL_ID, data: JSON.stringify(head) });
    return journal;
  }

  /** Writes documents (whole replacements), after saving what they replace. */
  async upsert(name: DocumentCollection, docs: readonly object[]): Promise<void> {
    if (!docs.length) return;
    await this.remember(name, docs.map((d) => (d as Doc)[PRIMARY[name]] as string));
    await upserted(collection(this.db, name), name, docs);
  }

  /** Removes documents (those that exist), after saving them. */
  async remove(name: DocumentCollection, ids: string[]): Promise<void> {
    await this.remember(name, ids);
    const existing = [...(await collection(this.db, name).findByIds(ids).exec()).keys()];
    if (existing.length) await collection(this.db, name).bulkRemove(existing);
  }

  /** The commit point: once the log is gone, the import is complete. */
  async commit(): Promise<void> {
    await this.db.snapshots.findOne(JOURNAL_ID).remove();
    // Past the commit point nothing is undone: copies and parts a failure leaves here are removed by the next recovery.
    await removeCopies(this.db, bucketsWithCopies([...this.entries.values()]))
      .then(() => removePartsAndScratch(this.db))
      .catch(() => {});
  }

  async rollback(): Promise<void> {
    await restore(this.db, { importId: this.importId, file: this.file, entries: [...this.entries.values()] }, false);
  }

  private async remember(name: DocumentCollection, ids: string[]): Promise<void> {
    const fresh = this.unseen(name, ids);
    if (!fresh.length) return;
    const found = await collection(this.db, name).findByIds(fresh).exec();
    for (const id of fresh) {
      const doc = found.get(id);
      this.note({ collection: name, id, before: doc ? (doc.toMutableJSON() as unknown as Doc) : null });
    }
    await this.persist();
  }

  /**
   * The search index's buckets as this import reads and writes them: a bucket read for the first time is set
   * aside from that same read (a save reads every bucket it rewrites; at 1M events reading each again for its
   * copy was a third read of the whole index).
   */
  get buckets(): BucketStore {
    return {
      read: async (ids) => {
        const found = await TextStore.of(this.db.searchchunks).read(ids);
        await this.setAside(this.unseen('searchchunks', ids), found);
        return found;
      },
      write: (docs) => this.texts.write(docs)
    };
  }

  /**
   * Writes and removals in the texts collection (search buckets, event packs), each text's stored version set
   * aside first (one not read through `buckets` needs a read of its own).
   */
  get texts(): RangeWrites {
    const store = TextStore.of(this.db.searchchunks);
    return {
      write: async (docs, before) => {
        const ids = this.unseen('searchchunks', docs.map((d) => d.id));
        // Texts the writer has just read are copied from that read; the others (new ones, mostly) are read here.
        const unread = before ? ids.filter((id) => !before.has(id)) : ids;
        const found = unread.length ? await store.read(unread) : new Map<string, string>();
        if (before) for (const id of ids) if (before.has(id)) found.set(id, before.get(id)!);
        await this.setAside(ids, found);
        await store.write(docs);
      },
      remove: async (ids) => {
        await this.setAside(this.unseen('searchchunks', [...ids]));
        await store.remove(ids);
      }
    };
  }

  /**
   * Texts this import needs only while it runs (ids of its own choosing): not journaled, removed by the
   * import itself or else when it commits or rolls back, or by the next recovery.
   */
  get scratch(): ScratchTexts {
    if (this.scratchTexts) return this.scratchTexts;
    const store = TextStore.of(this.db.snapshots);
    const prefix = SCRATCH + this.importId + ':';
    return (this.scratchTexts = {
      write: (docs) => store.write(docs.map((d) => ({ id: prefix + d.id, data: d.data }))),
      read: async (ids) => new Map([...(await store.read(ids.map((id) => prefix + id)))].map(([id, data]) => [id.slice(prefix.length), data])),
      remove: (ids) => store.remove(ids.map((id) => prefix + id))
    });
  }

  /** The ids of a collection the journal has no entry for yet, each once. */
  private unseen(name: JournaledCollection, ids: string[]): string[] {
    return [...new Set(ids)].filter((id) => !this.entries.has(entryKey(name, id)));
  }

  /** Sets aside the stored versions of buckets not yet in the journal (`found`: read just now, perhaps more of them). */
  private async setAside(ids: string[], found?: Map<string, string>): Promise<void> {
    if (!ids.length) return;
    found ??= await TextStore.of(this.db.searchchunks).read(ids);
    const stored = ids.filter((id) => found.has(id));
    for (const id of ids) this.note({ collection: 'searchchunks', id, existed: found.has(id) });
    // The entries first: a bucket the journal says existed but has no copy aside was never overwritten.
    await this.persist();
    await TextStore.of(this.db.snapshots).write(stored.map((id) => ({ id: ASIDE + id, data: found.get(id)! })));
  }

  private note(entry: Entry): void {
    this.entries.set(entryKey(entry.collection, entry.id), entry);
    this.unsaved.push(entry);
  }

  /**
   * Writes the entries not in a part yet as the next part. The part is claimed before the write: writes of
   * the event packs and of the search index may run side by side, each waiting for the part with its entries.
   */
  private async persist(): Promise<void> {
    const entries = this.unsaved;
    if (!entries.length) return;
    this.unsaved = [];
    const id = partsOf(this.importId) + String(this.parts++).padStart(9, '0');
    await TextStore.of(this.db.snapshots).write([{ id, data: JSON.stringify(entries) }]);
  }
}

async function upserted(c: Collections['snapshots'], name: JournaledCollection, docs: readonly object[], failure = 'database write failed'): Promise<void> {
  if (!docs.length) return;
  const result = await c.bulkUpsert(docs as never[]);
  if (result.error.length) throw new Error(`${failure} (${name}, status ${result.error[0].status})`);
}

/** Puts the search buckets set aside back, a few at a time; one without a copy aside was never overwritten. */
async function putBack(db: CrosstalkDatabase, ids: string[]): Promise<void> {
  for (let at = 0; at < ids.length; at += ASIDE_GROUP) {
    const copies = await TextStore.of(db.snapshots).read(ids.slice(at, at + ASIDE_GROUP).map((id) => ASIDE + id));
    await TextStore.of(db.searchchunks).writeNaming([...copies].map(([id, data]) => ({ id: id.slice(ASIDE.length), data })), 'rollback failed');
  }
}

/** The buckets whose stored versions the journal set aside (or was about to). */
function bucketsWithCopies(entries: Entry[]): string[] {
  return entries.flatMap((e) => (e.collection === 'searchchunks' && e.existed ? [e.id] : []));
}

/** Removes the copies set aside for these buckets, a few at a time. */
async function removeCopies(db: CrosstalkDatabase, buckets: string[]): Promise<void> {
  for (let at = 0; at < buckets.length; at += ASIDE_GROUP) await TextStore.of(db.snapshots).remove(buckets.slice(at, at + ASIDE_GROUP).map((id) => ASIDE + id));
}

/** The ids of up to `limit` snapshots whose id starts with `prefix`. */
async function idsStartingWith(db: CrosstalkDatabase, prefix: string, limit: number): Promise<string[]> {
  return (await db.snapshots.find({ selector: { id: { $gte: prefix, $lt: prefix + '\uffff' } }, limit }).exec()).map((d) => d.id);
}

/** Removes every snapshot whose id starts with `prefix`, `group` at a time. */
async function removeStartingWith(db: CrosstalkDatabase, prefix: string, group: number): Promise<void> {
  for (let ids = await idsStartingWith(db, prefix, group); ids.length; ids = await idsStartingWith(db, prefix, group)) await TextStore.of(db.snapshots).remove(ids);
}

/** Removes the journal's parts (of every import: a committed one may have left its own) and scratch texts (an import removes its own; a failed or closed one may leave some). */
async function removePartsAndScratch(db: CrosstalkDatabase): Promise<void> {
  await removeStartingWith(db, PARTS, PART_GROUP);
  await removeStartingWith(db, SCRATCH, PART_GROUP);
}

/** The entries of an import's journal: its head's own, then its parts' in order. */
async function entriesOf(db: CrosstalkDatabase, journal: StoredJournal): Promise<Entry[]> {
  const parts = await db.snapshots.find({ selector: { id: { $gt: partsOf(journal.importId), $lt: partsOf(journal.importId) + '\uffff' } }, sort: [{ id: 'asc' }] }).exec();
  return [...journal.entries, ...parts.flatMap((p) => JSON.parse(p.data) as Entry[])];
}

/** Copies and parts left by an import that committed and then failed, or was closed, before removing them. */
async function removeLeftovers(db: CrosstalkDatabase): Promise<void> {
  await removeStartingWith(db, ASIDE, ASIDE_GROUP);
  await removePartsAndScratch(db);
}

/** Puts back what the journal's entries (with `stored`, those of its parts too) say the import changed. */
async function restore(db: CrosstalkDatabase, journal: StoredJournal, stored: boolean): Promise<void> {
  const all = stored ? await entriesOf(db, journal) : journal.entries;
  const byCollection = new Map<JournaledCollection, Entry[]>();
  for (const e of all) {
    if (!byCollection.has(e.collection)) byCollection.set(e.collection, []);
    byCollection.get(e.collection)!.push(e);
  }
  for (const [name, entries] of byCollection) {
    if (name === 'searchchunks') {
      await putBack(db, bucketsWithCopies(entries));
      await TextStore.of(db.searchchunks).remove(entries.flatMap((e) => (e.collection === 'searchchunks' && !e.existed ? [e.id] : [])), 'rollback failed');
      continue;
    }
    const c = collection(db, name);
    await upserted(c, name, entries.flatMap((e) => (e.collection !== 'searchchunks' && e.before ? [e.before] : [])), 'rollback failed');
    const added = entries.filter((e) => e.collection !== 'searchchunks' && !e.before).map((e) => e.id);
    const existing = added.length ? [...(await c.findByIds(added).exec()).keys()] : [];
    if (existing.length) await c.bulkRemove(existing);
  }
  // A journal of a release that stored one document per event, tagged with its import.
  await db.events.find({ selector: { importId: journal.importId } }).remove();
  // A journal of an earlier release: the buckets may hold part of the import; without the marker the index is rebuilt on open.
  if (journal.searchTouched) await db.searchchunks.findOne(INDEX_MARKER).remove();
  await removeCopies(db, bucketsWithCopies(all));
  await db.snapshots.findOne(JOURNAL_ID).remove();
  await removePartsAndScratch(db);
}

/**
 * Rolls back an import the app did not finish (the tab was closed, the browser crashed). Returns the name
 * of that import's file, or null when there was none.
 */
export async function recoverInterruptedImport(db: CrosstalkDatabase): Promise<string | null> {
  // Mostly there is nothing: one query for the journal and every kind of leftover, on the way to the app's first row.
  if (!(await idsStartingWith(db, JOURNAL_ID, 1)).length) return null;
  const doc = await db.snapshots.findOne(JOURNAL_ID).exec();
  if (!doc) {
    await removeLeftovers(db);
    return null;
  }
  const journal = JSON.parse(doc.data) as StoredJournal;
  await restore(db, journal, true);
  return journal.file;
}
