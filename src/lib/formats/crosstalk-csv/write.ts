import type { CommEvent } from '../../model/event';
import { CSV_COLUMNS, CSV_VERSION, type CsvRow } from './columns';
import { csvLine, neutralisedCsvLine } from '../csv-field';

export const CSV_HEADER = csvLine(CSV_COLUMNS);

/** One row, formula-neutralised (docs/crosstalk-csv-v1.md; the readers restore the cells). */
export function csvRowLine(row: CsvRow): string {
  return neutralisedCsvLine(CSV_COLUMNS.map((c) => row[c]));
}

export interface RowOverrides {
  /** The number to write (write-back sets write the person's E.164 number). */
  number?: string;
  name?: string;
  body?: string;
}

/** One event as a Crosstalk CSV row. Chat-app rows carry their Crosstalk id so the phone can hand them back. */
export function eventToCsvRow(e: CommEvent, overrides: RowOverrides = {}): CsvRow {
  const isCall = e.kind === 'call';
  return {
    v: CSV_VERSION,
    channel: e.channel,
    kind: isCall ? 'call' : e.transport === 'mms' ? 'mms' : 'sms',
    direction: e.direction,
    status: isCall ? e.status : e.direction === 'in' ? 'received' : 'sent',
    number: overrides.number ?? e.phone ?? (e.channel === 'phone' ? e.handle ?? '' : ''),
    name: overrides.name ?? e.name ?? '',
    start: new Date(e.start).toISOString(),
    duration_sec: isCall ? String(e.durationSec) : '',
    video: isCall ? (e.video ? '1' : '0') : '',
    body: overrides.body ?? (isCall ? '' : e.body),
    attachments: !isCall && e.attachments.length ? JSON.stringify(e.attachments) : '',
    crosstalk_id: e.channel === 'phone' ? '' : e.id,
    source_id: ''
  };
}
