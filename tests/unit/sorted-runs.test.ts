import { describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { Backend } from '../../src/lib/db/backend';
import type { ImportJournal, ScratchTexts } from '../../src/lib/db/import/journal';
import type { InputFile } from '../../src/lib/db/import/service';
import { openDatabase } from '../../src/lib/db/store/database';
import { eventsOf, PACK_BATCHES } from '../../src/lib/db/store/event-packs';
import type { EventDoc } from '../../src/lib/db/store/schema';
import { SortedRuns } from '../../src/lib/db/store/sorted-runs';
import { TextStore } from '../../src/lib/db/store/text-store';
import { storedEvents } from './helpers';

/** Scratch texts in a map, counting what is read. */
function scratchMap(): ScratchTexts & { texts: Map<string, string>; reads: string[] } {
  const texts = new Map<string, string>();
  const reads: string[] = [];
  return {
    texts,
    reads,
    write: async (docs) => void docs.forEach((d) => texts.set(d.id, d.data)),
    read: async (ids) => {
      reads.push(...ids);
      return new Map(ids.flatMap((id) => (texts.has(id) ? [[id, texts.get(id)!] as [string, string]] : [])));
    },
    remove: async (ids) => void ids.forEach((id) => texts.delete(id))
  };
}

const NUMBERS = { key: (n: number) => 'k' + String(n).padStart(6, '0'), encode: (ns: readonly number[]) => ns.join(','), decode: (t: string) => t.split(',').map(Number) };

describe('sorted runs', () => {
  it('give back every item of every run in key order, in slices of disjoint key ranges, and leave no text behind', async () => {
    const scratch = scratchMap();
    const runs = new SortedRuns(scratch, NUMBERS, 'n');
    // Three runs of interleaved keys, given unsorted; the second one spans three chunks (4,096 items each).
    await runs.add([10, 4, 6, 0]);
    await runs.add(Array.from({ length: 9000 }, (_, i) => 17_999 - 2 * i));
    await runs.add([4000, 2, 8000]);
    expect(runs.count).toBe(3);
    const chunks = ['n:0000:000000', 'n:0001:000000', 'n:0001:000001', 'n:0001:000002', 'n:0002:000000'];
    expect([...scratch.texts.keys()]).toEqual(chunks);
    const slices: number[][] = [];
    for await (const slice of runs.merged()) slices.push(slice);
    expect(slices.flat().sort((a, b) => a - b)).toEqual([0, 2, 4, 6, 10, 4000, 8000, ...Array.from({ length: 9000 }, (_, i) => 1 + 2 * i)].sort((a, b) => a - b));
    // Each slice holds keys above every key of the slices before it (up to the lowest last key of the chunks in
    // hand, in steps of 10, 3,997 and 96 items for the first), and at least a chunk's worth but the last.
    for (let i = 1; i < slices.length; i++) expect(Math.min(...slices[i])).toBeGreaterThan(Math.max(...slices[i - 1]));
    expect(slices.map((s) => s.length)).toEqual([4103, 4096, 808]);
    // Each chunk read once.
    expect(scratch.reads.sort()).toEqual(chunks);
    await runs.clear();
    expect(runs.count).toBe(0);
    expect(scratch.texts.size).toBe(0);
  });

  it('name the chunk that is missing', async () => {
    const scratch = scratchMap();
    const runs = new SortedRuns(scratch, NUMBERS, 'n');
    await runs.add([1, 2]);
    scratch.texts.clear();
    await expect(runs.merged().next()).rejects.toThrow('sorted runs: chunk 0 of run 0 of n is missing');
  });
});

const sms = (n: number, address: string) => `<sms address="${address}" date="${1767225600000 + n * 60_000}" type="1" body="run ${n}" />`;
const smsFile = (name: string, rows: string[]): InputFile => {
  const xml = new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?>\n<smses count="${rows.length}">\n${rows.join('\n')}\n</smses>\n`);
  // 2 KB at a time: the importer hands over its events in many batches.
  return {
    name,
    size: xml.length,
    async *chunks() {
      for (let at = 0; at < xml.length; at += 2048) yield xml.subarray(at, at + 2048);
    }
  };
};

describe('the id directory of an import larger than a directory batch', () => {
  it('is merged once at the end from sorted runs: every event found by id, no scratch left', async () => {
    const batches = { ...PACK_BATCHES };
    Object.assign(PACK_BATCHES, { first: 20, most: 40, directory: 50 });
    const read = new Map<string, number>();
    const original = TextStore.prototype.runs;
    TextStore.prototype.runs = async function (asks) {
      const found = await original.call(this, asks);
      for (const run of found) for (const d of run) if (d.id.startsWith('h:')) read.set(d.id, (read.get(d.id) ?? 0) + 1);
      return found;
    };
    try {
      const b = await Backend.open(getRxStorageMemory(), 'runs-' + Math.random().toString(36).slice(2));
      const [report] = await b.importFiles([smsFile('runs.xml', Array.from({ length: 2500 }, (_, n) => sms(n, `+861380013${String(n % 97).padStart(4, '0')}`)))]);
      expect(report).toMatchObject({ status: 'done', imported: 2500, error: null });
      const events = await storedEvents(b.db);
      expect(events.length).toBe(2500);
      const found = await eventsOf(b.db).byIds(events.map((e) => e.id));
      expect([...found.values()].map((e) => e.id).sort()).toEqual(events.map((e) => e.id).sort());
      // 50 runs (one per 50 entries) merged at the end, in slices of 4,096 entries or more: 3 reads of directory
      // documents (merged every 50 entries: 2,426 reads; slices of each step between runs' chunks: 144).
      expect([...read.values()].reduce((a, b) => a + b, 0)).toBe(3);
      const scratch = await b.db.snapshots.find({ selector: { id: { $gt: 'import-journal$', $lt: 'import-journal$\uffff' } } }).exec();
      expect(scratch.length).toBe(0);
      await b.close();
    } finally {
      Object.assign(PACK_BATCHES, batches);
      TextStore.prototype.runs = original;
    }
  });

  it('keeps an event the import stored under two parties in one of them: the one its directory entry names', async () => {
    const batches = { ...PACK_BATCHES };
    Object.assign(PACK_BATCHES, { first: 1, most: 1, directory: 1 });
    try {
      const db = await openDatabase(getRxStorageMemory(), 'twice-' + Math.random().toString(36).slice(2));
      const texts = TextStore.of(db.searchchunks);
      const store = eventsOf(db);
      const writer = store.writer({ texts, scratch: scratchMap() } as unknown as ImportJournal);
      const event = (id: string, party: string, startInv: number) => ({ id, party, startInv, kind: 'message', channel: 'sms', body: id }) as unknown as EventDoc;
      await writer.add([event('x1', 'p1', 5)]);
      await writer.add([event('y1', 'p2', 6)]);
      // The same event under another party, two batches later (its first directory entry is in a run, not in the directory yet).
      await writer.add([event('x1', 'p3', 5)]);
      await writer.finish();
      expect((await store.byIds(['x1', 'y1'])).get('x1')?.party).toBe('p1');
      expect((await store.ofParty('p3', { low: 0, high: Infinity }, null, 10)).map((e) => e.id)).toEqual([]);
      expect((await store.ofParty('p1', { low: 0, high: Infinity }, null, 10)).map((e) => e.id)).toEqual(['x1']);
      expect((await storedEvents(db)).map((e) => `${e.id}@${e.party}`).sort()).toEqual(['x1@p1', 'y1@p2']);
      await db.close();
    } finally {
      Object.assign(PACK_BATCHES, batches);
    }
  });
});

