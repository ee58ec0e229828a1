import type { ScratchTexts } from '../import/journal';
import type { RangeLayout } from './range-docs';

/** Items a scratch document of a run holds. */
const RUN_CHUNK = 4096;
/** Runs kept at most: past them, all are merged into one, so that a merge holds a chunk of each of at most this many. */
const MOST_RUNS = 32;

type RunLayout<T> = Pick<RangeLayout<T>, 'key' | 'encode' | 'decode'>;

interface Run {
  /** Its number in its texts' ids. */
  id: number;
  chunks: number;
}

interface Reader<T> {
  run: number;
  /** Chunks of the run not read yet. */
  next: number;
  chunks: number;
  items: T[];
  keys: string[];
  at: number;
}

/**
 * Items set aside in sorted runs (an import's scratch texts) and taken back in key order, a slice of the key
 * space at a time: an import's id-directory entries, merged into the directory once at its end. Ids are
 * hashes, so every merge into the directory rewrote nearly all of it: merged every 100,000 entries, the 1M
 * CSV read the directory back ~8 times over (bench/README.md, "Round ten").
 */
export class SortedRuns<T> {
  private runs: Run[] = [];
  private nextRun = 0;

  constructor(
    private readonly scratch: ScratchTexts,
    private readonly layout: RunLayout<T>,
    private readonly name: string
  ) {}

  get count(): number {
    return this.runs.length;
  }

  /** Writes the items as a run of their own (past MOST_RUNS runs, merges them all into one). */
  async add(items: readonly T[]): Promise<void> {
    if (!items.length) return;
    const run: Run = { id: this.nextRun++, chunks: 0 };
    await this.writeChunks(run, this.sorted(items));
    this.runs.push(run);
    if (this.runs.length >= MOST_RUNS) await this.compact();
  }

  /** Merges every run into one, written as it is read; then removes the runs merged. */
  private async compact(): Promise<void> {
    const run: Run = { id: this.nextRun++, chunks: 0 };
    let pending: T[] = [];
    for await (const slice of this.merged()) {
      // Not push(...): a slice may hold more items than a call takes arguments.
      for (const item of this.sorted(slice)) pending.push(item);
      const full = pending.length - (pending.length % RUN_CHUNK);
      await this.writeChunks(run, pending.slice(0, full));
      pending = pending.slice(full);
    }
    await this.writeChunks(run, pending);
    await this.clear();
    this.runs = [run];
  }

  /** Sorted by key; equal keys keep their order (a stable sort). */
  private sorted(items: readonly T[]): T[] {
    const keyed = items.map((item) => ({ key: this.layout.key(item), item }));
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return keyed.map((k) => k.item);
  }

  /** Appends sorted items to a run, a chunk a document. */
  private async writeChunks(run: Run, items: readonly T[]): Promise<void> {
    const docs = [];
    for (let at = 0; at < items.length; at += RUN_CHUNK) docs.push({ id: this.chunkId(run.id, run.chunks++), data: this.layout.encode(items.slice(at, at + RUN_CHUNK)) });
    if (docs.length) await this.scratch.write(docs);
  }

  /**
   * Every item of every run, in slices of at least a chunk's size (but the last): each holds the items up to
   * the lowest last key among the chunks in hand, or several such steps, so the keys of a slice lie above
   * those of the slices before it — but for a key one run holds twice, whose copies a chunk's end may split.
   * Within a slice the items are not sorted; of equal keys, those of earlier runs (earlier in the import)
   * come first, which is the copy a merge keeps. (A step alone is often a few items: those left of each
   * chunk after another run's chunk ran out; a merge of a few keys reads a directory document for each.)
   * Holds a chunk of each run at once, of at most MOST_RUNS runs.
   */
  async *merged(): AsyncGenerator<T[]> {
    const readers: Reader<T>[] = this.runs.map(({ id, chunks }) => ({ run: id, next: 0, chunks, items: [], keys: [], at: 0 }));
    let slice: T[] = [];
    for (;;) {
      const due = readers.filter((r) => r.at === r.items.length && r.next < r.chunks);
      if (due.length) {
        const found = await this.scratch.read(due.map((r) => this.chunkId(r.run, r.next)));
        for (const r of due) {
          const data = found.get(this.chunkId(r.run, r.next));
          if (data === undefined) throw new Error(`sorted runs: chunk ${r.next} of run ${r.run} of ${this.name} is missing`);
          r.items = this.layout.decode(data);
          r.keys = r.items.map((item) => this.layout.key(item));
          r.at = 0;
          r.next++;
        }
      }
      const live = readers.filter((r) => r.at < r.items.length);
      if (!live.length) break;
      let bound = live[0].keys[live[0].keys.length - 1];
      for (const r of live) if (r.keys[r.keys.length - 1] < bound) bound = r.keys[r.keys.length - 1];
      for (const r of live) for (; r.at < r.items.length && r.keys[r.at] <= bound; r.at++) slice.push(r.items[r.at]);
      if (slice.length < RUN_CHUNK) continue;
      yield slice;
      slice = [];
    }
    if (slice.length) yield slice;
  }

  /** Removes the runs' texts. */
  async clear(): Promise<void> {
    const ids = this.runs.flatMap(({ id, chunks }) => Array.from({ length: chunks }, (_, chunk) => this.chunkId(id, chunk)));
    this.runs = [];
    if (ids.length) await this.scratch.remove(ids);
  }

  private chunkId(run: number, chunk: number): string {
    return `${this.name}:${String(run).padStart(4, '0')}:${String(chunk).padStart(6, '0')}`;
  }
}
