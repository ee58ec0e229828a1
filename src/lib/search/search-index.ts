import { Index } from 'flexsearch';
import { tokenize } from './tokenize';

/**
 * The full-text index over message bodies, keyed by each event's integer `seq`. Exact substring checking
 * happens after lookup (the caller compares the query with the stored body), so bigram coincidences never
 * show as hits.
 */
export class SearchIndex {
  private index = SearchIndex.create();

  private static create() {
    return new Index({ tokenize: 'strict', encode: tokenize, cache: false, resolution: 1 });
  }

  add(seq: number, text: string): void {
    if (text) this.index.add(seq, text);
  }

  remove(seq: number): void {
    this.index.remove(seq);
  }

  clear(): void {
    this.index = SearchIndex.create();
  }

  /** Seqs whose text holds every token of the query (unordered; the caller sorts). */
  search(query: string, limit = 100_000): number[] {
    if (!tokenize(query).length) return [];
    return this.index.search(query, { limit }) as number[];
  }

  async exportChunks(): Promise<{ key: string; data: string }[]> {
    const chunks: { key: string; data: string }[] = [];
    await this.index.export((key: string, data: string) => {
      chunks.push({ key: String(key), data });
    });
    return chunks;
  }

  importChunks(chunks: { key: string; data: string }[]): void {
    this.clear();
    for (const c of chunks) this.index.import(c.key, c.data);
  }
}
