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
    // Each slice holds keys above every key of the slices before it (no run holds a key twice here; up to the
    // lowest last key of the chunks in hand, in steps of 10, 3,997 and 96 items for the first), and at least a
    // chunk's worth but the last.
    for (let i = 1; i < slices.length; i++) expect(Math.min(...slices[i])).toBeGreaterThan(Math.max(...slices[i - 1]));
    expect(slices.map((s) => s.length)).toEqual([4103, 4096, 808]);
    // Each chunk read once.
    expect(scratch.reads.sort()).toEqual(chunks);
    await runs.clear();
    expect(runs.count).toBe(0);
    expect(scratch.texts.size).toBe(0);
  });

  it('merge into one past 32 runs, so that a merge holds a chunk of at most 32', async () => {
    const scratch = scratchMap();
    const runs = new SortedRuns(scratch, NUMBERS, 'n');
    // 40 runs of 3 numbers, the same three in every run past the first 30 (a key several runs hold).
    for (let r = 0; r < 40; r++) await runs.add(r < 30 ? [r + 200, r + 100, r] : [7, 8, 9]);
    // The 32nd run merged all 32 into one (run 32); 8 more since.
    expect(runs.count).toBe(9);
    expect([...scratch.texts.keys()].sort()).toEqual(['n:0032:000000', ...Array.from({ length: 8 }, (_, i) => `n:00${33 + i}:000000`)]);
    const all: number[] = [];
    for await (const slice of runs.merged()) all.push(...slice);
    const expected = [...Array.from({ length: 30 }, (_, r) => [r, r + 100, r + 200]).flat(), ...Array.from({ length: 10 }, () => [7, 8, 9]).flat()];
    expect(all.length).toBe(120);
    expect([...all].sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
    await runs.clear();
    expect(scratch.texts.size).toBe(0);
  });

  it('merge 32 runs that interleave into one, however many items a slice takes', async () => {
    const scratch = scratchMap();
    const runs = new SortedRuns(scratch, NUMBERS, 'n');
    // Run r holds the numbers ≡ r mod 32: every first chunk spans nearly all keys, so one slice takes ~131,000 items.
    for (let r = 0; r < 32; r++) await runs.add(Array.from({ length: 4200 }, (_, i) => i * 32 + r));
    expect(runs.count).toBe(1);
    expect(scratch.texts.size).toBe(33);
    const all: number[] = [];
    for await (const slice of runs.merged()) for (const n of slice) all.push(n);
    expect(all).toEqual(Array.from({ length: 32 * 4200 }, (_, n) => n));
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
      // 50 runs (one per 50 entries; the first 32 merged into one on the way) merged at the end, in slices of
      // 4,096 entries or more, into an empty directory: no directory document read back (merged every 50
      // entries, the import read 2,421; in slices of each step between runs' chunks, 141).
      expect([...read.values()].reduce((a, b) => a + b, 0)).toBe(0);
      const events = await storedEvents(b.db);
      expect(events.length).toBe(2500);
      const found = await eventsOf(b.db).byIds(events.map((e) => e.id));
      expect([...found.values()].map((e) => e.id).sort()).toEqual(events.map((e) => e.id).sort());
      const scratch = await b.db.snapshots.find({ selector: { id: { $gt: 'import-journal$', $lt: 'import-journal$\uffff' } } }).exec();
      expect(scratch.length).toBe(0);
      await b.close();
    } finally {
      Object.assign(PACK_BATCHES, batches);
      TextStore.prototype.runs = original;
    }
  });

  /** Every party the moment directory names at a moment. */
  const partiesAt = async (db: Awaited<ReturnType<typeof openDatabase>>, startInv: number) => {
    const docs = (await db.searchchunks.find().exec()).filter((d) => d.id.startsWith('d:'));
    return docs.flatMap((d) => {
      const [parties, rows] = JSON.parse(d.data) as [string[], [number, number][]];
      return rows.filter(([at]) => at === startInv).map(([, n]) => parties[n]);
    });
  };
  const event = (id: string, party: string, startInv: number) => ({ id, party, startInv, kind: 'message', channel: 'sms', body: id }) as unknown as EventDoc;

  it.each([
    ['in runs merged at the end', 1],
    ['within one directory batch', 1000]
  ])('keeps an event the import stored under two parties (%s) in the one its directory entry names', async (_, directory) => {
    const batches = { ...PACK_BATCHES };
    Object.assign(PACK_BATCHES, { first: 1, most: 1, directory });
    try {
      const db = await openDatabase(getRxStorageMemory(), 'twice-' + Math.random().toString(36).slice(2));
      const texts = TextStore.of(db.searchchunks);
      const store = eventsOf(db);
      const writer = store.writer({ texts, scratch: scratchMap() } as unknown as ImportJournal);
      let added = 0;
      added += (await writer.add([event('x1', 'p1', 5)])).added.length;
      added += (await writer.add([event('y1', 'p2', 6)])).added.length;
      // The same event under another party, two batches later (the store's check does not see it: its first
      // directory entry is in a run, or held until the directory is written).
      added += (await writer.add([event('x1', 'p3', 5)])).added.length;
      const last = await writer.finish();
      expect(added + last.added.length).toBe(3);
      expect(last).toMatchObject({ present: 0, twice: 1 });
      expect((await store.byIds(['x1', 'y1'])).get('x1')?.party).toBe('p1');
      expect((await store.ofParty('p3', { low: 0, high: Infinity }, null, 10)).map((e) => e.id)).toEqual([]);
      expect((await storedEvents(db)).map((e) => `${e.id}@${e.party}`).sort()).toEqual(['x1@p1', 'y1@p2']);
      expect(await partiesAt(db, 5)).toEqual(['p1']);
      // A later import finds it where it is.
      const next = store.writer({ texts, scratch: scratchMap() } as unknown as ImportJournal);
      const offered = await next.add([event('x1', 'p4', 5)]);
      const rest = await next.finish();
      expect(offered.added.length + rest.added.length - (rest.twice ?? 0)).toBe(0);
      expect(offered.present + rest.present + (rest.twice ?? 0)).toBe(1);
      expect((await storedEvents(db)).map((e) => `${e.id}@${e.party}`).sort()).toEqual(['x1@p1', 'y1@p2']);
      await db.close();
    } finally {
      Object.assign(PACK_BATCHES, batches);
    }
  });
});

