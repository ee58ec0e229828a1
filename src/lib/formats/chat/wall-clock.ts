/**
 * Wall-clock times as chat apps write them (no zone; the exporting device's local time): AM/PM markers in
 * English, Chinese, Japanese and Korean, Buddhist-era years, and the conversion of a local date and time to
 * an instant in the zone the user chose (options.timeZone).
 */
import { wallToInstant, zonedToInstant } from '../../util/zoned-time';
import { calendarProblem, checkInstant, WallDays, type CheckedInstant } from '../../model/instant';

export type Meridiem = 'am' | 'pm' | null;

/** The AM/PM markers, as a regular-expression alternation (longest first). */
export const MERIDIEM = 'a\\.\\s?m\\.|p\\.\\s?m\\.|[AaPp][Mm]|上午|下午|午前|午後|오전|오후';

const PM_MARKERS = /^(?:p|下午|午後|오후)/i;

/** 'am', 'pm' or null (no marker: a 24-hour clock). */
export function meridiemOf(marker: string | undefined | null): Meridiem {
  if (!marker) return null;
  return PM_MARKERS.test(marker.trim()) ? 'pm' : 'am';
}

/** The hour on a 24-hour clock; NaN when a 12-hour clock shows an hour it does not have. */
export function hour24(hour: number, meridiem: Meridiem): number {
  if (!meridiem) return hour;
  if (hour < 0 || hour > 12) return NaN;
  return (hour % 12) + (meridiem === 'pm' ? 12 : 0);
}

/** Years of the Buddhist era (Thai locales) run 543 ahead: 2569 BE is 2026. */
const BUDDHIST_ERA_OFFSET = 543;
/** A year this far ahead can only be a Buddhist-era year written without its `BE`. */
const FIRST_BUDDHIST_ONLY_YEAR = 2400;

/** The Gregorian year of a year as written, `buddhist` when the file marks it (`BE`, `พ.ศ.`). */
export function gregorianYear(year: number, buddhist = false): number {
  return buddhist || year >= FIRST_BUDDHIST_ONLY_YEAR ? year - BUDDHIST_ERA_OFFSET : year;
}

/** Japanese era initials and the Gregorian year before the era's first year (R1 is 2019). */
const JAPANESE_ERAS: Record<string, number> = { R: 2018, H: 1988, S: 1925 };

/** The Gregorian year of a Japanese-era year (`R7` → 2025); NaN for an unknown era. */
export function japaneseEraYear(era: string, year: number): number {
  const base = JAPANESE_ERAS[era.toUpperCase()];
  return base === undefined ? NaN : base + year;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** 1-based month of an English month name or its abbreviation; NaN when it is none. */
export function monthOfName(name: string): number {
  const i = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  return i < 0 ? NaN : i + 1;
}

/** Local dates and times to instants in one zone (wallToInstant caches the zone's offset per day). */
export class LocalTimes {
  private readonly days = new WallDays();

  constructor(private readonly timeZone: string) {}

  /**
   * The instant of a local date and time (month 1-based; hour 24 is midnight of the next day, as some
   * exports write it), or why there is none.
   */
  instant(year: number, month: number, day: number, hour: number, minute: number, second = 0): CheckedInstant {
    const wall = this.days.wall(year, month, day, hour, minute, second);
    if (!Number.isNaN(wall)) return checkInstant(wallToInstant(wall, this.timeZone));
    const problem = calendarProblem({ year, month, day, hour: hour === 24 ? 0 : hour, minute, second });
    if (problem) return problem;
    this.days.remember(year, month, day);
    return checkInstant(zonedToInstant(year, month, day, hour, minute, second, this.timeZone));
  }
}
