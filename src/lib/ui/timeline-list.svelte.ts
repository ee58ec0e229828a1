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
  /** The query shown; rows highlight its text. */
  query = $state.raw<TimelineQuery>({});
  /** After a jump past what was loaded, the list starts at this instant instead of at the newest event. */
  startsAt = $state<number | null>(null);
  /** The event a jump landed on, for the view to bring to the top (a new object for every jump). */
  target = $state.raw<{ id: string } | null>(null);
  private generation = 0;

  constructor(private readonly pageSize = 60) {}

  /** Starts over with a new query. */
  async reset(query: TimelineQuery): Promise<void> {
    this.query = query;
    await this.restart(null);
  }

  /**
   * Brings the newest event at or before `instant` to the top: scrolled to when it is loaded already, else the
   * list starts over from there (`startsAt`; `reset` returns to the newest).
   */
  async jumpTo(instant: number): Promise<void> {
    const loaded = this.events.find((e) => e.start <= instant);
    if (loaded) {
      this.target = { id: loaded.id };
      return;
    }
    const gen = await this.restart(instant);
    if (gen === this.generation && this.events.length) this.target = { id: this.events[0].id };
  }

  async loadMore(): Promise<void> {
    if (!this.next || this.loading) return;
    await this.fetch(this.next, this.generation);
  }

  get hasMore(): boolean {
    return this.next !== null;
  }

  private async restart(startsAt: number | null): Promise<number> {
    const gen = ++this.generation;
    this.startsAt = startsAt;
    this.events = [];
    this.next = null;
    this.ready = false;
    this.loading = false;
    this.target = null;
    await this.fetch(null, gen);
    return gen;
  }

  private async fetch(cursor: Cursor | null, gen: number): Promise<void> {
    this.loading = true;
    this.error = null;
    const query = this.startsAt === null ? this.query : { ...this.query, to: Math.min(this.query.to ?? Infinity, this.startsAt) };
    try {
      const page = await backend().timeline(query, cursor, this.pageSize);
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
