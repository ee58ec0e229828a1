import { Index } from 'flexsearch';
import { tokenize } from './tokenize';

/**
 * The full-text index over message bodies, keyed by each event's `startInv` (its instant, inverted): an id
 * is a moment, and events sharing a moment share it (their texts are appended). So hits sort into timeline
 * order and fall into a date range without touching the database, and only the page being shown is read,
 * by an index lookup on startInv. Exact substring checking happens after lookup (the caller compares the
 * query with the stored body), so bigram coincidences never show as hits.
 */
export class SearchIndex {
  private index = SearchIndex.create();

  private static create() {
    return new Index({ tokenize: 'strict', encode: tokenize, cache: false, resolution: 1 });
  }

  add(moment: number, text: string): void {
    if (text) this.index.append(moment, text);
  }

  remove(moment: number): void {
    this.index.remove(moment);
  }

  clear(): void {
    this.index = SearchIndex.create();
  }

  /** Moments (startInv) with text holding every token of the query, newest first. */
  search(query: string, limit = 1_000_000): number[] {
    if (!tokenize(query).length) return [];
    return (this.index.search(query, { limit }) as number[]).sort((a, b) => a - b);
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
