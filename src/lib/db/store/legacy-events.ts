import type { ImportJournal } from '../import/journal';
import type { CrosstalkDatabase } from './database';
import { eventsOf } from './event-packs';
import type { EventDoc, LegacyEventDoc } from './schema';
import { TextStore } from './text-store';

/**
 * The `events` collection of releases that stored one RxDB document per event. Its events stay there until
 * the chat-id upgrade (chat-id-upgrade.ts, which works on this layout) has run, and are then moved into
 * packs (`moveLegacyEvents`); afterwards the collection is empty.
 */
export class LegacyEvents {
  constructor(private readonly db: CrosstalkDatabase) {}

  async byIds(ids: readonly string[]): Promise<Map<string, LegacyEventDoc>> {
    const found = await this.db.events.findByIds([...ids]).exec();
    return new Map([...found].map(([id, d]) => [id, d.toMutableJSON() as LegacyEventDoc]));
  }

  async ofParty(party: string): Promise<LegacyEventDoc[]> {
    return (await this.db.events.find({ selector: { party } }).exec()).map((d) => d.toMutableJSON() as LegacyEventDoc);
  }

  /** Every stored event in insertion order, a page at a time (an event moved to another id keeps its place). */
  async *pages(size: number): AsyncGenerator<LegacyEventDoc[]> {
    for (let after = -1; ; ) {
      const docs = await this.db.events.find({ selector: { seq: { $gt: after } }, sort: [{ seq: 'asc' }], limit: size }).exec();
      if (!docs.length) return;
      yield docs.map((d) => d.toMutableJSON() as LegacyEventDoc);
      after = docs[docs.length - 1].seq;
    }
  }

  put(docs: readonly LegacyEventDoc[], journal: ImportJournal): Promise<void> {
    return journal.upsert('events', docs);
  }

  remove(ids: readonly string[], journal: ImportJournal): Promise<void> {
    return journal.remove('events', [...ids]);
  }
}

/** Events moved per round: each round is stored in packs, then removed here. */
const MOVE_PAGE = 50_000;

/**
 * Moves the events of the one-document-per-event layout into packs, a page at a time. Storing in packs
 * skips what is stored already (by id), so a move cut off (a closed tab, a full disk) resumes where it
 * stopped when the app next opens. `onProgress` gets the events moved so far, after each page (`page`
 * events; tests make it small).
 */
export async function moveLegacyEvents(db: CrosstalkDatabase, onProgress: (moved: number) => void = () => {}, page = MOVE_PAGE): Promise<number> {
  let moved = 0;
  for (;;) {
    const docs = await db.events.find({ limit: page }).exec();
    if (!docs.length) return moved;
    const events = docs.map((d) => {
      const { importId: _i, seq: _s, ...event } = d.toMutableJSON() as LegacyEventDoc;
      return event as EventDoc;
    });
    const store = eventsOf(db);
    const writes = TextStore.of(db.searchchunks);
    await store.storeBatch(events, writes);
    // All of them, not only those stored now: a move cut off between the packs and the directories resumes here.
    await store.index(events, writes);
    const result = await db.events.bulkRemove(docs.map((d) => d.id));
    if (result.error.length) throw new Error(`database write failed (events, status ${result.error[0].status})`);
    moved += docs.length;
    onProgress(moved);
  }
}
