import { getWrittenDocumentsFromBulkWriteResponse, type BulkWriteRow, type RxCollection, type RxDocumentData, type RxStorageWriteErrorConflict } from 'rxdb';
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
export class TextStore {
  /** The revision of each (not deleted) document this store last read or wrote; a stale one costs a retry, not an error. */
  private readonly revisions = new Map<string, string>();

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
    for (const d of found) this.revisions.set(d.id, d._rev);
    return new Map(found.map((d) => [d.id, d.data]));
  }

  /** Writes whole documents; throws naming `failure` when one cannot be written. */
  async write(docs: readonly TextDoc[], failure = 'database write failed'): Promise<void> {
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
      const rev = this.revisions.get(doc.id);
      return {
        document: { ...doc, _attachments: {}, _meta: { lwt: 0 }, _rev: '' },
        // The storage compares only the revision (it reads the stored version itself, in its transaction); this
        // stand-in is also what the change event gives as the version before.
        previous: rev === undefined ? undefined : { id: doc.id, data: '', _deleted: false, _attachments: {}, _meta: { lwt: 0 }, _rev: rev }
      };
    });
    for (let attempt = 0; ; attempt++) {
      const result = await this.collection.storageInstance.bulkWrite(rows, 'crosstalk-text-store');
      // As written: RxDB writes a document over a tombstone again itself, under a revision only it knows.
      for (const d of getWrittenDocumentsFromBulkWriteResponse<TextDoc>('id', rows, result)) {
        if (d._deleted) this.revisions.delete(d.id);
        else this.revisions.set(d.id, d._rev);
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
