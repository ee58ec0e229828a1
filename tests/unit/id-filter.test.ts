import { describe, expect, it, vi } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { openDatabase } from '../../src/lib/db/store/database';
import { PackedEvents } from '../../src/lib/db/store/event-packs';
import { IdFilter } from '../../src/lib/db/store/id-filter';
import type { RangeAsk } from '../../src/lib/db/store/range-docs';
import type { EventDoc, TextDoc } from '../../src/lib/db/store/schema';
import { TextStore } from '../../src/lib/db/store/text-store';

const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `ct1-${(from + i).toString(16).padStart(16, '0')}`);

describe('id filter', () => {
  it('holds every id added and takes few others for held', () => {
    const filter = new IdFilter(10_000);
    for (const id of ids(0, 10_000)) filter.add(id);
    expect(ids(0, 10_000).every((id) => filter.mightHold(id))).toBe(true);
    expect(ids(10_000, 110_000).filter((id) => filter.mightHold(id)).length).toBe(240);
    expect(filter.full).toBe(false);
    filter.add('one more');
    expect(filter.full).toBe(true);
    expect(filter.mightHold('one more')).toBe(true);
  });

  it('is built from batches of ids with room to grow', async () => {
    async function* batches() {
      yield ids(0, 3000);
      yield ids(3000, 5000);
    }
    const filter = await IdFilter.of(batches(), 2, 100);
    expect(filter.capacity).toBe(10_000);
    expect(ids(0, 5000).every((id) => filter.mightHold(id))).toBe(true);
    expect(ids(5000, 105_000).filter((id) => filter.mightHold(id)).length).toBeLessThan(400);
    for (const id of ids(5000, 10_000)) filter.add(id);
    expect(filter.full).toBe(false);
    expect((await IdFilter.of(batches(), 2, 50_000)).capacity).toBe(50_000);
  });
});

describe('the id filter of an event store', () => {
  it('holds ids another writer indexes while it is read from the id directory', async () => {
    const db = await openDatabase(getRxStorageMemory(), 'known' + Math.random().toString(36).slice(2));
    const inner = TextStore.of(db.searchchunks);
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let scanned = false;
    // The first read of the whole id directory returns what it found only once the gate opens.
    const texts = {
      write: (docs: readonly TextDoc[]) => inner.write(docs),
      remove: (ids: readonly string[]) => inner.remove(ids),
      runs: async (asks: readonly RangeAsk[]) => {
        const found = await inner.runs(asks);
        if (!scanned && asks.some((a) => a.from === 'h:')) {
          scanned = true;
          await gate;
        }
        return found;
      }
    };
    const store = new PackedEvents(texts);
    const event = (id: string, party: string, startInv: number) => ({ id, party, startInv }) as unknown as EventDoc;
    await store.index([event('a1', 'p1', 5)], texts);
    const importing = store.storeBatch([event('b1', 'p2', 6)], texts);
    await vi.waitFor(() => expect(scanned).toBe(true));
    await store.index([event('x9', 'p3', 7)], texts);
    release();
    await importing;
    // Stored under p3 meanwhile: offered under another party, it is the same event.
    expect(await store.storeBatch([event('x9', 'p4', 7)], texts)).toEqual({ added: [], present: 1 });
    await db.close();
  });
});
