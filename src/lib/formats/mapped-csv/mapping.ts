/**
 * A column mapping: how to read a CSV no importer knows (a spreadsheet, another tool's export). Columns are
 * named by their header cell, so a saved mapping reads as what it does and applies to every file with the
 * same header. Mappings come from the user, a saved preset, a synced copy or a `--mapping` file: each is
 * checked here before use.
 */
import { CHANNELS, type Channel } from '../../model/channels';
import type { Direction } from '../../model/event';
import { isValidTimeZone } from '../../util/zoned-time';
import { FieldProblem, list, nullableText, object, oneOf, text, textItem, type Fields } from '../../boundary/fields';

/** iso: 2026-03-01T14:05:00[Z|+08:00]; epoch seconds or milliseconds; dates with the year first or last. */
export const TIME_FORMATS = ['iso', 'epoch-s', 'epoch-ms', 'ymd', 'dmy', 'mdy'] as const;
export type TimeFormat = (typeof TIME_FORMATS)[number];

export interface CsvMapping {
  /** The header row of the files the mapping reads (cells trimmed). */
  header: string[];
  /** Local times (formats without an offset) are read in `timeZone`, or in the import's zone when null. */
  time: { column: string; format: TimeFormat; timeZone: string | null };
  /** A column whose listed values (case-insensitive) mean the owner sent it, or one direction for every row. */
  direction: { column: string; outgoing: string[] } | { fixed: Direction };
  /** The counterpart's name and number columns; at least one is set. */
  name: string | null;
  number: string | null;
  /** A column holding app names (a registry id or label; anything else is 'other'), or one channel. */
  channel: { column: string } | { fixed: Channel };
  body: string | null;
  /** A column whose listed values mean a call (others are messages), or one kind for every row. */
  kind: { column: string; calls: string[] } | { fixed: 'message' | 'call' };
  /** Seconds, or [H:]MM:SS. */
  duration: string | null;
}

const MAX_COLUMNS = 500;
const MAX_CELL = 200;
const MAX_VALUES = 50;

/** The key presets are found by: the header's trimmed cells. */
export function headerKey(header: readonly string[]): string {
  return JSON.stringify(header.map((h) => h.trim().replace(/^\ufeff/, '')));
}

function column(o: Fields, key: string, header: readonly string[]): string {
  const name = text(o, key, MAX_CELL);
  if (!header.includes(name)) throw new FieldProblem(`${key} column ${JSON.stringify(name)} is not in the header`);
  return name;
}

function optionalColumn(o: Fields, key: string, header: readonly string[]): string | null {
  return nullableText(o, key, MAX_CELL) === null ? null : column(o, key, header);
}

function values(o: Fields, key: string): string[] {
  return list(o, key, MAX_VALUES, (v, i) => (v === '' ? '' : textItem(v, `${key}[${i}]`, MAX_CELL).trim().toLowerCase())).filter(Boolean);
}

/** A clean copy of a mapping, or a FieldProblem naming the first wrong field. */
export function checkMapping(value: unknown): CsvMapping {
  const o = object(value, 'mapping');
  const header = list(o, 'header', MAX_COLUMNS, (v, i) => {
    if (typeof v !== 'string' || v.length > MAX_CELL) throw new FieldProblem(`header[${i}] is not text of at most ${MAX_CELL} characters`);
    return v.trim();
  });
  if (!header.length) throw new FieldProblem('header is empty');

  const t = object(o.time, 'time');
  const timeZone = nullableText(t, 'timeZone', MAX_CELL);
  if (timeZone !== null && !isValidTimeZone(timeZone)) throw new FieldProblem(`time zone ${JSON.stringify(timeZone)} is unknown`);
  const time = { column: column(t, 'column', header), format: oneOf(t, 'format', TIME_FORMATS), timeZone };

  const d = object(o.direction, 'direction');
  const direction: CsvMapping['direction'] = 'fixed' in d ? { fixed: oneOf(d, 'fixed', ['in', 'out'] as const) } : { column: column(d, 'column', header), outgoing: values(d, 'outgoing') };
  if ('outgoing' in direction && !direction.outgoing.length) throw new FieldProblem('direction needs at least one value that means outgoing');

  const c = object(o.channel, 'channel');
  const channel = 'fixed' in c ? { fixed: oneOf(c, 'fixed', CHANNELS) } : { column: column(c, 'column', header) };

  const k = object(o.kind, 'kind');
  const kind = 'fixed' in k ? { fixed: oneOf(k, 'fixed', ['message', 'call'] as const) } : { column: column(k, 'column', header), calls: values(k, 'calls') };

  const name = optionalColumn(o, 'name', header);
  const number = optionalColumn(o, 'number', header);
  if (name === null && number === null) throw new FieldProblem('map a name or a number column: every record needs a counterpart');
  return { header, time, direction, name, number, channel, body: optionalColumn(o, 'body', header), kind, duration: optionalColumn(o, 'duration', header) };
}

/** A saved mapping, found again by its file header; `clock`/`device` stamp it for sync (the newest wins). */
export interface CsvPreset {
  key: string;
  mapping: CsvMapping;
  clock: number;
  device: string;
}
