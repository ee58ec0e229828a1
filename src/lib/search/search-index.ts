import { hash64 } from '../model/hash';
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

const BUCKET_COUNT = 256;

/** A token's moments, ascending (newest first) and unique once settled; new moments wait unsorted in `tail`. */
class Postings {
  sorted: number[] = [];
  tail: number[] = [];

  settle(): number[] {
    if (!this.tail.length) return this.sorted;
    this.sorted = sortUnique(this.sorted.concat(this.tail));
    this.tail = [];
    return this.sorted;
  }
}

interface Bucket {
  tokens: Map<string, Postings>;
  loaded: boolean;
  dirty: boolean;
}

function bucketOf(token: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) h = Math.imul(h ^ token.charCodeAt(i), 0x01000193);
  return (h >>> 0) % BUCKET_COUNT;
}

/** Bucket ids carry the format version, so chunks of an older index format are never misread. */
export const BUCKET_PREFIX = 'ix3-';
const bucketId = (b: number) => BUCKET_PREFIX + b.toString().padStart(3, '0');

/**
 * A facet (what an entry belongs to, such as its party) as a token: `#` never occurs in text tokens, and the
 * hash keeps tabs and newlines out of the stored form.
 */
const facetToken = (facet: string) => '#' + hash64(facet);

/** One line per token: `token TAB first,delta,delta…` in base 36 (tokens never hold tabs or newlines). */
function serialize(bucket: Bucket): string {
  const lines: string[] = [];
  for (const [token, postings] of bucket.tokens) {
    const list = postings.settle();
    if (!list.length) continue;
    const parts = new Array<string>(list.length);
    for (let i = 0; i < list.length; i++) parts[i] = (i ? list[i] - list[i - 1] : list[i]).toString(36);
    lines.push(token + '\t' + parts.join(','));
  }
  return lines.join('\n');
}

function parseInto(bucket: Bucket, data: string): void {
  for (const line of data.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab < 1) continue;
    const parts = line.slice(tab + 1).split(',');
    const list = new Array<number>(parts.length);
    let m = 0;
    for (let i = 0; i < parts.length; i++) list[i] = m += parseInt(parts[i], 36);
    const token = line.slice(0, tab);
    const postings = bucket.tokens.get(token);
    if (postings) postings.sorted = list; // moments added before the load wait in its tail
    else bucket.tokens.set(token, Object.assign(new Postings(), { sorted: list }));
  }
}

/** First index in `list` at or after `from` whose value is ≥ `value` (galloping, then binary search). */
function seek(list: number[], from: number, value: number): number {
  let step = 1;
  let hi = from;
  while (hi < list.length && list[hi] < value) {
    from = hi + 1;
    hi += step;
    step *= 2;
  }
  hi = Math.min(hi, list.length);
  while (from < hi) {
    const mid = (from + hi) >>> 1;
    if (list[mid] < value) from = mid + 1;
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

  constructor(private readonly store: BucketStore) {}

  /** Indexes a text at a moment, with facets a search can be narrowed to (see `search`). */
  add(moment: number, text: string, facets: string[] = []): void {
    if (!text) return;
    for (const token of new Set([...tokenize(text), ...facets.map(facetToken)])) {
      const bucket = this.buckets[bucketOf(token)];
      let postings = bucket.tokens.get(token);
      if (!postings) bucket.tokens.set(token, (postings = new Postings()));
      postings.tail.push(moment);
      bucket.dirty = true;
    }
  }

  /** Removes moments from every token (a sweep over the whole index: for rolling back a failed import). */
  async removeMoments(moments: Iterable<number>): Promise<void> {
    const gone = new Set(moments);
    if (!gone.size) return;
    await this.load(this.buckets.map((_, i) => i));
    for (const bucket of this.buckets) {
      for (const postings of bucket.tokens.values()) {
        const list = postings.settle();
        const kept = list.filter((m) => !gone.has(m));
        if (kept.length !== list.length) {
          postings.sorted = kept;
          bucket.dirty = true;
        }
      }
    }
  }

  /**
   * Moments whose text holds every token of the query, ascending (newest first), within [low, high], and,
   * when `anyFacet` is given, indexed with one of those facets (a person's parties: the candidates are then
   * only theirs, not every match in the database). Lazy: a caller that needs one page reads only that far.
   */
  async search(query: string, low = 0, high = Infinity, anyFacet?: string[]): Promise<Iterable<number>> {
    const tokens = queryTokens(query);
    if (!tokens.length || anyFacet?.length === 0) return [];
    const facets = (anyFacet ?? []).map(facetToken);
    await this.load([...tokens, ...facets].map(bucketOf));
    const lists = tokens.map((t) => this.postings(t));
    if (facets.length) lists.push(union(facets.map((f) => this.postings(f))));
    lists.sort((a, b) => a.length - b.length);
    return intersect(lists, low, high);
  }

  private postings(token: string): number[] {
    return this.buckets[bucketOf(token)].tokens.get(token)?.settle() ?? [];
  }

  /** Writes the buckets changed since the last save. */
  async save(): Promise<void> {
    const dirty = this.buckets.flatMap((b, i) => (b.dirty ? [i] : []));
    await this.load(dirty);
    await this.store.write(dirty.map((i) => ({ id: bucketId(i), data: serialize(this.buckets[i]) })));
    for (const i of dirty) this.buckets[i].dirty = false;
  }

  private async load(indices: number[]): Promise<void> {
    const missing = [...new Set(indices)].filter((i) => !this.buckets[i].loaded);
    if (!missing.length) return;
    const stored = await this.store.read(missing.map(bucketId));
    for (const i of missing) {
      const data = stored.get(bucketId(i));
      if (data) parseInto(this.buckets[i], data);
      this.buckets[i].loaded = true;
    }
  }
}

function* intersect(lists: number[][], low: number, high: number): Generator<number> {
  const [first, ...rest] = lists;
  const at = rest.map(() => 0);
  for (let i = seek(first, 0, low); i < first.length && first[i] <= high; i++) {
    const m = first[i];
    let all = true;
    for (let k = 0; k < rest.length; k++) {
      at[k] = seek(rest[k], at[k], m);
      if (rest[k][at[k]] !== m) {
        all = false;
        break;
      }
    }
    if (all) yield m;
  }
}

/** The sorted union of sorted lists (each moment once). */
function union(lists: number[][]): number[] {
  const nonEmpty = lists.filter((l) => l.length);
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? [];
  return sortUnique(nonEmpty.flat());
}

/** Sorts ascending and drops repeats, in place. */
function sortUnique(values: number[]): number[] {
  values.sort((a, b) => a - b);
  let n = 0;
  for (let i = 0; i < values.length; i++) if (i === 0 || values[i] !== values[n - 1]) values[n++] = values[i];
  values.length = n;
  return values;
}
