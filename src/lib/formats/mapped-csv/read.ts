/**
 * Any CSV, read through a column mapping (see mapping.ts): the first non-empty row is the header and must be
 * the mapping's; every other row becomes one call or message, or a skip naming its line. Events get their
 * ids from their content (the pipeline's IdAssigner), so importing the file again adds nothing.
 */
import Papa from 'papaparse';
import { channelInfo, CHANNELS, type Channel } from '../../model/channels';
import { threadByCounterpart, type DraftEvent } from '../../model/event';
import { instantProblem, isStorableInstant } from '../../model/instant';
import { checkEvent } from '../../boundary/event';
import { FieldProblem } from '../../boundary/fields';
import { ImportError, type Importer, type ImportItem, type ImportOptions } from '../../import/types';
import { clockSeconds, skipItem } from '../chat/draft';
import { csvLines, type CsvRow } from '../chat/csv-rows';
import { headerKey, type CsvMapping } from './mapping';
import { TimeReader } from './time';

const byLabel = new Map<string, Channel>(CHANNELS.flatMap((c) => [c, channelInfo(c).label.en, channelInfo(c).label.zh].map((k) => [k.toLowerCase(), c] as const)));

/** The channel a cell names (its id or its English or Chinese label, any case), else 'other'. */
export function channelOfCell(cell: string): Channel {
  return byLabel.get(cell.trim().toLowerCase()) ?? 'other';
}

/** A call's length: whole seconds or [H:]MM:SS; empty is 0. NaN when it is neither. */
function durationOf(cell: string): number {
  const s = cell.trim();
  if (!s) return 0;
  return /^\d+$/.test(s) ? Number(s) : clockSeconds(s);
}

/** Turns the rows of one file into events with a mapping that was checked against the file's header. */
export class MappedRows {
  private readonly index: Map<string, number>;
  private readonly time: TimeReader;

  constructor(
    private readonly mapping: CsvMapping,
    private readonly file: string,
    timeZone: string
  ) {
    this.index = new Map();
    mapping.header.forEach((h, i) => {
      if (!this.index.has(h)) this.index.set(h, i);
    });
    this.time = new TimeReader(mapping.time.format, mapping.time.timeZone ?? timeZone);
  }

  private cell(fields: string[], column: string | null): string {
    return column === null ? '' : (fields[this.index.get(column)!] ?? '').trim();
  }

  /** The event a row stands for, or why it cannot be one. */
  event(row: CsvRow): DraftEvent | { reason: string } {
    const m = this.mapping;
    const f = row.fields;
    const timeCell = this.cell(f, m.time.column);
    const start = this.time.read(timeCell);
    if (Number.isNaN(start)) return { reason: `${m.time.column}: ${JSON.stringify(timeCell)} is not a ${m.time.format} time` };
    if (!isStorableInstant(start)) return { reason: `${m.time.column}: ${instantProblem(start)}` };
    const name = this.cell(f, m.name) || null;
    const number = this.cell(f, m.number) || null;
    if (!name && !number) return { reason: 'no counterpart: the name and number cells are empty' };
    const direction = 'fixed' in m.direction ? m.direction.fixed : m.direction.outgoing.includes(this.cell(f, m.direction.column).toLowerCase()) ? 'out' : 'in';
    const channel = 'fixed' in m.channel ? m.channel.fixed : channelOfCell(this.cell(f, m.channel.column));
    if (channel === 'phone' && !number) return { reason: 'a phone record needs a number' };
    const kind = 'fixed' in m.kind ? m.kind.fixed : m.kind.calls.includes(this.cell(f, m.kind.column).toLowerCase()) ? 'call' : 'message';
    const handle = number ?? name;
    const thread = channel === 'phone' ? null : threadByCounterpart(null, handle);
    const base = { channel, direction, handle, name, phone: number, conversation: null, thread, start, source: { format: 'mapped-csv', file: this.file, record: `line ${row.line}` } } as const;
    if (kind === 'call') {
      const durationCell = this.cell(f, m.duration);
      const durationSec = durationOf(durationCell);
      if (Number.isNaN(durationSec)) return { reason: `${m.duration}: ${JSON.stringify(durationCell)} is not a duration` };
      const status = durationSec > 0 ? 'answered' : direction === 'out' ? 'unanswered' : 'missed';
      return { ...base, kind, status, durationSec, video: false };
    }
    const body = this.cell(f, m.body);
    if (!body) return { reason: m.body === null ? 'a message needs a body column' : `${m.body}: the message is empty` };
    return { ...base, kind, body, attachments: [], transport: null };
  }
}

/** The header a file starts with must be the mapping's; otherwise the mapping was made for another file. */
function checkHeader(row: CsvRow, mapping: CsvMapping, file: string): void {
  if (headerKey(row.fields) !== headerKey(mapping.header)) {
    throw new ImportError(file, `line ${row.line}`, `the header is not the one the column mapping was made for (${mapping.header.join(', ')})`);
  }
}

/** Streams a CSV through a mapping. */
export async function* parseMappedCsv(chunks: AsyncIterable<Uint8Array>, options: ImportOptions, mapping: CsvMapping): AsyncGenerator<ImportItem[]> {
  const rows = new MappedRows(mapping, options.fileName, options.timeZone);
  let headerSeen = false;
  for await (const batch of csvLines(chunks)) {
    const items: ImportItem[] = [];
    for (const row of batch) {
      if (!headerSeen) {
        if (row.problem !== null) throw new ImportError(options.fileName, `line ${row.line}`, `not a CSV header (${row.problem})`);
        checkHeader(row, mapping, options.fileName);
        headerSeen = true;
        continue;
      }
      if (row.problem !== null) {
        items.push(skipItem(options.fileName, `line ${row.line}`, row.problem));
        continue;
      }
      const result = rows.event(row);
      items.push('reason' in result ? skipItem(options.fileName, `line ${row.line}`, result.reason) : { type: 'event', event: result });
    }
    if (items.length) yield items;
  }
  if (!headerSeen) throw new ImportError(options.fileName, null, 'empty file: no CSV header');
}

/** An importer for the files a mapping was made for: detected by their exact header. */
export function mappedCsvImporter(mapping: CsvMapping): Importer {
  const key = headerKey(mapping.header);
  return {
    format: 'mapped-csv',
    detect: (head) => {
      const first = firstRow(head);
      return first !== null && headerKey(first) === key;
    },
    parse: (chunks, options) => parseMappedCsv(chunks, options, mapping)
  };
}

/** The first row of a file's head as CSV cells, or null when the head holds no complete line. */
export function firstRow(head: string): string[] | null {
  const text = head.replace(/^\ufeff/, '');
  const end = text.search(/\r?\n/);
  if (end < 0) return null;
  return Papa.parse<string[]>(text.slice(0, end), { header: false }).data[0] ?? null;
}

export interface PreviewRow {
  line: number;
  cells: string[];
  /** Null until a mapping is given. */
  result: { event: DraftEvent } | { error: string } | null;
}

/** A row as the import will see it: the mapping's reading, then the same checks every event passes. */
function previewResult(reader: MappedRows, row: CsvRow): { event: DraftEvent } | { error: string } {
  const result = reader.event(row);
  if ('reason' in result) return { error: result.reason };
  try {
    return { event: checkEvent(result) };
  } catch (err) {
    if (err instanceof FieldProblem) return { error: `rejected: ${err.message}` };
    throw err;
  }
}

/**
 * The header and first rows of a CSV, each as the mapping reads it (or only the cells when there is no
 * mapping yet): what the mapping page shows while the user maps.
 */
export async function previewMappedCsv(
  chunks: AsyncIterable<Uint8Array>,
  fileName: string,
  timeZone: string,
  mapping: CsvMapping | null,
  limit: number
): Promise<{ header: string[]; rows: PreviewRow[] }> {
  let header: string[] | null = null;
  const rows: PreviewRow[] = [];
  let reader: MappedRows | null = null;
  outer: for await (const batch of csvLines(chunks)) {
    for (const row of batch) {
      if (!header) {
        if (row.problem !== null) throw new ImportError(fileName, `line ${row.line}`, `not a CSV header (${row.problem})`);
        header = row.fields.map((h) => h.trim().replace(/^\ufeff/, ''));
        if (mapping && headerKey(header) === headerKey(mapping.header)) reader = new MappedRows(mapping, fileName, timeZone);
        continue;
      }
      if (rows.length >= limit) break outer;
      if (row.problem !== null) rows.push({ line: row.line, cells: [], result: { error: row.problem } });
      else rows.push({ line: row.line, cells: row.fields, result: reader ? previewResult(reader, row) : null });
    }
  }
  if (!header) throw new ImportError(fileName, null, 'empty file: no CSV header');
  return { header, rows };
}
