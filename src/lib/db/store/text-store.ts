import {
  getWrittenDocumentsFromBulkWriteResponse,
  normalizeMangoQuery,
  prepareQuery,
  type BulkWriteRow,
  type DexieStorageInternals,
  type MangoQuery,
  type RxCollection,
  type RxDocumentData,
  type RxStorageWriteErrorConflict
} from 'rxdb';
import { DEXIE_DOCS_TABLE_NAME, fromDexieToStorage } from 'rxdb/plugins/storage-dexie';
import type { RangeAsk, RangeStore, RangeWrites } from './range-docs';
import type { TextDoc } from './schema';

type Stored = RxDocumentData<TextDoc>;

/**
 * Large texts (the search index's buckets, their copies set aside by an import's journal) read and written
 * through the collection's storage instance instead of its documents. Through the collection, rewriting a
 * stored bucket is an insert that conflicts, an RxDocument made of the stored version, an incremental update
 * and a second write, each reading the stored text again: at 1M events a save of the index turned ~70 MB of
 * buckets into several times as much garbage (bench/README.md, "Heap at 1M, round six"). Here a write is one
 * storage write against the revision this store last read or wrote; change events still reach the
 * collection (they come from the storage instance). A write replaces what is stored whoever wrote it last, as
 * `bulkUpsert` did: the revision saves work, it does not guard against other writers.
 */
export class TextStore implements RangeStore, RangeWrites {
  /**
   * The revision and last write time of each (not deleted) document this store last read or wrote; a stale
   * one costs a retry, not an error. The write time goes into the stand-in for the stored version: RxDB's
   * memory storage takes that stand-in's index values for the entries to replace.
   */
  private readonly revisions = new Map<string, Version>();

  private constructor(private readonly collection: RxCollection<TextDoc>) {}

  private static readonly stores = new WeakMap<RxCollection<TextDoc>, TextStore>();

  /** One store per collection, so that every writer shares what it knows of the stored revisions. */
  static of(collection: RxCollection<TextDoc>): TextStore {
    let store = TextStore.stores.get(collection);
    if (!store) TextStore.stores.set(collection, (store = new TextStore(collection)));
    return store;
  }

  async read(ids: string[]): Promise<Map<string, string>> {
    const found = await this.collection.storageInstance.findDocumentsById(ids, false);
    for (const d of found) this.revisions.set(d.id, versionOf(d));
    return new Map(found.map((d) => [d.id, d.data]));
  }

  async runs(asks: readonly RangeAsk[]): Promise<TextDoc[][]> {
    const state = (await this.collection.storageInstance.internals) as Partial<DexieState> | undefined;
    const found = await (state?.dexieDb ? dexieRuns(state as DexieState, asks) : Promise.all(asks.map((ask) => this.queryRun(ask))));
    for (const run of found) for (const d of run) this.revisions.set(d.id, versionOf(d));
    return found.map((run) => run.map((d) => ({ id: d.id, data: d.data })));
  }

  private async queryRun({ from, to, limit, descending, andNext }: RangeAsk): Promise<Stored[]> {
    if (limit < 1) return [];
    const run = from < to ? await this.queryRange(from, to, limit, descending) : [];
    if (!andNext || run.length >= limit) return run;
    return [...run, ...(await this.queryRange(to, ABOVE_EVERY_ID, 1, false))];
  }

  private async queryRange(from: string, to: string, limit: number, descending = false): Promise<Stored[]> {
    const schema = this.collection.schema.jsonSchema;
    // RxDB's memory storage compares ids padded with spaces: `a` falls in a range from `a\0`. Asked again for
    // more when documents outside the range took places.
    for (let asked = limit; ; asked += limit) {
      const mango: MangoQuery<Stored> = { selector: { id: { $gte: from, $lt: to } }, sort: [{ id: descending ? 'desc' : 'asc' }], limit: asked };
      const query = normalizeMangoQuery(schema, mango);
      query.selector!._deleted = { $eq: false };
      const { documents } = await this.collection.storageInstance.query(prepareQuery(schema, query));
      const inside = documents.filter((d) => d.id >= from && d.id < to);
      if (inside.length >= limit || documents.length < asked) return inside.slice(0, limit);
    }
  }

  /** Writes whole documents (what they overwrite, which a journal copies, is not needed here). */
  write(docs: readonly TextDoc[]): Promise<void> {
    return this.writeNaming(docs, 'database write failed');
  }

  /** Writes whole documents; throws naming `failure` when one cannot be written. */
  async writeNaming(docs: readonly TextDoc[], failure: string): Promise<void> {
    await this.put(docs.map((d) => ({ id: d.id, data: d.data, _deleted: false })), failure);
  }

  /** Removes documents, keeping no text in their tombstones. Those that do not exist are passed over. */
  async remove(ids: readonly string[], failure = 'database write failed'): Promise<void> {
    const known = ids.filter((id) => this.revisions.has(id));
    const unknown = ids.filter((id) => !this.revisions.has(id));
    if (unknown.length) await this.read(unknown);
    const existing = [...known, ...unknown.filter((id) => this.revisions.has(id))];
    await this.put(existing.map((id) => ({ id, data: '', _deleted: true })), failure);
  }

  private async put(docs: Pick<Stored, 'id' | 'data' | '_deleted'>[], failure: string): Promise<void> {
    if (!docs.length) return;
    let rows: BulkWriteRow<TextDoc>[] = docs.map((doc) => {
      const known = this.revisions.get(doc.id);
      return {
        document: { ...doc, _attachments: {}, _meta: { lwt: 0 }, _rev: '' },
        // The storage compares only the revision (it reads the stored version itself, in its transaction); this
        // stand-in is also what the change event gives as the version before.
        previous: known === undefined ? undefined : { id: doc.id, data: '', _deleted: false, _attachments: {}, _meta: { lwt: known.lwt }, _rev: known.rev }
      };
    });
    for (let attempt = 0; ; attempt++) {
      const result = await this.collection.storageInstance.bulkWrite(rows, 'crosstalk-text-store');
      // As written: RxDB writes a document over a tombstone again itself, under a revision only it knows.
      for (const d of getWrittenDocumentsFromBulkWriteResponse<TextDoc>('id', rows, result)) {
        if (d._deleted) this.revisions.delete(d.id);
        else this.revisions.set(d.id, versionOf(d));
      }
      const { error } = result;
      if (!error.length) return;
      // A revision this store did not see (another writer, a removal through the collection): written once more over it.
      const conflicts = error.filter((e): e is RxStorageWriteErrorConflict<TextDoc> => e.status === 409);
      if (attempt > 0 || conflicts.length < error.length) {
        for (const e of error) this.revisions.delete(e.documentId);
        throw new Error(`${failure} (${this.collection.name}, status ${error[0].status})`);
      }
      rows = conflicts.map((e) => ({ document: e.writeRow.document, previous: e.documentInDb }));
    }
  }
}

interface Version {
  rev: string;
  lwt: number;
}

const versionOf = (d: { _rev: string; _meta: { lwt: number } }): Version => ({ rev: d._rev, lwt: d._meta.lwt });

type DexieState = Awaited<DexieStorageInternals>;

const ABOVE_EVERY_ID = '\uffff';

/**
 * Every ask in one IndexedDB transaction (through RxDB, each would be a query and a transaction of its own), on
 * the `[_deleted+id]` index RxDB's Dexie storage keeps: its range holds only the documents not deleted, so a
 * limit counts no tombstones.
 */
async function dexieRuns(state: DexieState, asks: readonly RangeAsk[]): Promise<Stored[][]> {
  const IDBKeyRange = (state.dexieDb as unknown as { _options: { IDBKeyRange: typeof globalThis.IDBKeyRange } })._options.IDBKeyRange;
  const rows = await state.dexieDb.transaction('r', state.dexieTable, ({ idbtrans }) => {
    const store = idbtrans.objectStore(DEXIE_DOCS_TABLE_NAME);
    const index = store.index('[_deleted+id]');
    // The keys of every ask first, then each document once: the asks of a round often end on the same document.
    return new Promise<unknown[][]>((resolve, reject) => {
      const keys: IDBValidKey[][] = asks.map(() => []);
      let pending = asks.length;
      const values = () => {
        const unique = [...new Set(keys.flat())];
        const docs = new Map<IDBValidKey, unknown>();
        let left = unique.length;
        if (!left) return resolve(keys.map(() => []));
        for (const key of unique) {
          const request = store.get(key);
          request.onsuccess = () => {
            docs.set(key, request.result);
            if (--left === 0) resolve(keys.map((run) => run.map((k) => docs.get(k))));
          };
          request.onerror = () => reject(request.error);
        }
      };
      // Issued from the last answer's callback, so that the transaction is still active.
      const answered = () => --pending === 0 && values();
      if (!pending) return resolve([]);
      asks.forEach(({ from, to, limit, descending, andNext }, i) => {
        if (limit < 1 || (!(from < to) && !andNext)) return answered();
        if (!descending) {
          // With the next document: the keys from `from` on, cut at `to` where that leaves room for one more.
          const request = index.getAllKeys(IDBKeyRange.bound(['0', from < to ? from : to], ['0', andNext ? ABOVE_EVERY_ID : to], false, true), andNext ? limit + 1 : limit);
          request.onsuccess = () => {
            const found = request.result as string[];
            const inside = found.findIndex((id) => !(id < to));
            keys[i] = inside < 0 ? found.slice(0, limit) : inside < limit ? found.slice(0, inside + 1) : found.slice(0, limit);
            answered();
          };
          request.onerror = () => reject(request.error);
          return;
        }
        const range = IDBKeyRange.bound(['0', from], ['0', to], false, true);
        const request = index.openKeyCursor(range, 'prev');
        request.onsuccess = () => {
          const cursor = request.result;
          if (cursor) keys[i].push(cursor.primaryKey);
          if (cursor && keys[i].length < limit) cursor.continue();
          else answered();
        };
        request.onerror = () => reject(request.error);
      });
    });
  });
  return rows.map((run) => run.map((row) => fromDexieToStorage<TextDoc>(state.booleanIndexes, row)));
}
