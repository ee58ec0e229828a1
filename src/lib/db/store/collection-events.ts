import type { MangoQuerySelector } from 'rxdb';
import type { ImportJournal } from '../import/journal';
import { eventsAt } from '../timeline/moments';
import type { CrosstalkDatabase } from './database';
import type { Cursor, EventStore, EventWriter, MomentRange, Stored } from './event-store';
import type { EventDoc } from './schema';

const INSERT_CHUNK = 2000;

function afterCursor(e: EventDoc, cursor: Cursor | null): boolean {
  return !cursor || e.startInv > cursor.startInv || (e.startInv === cursor.startInv && e.id > cursor.id);
}

/** One RxDB document per event, under the startInv, [party+startInv], importId and seq indexes. */
export class CollectionEvents implements EventStore {
  constructor(private readonly db: CrosstalkDatabase) {}

  newest(range: MomentRange, cursor: Cursor | null, limit: number): Promise<EventDoc[]> {
    return this.page({}, range, cursor, limit);
  }

  ofParty(party: string, range: MomentRange, cursor: Cursor | null, limit: number): Promise<EventDoc[]> {
    return this.page({ party }, range, cursor, limit);
  }

  private async page(selector: MangoQuerySelector<EventDoc>, range: MomentRange, cursor: Cursor | null, limit: number): Promise<EventDoc[]> {
    const startInv: Record<string, number> = { $gte: Math.max(range.low, cursor?.startInv ?? 0) };
    if (range.high !== Infinity) startInv.$lte = range.high;
    // Ties on startInv at the cursor are re-read and dropped, so ask for as many extra as could be dropped.
    const docs = await this.db.events
      .find({ selector: { ...selector, startInv }, sort: [{ startInv: 'asc' }, { id: 'asc' }], ...(limit === Infinity ? {} : { limit: limit + 50 }) })
      .exec();
    return docs
      .map((d) => d.toJSON() as EventDoc)
      .filter((e) => afterCursor(e, cursor))
      .slice(0, limit);
  }

  atMoments(moments: number[]): Promise<EventDoc[]> {
    return eventsAt(this.db, moments);
  }

  async byIds(ids: readonly string[]): Promise<Map<string, EventDoc>> {
    const found = await this.db.events.findByIds([...ids]).exec();
    return new Map([...found].map(([id, d]) => [id, d.toMutableJSON() as EventDoc]));
  }

  async *pages(size = 5000): AsyncGenerator<EventDoc[]> {
    // In insertion order: an event moved to another id while paging (the chat-id upgrade) keeps its place.
    for (let after = -1; ; ) {
      const docs = await this.db.events.find({ selector: { seq: { $gt: after } }, sort: [{ seq: 'asc' }], limit: size }).exec();
      if (!docs.length) return;
      yield docs.map((d) => d.toJSON() as EventDoc);
      after = docs[docs.length - 1].seq;
    }
  }

  writer(): EventWriter {
    const add = async (docs: EventDoc[]): Promise<Stored> => {
      const stored: Stored = { added: [], present: 0 };
      for (let i = 0; i < docs.length; i += INSERT_CHUNK) {
        const slice = docs.slice(i, i + INSERT_CHUNK);
        const result = await this.db.events.bulkInsert(slice);
        stored.present += result.error.filter((err) => err.status === 409).length;
        const failed = result.error.find((err) => err.status !== 409);
        if (failed) throw new Error(`database write failed (status ${failed.status})`);
        // What was stored is what met no conflict. Not `result.success`: reading it makes an RxDocument of every
        // stored event, each kept in RxDB's document cache until collected twice (the 1M import's heap).
        const present = new Set(result.error.map((err) => err.documentId));
        for (const e of slice) if (!present.has(e.id)) stored.added.push(e);
      }
      return stored;
    };
    return { add, finish: async () => ({ added: [], present: 0 }) };
  }

  put(docs: readonly EventDoc[], journal: ImportJournal): Promise<void> {
    return journal.upsert('events', docs);
  }

  remove(ids: readonly string[], journal: ImportJournal): Promise<void> {
    return journal.remove('events', [...ids]);
  }

  async setOnPhone(ids: readonly string[], onPhone: boolean): Promise<void> {
    const events = await this.db.events.findByIds([...ids]).exec();
    await Promise.all([...events.values()].filter((e) => e.onPhone !== onPhone).map((e) => e.incrementalPatch({ onPhone })));
  }
}

const stores = new WeakMap<CrosstalkDatabase, EventStore>();

/** The event store of a database (one per database). */
export function eventsOf(db: CrosstalkDatabase): EventStore {
  let store = stores.get(db);
  if (!store) stores.set(db, (store = new CollectionEvents(db)));
  return store;
}
