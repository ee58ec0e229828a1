import type { MangoQuerySelector } from 'rxdb';
import type { CallStatus, Channel, Direction } from '../../model/event';
import type { SearchIndex } from '../../search/search-index';
import { containsAll, queryWords } from '../../search/search-text';
import type { CrosstalkDatabase } from '../store/database';
import { START_INV_BASE, type EventDoc } from '../store/schema';
import { filterFacets } from './index-event';
import { eventsAt } from './moments';

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

/** Position after the last event of a page: newest-first order is (startInv, id) ascending. */
export interface Cursor {
  startInv: number;
  id: string;
}

export interface TimelinePage {
  events: EventDoc[];
  next: Cursor | null;
}

function selectorFor(f: TimelineFilter, cursor: Cursor | null): MangoQuerySelector<EventDoc> {
  const sel: MangoQuerySelector<EventDoc> = {};
  const startInv: Record<string, number> = {};
  if (cursor) startInv.$gte = cursor.startInv;
  if (f.to !== undefined) startInv.$gte = Math.max(startInv.$gte ?? 0, START_INV_BASE - f.to);
  if (f.from !== undefined) startInv.$lte = START_INV_BASE - f.from;
  sel.startInv = Object.keys(startInv).length ? startInv : { $gte: 0 };
  if (f.channels?.length) sel.channel = { $in: f.channels };
  if (f.kinds?.length) sel.kind = { $in: f.kinds };
  if (f.directions?.length) sel.direction = { $in: f.directions };
  if (f.statuses?.length) sel.status = { $in: f.statuses };
  return sel;
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

async function queryPage(db: CrosstalkDatabase, selector: MangoQuerySelector<EventDoc>, cursor: Cursor | null, limit: number) {
  // Ties on startInv at the cursor are re-read and dropped, so ask for as many extra as could be dropped.
  const docs = await db.events
    .find({ selector, sort: [{ startInv: 'asc' }, { id: 'asc' }], limit: limit + 50 })
    .exec();
  return docs.map((d) => d.toJSON() as EventDoc).filter((e) => afterCursor(e, cursor));
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
    const perParty = await Promise.all(
      filter.parties.map((party) => queryPage(db, { ...selectorFor(filter, cursor), party }, cursor, limit))
    );
    events = perParty.flat().sort(compareNewestFirst);
  } else {
    events = await queryPage(db, selectorFor(filter, cursor), cursor, limit);
  }
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
  const low = Math.max(cursor?.startInv ?? 0, filter.to !== undefined ? START_INV_BASE - filter.to : 0);
  const high = filter.from !== undefined ? START_INV_BASE - filter.from : Infinity;
  const text = filter.text ?? '';
  const moments = (await search.search(text, low, high, filterFacets(filter)))[Symbol.iterator]();
  const words = queryWords(text);
  const hits: EventDoc[] = [];
  while (hits.length < limit) {
    // Each candidate moment holds at least one event, so ask for as many as the page still lacks.
    const batch = take(moments, Math.max(limit - hits.length, MIN_SEARCH_BATCH));
    if (!batch.length) break;
    for (const e of await eventsAt(db, batch)) if (afterCursor(e, cursor) && matchesFilter(e, filter) && containsAll(e, words)) hits.push(e);
  }
  return hits;
}
