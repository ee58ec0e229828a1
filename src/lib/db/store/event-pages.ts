import type { CrosstalkDatabase } from './database';
import type { EventDoc } from './schema';

/** Every stored event in insertion order, a page at a time: for passes over the whole collection. */
export async function* eventPages(db: CrosstalkDatabase, size = 5000): AsyncGenerator<EventDoc[]> {
  for (let after = -1; ; ) {
    const docs = await db.events.find({ selector: { seq: { $gt: after } }, sort: [{ seq: 'asc' }], limit: size }).exec();
    if (!docs.length) return;
    yield docs.map((d) => d.toJSON() as EventDoc);
    after = docs[docs.length - 1].seq;
  }
}
