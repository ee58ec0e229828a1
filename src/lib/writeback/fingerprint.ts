import type { CsvRow } from '../formats/crosstalk-csv/columns';
import type { DraftEvent } from '../model/event';
import { contentId } from '../model/ids';

/**
 * The id a written-back row will have when it comes back in a phone dump (SMS Backup & Restore XML, or a
 * Crosstalk CSV without our id): it is then a phone call or SMS with the same number, instant, direction
 * and body — so its phone-record id is known before it is ever written.
 */
export function phoneIdOfRow(row: CsvRow): string {
  const common = {
    channel: 'phone' as const,
    direction: row.direction as 'in' | 'out',
    handle: row.number,
    name: null,
    phone: row.number,
    conversation: null,
    start: Date.parse(row.start),
    source: { format: 'crosstalk-csv' as const, file: '', record: '' }
  };
  const draft: DraftEvent =
    row.kind === 'call'
      ? { ...common, kind: 'call', status: 'answered', durationSec: Number(row.duration_sec || 0), video: row.video === '1' }
      : { ...common, kind: 'message', body: row.body, attachments: [], transport: 'sms' };
  return contentId(draft);
}
