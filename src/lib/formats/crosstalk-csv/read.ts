import { CALL_STATUSES, threadByCounterpart, type Attachment, type CallStatus, type DraftEvent } from '../../model/event';
import { isChannel } from '../../model/channels';
import { isoInstant } from '../../model/instant';
import { CSV_COLUMNS, CSV_VERSION, MESSAGE_STATUSES, type CsvColumn } from './columns';
import { restoreCell } from '../csv-field';
import { csvRecords, CsvProblem, CsvRecordReader } from '../csv-records';
import { decodeText } from '../../util/text-stream';
import { ImportError, type ImportItem, type Importer, type ImportOptions } from '../../import/types';

/** Where each column sits in a record; -1 when the header lacks it. */
type Columns = Record<CsvColumn, number>;

const REQUIRED: CsvColumn[] = ['v', 'channel', 'kind', 'direction', 'start'];
/** Without a `v` column, a header of exactly the documented columns is version 1. */
const VERSIONLESS = CSV_COLUMNS.filter((c) => c !== 'v');

function headerNames(fields: string[]): string[] {
  return fields.map((name, i) => (i === 0 ? name.replace(/^\ufeff/, '') : name).trim());
}

/** Null when the header is fine; else what is wrong with it. */
function headerProblem(names: string[]): string | null {
  if (!names.includes('v') && names.length === VERSIONLESS.length && VERSIONLESS.every((c) => names.includes(c))) return null;
  const missing = REQUIRED.filter((c) => !names.includes(c));
  return missing.length ? `not a Crosstalk CSV v1 header (missing ${missing.join(', ')})` : null;
}

function readHeader(fields: string[], file: string): Columns {
  const names = headerNames(fields);
  const problem = headerProblem(names);
  if (problem) throw new ImportError(file, 'line 1', problem);
  const cols = {} as Columns;
  for (const c of CSV_COLUMNS) cols[c] = names.indexOf(c);
  return cols;
}

/** A cell as written before spreadsheet neutralisation (see csv-field.ts); '' for a column the file lacks. */
const at = (fields: string[], i: number): string => (i < 0 ? '' : restoreCell(fields[i] ?? ''));

const DIGITS = /^\d+$/;

function attachmentsOf(text: string): Attachment[] | null {
  if (!text) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? (parsed as Attachment[]) : null;
  } catch {
    return null;
  }
}

/** The event of one record, or why the record is skipped. */
function rowToEvent(fields: string[], cols: Columns, file: string, where: string): DraftEvent | string {
  const v = cols.v < 0 ? CSV_VERSION : at(fields, cols.v);
  if (v !== CSV_VERSION) return `unknown format version v=${JSON.stringify(v)}`;
  const channel = at(fields, cols.channel);
  if (!isChannel(channel)) return `unknown channel ${JSON.stringify(channel)}`;
  const direction = at(fields, cols.direction);
  if (direction !== 'in' && direction !== 'out') return `direction must be in or out, not ${JSON.stringify(direction)}`;
  const start = isoInstant(at(fields, cols.start));
  if (typeof start === 'string') return `bad start: ${start}`;
  const phone = at(fields, cols.number).trim() || null;
  const name = at(fields, cols.name) || null;
  const source = { format: 'crosstalk-csv' as const, file, record: where };
  const thread = channel === 'phone' ? null : threadByCounterpart(null, phone);
  const kind = at(fields, cols.kind);
  const status = at(fields, cols.status);
  if (kind === 'call') {
    if (!CALL_STATUSES.includes(status as CallStatus)) return `unknown call status ${JSON.stringify(status)}`;
    const durationText = at(fields, cols.duration_sec) || '0';
    if (!DIGITS.test(durationText)) return `bad duration_sec ${JSON.stringify(durationText)}`;
    const video = at(fields, cols.video) === '1';
    return { kind: 'call', channel, direction, handle: phone, name, phone, conversation: null, thread, start, source, status: status as CallStatus, durationSec: Number(durationText), video };
  }
  if (kind !== 'sms' && kind !== 'mms') return `unknown kind ${JSON.stringify(kind)}`;
  if (status && !(MESSAGE_STATUSES as readonly string[]).includes(status)) return `unknown message status ${JSON.stringify(status)}`;
  if (status === 'draft') return 'draft (never sent)';
  const attachments = attachmentsOf(at(fields, cols.attachments));
  if (!attachments) return 'attachments is not a JSON array';
  const body = at(fields, cols.body);
  const transport = channel === 'phone' ? kind : null;
  return { kind: 'message', channel, direction, handle: phone, name, phone, conversation: null, thread, start, source, body, attachments, transport };
}

export const crosstalkCsvImporter: Importer = {
  format: 'crosstalk-csv',
  detect(head) {
    const reader = new CsvRecordReader();
    const line = head.replace(/^\ufeff/, '').split(/\r?\n/, 1)[0];
    const [first] = reader.push(line + '\n');
    return Array.isArray(first) && headerProblem(headerNames(first)) === null;
  },
  async *parse(chunks, options) {
    const file = options.fileName;
    let columns: Columns | null = null;
    let record = 0;
    for await (const records of csvRecords(decodeText(chunks))) {
      const items: ImportItem[] = [];
      for (const fields of records) {
        if (!columns) {
          if (fields instanceof CsvProblem) throw new ImportError(file, 'line 1', `not a Crosstalk CSV v1 header (${fields.reason})`);
          columns = readHeader(fields, file);
          continue;
        }
        const where = `record ${++record}`;
        const result = fields instanceof CsvProblem ? fields.reason : rowToEvent(fields, columns, file, where);
        if (typeof result === 'string') {
          items.push({ type: 'skip', skip: { file, where, reason: result } });
          continue;
        }
        const id = at(fields as string[], columns.crosstalk_id);
        if (!id) {
          items.push({ type: 'event', event: result });
          continue;
        }
        items.push({ type: 'event', event: result, id });
        // A row the phone exporter read from the phone (it names its provider row) is on the phone. Our id on
        // it is a claim: the app believes it only when a write-back mark vouches for the row (see import).
        if (at(fields as string[], columns.source_id)) items.push({ type: 'sync', record: { kind: 'on-phone', id } });
      }
      if (items.length) yield items;
    }
    if (!columns) throw new ImportError(file, null, 'empty file: no Crosstalk CSV header');
  }
};
