import { normalizeMangoQuery, prepareQuery, type DexieStorageInternals, type RxDocumentData, type RxJsonSchema } from 'rxdb';
import { DEXIE_DOCS_TABLE_NAME, dexieReplaceIfStartsWithPipe, fromDexieToStorage, getKeyRangeByQueryPlan } from 'rxdb/plugins/storage-dexie';
import type { CrosstalkDatabase } from '../store/database';
import type { EventDoc } from '../store/schema';

type DexieState = Awaited<DexieStorageInternals>;

/**
 * Every stored event at the given moments (`startInv`, ascending), in timeline order: by moment, then by id.
 *
 * With the Dexie storage this is one IndexedDB transaction holding one key range per moment on RxDB's own
 * startInv index; RxDB has no query for several disjoint ranges, so through it each moment would be a query,
 * a transaction and a cursor of its own (what a search page cost before: ~50 of them). Other storages (memory,
 * in Node) are asked a query per moment.
 */
export async function eventsAt(db: CrosstalkDatabase, moments: number[]): Promise<EventDoc[]> {
  if (!moments.length) return [];
  const state = (await db.events.storageInstance.internals) as Partial<DexieState> | undefined;
  if (state?.dexieDb) return dexieEventsAt(state as DexieState, db.events.schema.jsonSchema, moments);
  const perMoment = await Promise.all(moments.map((startInv) => db.events.find({ selector: { startInv }, sort: [{ id: 'asc' }] }).exec()));
  return perMoment.flat().map((d) => d.toJSON() as EventDoc);
}

async function dexieEventsAt(state: DexieState, schema: RxJsonSchema<RxDocumentData<EventDoc>>, moments: number[]): Promise<EventDoc[]> {
  // The same plan (index and key range) RxDB would use for `{ startInv: m }`, as its Dexie storage reads it.
  const plans = moments.map((startInv) => {
    const query = normalizeMangoQuery(schema, { selector: { startInv } });
    query.selector!._deleted = { $eq: false };
    return prepareQuery(schema, query).queryPlan;
  });
  const IDBKeyRange = (state.dexieDb as unknown as { _options: { IDBKeyRange: typeof globalThis.IDBKeyRange } })._options.IDBKeyRange;
  const perMoment = await state.dexieDb.transaction('r', state.dexieTable, ({ idbtrans }) => {
    const store = idbtrans.objectStore(DEXIE_DOCS_TABLE_NAME);
    return Promise.all(
      plans.map(
        (plan) =>
          new Promise<unknown[]>((resolve, reject) => {
            const index = store.index('[' + plan.index.map(dexieReplaceIfStartsWithPipe).join('+') + ']');
            const request = index.getAll(getKeyRangeByQueryPlan(state.booleanIndexes, plan, IDBKeyRange));
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
          })
      )
    );
  });
  return perMoment.flat().map((row) => {
    const { _deleted, _rev, _meta, _attachments, ...doc } = fromDexieToStorage<EventDoc>(state.booleanIndexes, row);
    return doc as EventDoc;
  });
}
