import type { Association } from '../../association/associate';
import { timelineCsvHeader, timelineCsvLine } from '../../formats/timeline-csv/write';
import type { SearchIndex } from '../../search/search-index';
import type { CrosstalkDatabase } from '../store/database';
import type { EventDoc } from '../store/schema';
import { timelinePage, type Cursor, type TimelineFilter } from './page';
import { frontPage } from './front-page';
import { mark } from '../marks';

/** A timeline filter as the UI states it: a person instead of their parties. */
export interface TimelineQuery extends Omit<TimelineFilter, 'parties'> {
  person?: string;
}

export type EventView = EventDoc & { person: { id: string; name: string } | null };

export interface TimelineResult {
  events: EventView[];
  next: Cursor | null;
}

/** One page of the timeline, each event with the person it belongs to. */
export async function timelineView(
  db: CrosstalkDatabase,
  search: () => Promise<SearchIndex>,
  associated: Promise<Association>,
  query: TimelineQuery,
  cursor: Cursor | null,
  limit: number
): Promise<TimelineResult> {
  const { person, ...rest } = query;
  const filter: TimelineFilter = { ...rest };
  if (person) filter.parties = (await associated).people.find((p) => p.id === person)?.parties ?? [];
  // Without a person the page does not depend on the association: it is read meanwhile.
  const [association, { events: docs, next }] = await Promise.all([
    associated.then((a) => (mark('association'), a)),
    frontPage(db, filter, cursor, limit)
      .then((kept) => kept ?? timelinePage(db, search, filter, cursor, limit))
      .then((p) => (mark('first page read'), p))
  ]);
  const people = new Map(association.people.map((p) => [p.id, p]));
  const events = docs.map((e) => {
    const p = people.get(association.personOfParty.get(e.party) ?? '');
    return { ...e, person: p ? { id: p.id, name: p.name } : null };
  });
  return { events, next };
}

/** Every event of a query, newest first, as a spreadsheet-safe CSV, read a page at a time. */
export async function timelineCsvFile(
  page: (cursor: Cursor | null) => Promise<TimelineResult>,
  timeZone: string
): Promise<{ fileName: string; blob: Blob; rows: number }> {
  const parts = [timelineCsvHeader()];
  let cursor: Cursor | null = null;
  let rows = 0;
  do {
    const result: TimelineResult = await page(cursor);
    for (const e of result.events) parts.push(timelineCsvLine(e, e.person?.name ?? null, timeZone));
    rows += result.events.length;
    cursor = result.next;
  } while (cursor);
  const stamp = new Date().toISOString().slice(0, 10);
  return { fileName: `crosstalk-timeline-${stamp}.csv`, blob: new Blob(parts, { type: 'text/csv;charset=utf-8' }), rows };
}
