import { afterEach, describe, expect, it, vi } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { getChangedDocumentsSince, type DexieStorageInternals } from 'rxdb';
import { openDatabase, type CrosstalkDatabase } from '../../src/lib/db/store/database';
import { MERGE_GROUP, RangeDocs, type RangeLayout, type RangeStore } from '../../src/lib/db/store/range-docs';
import type { TextDoc } from '../../src/lib/db/store/schema';
import { TextStore } from '../../src/lib/db/store/text-store';

interface Item {
  k: string;
  v: string;
}

/** Families `p:<length>:<name>:`, so that `a` and `a:b` are told apart although one starts the other. */
const familyOf = (key: string) => {
  const length = Number(key.slice(2, key.indexOf(':', 2)));
  return key.slice(0, key.indexOf(':', 2) + 1 + length + 1);
};
const fam = (name: string) => `p:${name.length}:${name}:`;

const layout = (maxItems: number, maxChars: number): RangeLayout<Item> => ({
  prefix: 'p:',
  key: (item) => item.k,
  family: familyOf,
  encode: (items) => JSON.stringify(items),
  decode: (text) => JSON.parse(text) as Item[],
  maxItems,
  maxChars
});

const storages = [
  ['memory', () => getRxStorageMemory()],
  ['Dexie (fake-indexeddb)', () => getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange })]
] as const;

let db: CrosstalkDatabase | null = null;
const MERGED_AT_ONCE = MERGE_GROUP.keys;
afterEach(async () => {
  MERGE_GROUP.keys = MERGED_AT_ONCE;
  await db?.remove();
  db = null;
});

/** mulberry32 */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every stored text document, ascending by id. */
const allDocs = async (d: CrosstalkDatabase): Promise<TextDoc[]> =>
  (await d.snapshots.find().exec()).map((doc) => ({ id: doc.id, data: doc.data })).sort((a, b) => (a.id < b.id ? -1 : 1));

/** The layout's rules, and the items of all documents (in id order) equal to the model. */
/** A store that records how many documents each `runs` call read. */
function countingReads(store: RangeStore): { counting: RangeStore; read: number[] } {
  const read: number[] = [];
  const counting: RangeStore = {
    runs: async (asks) => {
      const runs = await store.runs(asks);
      read.push(runs.flat().length);
      return runs;
    }
  };
  return { counting, read };
}

function checkDocs(docs: TextDoc[], model: Map<string, Item>, maxItems: number, maxChars: number) {
  const tails = new Set<string>();
  const stored: string[] = [];
  for (const doc of docs) {
    const items = JSON.parse(doc.data) as Item[];
    const keys = items.map((i) => i.k);
    const family = familyOf(keys[0]);
    expect(items.length).toBeGreaterThan(0);
    expect(items.length).toBeLessThanOrEqual(maxItems);
    if (items.length > 1) expect(doc.data.length).toBeLessThanOrEqual(maxChars);
    expect(keys.every((k) => familyOf(k) === family)).toBe(true);
    expect(keys.every((k, i) => i === 0 || keys[i - 1] < k)).toBe(true);
    if (doc.id === family + '~') tails.add(family);
    else expect(doc.id).toBe(keys[keys.length - 1]);
    stored.push(...keys);
  }
  const families = new Set([...model.keys()].map(familyOf));
  expect(tails).toEqual(families);
  expect(stored).toEqual([...model.keys()].sort());
}

const sortedValues = (model: Map<string, Item>) => [...model.keys()].sort().map((k) => model.get(k)!);
const slice = (model: Map<string, Item>, from: string, to: string, limit: number) =>
  sortedValues(model)
    .filter((i) => i.k >= from && i.k < to)
    .slice(0, limit);

const collect = async (gen: AsyncGenerator<Item[]>) => {
  const out: Item[] = [];
  for await (const page of gen) out.push(...page);
  return out;
};

const NAMES = ['a', 'a:b', 'ab', 'b', 'a~', 'z'];

describe.each(storages)('range documents on %s', (_name, storage) => {
  const open = async () => (db = await openDatabase(storage(), 'range' + Math.random().toString(36).slice(2)));

  it.each([MERGED_AT_ONCE, 7])('follows a sorted map through random merges, replaces and removes (merging %i keys at a time)', async (group) => {
    MERGE_GROUP.keys = group;
    const d = await open();
    const store = TextStore.of(d.snapshots);
    const maxItems = 4;
    const maxChars = 260;
    let descending = 0;
    const counting: RangeStore = {
      runs: (asks) => {
        descending += asks.filter((a) => a.descending).length;
        return store.runs(asks);
      }
    };
    const docs = new RangeDocs(counting, layout(maxItems, maxChars));
    const random = prng(7);
    const pick = <X>(xs: readonly X[]) => xs[Math.floor(random() * xs.length)];
    // Keys where one is the start of another (…:b and …:b0), in families one of whose names starts another.
    const rests = ['', '0', 'b', 'b0', 'b:1', 'c', '10', '2'];
    const randomKey = () => fam(pick(NAMES)) + pick(rests) + String(Math.floor(random() * 60)).padStart(2, '0');
    const item = (k: string): Item => ({ k, v: 'x'.repeat(Math.floor(random() * 50)) + Math.floor(random() * 1e6) });
    const model = new Map<string, Item>();

    for (let step = 0; step < 40; step++) {
      const op = random();
      const size = random() < 0.4 ? 1 + Math.floor(random() * 5) : 100 + Math.floor(random() * 300);
      if (op < 0.55) {
        const batch = Array.from({ length: size }, () => item(randomKey()));
        batch.push(...batch.slice(0, 3).map((i) => ({ ...i, v: 'duplicate' })));
        const expected: Item[] = [];
        for (const i of batch) if (!model.has(i.k) && !expected.some((e) => e.k === i.k)) expected.push(i);
        const result = await docs.merge(batch, store);
        expect(result).toEqual({ added: expected, present: batch.length - expected.length });
        for (const i of expected) model.set(i.k, i);
      } else if (op < 0.8) {
        // Often a whole family's end, so that tails empty.
        const [family, rest] = [fam(pick(NAMES)), pick(rests)];
        const keys = random() < 0.5 ? Array.from({ length: size }, randomKey) : [...model.keys()].filter((k) => familyOf(k) === family && k >= family + rest);
        const expected = new Set(keys.filter((k) => model.has(k))).size;
        expect(await docs.remove(keys, store)).toBe(expected);
        for (const k of keys) model.delete(k);
      } else {
        const keys = [...Array.from({ length: size }, randomKey), ...[...model.keys()].filter(() => random() < 0.1)];
        const batch = keys.map(item);
        const expected = new Set(keys.filter((k) => model.has(k))).size;
        expect(await docs.replace(batch, store)).toBe(expected);
        for (const i of batch) if (model.has(i.k)) model.set(i.k, i);
      }

      checkDocs(await allDocs(d), model, maxItems, maxChars);
      expect(await collect(docs.scan('', '\uffff'))).toEqual(sortedValues(model));
      const asks = Array.from({ length: 4 }, () => {
        const [from, to] = [randomKey(), random() < 0.3 ? fam(pick(NAMES)) + '~' : randomKey()].sort();
        return { from, to, limit: pick([1, 3, 10, 1000]) };
      });
      asks.push({ from: fam('a'), to: fam('a') + '\x7f', limit: 1e9 }, { from: '', to: 'q', limit: 5 }, { from: 'q', to: 'p', limit: 5 });
      expect(await docs.ranges(asks)).toEqual(asks.map((a) => slice(model, a.from, a.to, a.limit)));
      expect(await docs.range(asks[0].from, asks[0].to, asks[0].limit)).toEqual(slice(model, asks[0].from, asks[0].to, asks[0].limit));
      expect(await collect(docs.scan(asks[1].from, asks[1].to))).toEqual(slice(model, asks[1].from, asks[1].to, Infinity));
      const wanted = [...Array.from({ length: size }, randomKey), ...[...model.keys()].filter(() => random() < 0.2)];
      expect(await docs.at(wanted)).toEqual(new Map(wanted.filter((k) => model.has(k)).map((k) => [k, model.get(k)!])));
    }
    // The steps did empty a family's tail, and leave many items.
    expect(descending).toBeGreaterThan(0);
    expect(model.size).toBeGreaterThan(300);
  });

  it('loses nothing to concurrent merges into one family', async () => {
    const d = await open();
    const store = TextStore.of(d.snapshots);
    const docs = new RangeDocs(store, layout(4, 10_000));
    const key = (n: number) => fam('a') + String(n).padStart(4, '0');
    const batches = Array.from({ length: 6 }, (_, b) => Array.from({ length: 40 }, (_, i) => ({ k: key(b * 25 + i), v: `${b}` })));
    const results = await Promise.all(batches.map((batch) => docs.merge(batch, store)));
    // In call order: a key goes to the first batch that has it.
    const expected = new Map<string, Item>();
    for (const batch of batches) for (const i of batch) if (!expected.has(i.k)) expected.set(i.k, i);
    expect(results.map((r) => r.added.length)).toEqual([40, 25, 25, 25, 25, 25]);
    expect(results.map((r) => r.present)).toEqual([0, 15, 15, 15, 15, 15]);
    expect(await docs.range('', '\uffff', 1e9)).toEqual(sortedValues(expected));
    checkDocs(await allDocs(d), expected, 4, 10_000);
  });

  it('merges a large batch a group of keys at a time, each group read and written before the next', async () => {
    const d = await open();
    const store = TextStore.of(d.snapshots);
    let read = 0;
    /** Per write: the documents read since the last write, and those written. */
    const groups: [number, number][] = [];
    const counting: RangeStore = {
      runs: async (asks) => {
        const runs = await store.runs(asks);
        read += runs.flat().length;
        return runs;
      }
    };
    const writing = {
      write: async (docs: readonly TextDoc[]) => {
        groups.push([read, docs.length]);
        read = 0;
        await store.write(docs);
      },
      remove: (ids: readonly string[]) => store.remove(ids)
    };
    const docs = new RangeDocs(counting, layout(4, 10_000));
    const key = (n: number) => fam('a') + String(n).padStart(4, '0');
    // 300 documents of 4 keys (even numbers), then 1,200 odd keys spread over all of them, 300 at a time.
    await docs.merge(Array.from({ length: 1200 }, (_, n) => ({ k: key(2 * n), v: '' })), store);
    MERGE_GROUP.keys = 300;
    read = 0;
    const result = await docs.merge(Array.from({ length: 1200 }, (_, n) => ({ k: key(2 * n + 1), v: '' })), writing);
    expect(result.added.length).toBe(1200);
    // Four groups: each reads the ~75 documents its keys fall in (the one it shares with the next group twice,
    // and one past them), and writes them split in two. All in one group (before): [300, 601].
    expect(groups).toEqual([
      [77, 152],
      [78, 152],
      [78, 152],
      [76, 151]
    ]);
    const model = new Map(Array.from({ length: 2400 }, (_, n) => [key(n), { k: key(n), v: '' }]));
    checkDocs(await allDocs(d), model, 4, 10_000);
  });

  it('puts keys that all go in front of a family in documents of their own, reading its first document alone', async () => {
    const d = await open();
    const store = TextStore.of(d.snapshots);
    const { counting, read } = countingReads(store);
    const docs = new RangeDocs(counting, layout(4, 10_000));
    const key = (n: number) => fam('a') + String(n).padStart(4, '0');
    const written: string[] = [];
    const writes = { write: (out: readonly TextDoc[]) => (written.push(...out.map((doc) => doc.id)), store.write(out)), remove: (ids: readonly string[]) => store.remove(ids) };
    // 100 documents of keys 1000–1399; then 300 keys below them all (more than are located one by one), as an
    // import's newest events of a party go before its stored ones. A run asked for as many documents as the
    // keys could fill read 32 of them; merged into the first document, it was written again.
    await docs.merge(Array.from({ length: 400 }, (_, n) => ({ k: key(1000 + n), v: '' })), store);
    read.length = 0;
    const result = await docs.merge(Array.from({ length: 300 }, (_, n) => ({ k: key(n + 2), v: '' })), writes);
    expect(result).toEqual({ added: Array.from({ length: 300 }, (_, n) => ({ k: key(n + 2), v: '' })), present: 0 });
    expect(read).toEqual([1]);
    expect(written.length).toBe(75);
    expect(written.includes(key(1003))).toBe(false);
    // Fewer than half a document's worth in front: merged into the first document (no document of one item).
    written.length = 0;
    await docs.merge([{ k: key(1), v: '' }], writes);
    expect(written).toEqual([key(3), key(5)]);
    const model = new Map([1, ...Array.from({ length: 300 }, (_, n) => n + 2), ...Array.from({ length: 400 }, (_, n) => 1000 + n)].map((n) => [key(n), { k: key(n), v: '' }]));
    checkDocs(await allDocs(d), model, 4, 10_000);
  });

  it('makes the document before an emptied tail the tail', async () => {
    const d = await open();
    const store = TextStore.of(d.snapshots);
    const docs = new RangeDocs(store, layout(4, 10_000));
    const key = (n: number) => fam('a') + n;
    await docs.merge([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({ k: key(n), v: '' })), store);
    expect((await allDocs(d)).map((doc) => doc.id)).toEqual([key(3), key(7), fam('a') + '~']);
    expect(await docs.remove([key(8), key(9), key(7)], store)).toBe(3);
    expect((await allDocs(d)).map((doc) => [doc.id, (JSON.parse(doc.data) as Item[]).map((i) => i.k)])).toEqual([
      [key(3), [key(0), key(1), key(2), key(3)]],
      [fam('a') + '~', [key(4), key(5), key(6)]]
    ]);
    expect(await docs.remove([0, 1, 2, 3, 4, 5, 6].map(key), store)).toBe(7);
    expect(await allDocs(d)).toEqual([]);
  });

  it('reads only the documents a range needs', async () => {
    const d = await open();
    const store = TextStore.of(d.snapshots);
    const { counting, read } = countingReads(store);
    const docs = new RangeDocs(counting, layout(4, 10_000));
    const key = (n: number) => fam('a') + String(n).padStart(3, '0');
    await docs.merge(Array.from({ length: 400 }, (_, n) => ({ k: key(n), v: '' })), store);
    read.length = 0;
    expect((await docs.range(key(10), key(300), 5)).map((i) => i.k)).toEqual([10, 11, 12, 13, 14].map(key));
    // Three documents from key 10 on (they hold the five): the one holding key 300 is not read.
    expect(read).toEqual([3]);
    read.length = 0;
    // Fewer documents lie inside [key 10, key 13) than asked for: the one holding key 13 comes in the same ask.
    expect((await docs.range(key(10), key(13), 5)).map((i) => i.k)).toEqual([10, 11, 12].map(key));
    expect(read).toEqual([2]);
  });

  it('each document comes once in the change feed after it was written over (live sync seals from it)', async () => {
    const d = await open();
    const store = TextStore.of(d.snapshots);
    const docs = new RangeDocs(store, layout(4, 10_000));
    const key = (n: number) => fam('a') + String(n).padStart(3, '0');
    for (let n = 0; n < 20; n++) await docs.merge([{ k: key(n), v: '' }], store);
    const { documents } = await getChangedDocumentsSince(d.snapshots.storageInstance, 1000);
    const ids = documents.filter((doc) => !doc._deleted).map((doc) => doc.id);
    expect(ids.length).toBe(new Set(ids).size);
    expect(ids.sort()).toEqual((await allDocs(d)).map((doc) => doc.id));
  });

  it('does not decode a document of another kind that sorts after the last family', async () => {
    const d = await open();
    const store = TextStore.of(d.snapshots);
    const docs = new RangeDocs(store, layout(4, 10_000));
    await docs.merge([{ k: fam('z') + '1', v: 'one' }], store);
    await store.write([{ id: 'q-bucket', data: 'not JSON' }]);
    expect(await docs.range(fam('z'), 'q', 10)).toEqual([{ k: fam('z') + '1', v: 'one' }]);
    expect(await docs.range(fam('z') + '2', 'q', 10)).toEqual([]);
  });
});

describe('runs through the Dexie storage', () => {
  it('answers several asks in one transaction, without removed documents', async () => {
    const d = (db = await openDatabase(getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange }), 'runs' + Math.random().toString(36).slice(2)));
    const store = TextStore.of(d.snapshots);
    await store.write(['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({ id, data: id.toUpperCase() })));
    await store.remove(['c']);
    await d.snapshots.upsert({ id: 'g', data: 'G' });
    const state = (await d.snapshots.storageInstance.internals) as Awaited<DexieStorageInternals>;
    const transaction = state.dexieDb.transaction.bind(state.dexieDb);
    let transactions = 0;
    (state.dexieDb as unknown as { transaction: unknown }).transaction = (...args: Parameters<typeof transaction>) => (transactions++, transaction(...args));
    const runs = await store.runs([
      { from: 'a', to: 'z', limit: 10 },
      { from: 'b', to: 'e', limit: 2 },
      { from: 'b', to: 'e', limit: 5 },
      { from: 'c', to: 'd', limit: 5 },
      { from: 'e', to: 'a', limit: 3 },
      { from: 'd', to: 'd', limit: 3 },
      { from: 'a', to: 'f', limit: 2, descending: true }
    ]);
    expect(transactions).toBe(1);
    const ids = runs.map((run) => run.map((doc) => doc.id));
    expect(ids).toEqual([['a', 'b', 'd', 'e', 'f', 'g'], ['b', 'd'], ['b', 'd'], [], [], [], ['e', 'd']]);
    expect(runs[0].map((doc) => doc.data)).toEqual(['A', 'B', 'D', 'E', 'F', 'G']);
    // The revision of a document written through the collection, known from the read: written over at the first try.
    const writes = vi.spyOn(d.snapshots.storageInstance, 'bulkWrite');
    await store.write([{ id: 'g', data: 'G2' }]);
    expect((await Promise.all(writes.mock.results.map((r) => r.value))).map((res) => res.error)).toEqual([[]]);
    expect((await store.runs([{ from: 'g', to: 'h', limit: 1 }]))[0]).toEqual([{ id: 'g', data: 'G2' }]);
  });
});
