import type { CrosstalkDatabase } from '../store/database';
import { eventsOf } from '../store/event-packs';
import type { EventDoc, TextDoc } from '../store/schema';
import { pageOf, type Cursor, type TimelineFilter, type TimelinePage } from './page';

/**
 * The whole timeline's newest events, kept in the snapshots collection: what the app shows first on every
 * start, read as one document instead of the moment directory and the packs it names (the longest step
 * before the first row at 1M: bench/README.md, "Round twelve"). Written by each import that stores or marks
 * events, through its journal (a rollback brings back the one before); imports are the only writers of
 * events once an earlier release's have been moved into packs, which happens before any import may run. A
 * read never writes it, so a page read while an import runs cannot outlive that import.
 */
export const FRONT_PAGE = 'front-page';

/** Events kept: a first page of up to this many is answered from them (the app asks for 60). */
const KEPT = 100;
const FORMAT = 1;

/** The front page as of what is stored now (an import's last step, before its commit). */
export async function frontPageDoc(db: CrosstalkDatabase): Promise<TextDoc> {
  const events = await eventsOf(db).newest({ low: 0, high: Infinity }, null, KEPT);
  return { id: FRONT_PAGE, data: JSON.stringify({ format: FORMAT, events }) };
}

/** Whether the filter selects every event (no text, facet, person or date). */
function wholeTimeline(f: TimelineFilter): boolean {
  return !f.text?.trim() && !f.parties && !f.channels?.length && !f.kinds?.length && !f.directions?.length && !f.statuses?.length && f.from === undefined && f.to === undefined;
}

/** The page from the front page when it answers this request and is stored; else null (read the store). */
export async function frontPage(db: CrosstalkDatabase, filter: TimelineFilter, cursor: Cursor | null, limit: number): Promise<TimelinePage | null> {
  if (cursor || !wholeTimeline(filter) || !(limit >= 1 && limit <= KEPT)) return null;
  const doc = await db.snapshots.findOne(FRONT_PAGE).exec();
  if (!doc) return null;
  let stored: { format?: unknown; events?: unknown };
  try {
    stored = JSON.parse(doc.data);
  } catch {
    return null;
  }
  return stored.format === FORMAT && Array.isArray(stored.events) ? pageOf(stored.events as EventDoc[], limit) : null;
}
