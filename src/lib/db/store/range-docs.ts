import type { TextDoc } from './schema';

export interface RangeAsk {
  from: string;
  to: string;
  limit: number;
  /** From the top of the range down (the last documents first). */
  descending?: boolean;
  /** Ascending only: when fewer than `limit` documents lie in the range, also the first document at or after `to`, last. */
  andNext?: boolean;
}

export interface RangeStore {
  /** For each ask, up to `limit` documents with id ≥ `from` and id < `to`, ascending by id; one read for all asks where the storage allows. */
  runs(asks: readonly RangeAsk[]): Promise<TextDoc[][]>;
}

export interface RangeWrites {
  /** `before`: the stored texts of documents it writes over, as the caller has just read them (an import's journal copies them without reading them again). */
  write(docs: readonly TextDoc[], before?: ReadonlyMap<string, string>): Promise<void>;
  remove(ids: readonly string[]): Promise<void>;
}

/**
 * How items are kept. Every key of a family starts with the family, and after it uses only characters below
 * `~`; no family may be the start of another family (then their documents could not be told apart by id).
 */
export interface RangeLayout<T> {
  /** Every family starts with it, and no other document of the store does (the store may hold other texts). */
  prefix: string;
  key(item: T): string;
  family(key: string): string;
  encode(items: readonly T[]): string;
  decode(text: string): T[];
  maxItems: number;
  maxChars: number;
}

/** The last document of a family is named family + TAIL: above every key of the family. */
const TAIL = '~';
/** family + PAST is above every id of the family, and below every id of a family not starting with it. */
const PAST = '\x7f';
/** Documents asked for at most per range and round. */
const MAX_RUN = 32;
/** Up to this many keys in a call, each key is located by an ask of its own (one round); above it, runs of documents per family. */
const KEYS_ONE_BY_ONE = 256;
const SCAN_RUN = 16;
/**
 * Keys merged at a time (mutable for tests): an import's 250k directory entries into a 1M-event directory touched every document
 * of it at once (~50 MB of texts read, decoded and encoded again, bench/README.md "Heap at 1M, round six");
 * a group touches at most this many documents, and in a large merge about its share of the directory.
 */
export const MERGE_GROUP = { keys: 4096 };

interface Located {
  doc: TextDoc;
  /** The keys that are, or would go, in it (ascending). */
  keys: string[];
}

interface Cursor {
  from: string;
  to: string;
  /** The first id not read yet. */
  next: string;
  left: number;
  done: boolean;
  /** Documents asked for in the last round. */
  asked: number;
}

/**
 * Items with string keys stored many to a document: each document holds a consecutive run of a family's
 * items, sorted by key, and is named by its last key (the family's last one by family + TAIL). So the
 * document holding key k, or where k would go, is the first one whose id is ≥ k.
 */
export class RangeDocs<T> {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: RangeStore,
    private readonly layout: RangeLayout<T>
  ) {}

  /**
   * Adds items whose key is not stored yet (nor earlier in the same call); `present` counts the others. Keys
   * are merged MERGE_GROUP.keys at a time in key order, each group's documents read, merged and written before the
   * next: a large merge (an import's directory entries, spread over the whole directory) holds a group's
   * documents, not every document it touches.
   */
  merge(items: readonly T[], writes: RangeWrites): Promise<{ added: T[]; present: number }> {
    return this.serial(async () => {
      const fresh = new Map<string, T>();
      for (const item of items) {
        const key = this.layout.key(item);
        if (!fresh.has(key)) fresh.set(key, item);
      }
      const keys = [...fresh.keys()].sort();
      const stored = new Set<string>();
      for (let at = 0; at < keys.length; at += MERGE_GROUP.keys) await this.mergeSorted(keys.slice(at, at + MERGE_GROUP.keys), fresh, stored, writes);
      const added: T[] = [];
      for (const [key, item] of fresh) if (!stored.has(key)) added.push(item);
      return { added, present: items.length - added.length };
    });
  }

  /** Merges the items of these keys (ascending, all above those of the last call); adds the keys found stored to `stored`. */
  private async mergeSorted(keys: string[], fresh: Map<string, T>, stored: Set<string>, writes: RangeWrites): Promise<void> {
    const out: TextDoc[] = [];
    const before = new Map<string, string>();
    for (const [family, { keys: familyKeys, docs }] of await this.locate(keys)) {
      if (!docs.length) this.cut(familyKeys, familyKeys.map((k) => fresh.get(k)!), family + TAIL, true, out);
      for (const { doc, keys: adding } of docs) {
        const [oldKeys, oldItems] = this.unpack(doc);
        if (adding.length >= this.layout.maxItems / 2 && adding[adding.length - 1] < oldKeys[0]) {
          // All in front of the document, and enough to fill half of one: documents of their own, the stored one
          // left as it is (an import's batches each put a party's newer events in front of its older ones).
          this.cut(adding, adding.map((k) => fresh.get(k)!), adding[adding.length - 1], false, out);
          continue;
        }
        const mergedKeys: string[] = [];
        const mergedItems: T[] = [];
        let i = 0;
        for (const key of adding) {
          for (; i < oldKeys.length && oldKeys[i] < key; i++) {
            mergedKeys.push(oldKeys[i]);
            mergedItems.push(oldItems[i]);
          }
          if (oldKeys[i] === key) {
            stored.add(key);
            continue;
          }
          mergedKeys.push(key);
          mergedItems.push(fresh.get(key)!);
        }
        if (mergedKeys.length === i) continue; // nothing new
        for (; i < oldKeys.length; i++) {
          mergedKeys.push(oldKeys[i]);
          mergedItems.push(oldItems[i]);
        }
        this.cut(mergedKeys, mergedItems, doc.id, doc.id === family + TAIL, out);
        before.set(doc.id, doc.data);
      }
    }
    if (out.length) await writes.write(out, before);
  }

  /** Replaces stored items by key (items whose key is not stored are ignored); returns how many were replaced. */
  replace(items: readonly T[], writes: RangeWrites): Promise<number> {
    return this.serial(async () => {
      const fresh = new Map(items.map((item) => [this.layout.key(item), item]));
      let replaced = 0;
      const out: TextDoc[] = [];
      for (const [family, { docs }] of await this.locate([...fresh.keys()])) {
        for (const { doc, keys } of docs) {
          const [oldKeys, oldItems] = this.unpack(doc);
          const before = replaced;
          const wanted = new Set(keys);
          for (let i = 0; i < oldKeys.length; i++) {
            if (!wanted.has(oldKeys[i])) continue;
            oldItems[i] = fresh.get(oldKeys[i])!;
            replaced++;
          }
          if (replaced > before) this.cut(oldKeys, oldItems, doc.id, doc.id === family + TAIL, out);
        }
      }
      if (out.length) await writes.write(out);
      return replaced;
    });
  }

  /** Removes items by key; returns how many were removed. */
  remove(keys: readonly string[], writes: RangeWrites): Promise<number> {
    return this.serial(async () => {
      const gone = new Set(keys);
      let removed = 0;
      /** What becomes of each id: its new text, or null for removed. */
      const plan = new Map<string, string | null>();
      for (const [family, { docs }] of await this.locate([...gone])) {
        const tail = family + TAIL;
        /** Each changed document by its stored id: where its items now are (null: nowhere). */
        const fate = new Map<string, { id: string; data: string } | null>();
        for (const { doc } of docs) {
          const [oldKeys, oldItems] = this.unpack(doc);
          const keep = oldKeys.flatMap((key, i) => (gone.has(key) ? [] : [i]));
          if (keep.length === oldKeys.length) continue;
          removed += oldKeys.length - keep.length;
          if (!keep.length) {
            fate.set(doc.id, null);
            plan.set(doc.id, null);
            continue;
          }
          const id = doc.id === tail ? tail : oldKeys[keep[keep.length - 1]];
          const data = this.layout.encode(keep.map((i) => oldItems[i]));
          fate.set(doc.id, { id, data });
          if (id !== doc.id) plan.set(doc.id, null);
          plan.set(id, data);
        }
        if (!fate.has(tail) || fate.get(tail) !== null) continue;
        // The tail emptied: the last document left before it takes its place.
        const emptied = [...fate.values()].filter((f) => f === null).length;
        const [before] = await this.store.runs([{ from: family, to: tail, limit: emptied, descending: true }]);
        for (const doc of before) {
          const now = fate.has(doc.id) ? fate.get(doc.id) : doc;
          if (!now) continue;
          plan.set(now.id, null);
          plan.set(tail, now.data);
          break;
        }
      }
      const written = [...plan].flatMap(([id, data]) => (data === null ? [] : [{ id, data }]));
      if (written.length) await writes.write(written);
      const dropped = [...plan].flatMap(([id, data]) => (data === null ? [id] : []));
      if (dropped.length) await writes.remove(dropped);
      return removed;
    });
  }

  /** The stored items at these exact keys. */
  async at(keys: readonly string[]): Promise<Map<string, T>> {
    const found = new Map<string, T>();
    for (const { docs } of (await this.locate([...new Set(keys)])).values()) {
      for (const { doc, keys: wanted } of docs) {
        const [docKeys, items] = this.unpack(doc);
        const want = new Set(wanted);
        for (let i = 0; i < docKeys.length; i++) if (want.has(docKeys[i])) found.set(docKeys[i], items[i]);
      }
    }
    return found;
  }

  /** Items with from ≤ key < to, ascending, at most `limit` (reads only as many documents as needed). */
  async range(from: string, to: string, limit: number): Promise<T[]> {
    return (await this.ranges([{ from, to, limit }]))[0];
  }

  /** For each of several [from, to) ranges at once (one `runs` call per round): the items, ascending, at most limit each. */
  async ranges(asks: readonly { from: string; to: string; limit: number }[]): Promise<T[][]> {
    const cursors = asks.map(({ from, to, limit }) => ({ from, to, next: from, left: limit, done: !(from < to) || limit < 1, asked: 0 }));
    const out = asks.map((): T[] => []);
    for (;;) {
      const active = cursors.flatMap((c, i) => (c.done ? [] : [i]));
      if (!active.length) return out;
      const pages = await this.step(
        active.map((i) => cursors[i]),
        // A range of no known size (a moment's events) mostly lies in one document: asked for one, then more each round.
        (c) => Math.min(MAX_RUN, c.left === Infinity ? Math.max(1, 4 * c.asked) : Math.ceil(c.left / this.layout.maxItems) + 1)
      );
      active.forEach((i, n) => out[i].push(...pages[n]));
    }
  }

  /** Every item with key in [from, to), ascending, a document's worth or more at a time. */
  async *scan(from: string, to: string): AsyncGenerator<T[]> {
    const cursor: Cursor = { from, to, next: from, left: Infinity, done: !(from < to), asked: 0 };
    while (!cursor.done) {
      const [page] = await this.step([cursor], () => SCAN_RUN);
      if (page.length) yield page;
    }
  }

  /**
   * Reads the next documents of each cursor, and with them the first document at or after its `to` (it may
   * hold keys below `to`; asked in the same ask, so that all a page holds was read at once).
   */
  private async step(cursors: Cursor[], run: (c: Cursor) => number): Promise<T[][]> {
    const limits = cursors.map(run);
    cursors.forEach((c, i) => (c.asked = limits[i]));
    const runs = await this.store.runs(cursors.map((c, i) => ({ from: c.next, to: c.to, limit: limits[i], andNext: true })));
    // Cursors of one round often share a document (the one at or after their `to`): each is decoded once.
    const unpacked = new Map<string, [string[], T[]]>();
    const unpack = (doc: TextDoc) => {
      let found = unpacked.get(doc.id);
      if (!found) unpacked.set(doc.id, (found = this.unpack(doc)));
      return found;
    };
    return cursors.map((c, i) => {
      const docs = runs[i];
      const beyond = docs.length > 0 && docs[docs.length - 1].id >= c.to;
      const last = docs.length - (beyond ? 1 : 0) < limits[i];
      if (beyond && !docs[docs.length - 1].id.startsWith(this.layout.prefix)) docs.pop();
      if (!last) c.next = docs[docs.length - 1].id + '\0';
      const page: T[] = [];
      for (const doc of docs) {
        const [keys, items] = unpack(doc);
        for (let j = 0; j < keys.length && page.length < c.left; j++) if (keys[j] >= c.from && keys[j] < c.to) page.push(items[j]);
      }
      c.left -= page.length;
      c.done = last || c.left <= 0;
      return page;
    });
  }

  /**
   * By family, its keys (ascending) and the documents holding, or due to hold, them (ascending, with the keys
   * each gets; none when the family has no documents). All asks of a round are one `runs` call.
   */
  private async locate(keys: readonly string[]): Promise<Map<string, { keys: string[]; docs: Located[] }>> {
    const families = new Map<string, string[]>();
    for (const key of keys) {
      const family = this.layout.family(key);
      if (!key.startsWith(family) || key >= family + TAIL) throw new Error(`range-docs: key ${key} outside its family ${family}`);
      const list = families.get(family);
      if (list) list.push(key);
      else families.set(family, [key]);
    }
    const oneByOne = keys.length <= KEYS_ONE_BY_ONE;
    const located = new Map([...families].map(([family, list]) => [family, { keys: list.sort(), docs: [] as Located[] }]));
    let pending = [...located].map(([family, { keys }]) => ({ family, keys, at: 0 }));
    for (let round = 0; pending.length; round++) {
      // A first round asks for the one document holding the first key: an import's keys of a party (its newest
      // events) mostly all go there, and a run asked for as many documents as the keys could fill read ~3
      // documents for each one merged into (bench/README.md, "Round nine").
      const asks = pending.map(({ family, keys, at }) =>
        oneByOne
          ? keys.map((from) => ({ from, to: family + PAST, limit: 1 }))
          : [{ from: keys[at], to: family + PAST, limit: round === 0 ? 1 : Math.min(MAX_RUN, Math.ceil((keys.length - at) / this.layout.maxItems) + 1) }]
      );
      const runs = await this.store.runs(asks.flat());
      let r = 0;
      pending = pending.filter((p, n) => {
        const found = runs.slice(r, (r += asks[n].length)).flat();
        const docs = oneByOne ? [...new Map(found.map((d) => [d.id, d])).values()].sort((a, b) => (a.id < b.id ? -1 : 1)) : found;
        const list = located.get(p.family)!.docs;
        let j = 0;
        for (; p.at < p.keys.length; p.at++) {
          while (j < docs.length && docs[j].id < p.keys[p.at]) j++;
          if (j === docs.length) break;
          if (list[list.length - 1]?.doc.id !== docs[j].id) list.push({ doc: docs[j], keys: [] });
          list[list.length - 1].keys.push(p.keys[p.at]);
        }
        if (p.at === p.keys.length || !list.length) return false;
        if (!oneByOne && docs.length === asks[n][0].limit) return true;
        throw new Error(`range-docs: family ${p.family} has no last document`);
      });
    }
    return located;
  }

  /** A document's keys and items. */
  private unpack(doc: TextDoc): [string[], T[]] {
    const items = this.layout.decode(doc.data);
    return [items.map((item) => this.layout.key(item)), items];
  }

  /**
   * Sorted items as documents of at most maxItems and (unless of one item) maxChars, added to `out`, the last
   * one named `id`. The tail is cut full from the front (a family grows mostly at its end), another document evenly.
   */
  private cut(keys: string[], items: T[], id: string, tail: boolean, out: TextDoc[]): void {
    const { maxItems, maxChars, encode } = this.layout;
    const piece = (from: number, to: number): void => {
      const data = encode(items.slice(from, to));
      if (data.length <= maxChars || to - from === 1) return void out.push({ id: keys[to - 1], data });
      const middle = Math.ceil((from + to) / 2);
      piece(from, middle);
      piece(middle, to);
    };
    const size = tail ? maxItems : Math.ceil(keys.length / Math.ceil(keys.length / maxItems));
    for (let from = 0; from < keys.length; from += size) piece(from, Math.min(from + size, keys.length));
    out[out.length - 1].id = id;
  }

  private serial<R>(task: () => Promise<R>): Promise<R> {
    const done = this.queue.then(task);
    this.queue = done.catch(() => undefined);
    return done;
  }
}
