import { hash64 } from '../model/hash';
import { MomentTail } from './moment-tail';
import { queryTokens, tokenize } from './tokenize';

/**
 * Where the index keeps its buckets between sessions (the database in the app, a Map in tests). A bucket is
 * read only when a query or a save needs it, so opening the app and the first search read a few buckets,
 * not the whole index.
 */
export interface BucketStore {
  read(ids: string[]): Promise<Map<string, string>>;
  write(buckets: { id: string; data: string }[]): Promise<void>;
}

/** Where a long import or a rebuild sets aside what it added to the index until a save merges it into the buckets. */
export interface RunStore extends BucketStore {
  remove(ids: readonly string[]): Promise<void>;
}

/**
 * A query reads its tokens' buckets whole, and IndexedDB reads cost their bytes (~25 MB/s here): at 1M events
 * the index is ~45 MB, so 256 buckets made a first search read 0.2–0.5 MB per token; 4,096 keep that ~11 KB
 * beside the token's own moments. A save writes the same bytes in more, smaller documents.
 */
const BUCKET_COUNT = 4096;

/**
 * How many moments (one per token of an indexed text or facet) the index holds unsaved before a long
 * import or a rebuild sets them aside (`setAside`): ~12 per event, ~7 bytes each in memory (packed:
 * moment-tail.ts). A set-aside writes only what it adds, and the runs are merged into the buckets once, at
 * the last save. The first run waits for `firstRun` (~21 MB): an import of up to ~250k events sets nothing
 * aside (at 100k a run of 1M moments cost ~1.5 s in Chromium). Later runs take `unsavedMoments` (~7 MB): in a
 * long import the heap holds less (the 1M CSV peaked at 275–280 MB in four runs, 281–434 before; each token is
 * named once per run, so the runs are 70.5 M characters instead of 53.6 M at 3M). bench/README.md, "Round
 * eleven". Mutable for tests.
 */
export const SEARCH_MEMORY = { firstRun: 3_000_000, unsavedMoments: 1_000_000 };

/** The value of a base-36 digit's character code (`0`–`9`, `a`–`z`). */
const digit36 = (c: number) => (c <= 57 ? c - 48 : c - 87);

/**
 * What intersection reads: moments in ascending order, by position. `length` bounds the positions: `at` is
 * undefined at and after the end (a union knows only an upper bound until it has been read to its end).
 */
interface SortedList {
  readonly length: number;
  at(i: number): number | undefined;
}

/**
 * A token's moments, ascending (newest first), each once. New moments wait unsorted in a tail until the list
 * is next read. Moments read from storage stay in their stored text and are decoded only as far as a query
 * reads: a first page needs the first few hundred of a list, not all of them.
 */
class Postings implements SortedList {
  /** Decoded moments: all of them, or, while stored text remains, its first ones. */
  private list: number[] = [];
  private readonly tail = new MomentTail();
  /** Stored text (`first,delta,…` in base 36), until fully decoded. */
  private stored: string | null = null;
  private storedCount = 0;
  private pos = 0;
  private last = 0;

  get length(): number {
    return this.stored !== null ? this.storedCount : this.list.length;
  }

  push(moment: number): void {
    this.tail.push(moment);
  }

  /** The stored list, read before any moment added since was merged in. */
  setStored(text: string, count: number): void {
    this.stored = text;
    this.storedCount = count;
    this.list = [];
    this.pos = 0;
    this.last = 0;
  }

  at(i: number): number | undefined {
    while (this.stored !== null && this.list.length <= i) this.decodeNext();
    return this.list[i];
  }

  private decodeNext(): void {
    const text = this.stored!;
    let n = 0;
    let pos = this.pos;
    for (let c; pos < text.length && (c = text.charCodeAt(pos)) !== 44; pos++) n = n * 36 + digit36(c);
    this.list.push((this.last += n));
    this.pos = pos + 1;
    if (this.pos >= text.length) this.stored = null;
  }

  /** Ready to be read by position: moments added since the last read merged in. */
  readable(): SortedList {
    if (this.tail.length) this.all();
    return this;
  }

  /** Every moment, decoded and merged. */
  all(): number[] {
    while (this.stored !== null) this.decodeNext();
    if (this.tail.length) {
      this.list = mergeUnique(this.list, sortUnique(this.tail.take()));
    }
    return this.list;
  }

  /** The moments added since the list was last read, as `count TAB first,delta,…` (empty when none); taken out of the list. */
  takeAdded(): string {
    if (!this.tail.length) return '';
    const added = sortUnique(this.tail.take());
    return added.length + '\t' + encodeDeltas(added);
  }

  /** Adds the moments of a `first,delta,…` text. */
  pushEncoded(text: string): void {
    let moment = 0;
    let n = 0;
    for (let pos = 0; pos <= text.length; pos++) {
      const c = pos < text.length ? text.charCodeAt(pos) : 44;
      if (c !== 44) {
        n = n * 36 + digit36(c);
        continue;
      }
      this.tail.push((moment += n));
      n = 0;
    }
  }

  /**
   * `count TAB first,delta,…` in base 36; empty when there are no moments. A stored list with moments added
   * since is merged as text: the runs between the new moments are copied, not decoded and encoded again (at
   * 1M events a facet such as `k:message` holds most of them, and a save decoding the whole index made
   * hundreds of MB of garbage; bench/README.md, "Heap at 1M, round five").
   */
  encode(): string {
    if (this.stored !== null) {
      if (this.tail.length) this.setStored(...mergeIntoText(this.stored, this.storedCount, sortUnique(this.tail.take())));
      return this.storedCount + '\t' + this.stored;
    }
    const list = this.all();
    return list.length ? list.length + '\t' + encodeDeltas(list) : '';
  }
}

/**
 * A text built from many small pieces (a list's differences), joined a few thousand at a time: each piece
 * dies young instead of waiting in one array as long as the list for a single join.
 */
class Pieces {
  private readonly joined: string[] = [];
  private pending: string[] = [];

  push(piece: string): void {
    this.pending.push(piece);
    if (this.pending.length === 4096) this.flush();
  }

  text(): string {
    this.flush();
    return this.joined.join('');
  }

  private flush(): void {
    if (this.pending.length) this.joined.push(this.pending.join(''));
    this.pending = [];
  }
}

/** Ascending moments as `first,delta,…` in base 36. */
function encodeDeltas(list: number[]): string {
  const out = new Pieces();
  for (let i = 0; i < list.length; i++) {
    if (i) out.push(',');
    out.push((i ? list[i] - list[i - 1] : list[i]).toString(36));
  }
  return out.text();
}

/**
 * A stored list (`first,delta,…`) with ascending moments `adds` merged in, and its new count: stretches with
 * nothing inserted are copied as they are; a moment inserted before a stored one is written, and that stored
 * one written again as the difference from it.
 */
function mergeIntoText(text: string, count: number, adds: number[]): [string, number] {
  const out = new Pieces();
  let copied = 0; // text before this is in `out`
  let pos = 0; // where the next stored difference starts
  let prev = 0; // the last moment written (or to be copied)
  let a = 0;
  while (pos < text.length && a < adds.length) {
    let end = pos;
    let difference = 0;
    for (let c; end < text.length && (c = text.charCodeAt(end)) !== 44; end++) difference = difference * 36 + digit36(c);
    const stored = prev + difference;
    if (adds[a] > stored) {
      prev = stored;
      pos = end + 1;
      continue;
    }
    if (copied < pos) out.push(text.slice(copied, pos));
    for (; a < adds.length && adds[a] < stored; a++, count++) {
      out.push((adds[a] - prev).toString(36));
      out.push(',');
      prev = adds[a];
    }
    if (adds[a] === stored) a++;
    out.push((stored - prev).toString(36));
    if (end < text.length) out.push(',');
    prev = stored;
    pos = copied = end + 1;
  }
  if (copied < text.length) out.push(text.slice(copied));
  for (; a < adds.length; a++, count++) {
    out.push(',');
    out.push((adds[a] - prev).toString(36));
    prev = adds[a];
  }
  return [out.text(), count];
}

interface Bucket {
  tokens: Map<string, Postings>;
  loaded: boolean;
  dirty: boolean;
}

/** Back to what a bucket is before it is first read: its content is in the store. */
function unload(bucket: Bucket): void {
  bucket.tokens.clear();
  bucket.loaded = false;
  bucket.dirty = false;
}

/** Buckets serialized and written together by a save (each holds ~1/4096 of the index); a run has a text for each such group. */
const SAVE_GROUP = 64;
const GROUPS = BUCKET_COUNT / SAVE_GROUP;

function bucketOf(token: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) h = Math.imul(h ^ token.charCodeAt(i), 0x01000193);
  return (h >>> 0) % BUCKET_COUNT;
}

/** Bucket ids carry the format version, so chunks of an older index format are never misread. */
export const BUCKET_PREFIX = 'ix5-';
const bucketId = (b: number) => BUCKET_PREFIX + b.toString().padStart(4, '0');
const runTextId = (run: number, group: number) => `search:${String(run).padStart(4, '0')}:${String(group).padStart(2, '0')}`;

/** Runs set aside and not merged yet: where they are, and which runs have a text for each bucket group. */
interface Runs {
  store: RunStore;
  count: number;
  byGroup: Map<number, number[]>;
}

/**
 * A facet (what an entry belongs to or is, such as its party or its channel) as a token: `#` never occurs in
 * text tokens, and the hash keeps tabs and newlines out of the stored form.
 */
const facetTokens = new Map<string, string>();
function facetToken(facet: string): string {
  let token = facetTokens.get(facet);
  if (token === undefined) {
    if (facetTokens.size >= 10_000) facetTokens.clear(); // a person's parties repeat; bounded on any input
    facetTokens.set(facet, (token = '#' + hash64(facet)));
  }
  return token;
}

/** One line per token: `token TAB count TAB moments` (tokens never hold tabs or newlines). */
function serialize(bucket: Bucket): string {
  const lines: string[] = [];
  for (const [token, postings] of bucket.tokens) {
    const moments = postings.encode();
    if (moments) lines.push(token + '\t' + moments);
  }
  return lines.join('\n');
}

/** Each line of a bucket's or a run's text (`token TAB count TAB first,delta,…`); a malformed or empty one is passed over. */
function eachLine(data: string, take: (token: string, count: number, moments: string) => void): void {
  for (const line of data.split('\n')) {
    const tab = line.indexOf('\t');
    const tab2 = line.indexOf('\t', tab + 1);
    if (tab < 1 || tab2 < 0 || tab2 === line.length - 1) continue;
    take(line.slice(0, tab), Number(line.slice(tab + 1, tab2)), line.slice(tab2 + 1));
  }
}

/** The token's list in its bucket, made empty when it has none. */
function postingsOf(bucket: Bucket, token: string): Postings {
  let postings = bucket.tokens.get(token);
  if (!postings) bucket.tokens.set(token, (postings = new Postings()));
  return postings;
}

function parseInto(bucket: Bucket, data: string): void {
  // Moments added before the load wait in the lists' tails.
  eachLine(data, (token, count, moments) => postingsOf(bucket, token).setStored(moments, count));
}

/** First index in `list` at or after `from` whose value is ≥ `value` (galloping, then binary search). */
function seek(list: SortedList, from: number, value: number): number {
  let step = 1;
  let hi = from;
  while (hi < list.length && list.at(hi)! < value) {
    from = hi + 1;
    hi += step;
    step *= 2;
  }
  hi = Math.min(hi, list.length);
  while (from < hi) {
    const mid = (from + hi) >>> 1;
    if (list.at(mid)! < value) from = mid + 1;
    else hi = mid;
  }
  return from;
}

/**
 * The full-text index: an inverted index from token to the moments (`startInv`: an event's instant,
 * inverted) whose texts hold it. Keyed by moment, hits come out in timeline order and within a date range
 * without touching the database, and a query stops reading as soon as a page is full. Exact substring
 * checking happens after lookup (the caller compares the query with the stored text), so bigram
 * coincidences never show as hits. Hand-written because FlexSearch, measured on the benchmark's 1M-event
 * set, took 170–480 ms for a two-word query (it intersects the whole posting lists) and ~2 minutes to build.
 */
export class SearchIndex {
  private readonly buckets: Bucket[] = Array.from({ length: BUCKET_COUNT }, () => ({ tokens: new Map(), loaded: false, dirty: false }));
  private unsaved = 0;
  private runs: Runs | null = null;

  constructor(private readonly store: BucketStore) {}

  /** Indexes a text (which may be empty) at a moment, with facets a search can be narrowed to (see `search`). */
  add(moment: number, text: string, facets: string[] = []): void {
    for (const token of new Set([...tokenize(text), ...facets.map(facetToken)])) {
      const bucket = this.buckets[bucketOf(token)];
      postingsOf(bucket, token).push(moment);
      bucket.dirty = true;
      this.unsaved++;
    }
  }

  /** Past its memory budget (the first run's until a run is set aside): what was added since should be set aside or saved now. */
  get overBudget(): boolean {
    return this.unsaved >= (this.runs ? SEARCH_MEMORY.unsavedMoments : SEARCH_MEMORY.firstRun);
  }

  /** Forgets every change since the last save (a failed import): buckets are read again from the store. */
  discard(): void {
    for (const bucket of this.buckets) unload(bucket);
    this.unsaved = 0;
    this.runs = null;
  }

  /**
   * Moments whose text holds every token of the query, ascending (newest first), within [low, high], and
   * indexed with at least one facet of every group in `facetGroups` (a person's parties; the channels, kinds
   * or statuses a filter selects): the candidates are then only those, not every match in the database. A
   * query without tokens is answered from the facets alone; with neither there is no answer. Lazy: a caller
   * that needs one page reads only that far.
   */
  async search(query: string, low = 0, high = Infinity, facetGroups: string[][] = []): Promise<Iterable<number>> {
    const tokens = queryTokens(query);
    if ((!tokens.length && !facetGroups.length) || facetGroups.some((g) => !g.length)) return [];
    const groups = facetGroups.map((g) => [...new Set(g)].map(facetToken));
    await this.load([...tokens, ...groups.flat()].map(bucketOf));
    const posted = (token: string) => this.postings(token)?.readable() ?? EMPTY;
    const lists = [...tokens.map(posted), ...groups.map((g) => (g.length === 1 ? posted(g[0]) : new Union(g.map(posted))))];
    lists.sort((a, b) => a.length - b.length);
    return intersect(lists, low, high);
  }

  private postings(token: string): Postings | undefined {
    return this.buckets[bucketOf(token)].tokens.get(token);
  }

  /**
   * Writes the moments added since the last save or set-aside as a run of their own into `runs` (an import's
   * scratch texts; beside the buckets for a rebuild): a text per group of buckets, a line per token (as the
   * buckets' own: `token TAB count TAB first,delta,…`), and lets go of them. The next save merges every run
   * into the buckets, so a long import writes each bucket once instead of rewriting the whole index at every
   * save (at 1M events, 178 M characters written for a 70 M index). A bucket a query has read keeps its
   * moments for that save (a read merges them into its list), and a query finds a run's moments only once
   * they are saved.
   */
  async setAside(runs: RunStore): Promise<void> {
    if (this.runs && this.runs.store !== runs) throw new Error('search index: runs set aside elsewhere are not saved yet');
    const pending = (this.runs ??= { store: runs, count: 0, byGroup: new Map() });
    const run = pending.count++;
    this.unsaved = 0;
    for (let group = 0; group < GROUPS; group++) {
      const lines: string[] = [];
      for (let i = group * SAVE_GROUP; i < (group + 1) * SAVE_GROUP; i++) {
        const bucket = this.buckets[i];
        if (!bucket.dirty || bucket.loaded) continue;
        for (const [token, postings] of bucket.tokens) {
          const added = postings.takeAdded();
          if (added) lines.push(token + '\t' + added);
        }
        unload(bucket);
      }
      if (!lines.length) continue;
      await runs.write([{ id: runTextId(run, group), data: lines.join('\n') }]);
      if (!pending.byGroup.has(group)) pending.byGroup.set(group, []);
      pending.byGroup.get(group)!.push(run);
    }
  }

  /**
   * Writes the buckets changed since the last save, with the runs set aside since (then removed), through
   * `via` (the index's own store by default; an import's journal, which reads and writes the same buckets,
   * keeping copies to undo), a few at a time, and lets go of each once written: a query reads it again from
   * the store, decoding only as far as it needs. So a save costs memory for a few buckets at once, and the
   * index keeps in memory only what was added since.
   */
  async save(via: BucketStore = this.store): Promise<void> {
    this.unsaved = 0;
    const runs = this.runs;
    this.runs = null;
    let due: number[] = [];
    for (let group = 0; group < GROUPS; group++) {
      const held = runs?.byGroup.get(group);
      if (held) await this.takeRuns(runs!.store, held, group);
      for (let i = group * SAVE_GROUP; i < (group + 1) * SAVE_GROUP; i++) if (this.buckets[i].dirty) due.push(i);
      if (due.length < SAVE_GROUP && group < GROUPS - 1) continue;
      if (due.length) await this.write(due, via);
      due = [];
    }
    if (runs) await runs.store.remove([...runs.byGroup].flatMap(([group, held]) => held.map((run) => runTextId(run, group))));
  }

  /** Adds the moments of a bucket group's texts in these runs (a bucket not read yet keeps them until it is). */
  private async takeRuns(store: RunStore, runs: number[], group: number): Promise<void> {
    const ids = runs.map((run) => runTextId(run, group));
    const texts = await store.read(ids);
    for (const id of ids) {
      const text = texts.get(id);
      if (text === undefined) throw new Error(`search index: the set-aside text ${id} is missing`);
      eachLine(text, (token, _count, moments) => {
        const bucket = this.buckets[bucketOf(token)];
        postingsOf(bucket, token).pushEncoded(moments);
        bucket.dirty = true;
      });
    }
  }

  /** Serializes and writes these buckets, then lets go of each (but one that got a moment meanwhile). */
  private async write(indices: number[], via: BucketStore): Promise<void> {
    await this.load(indices, via);
    const written = indices.map((i) => {
      this.buckets[i].dirty = false;
      return { id: bucketId(i), data: serialize(this.buckets[i]) };
    });
    await via.write(written);
    // A moment added while the group was being written keeps its bucket for the next save.
    for (const i of indices) if (!this.buckets[i].dirty) unload(this.buckets[i]);
  }

  private async load(indices: number[], from: BucketStore = this.store): Promise<void> {
    const missing = [...new Set(indices)].filter((i) => !this.buckets[i].loaded);
    if (!missing.length) return;
    const stored = await from.read(missing.map(bucketId));
    for (const i of missing) {
      const data = stored.get(bucketId(i));
      if (data) parseInto(this.buckets[i], data);
      this.buckets[i].loaded = true;
    }
  }
}

const EMPTY: SortedList = [];

function* intersect(lists: SortedList[], low: number, high: number): Generator<number> {
  const [first, ...rest] = lists;
  const at = rest.map(() => 0);
  for (let i = seek(first, 0, low); i < first.length && first.at(i)! <= high; i++) {
    const m = first.at(i)!;
    let all = true;
    for (let k = 0; k < rest.length; k++) {
      at[k] = seek(rest[k], at[k], m);
      if (rest[k].at(at[k]) !== m) {
        all = false;
        break;
      }
    }
    if (all) yield m;
  }
}

/** The union of sorted lists (each moment once), merged only as far as it is read. */
class Union implements SortedList {
  private readonly merged: number[] = [];
  private readonly next: number[];
  readonly length: number;

  constructor(private readonly lists: SortedList[]) {
    this.next = lists.map(() => 0);
    this.length = lists.reduce((n, l) => n + l.length, 0);
  }

  at(i: number): number | undefined {
    while (this.merged.length <= i && this.mergeOne());
    return this.merged[i];
  }

  /** Appends the smallest moment not merged yet; false when every list is used up. */
  private mergeOne(): boolean {
    let min = Infinity;
    for (let k = 0; k < this.lists.length; k++) min = Math.min(min, this.lists[k].at(this.next[k]) ?? Infinity);
    if (min === Infinity) return false;
    for (let k = 0; k < this.lists.length; k++) if (this.lists[k].at(this.next[k]) === min) this.next[k]++;
    this.merged.push(min);
    return true;
  }
}

/** Two ascending lists without repeats merged into one (the stored list is long, what was added since short). */
function mergeUnique(a: number[], b: number[]): number[] {
  if (!a.length) return b;
  const out = new Array<number>(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
    if (n === 0 || out[n - 1] !== next) out[n++] = next;
  }
  out.length = n;
  return out;
}

/** Sorts ascending and drops repeats, in place. */
function sortUnique(values: number[]): number[] {
  values.sort((a, b) => a - b);
  let n = 0;
  for (let i = 0; i < values.length; i++) if (i === 0 || values[i] !== values[n - 1]) values[n++] = values[i];
  values.length = n;
  return values;
}
