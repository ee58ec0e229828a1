import type { CsvRow } from '../formats/crosstalk-csv/columns';
import { eventToCsvRow } from '../formats/crosstalk-csv/write';
import type { CommEvent, DraftEvent } from '../model/event';
import { contentId } from '../model/ids';
import { writebackBody } from './rows';

/**
 * The id a record gets as the phone's own call or SMS with this number, instant, direction and body: what
 * a written-back row is when it comes back in a phone dump (SMS Backup & Restore XML, or a Crosstalk CSV
 * without our id), so its phone-record id is known before it is ever written.
 */
function phoneCopyId(kind: 'call' | 'message', direction: 'in' | 'out', number: string, start: number, body: string): string {
  const common = { channel: 'phone' as const, direction, handle: number, name: null, phone: number, conversation: null, thread: null, start, source: { format: 'crosstalk-csv' as const, file: '', record: '' } };
  const draft: DraftEvent =
    kind === 'call'
      ? { ...common, kind: 'call', status: 'answered', durationSec: 0, video: false }
      : { ...common, kind: 'message', body, attachments: [], transport: 'sms' };
  return contentId(draft);
}

/** The phone-record id of a write-back row. */
export function phoneIdOfRow(row: CsvRow): string {
  return phoneCopyId(row.kind === 'call' ? 'call' : 'message', row.direction as 'in' | 'out', row.number, Date.parse(row.start), row.body);
}

/** The phone-record id of a chat-app event read back as a Crosstalk CSV row (its number and body as written). */
export function phoneIdOfReadBack(e: CommEvent): string {
  return phoneCopyId(e.kind, e.direction, e.phone ?? e.handle ?? '', e.start, e.kind === 'message' ? e.body : '');
}

/** The phone-record ids this event can have once written back to `number` (bodies with and without the label). */
export function phoneIdsOfEvent(e: CommEvent, number: string): string[] {
  const bodies = e.kind === 'message' ? [writebackBody(e, true), writebackBody(e, false)] : [undefined];
  return bodies.map((body) => phoneIdOfRow(eventToCsvRow(e, { number, name: '', body })));
}
