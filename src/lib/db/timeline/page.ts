import type { CallStatus, Channel, Direction } from '../../model/event';
import type { SearchIndex } from '../../search/search-index';
import { containsAll, queryWords } from '../../search/search-text';
import type { CrosstalkDatabase } from '../store/database';
import { START_INV_BASE, type EventDoc } from '../store/schema';
import { filterFacets } from './index-event';
import { eventsOf } from '../store/event-packs';
import type { Cursor, MomentRange } from '../store/event-store';

export interface TimelineFilter {
  /** Parties of the selected person (resolved by the caller from the association). */
  parties?: string[];
  channels?: Channel[];
  kinds?: ('call' | 'message')[];
  directions?: Direction[];
  statuses?: CallStatus[];
  /** Inclusive bounds, ms since epoch. */
  from?: number;
  to?: number;
  text?: string;
}

export type { Cursor };

export interface TimelinePage {
  events: EventDoc[];
  next: Cursor | null;
}

/** The timeline's bounds on startInv for a filter's dates, after a cursor. */
function momentRange(f: TimelineFilter): MomentRange {
  return {
    low: f.to !== undefined ? Math.max(0, START_INV_BASE - f.to) : 0,
    high: f.from !== undefined ? START_INV_BASE - f.from : Infinity
  };
}

function afterCursor(e: EventDoc, cursor: Cursor | null): boolean {
  return !cursor || e.startInv > cursor.startInv || (e.startInv === cursor.startInv && e.id > cursor.id);
}

function compareNewestFirst(a: EventDoc, b: EventDoc): number {
  return a.startInv - b.startInv || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function matchesFilter(e: EventDoc, f: TimelineFilter): boolean {
  if (f.parties && !f.parties.includes(e.party)) return false;
  if (f.channels?.length && !f.channels.includes(e.channel)) return false;
  if (f.kinds?.length && !f.kinds.includes(e.kind)) return false;
  if (f.directions?.length && !f.directions.includes(e.direction)) return false;
  if (f.statuses?.length && (e.kind !== 'call' || !f.statuses.includes(e.status))) return false;
  if (f.from !== undefined && e.start < f.from) return false;
  if (f.to !== undefined && e.start > f.to) return false;
  return true;
}

/** Filters the search index answers from its facets (a person alone is read from the party index). */
function selectsFacets(f: TimelineFilter): boolean {
  return !!(f.channels?.length || f.kinds?.length || f.directions?.length || f.statuses?.length);
}

/**
 * One page of the timeline, newest first, filtered. A text query or a channel, kind, direction or status
 * filter is answered from the search index (its facets), then each hit is checked against the filter.
 */
export async function timelinePage(
  db: CrosstalkDatabase,
  /** Only a text query or a facet filter needs the search index, so only then is it loaded. */
  search: () => Promise<SearchIndex>,
  filter: TimelineFilter,
  cursor: Cursor | null,
  limit: number
): Promise<TimelinePage> {
  let events: EventDoc[];
  if (filter.text?.trim() || selectsFacets(filter)) {
    events = await indexHits(db, await search(), filter, cursor, limit);
  } else if (filter.parties) {
    const perParty = await Promise.all(filter.parties.map((party) => eventsOf(db).ofParty(party, momentRange(filter), cursor, limit)));
    events = perParty.flat().sort(compareNewestFirst);
  } else {
    events = await eventsOf(db).newest(momentRange(filter), cursor, limit);
  }
  return pageOf(events, limit);
}

/** The first `limit` of events in timeline order, with the cursor to the next page when there may be one. */
export function pageOf(events: EventDoc[], limit: number): TimelinePage {
  const page = events.slice(0, limit);
  const last = page[page.length - 1];
  return { events: page, next: page.length === limit && last ? { startInv: last.startInv, id: last.id } : null };
}

function take<T>(from: Iterator<T>, n: number): T[] {
  const out: T[] = [];
  for (let next; out.length < n && !(next = from.next()).done; ) out.push(next.value);
  return out;
}

/** Candidate moments are read at least this many at a time. */
const MIN_SEARCH_BATCH = 16;

/** The events of the index's candidate moments that match the filter and hold the query's words, in order. */
async function indexHits(
  db: CrosstalkDatabase,
  search: SearchIndex,
  filter: TimelineFilter,
  cursor: Cursor | null,
  limit: number
): Promise<EventDoc[]> {
  const range = momentRange(filter);
  const low = Math.max(cursor?.startInv ?? 0, range.low);
  const high = range.high;
  const text = filter.text ?? '';
  const moments = (await search.search(text, low, high, filterFacets(filter)))[Symbol.iterator]();
  const words = queryWords(text);
  const hits: EventDoc[] = [];
  while (hits.length < limit) {
    // Each candidate moment holds at least one event, so ask for as many as the page still lacks.
    const batch = take(moments, Math.max(limit - hits.length, MIN_SEARCH_BATCH));
    if (!batch.length) break;
    for (const e of await eventsOf(db).atMoments(batch)) if (afterCursor(e, cursor) && matchesFilter(e, filter) && containsAll(e, words)) hits.push(e);
  }
  return hits;
}
