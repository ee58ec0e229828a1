import { removeBuckets } from '../../src/lib/db/timeline/search-store';
import { describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { Backend } from '../../src/lib/db/backend';
import { SEARCH_MEMORY, SearchIndex, type BucketStore, type RunStore } from '../../src/lib/search/search-index';
import { queryTokens, tokenize } from '../../src/lib/search/tokenize';
import { csvInput } from './helpers';

function memoryStore() {
  const data = new Map<string, string>();
  const reads: string[][] = [];
  const store: RunStore = {
    read: async (ids) => {
      reads.push(ids);
      return new Map(ids.flatMap((id) => (data.has(id) ? [[id, data.get(id)!] as const] : [])));
    },
    write: async (buckets) => {
      for (const b of buckets) data.set(b.id, b.data);
    },
    remove: async (ids) => {
      for (const id of ids) data.delete(id);
    }
  };
  return { data, reads, store };
}

const all = async (index: SearchIndex, q: string, low?: number, high?: number, facets?: string[]) => [...(await index.search(q, low, high, facets && [facets]))];

describe('tokenize', () => {
  it('indexes CJK characters and bigrams, Latin words whole, folded', () => {
    expect(tokenize('吃火锅了 Dinner, ＡＢＣ')).toEqual(['吃', '吃火', '火', '火锅', '锅', '锅了', '了', 'dinner', 'abc']);
  });

  it('queries CJK runs by their bigrams only, a single character by itself, each token once', () => {
    expect(queryTokens('机场接你 机场')).toEqual(['机场', '场接', '接你']);
    expect(queryTokens('锅')).toEqual(['锅']);
    expect(queryTokens('Meeting tomorrow meeting')).toEqual(['meeting', 'tomorrow']);
    expect(queryTokens(' ,. ')).toEqual([]);
  });
});

describe('SearchIndex', () => {
  it('finds moments holding every query token, ascending (newest first), within a range', async () => {
    const index = new SearchIndex(memoryStore().store);
    index.add(30, '明天去机场接你');
    index.add(10, '机场见');
    index.add(20, 'meeting tomorrow at the airport');
    index.add(40, 'tomorrow, the meeting moved');
    index.add(50, '接你');
    expect(await all(index, '机场')).toEqual([10, 30]);
    expect(await all(index, '机场接你')).toEqual([30]);
    expect(await all(index, '接')).toEqual([30, 50]);
    expect(await all(index, 'meeting tomorrow')).toEqual([20, 40]);
    expect(await all(index, 'Meeting', 21)).toEqual([40]);
    expect(await all(index, 'meeting', 0, 39)).toEqual([20]);
    expect(await all(index, 'meeting nowhere')).toEqual([]);
    expect(await all(index, '!!')).toEqual([]);
  });

  it('narrows to moments indexed with any of the given facets (a person\'s parties)', async () => {
    const index = new SearchIndex(memoryStore().store);
    index.add(1, 'dinner at 7', ['phone|wang']);
    index.add(2, 'dinner tomorrow', ['whatsapp|wang']);
    index.add(3, 'dinner again', ['phone|li']);
    index.add(4, 'lunch', ['phone|wang']);
    index.add(5, 'dinner\twith a tab', ['tab\tand\nnewline party']);
    expect(await all(index, 'dinner', 0, Infinity, ['phone|wang', 'whatsapp|wang'])).toEqual([1, 2]);
    expect(await all(index, 'dinner', 2, Infinity, ['phone|wang', 'whatsapp|wang', 'phone|nobody'])).toEqual([2]);
    expect(await all(index, 'dinner', 0, Infinity, ['phone|li'])).toEqual([3]);
    expect(await all(index, 'dinner', 0, Infinity, [])).toEqual([]);
    expect(await all(index, 'dinner', 0, Infinity, ['phone|nobody'])).toEqual([]);
    expect(await all(index, 'dinner')).toEqual([1, 2, 3, 5]);
    // A facet is never found as text, and text is never taken for a facet.
    expect(await all(index, 'phone')).toEqual([]);
    const { store, data } = memoryStore();
    const saved = new SearchIndex(store);
    saved.add(9, 'dinner', ['tab\tand\nnewline party']);
    await saved.save();
    expect([...data.values()].every((d) => d.split('\n').every((line) => line.split('\t').length === 3))).toBe(true);
    expect(await all(new SearchIndex(store), 'dinner', 0, Infinity, ['tab\tand\nnewline party'])).toEqual([9]);
  });

  it('answers facets without text: every group must match, one facet of each; lazily merged unions', async () => {
    const { store } = memoryStore();
    const first = new SearchIndex(store);
    first.add(1, '', ['k:call', 's:missed', 'p:wang']);
    first.add(2, 'dinner', ['k:message', 'p:wang']);
    first.add(3, '', ['k:call', 's:answered', 'p:li']);
    first.add(4, '', ['k:call', 's:missed', 'p:li']);
    first.add(5, 'dinner', ['k:message', 'p:li']);
    await first.save();
    const index = new SearchIndex(store);
    index.add(6, '', ['k:call', 's:rejected', 'p:wang']);
    const groups = async (q: string, g: string[][], low?: number, high?: number) => [...(await index.search(q, low, high, g))];
    expect(await groups('', [['s:missed']])).toEqual([1, 4]);
    expect(await groups('', [['s:missed', 's:rejected']])).toEqual([1, 4, 6]);
    expect(await groups('', [['s:missed', 's:rejected'], ['p:wang']])).toEqual([1, 6]);
    expect(await groups('', [['k:call'], ['p:li', 'p:wang']], 2, 5)).toEqual([3, 4]);
    expect(await groups('dinner', [['p:li']])).toEqual([5]);
    expect(await groups('dinner', [['k:call']])).toEqual([]);
    expect(await groups('', [['s:missed'], []])).toEqual([]);
    expect(await groups('', [])).toEqual([]);
    expect(await groups('', [['s:nothing', 's:missed', 's:missed']])).toEqual([1, 4]);
    const lazy = (await index.search('', 0, Infinity, [['k:call', 'k:message']]))[Symbol.iterator]();
    expect([lazy.next().value, lazy.next().value, lazy.next().value]).toEqual([1, 2, 3]);
  });

  it('keeps a moment once when two events share it, and is lazy (stops where the caller stops)', async () => {
    const index = new SearchIndex(memoryStore().store);
    for (let m = 1000; m > 0; m--) index.add(m, m % 2 ? 'odd word' : 'even word');
    index.add(7, 'another word at seven');
    const hits = (await index.search('word'))[Symbol.iterator]();
    expect([hits.next().value, hits.next().value, hits.next().value]).toEqual([1, 2, 3]);
    expect(await all(index, 'odd word', 5, 11)).toEqual([5, 7, 9, 11]);
    expect((await all(index, 'word')).length).toBe(1000);
  });

  it('saves changed buckets and reads back only the buckets a query needs', async () => {
    const { data, reads, store } = memoryStore();
    const first = new SearchIndex(store);
    first.add(5, '生日快乐 happy birthday');
    first.add(3, 'birthday cake');
    await first.save();
    const written = data.size;
    expect(written).toBeGreaterThan(3);
    expect([...data.keys()].every((id) => /^ix5-\d{4}$/.test(id))).toBe(true);

    const second = new SearchIndex(store);
    reads.length = 0;
    expect(await all(second, 'birthday')).toEqual([3, 5]);
    expect(reads).toEqual([[expect.stringMatching(/^ix5-\d{4}$/)]]);
    second.add(1, 'birthday again'); // added after a load and merged with what was stored
    second.add(9, '快乐');
    expect(await all(second, 'birthday')).toEqual([1, 3, 5]);
    await second.save();

    const third = new SearchIndex(store);
    expect(await all(third, '快乐')).toEqual([5, 9]);
    expect(await all(third, 'birthday')).toEqual([1, 3, 5]);
    expect(await all(third, '生日快乐')).toEqual([5]);
  });

  it('decodes a stored list only as far as it is read, and merges later additions exactly', async () => {
    const { store } = memoryStore();
    const first = new SearchIndex(store);
    for (let m = 1; m <= 1000; m++) first.add(m * 1_000_003, m % 3 ? 'common word' : 'common rare');
    await first.save();
    const second = new SearchIndex(store);
    const hits = (await second.search('common'))[Symbol.iterator]();
    expect([hits.next().value, hits.next().value]).toEqual([1_000_003, 2_000_006]);
    expect((await all(second, 'common rare', 0, 10_000_000))).toEqual([3_000_009, 6_000_018, 9_000_027]);
    second.add(5, 'common');
    second.add(2_000_000_000, 'common rare');
    const every = await all(second, 'common');
    expect(every.length).toBe(1002);
    expect([every[0], every[1], every[1001]]).toEqual([5, 1_000_003, 2_000_000_000]);
    await second.save();
    const third = new SearchIndex(store);
    expect((await all(third, 'rare')).length).toBe(334);
    expect(await all(third, 'common', 0, 1_500_000)).toEqual([5, 1_000_003]);
  });

  it('saves moments added to a stored list by merging them into its text, exactly (random lists and additions)', async () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 40; round++) {
      const { data, store } = memoryStore();
      const first = new SearchIndex(store);
      const expected = new Set<number>();
      for (let i = 0, n = 1 + Math.floor(random() * 300); i < n; i++) {
        const m = Math.floor(random() * 1e13);
        first.add(m, 'word');
        expected.add(m);
      }
      await first.save();
      const stored = [...expected];
      const second = new SearchIndex(store); // the save reads the bucket: no query decodes the list first
      for (let i = 0, n = 1 + Math.floor(random() * 50); i < n; i++) {
        // Repeats of stored moments, moments before, between and after them, beside the extremes
        const m = random() < 0.2 ? stored[Math.floor(random() * stored.length)] : random() < 0.1 ? [0, 1e14][i % 2] : Math.floor(random() * 1.2e13);
        second.add(m, 'word');
        expected.add(m);
      }
      await second.save();
      const line = [...data.values()].flatMap((d) => d.split('\n')).find((l) => l.startsWith('word\t'))!;
      expect(Number(line.split('\t')[1])).toBe(expected.size);
      expect(await all(new SearchIndex(store), 'word')).toEqual([...expected].sort((a, b) => a - b));
    }
  });

  it('merges moments added before a bucket was read with the stored ones', async () => {
    const { store } = memoryStore();
    const first = new SearchIndex(store);
    first.add(20, 'lunch');
    await first.save();
    const second = new SearchIndex(store);
    second.add(10, 'lunch');
    second.add(20, 'lunch'); // the same moment again: kept once
    expect(await all(second, 'lunch')).toEqual([10, 20]);
  });

  it('discards unsaved changes (a failed import): the store is read again', async () => {
    const { store } = memoryStore();
    const index = new SearchIndex(store);
    index.add(1, 'keep this 火锅');
    await index.save();
    index.add(2, 'drop this 火锅');
    index.add(3, 'drop also');
    expect(await all(index, '火锅')).toEqual([1, 2]);
    index.discard();
    expect(await all(index, 'this')).toEqual([1]);
    expect(await all(index, '火锅')).toEqual([1]);
    expect(await all(index, 'drop')).toEqual([]);
    const writes: string[] = [];
    await index.save({ read: (ids) => store.read(ids), write: async (buckets) => void writes.push(...buckets.map((b) => b.id)) });
    expect(writes).toEqual([]);
  });

  it('lets go of what it saved: a query reads it again from the store, with the same answers', async () => {
    const { store, reads } = memoryStore();
    const index = new SearchIndex(store);
    for (let m = 1; m <= 300; m++) index.add(m, m % 3 ? `word${m % 7} common` : '周末火锅', [`p:${m % 5}`]);
    const before = { common: await all(index, 'common'), hotpot: await all(index, '火锅', 0, 200), word: await all(index, 'word3', 0, Infinity, ['p:1']) };
    await index.save();
    reads.length = 0;
    expect(await all(index, 'common')).toEqual(before.common);
    expect(await all(index, '火锅', 0, 200)).toEqual(before.hotpot);
    expect(await all(index, 'word3', 0, Infinity, ['p:1'])).toEqual(before.word);
    expect(reads.length).toBe(3);
    expect(before.common.length).toBe(200);
    expect(before.hotpot.slice(0, 3)).toEqual([3, 6, 9]);
    expect(before.word).toEqual([31, 101, 136, 206, 241]);
  });

  it('is over its budget once the first run\'s moments are unsaved, then the later runs\', and not after a set-aside or save', async () => {
    const budget = { ...SEARCH_MEMORY };
    Object.assign(SEARCH_MEMORY, { firstRun: 5, unsavedMoments: 3 });
    try {
      const index = new SearchIndex(memoryStore().store);
      index.add(1, 'one two', ['p:a']); // 3 moments
      expect(index.overBudget).toBe(false);
      index.add(2, 'three', ['p:a']); // 5
      expect(index.overBudget).toBe(true);
      await index.setAside(memoryStore().store);
      expect(index.overBudget).toBe(false);
      index.add(3, 'four five'); // 2
      expect(index.overBudget).toBe(false);
      index.add(4, 'six'); // 3: the later runs' budget
      expect(index.overBudget).toBe(true);
      await index.save();
      index.add(5, 'seven eight', ['p:a']); // 3: after the save, the first run's again
      expect(index.overBudget).toBe(false);
    } finally {
      Object.assign(SEARCH_MEMORY, budget);
    }
  });

  it('passes over a stored line that is malformed or lists no moment', async () => {
    const { data, store } = memoryStore();
    const index = new SearchIndex(store);
    index.add(1, 'lunch');
    await index.save();
    expect(data.size).toBe(1);
    const [id, text] = [...data][0];
    data.set(id, `${text}\nlunch\t0\t\n\tjunk\nno tabs`);
    expect(await all(new SearchIndex(store), 'lunch')).toEqual([1]);
  });

  it('keeps a moment added while its bucket is being written, for the next save', async () => {
    const { store, data } = memoryStore();
    const index = new SearchIndex(store);
    index.add(1, 'lunch');
    await index.save({
      read: (ids) => store.read(ids),
      write: async (buckets) => {
        index.add(2, 'lunch');
        await store.write(buckets);
      }
    });
    expect(await all(index, 'lunch')).toEqual([1, 2]);
    await index.save();
    expect(await all(new SearchIndex(store), 'lunch')).toEqual([1, 2]);
    expect(data.size).toBe(1);
  });
});

describe('SearchIndex runs set aside (a long import)', () => {
  /** Bucket writes, by bucket id, beside the store's data. */
  function countingStore() {
    const { data, reads, store } = memoryStore();
    const writes = new Map<string, number>();
    const counting: BucketStore = {
      read: store.read,
      write: async (buckets) => {
        for (const b of buckets) writes.set(b.id, (writes.get(b.id) ?? 0) + 1);
        await store.write(buckets);
      }
    };
    return { data, reads, writes, store: counting };
  }
  const texts = (m: number) => (m % 4 ? `word${m % 13} common ${m}` : `周末火锅 ${m % 9}`);
  const facets = (m: number) => [`p:${m % 7}`, m % 3 ? 'k:message' : 'k:call'];

  it('writes each bucket once, at the save, exactly as a save of everything at once does; stored lists merged too', async () => {
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const moments = Array.from({ length: 400 }, () => 1 + Math.floor(random() * 1e12));
    const once = countingStore();
    const inRuns = countingStore();
    const runs = memoryStore();
    for (const { store } of [once, inRuns]) {
      const index = new SearchIndex(store);
      for (const m of moments.slice(0, 100)) index.add(m, texts(m), facets(m));
      await index.save();
    }
    once.writes.clear();
    inRuns.writes.clear();
    const direct = new SearchIndex(once.store);
    const spilling = new SearchIndex(inRuns.store);
    // Later moments: new ones, and some of those stored already (kept once)
    const later = [...moments.slice(100), ...moments.slice(0, 20)];
    for (let i = 0; i < later.length; i++) {
      direct.add(later[i], texts(later[i]), facets(later[i]));
      spilling.add(later[i], texts(later[i]), facets(later[i]));
      if (i % 50 === 49) await spilling.setAside(runs.store);
    }
    expect(runs.data.size).toBeGreaterThan(6 * 6);
    expect(inRuns.writes.size).toBe(0);
    expect(spilling.overBudget).toBe(false);
    await direct.save();
    await spilling.save();
    expect(runs.data.size).toBe(0);
    expect(new Map(inRuns.data)).toEqual(new Map(once.data));
    expect(inRuns.writes).toEqual(once.writes);
    expect([...inRuns.writes.values()].every((n) => n === 1)).toBe(true);
    expect(inRuns.writes.size).toBe(276);
    const fresh = new SearchIndex(inRuns.store);
    expect(await all(fresh, 'common')).toEqual([...new Set(moments.filter((m) => m % 4))].sort((a, b) => a - b));
    expect((await all(fresh, '火锅', 0, Infinity, ['p:3'])).length).toBe(new Set(moments.filter((m) => m % 4 === 0 && m % 7 === 3)).size);
  });

  it('keeps the moments of a bucket a query has read for the save, and finds set-aside ones once saved', async () => {
    const { store } = memoryStore();
    const runs = memoryStore();
    const index = new SearchIndex(store);
    index.add(1, 'lunch');
    await index.setAside(runs.store);
    expect(await all(index, 'lunch')).toEqual([]);
    index.add(2, 'lunch');
    expect(await all(index, 'lunch')).toEqual([2]); // the query merged 2 into the list it read
    await index.setAside(runs.store);
    index.add(3, 'lunch');
    await index.save();
    expect(await all(index, 'lunch')).toEqual([1, 2, 3]);
    expect(await all(new SearchIndex(store), 'lunch')).toEqual([1, 2, 3]);
  });

  it('forgets its runs when discarded (a failed import), and names a run text that is missing', async () => {
    const { data, store } = memoryStore();
    const runs = memoryStore();
    const index = new SearchIndex(store);
    index.add(1, 'lunch');
    await index.setAside(runs.store);
    index.discard();
    await index.save();
    expect(data.size).toBe(0);
    expect(await all(index, 'lunch')).toEqual([]);
    index.add(2, 'dinner');
    await index.setAside(runs.store);
    await expect(index.setAside(memoryStore().store)).rejects.toThrow('search index: runs set aside elsewhere are not saved yet');
    runs.data.clear();
    await expect(index.save()).rejects.toThrow(/^search index: the set-aside text search:0000:\d\d is missing$/);
  });
});

describe('Backend search index lifecycle', () => {
  const file = csvInput('dump.csv', [
    '1,phone,sms,in,,+8613800000001,Wang,2026-01-02T03:04:05Z,,,今晚吃火锅吗,,,',
    '1,phone,sms,out,,+8613800000001,Wang,2026-01-02T03:05:05Z,,,好的 see you,,,'
  ]);

  it('rebuilds the index once for a database written by an older index format', async () => {
    const storage = getRxStorageMemory();
    const name = 'legacy' + Math.random().toString(36).slice(2);
    const b = await Backend.open(storage, name);
    await b.importFiles([file]);
    expect((await b.timeline({ text: '火锅' })).events.map((e) => (e.kind === 'message' ? e.body : null))).toEqual(['今晚吃火锅吗']);
    // What an older version left: FlexSearch chunks, an older format's buckets (more than are removed at a
    // time) and no marker of the current format.
    await removeBuckets(b.db);
    await b.db.searchchunks.insert({ id: '1.reg', data: '{"x":1}' });
    await b.db.searchchunks.bulkInsert(Array.from({ length: 150 }, (_, i) => ({ id: `ix4-${String(i).padStart(3, '0')}`, data: 'old' })));
    // And a run of a rebuild cut off by a closed tab.
    await b.db.searchchunks.insert({ id: 'search:0003:17', data: 'stale\t1\t5' });
    await b.close();

    // A budget of one moment: the rebuild sets its additions aside beside the buckets, and its save merges them.
    const budget = { ...SEARCH_MEMORY };
    Object.assign(SEARCH_MEMORY, { firstRun: 1, unsavedMoments: 1 });
    const reopened = await Backend.open(storage, name);
    try {
      expect((await reopened.timeline({ text: 'see you' })).events.map((e) => (e.kind === 'message' ? e.body : null))).toEqual(['好的 see you']);
    } finally {
      Object.assign(SEARCH_MEMORY, budget);
    }
    expect((await reopened.timeline({ text: '火锅' })).events.length).toBe(1);
    expect((await reopened.timeline({ text: 'stale' })).events.length).toBe(0);
    const ids = (await reopened.db.searchchunks.find().exec()).map((d) => d.id);
    expect(ids.includes('1.reg')).toBe(false);
    expect(ids.filter((id) => id.startsWith('ix4-') || id.startsWith('search:'))).toEqual([]);
    expect(ids.filter((id) => id.startsWith('p:')).length).toBe(1);
    expect(ids.includes('ix5-complete')).toBe(true);
    await reopened.close();
  });
});
