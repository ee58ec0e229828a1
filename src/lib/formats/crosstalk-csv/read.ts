import Papa from 'papaparse';
import { CALL_STATUSES, type CallStatus, type Direction, type DraftEvent } from '../../model/event';
import { isChannel } from '../../model/channels';
import { isoInstant } from '../../model/instant';
import { CSV_COLUMNS, CSV_VERSION, MESSAGE_STATUSES, type CsvColumn } from './columns';
import { restoreCell } from '../csv-field';
import { decodeText } from '../../util/text-stream';
import { ImportError, type ImportItem, type Importer, type ImportOptions } from '../../import/types';

/**
 * Splits a CSV text stream into runs of complete records: a run ends at the last line break that lies
 * outside quotes, so papaparse never sees half a record.
 */
export async function* completeRecords(texts: AsyncIterable<string>): AsyncGenerator<string> {
  let buf = '';
  let scanned = 0;
  let inQuotes = false;
  for await (const text of texts) {
    buf += text;
    let boundary = -1;
    for (let i = scanned; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (c === 34 /* " */) inQuotes = !inQuotes;
      else if (c === 10 /* \n */ && !inQuotes) boundary = i;
    }
    scanned = buf.length;
    if (boundary >= 0) {
      yield buf.slice(0, boundary + 1);
      buf = buf.slice(boundary + 1);
      scanned = buf.length;
    }
  }
  if (buf.trim()) yield buf;
}

type Columns = Partial<Record<CsvColumn, number>>;

const REQUIRED: CsvColumn[] = ['v', 'channel', 'kind', 'direction', 'start'];

function readHeader(fields: string[], file: string): Columns {
  const cols: Columns = {};
  fields.forEach((name, i) => {
    const n = name.trim().replace(/^\ufeff/, '') as CsvColumn;
    if ((CSV_COLUMNS as readonly string[]).includes(n)) cols[n] = i;
  });
  const missing = REQUIRED.filter((c) => cols[c] === undefined);
  if (missing.length) throw new ImportError(file, 'line 1', `not a Crosstalk CSV v1 header (missing ${missing.join(', ')})`);
  return cols;
}

type RowResult = { event: DraftEvent; id: string | null } | { reason: string };

function rowToEvent(cell: (c: CsvColumn) => string, options: ImportOptions): RowResult {
  const v = cell('v');
  if (v !== CSV_VERSION) return { reason: `unknown format version v=${JSON.stringify(v)}` };
  const channel = cell('channel');
  if (!isChannel(channel)) return { reason: `unknown channel ${JSON.stringify(cell('channel'))}` };
  const direction = cell('direction') as Direction;
  if (direction !== 'in' && direction !== 'out') return { reason: `direction must be in or out, not ${JSON.stringify(direction)}` };
  const start = isoInstant(cell('start'));
  if (typeof start === 'string') return { reason: `bad start: ${start}` };
  const number = cell('number').trim() || null;
  const base = {
    channel,
    direction,
    handle: number,
    name: cell('name') || null,
    phone: number,
    conversation: null,
    start,
    source: { format: 'crosstalk-csv' as const, file: options.fileName, record: '' }
  };
  const kind = cell('kind');
  const status = cell('status');
  const id = cell('crosstalk_id') || null;
  if (kind === 'call') {
    if (!CALL_STATUSES.includes(status as CallStatus)) return { reason: `unknown call status ${JSON.stringify(status)}` };
    const durationText = cell('duration_sec') || '0';
    if (!/^\d+$/.test(durationText)) return { reason: `bad duration_sec ${JSON.stringify(durationText)}` };
    const event: DraftEvent = { ...base, kind: 'call', status: status as CallStatus, durationSec: Number(durationText), video: cell('video') === '1' };
    return { event, id };
  }
  if (kind !== 'sms' && kind !== 'mms') return { reason: `unknown kind ${JSON.stringify(kind)}` };
  if (status && !(MESSAGE_STATUSES as readonly string[]).includes(status)) return { reason: `unknown message status ${JSON.stringify(status)}` };
  if (status === 'draft') return { reason: 'draft (never sent)' };
  let attachments: { name: string; type: string }[] = [];
  const rawAttachments = cell('attachments');
  if (rawAttachments) {
    try {
      attachments = JSON.parse(rawAttachments);
      if (!Array.isArray(attachments)) throw new Error();
    } catch {
      return { reason: 'attachments is not a JSON array' };
    }
  }
  const event: DraftEvent = {
    ...base,
    kind: 'message',
    body: cell('body'),
    attachments,
    transport: channel === 'phone' ? kind : null
  };
  return { event, id };
}

export const crosstalkCsvImporter: Importer = {
  format: 'crosstalk-csv',
  detect(head) {
    const first = head.replace(/^\ufeff/, '').split(/\r?\n/, 1)[0];
    const names = first.split(',').map((s) => s.trim());
    return REQUIRED.every((c) => names.includes(c));
  },
  async *parse(chunks, options) {
    let columns: Columns | null = null;
    let record = 0;
    let newline: '\r\n' | '\n' | undefined;
    for await (const text of completeRecords(decodeText(chunks))) {
      newline ??= /^[^\n]*\r\n/.test(text) ? '\r\n' : '\n';
      const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: true, newline });
      const items: ImportItem[] = [];
      for (const fields of parsed.data) {
        if (!columns) {
          columns = readHeader(fields, options.fileName);
          continue;
        }
        record++;
        const cols = columns;
        const result = rowToEvent((c) => (cols[c] === undefined ? '' : restoreCell(fields[cols[c]!] ?? '')), options);
        const where = `record ${record}`;
        if ('reason' in result) items.push({ type: 'skip', skip: { file: options.fileName, where, reason: result.reason } });
        else {
          result.event.source.record = where;
          items.push(result.id ? { type: 'event', event: result.event, id: result.id } : { type: 'event', event: result.event });
          // A row the phone exporter read from the phone (it names its provider row) is on the phone.
          if (result.id && cols.source_id !== undefined && fields[cols.source_id]) items.push({ type: 'sync', record: { kind: 'on-phone', id: result.id } });
        }
      }
      if (items.length) yield items;
    }
    if (!columns) throw new ImportError(options.fileName, null, 'empty file: no Crosstalk CSV header');
  }
};
