import { channelName } from '../../model/channels';
import type { CommEvent } from '../../model/event';
import { csvLine, neutralisedCsvLine } from '../csv-field';

/** A human-readable CSV of a (filtered) timeline, for spreadsheets: cells a spreadsheet would run as a formula are neutralised. */

export const TIMELINE_COLUMNS = ['time', 'person', 'app', 'kind', 'direction', 'status', 'duration_sec', 'number', 'handle', 'text', 'attachments'];

function localTime(ms: number, timeZone: string): string {
  // sv-SE formats as "2026-10-20 09:00:05", which every spreadsheet reads as a date.
  return new Date(ms).toLocaleString('sv-SE', { timeZone, hour12: false });
}

export function timelineCsvHeader(): string {
  return '\ufeff' + csvLine(TIMELINE_COLUMNS);
}

export function timelineCsvLine(e: CommEvent, person: string | null, timeZone: string): string {
  const isCall = e.kind === 'call';
  const cells = [
    localTime(e.start, timeZone),
    person ?? '',
    channelName(e.channel),
    e.kind,
    e.direction,
    isCall ? e.status : '',
    isCall ? String(e.durationSec) : '',
    e.phone ?? '',
    e.handle ?? '',
    isCall ? '' : e.body,
    isCall ? '' : e.attachments.map((a) => a.name || a.type).join('; ')
  ];
  return neutralisedCsvLine(cells);
}
