/**
 * The instants Crosstalk stores: milliseconds since the Unix epoch (UTC), whole, inside a range no real call
 * or message falls outside of. Every reader turns the times it finds into instants through the checked
 * constructors below, which return either a storable instant or the reason the record has none; the reader
 * skips that one record with the reason and its place, never the file. The import boundary checks the
 * range again.
 *
 * `Date.UTC` and `Date.parse` are never used on file content directly: `Date.UTC` maps years 0–99 to
 * 1900–1999 and rolls `2026-02-30` over to March 2nd, and `Date.parse` accepts local times and invented
 * days.
 */
import { zonedToInstant } from '../util/zoned-time';

const FIRST_YEAR = 1900;
const LAST_YEAR = 2199;
/** 1900-01-01T00:00:00Z: older dates are typing or conversion errors (seconds read as milliseconds, year 0026). */
export const MIN_INSTANT = Date.UTC(FIRST_YEAR, 0, 1);
/** 2200-01-01T00:00:00Z: later dates are unit errors (microseconds or nanoseconds read as milliseconds). */
export const MAX_INSTANT = Date.UTC(LAST_YEAR + 1, 0, 1);

/** A storable instant (ms), or the reason (text) a record's time cannot be stored. */
export type CheckedInstant = number | string;

export function isStorableInstant(ms: unknown): ms is number {
  return typeof ms === 'number' && Number.isInteger(ms) && ms >= MIN_INSTANT && ms < MAX_INSTANT;
}

/** The reason to give in a diagnostic for an instant that is not storable. */
export function instantProblem(ms: number): string {
  if (!Number.isFinite(ms)) return 'the time is not a number';
  return `the time ${ms} ms is outside ${FIRST_YEAR}–${LAST_YEAR}`;
}

/** An instant in milliseconds as a file states it. */
export function checkInstant(ms: number): CheckedInstant {
  return isStorableInstant(ms) ? ms : instantProblem(ms);
}

/**
 * A count of seconds or milliseconds since the epoch from the field `field`. A value in the wrong unit
 * (milliseconds where seconds belong) lands far outside the range and is named as such.
 */
export function epochInstant(value: number, unit: 's' | 'ms', field: string): CheckedInstant {
  const ms = unit === 's' ? value * 1000 : value;
  if (isStorableInstant(ms)) return ms;
  const unitName = unit === 's' ? 'seconds' : 'milliseconds';
  return `${field} ${JSON.stringify(value)} is not a time in ${unitName} between ${FIRST_YEAR} and ${LAST_YEAR}`;
}

/** A date and time as a file writes it: month 1-based, `ms` the milliseconds of the second. */
export interface CalendarTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms?: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Made only for a diagnostic: most records have a valid date. */
const dateText = (t: CalendarTime) => `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;

const whole = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;

/** Why these fields are no real date and time inside the storable years, or null when they are one. */
export function calendarProblem(t: CalendarTime): string | null {
  const { year, month, day, hour, minute, second, ms = 0 } = t;
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return 'the date is not a number';
  if (!whole(month, 1, 12) || !whole(day, 1, daysInMonth(year, month))) return `${dateText(t)} is not a date`;
  if (year < FIRST_YEAR || year > LAST_YEAR) return `the year of ${dateText(t)} is outside ${FIRST_YEAR}–${LAST_YEAR}`;
  if (!whole(hour, 0, 23) || !whole(minute, 0, 59) || !whole(second, 0, 59) || !whole(ms, 0, 999)) {
    return `${pad(hour)}:${pad(minute)}:${pad(second)} is not a time of day`;
  }
  return null;
}

/**
 * The wall-clock ms (Date.UTC of the fields) of times on the last date `remember`ed: exports write many times
 * per date, in order, so a date checked once need not be checked nor made a Date.UTC again.
 */
export class WallDays {
  private year = NaN;
  private month = NaN;
  private day = NaN;
  private midnight = 0;

  /** NaN when the date is not the remembered one or the time is no time of day (then check it the full way). */
  wall(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
    if (day !== this.day || month !== this.month || year !== this.year || !whole(hour, 0, 23) || !whole(minute, 0, 59) || !whole(second, 0, 59)) return NaN;
    return this.midnight + hour * 3_600_000 + minute * 60_000 + second * 1000;
  }

  /** A date calendarProblem found valid. */
  remember(year: number, month: number, day: number): void {
    this.year = year;
    this.month = month;
    this.day = day;
    this.midnight = Date.UTC(year, month - 1, day);
  }
}

/** Date.UTC for checked fields (years ≥ 1900, so none is read as 19xx). */
function utcWall(t: CalendarTime): number {
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.ms ?? 0);
}

/** A date and time at a fixed offset from UTC (east positive, in minutes; 0 for UTC). */
export function offsetInstant(t: CalendarTime, offsetMinutes: number): CheckedInstant {
  const problem = calendarProblem(t);
  if (problem) return problem;
  if (!whole(Math.abs(offsetMinutes), 0, 18 * 60)) return `the offset ${offsetMinutes} minutes is not a time zone offset`;
  return checkInstant(utcWall(t) - offsetMinutes * 60_000);
}

/** A local date and time (no zone in the file) read in the IANA zone the user chose. */
export function zonedInstant(t: CalendarTime, timeZone: string): CheckedInstant {
  const problem = calendarProblem(t);
  if (problem) return problem;
  return checkInstant(zonedToInstant(t.year, t.month, t.day, t.hour, t.minute, t.second, timeZone) + (t.ms ?? 0));
}

/** Strict ISO 8601 with seconds and a zone: `2026-10-20T01:00:05Z`, `…05.123+08:00` (fraction: up to 9 digits). */
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:(Z)|([+-])(\d{2}):?(\d{2}))$/;

/** A strict ISO 8601 instant (the date, the time with seconds and a zone are required). */
export function isoInstant(text: string): CheckedInstant {
  const m = ISO_INSTANT.exec(text);
  if (!m) return `${JSON.stringify(text.slice(0, 40))} is not an ISO 8601 time with a zone (2026-10-20T01:00:05Z)`;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const offset = m[8] ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  if (Number(m[11]) > 59) return `${JSON.stringify(text.slice(0, 40))} has no valid zone offset`;
  const t = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6]), ms };
  return offsetInstant(t, offset);
}
