import type { EventView, TimelineQuery, TimelineResult } from '$lib/db/backend';
import type { Cursor } from '$lib/db/timeline/page';
import { app } from './app-state.svelte';
import { backend } from './backend';

const PAGE_SIZE = 60;

/** The whole timeline's newest page, asked for before the route that shows it has loaded (see `askFirstPage`). */
let early: { version: number; page: Promise<TimelineResult> } | null = null;

/**
 * Asks the data worker for the newest page of the whole timeline now (the client `init` hook, beside the
 * settings read), so it is read as soon as the database is open, not after the route's code has loaded and
 * mounted. The first list that shows that page, for the same data version, takes it; a failed one is asked
 * for again.
 */
export function askFirstPage(): void {
  early = { version: app.version, page: backend().timeline({}, null, PAGE_SIZE) };
  early.page.catch(() => {});
}

function takeEarly(query: TimelineQuery, cursor: Cursor | null, limit: number): Promise<TimelineResult | null> | null {
  const taken = early;
  if (!taken || cursor || limit !== PAGE_SIZE || Object.keys(query).length) return null;
  early = null;
  return taken.version === app.version ? taken.page.catch(() => null) : null;
}

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

  constructor(private readonly pageSize = PAGE_SIZE) {}

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
      const page = (await takeEarly(query, cursor, this.pageSize)) ?? (await backend().timeline(query, cursor, this.pageSize));
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
