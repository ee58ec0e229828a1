import type { EventView, TimelineQuery } from '$lib/db/backend';
import type { Cursor } from '$lib/db/timeline/page';
import { backend } from './backend';

/** A newest-first list of events for one query, loaded page by page with the backend's cursor. */
export class TimelineList {
  events = $state.raw<EventView[]>([]);
  next = $state.raw<Cursor | null>(null);
  loading = $state(false);
  /** The first page has arrived. */
  ready = $state(false);
  error = $state<string | null>(null);
  private query: TimelineQuery = {};
  private generation = 0;

  constructor(private readonly pageSize = 60) {}

  /** Starts over with a new query. */
  async reset(query: TimelineQuery): Promise<void> {
    this.query = query;
    const gen = ++this.generation;
    this.events = [];
    this.next = null;
    this.ready = false;
    this.loading = false;
    await this.fetch(null, gen);
  }

  async loadMore(): Promise<void> {
    if (!this.next || this.loading) return;
    await this.fetch(this.next, this.generation);
  }

  get hasMore(): boolean {
    return this.next !== null;
  }

  private async fetch(cursor: Cursor | null, gen: number): Promise<void> {
    this.loading = true;
    this.error = null;
    try {
      const page = await backend().timeline(this.query, cursor, this.pageSize);
      if (gen !== this.generation) return;
      this.events = cursor ? [...this.events, ...page.events] : page.events;
      this.next = page.next;
    } catch (err) {
      if (gen === this.generation) this.error = (err as Error).message;
    } finally {
      if (gen === this.generation) {
        this.loading = false;
        this.ready = true;
      }
    }
  }
}
