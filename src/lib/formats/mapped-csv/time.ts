/** Reads a mapped time cell in the chosen format; local times are read in one zone. */
import { LocalTimes, MERIDIEM, hour24, meridiemOf } from '../chat/wall-clock';
import type { TimeFormat } from './mapping';
import { offsetInstant, type CheckedInstant } from '../../model/instant';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const EPOCH = /^-?\d+(?:\.\d+)?$/;
const TIME = `(?:(${MERIDIEM})\\s*)?(\\d{1,2})[:.](\\d{2})(?:[:.](\\d{2}))?(?:\\s*(${MERIDIEM}))?`;
/** Three date parts split by `-`, `/` or `.`, then an optional time (12 h with a marker before or after, or 24 h). */
const DATE_TIME = new RegExp(`^(\\d{1,4})[-/.](\\d{1,2})[-/.](\\d{1,4})(?:[T,\\s]+${TIME})?$`, 'i');

/** Two-digit years are this century's. */
function fullYear(y: string): number {
  return y.length <= 2 ? 2000 + Number(y) : Number(y);
}

function offsetMs(zone: string): number {
  if (/^z$/i.test(zone)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) * 60_000;
}

/** The storable instant, or NaN for a time that is not one (the caller names the cell and the format). */
const instantOrNaN = (t: CheckedInstant): number => (typeof t === 'number' ? t : NaN);

export class TimeReader {
  private readonly local: LocalTimes;

  constructor(
    private readonly format: TimeFormat,
    timeZone: string
  ) {
    this.local = new LocalTimes(timeZone);
  }

  /** The instant in ms, or NaN when the cell is not a time in this format. */
  read(cell: string): number {
    const s = cell.trim();
    switch (this.format) {
      case 'epoch-s':
        return EPOCH.test(s) ? Math.round(Number(s) * 1000) : NaN;
      case 'epoch-ms':
        return EPOCH.test(s) ? Math.round(Number(s)) : NaN;
      case 'iso':
        return this.iso(s);
      default:
        return this.dateTime(s);
    }
  }

  private iso(s: string): number {
    const m = ISO.exec(s);
    if (!m) return NaN;
    const [y, mo, d, h, mi, sec] = m.slice(1, 7).map((v) => Number(v ?? 0));
    const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
    const time = { year: y, month: mo, day: d, hour: h, minute: mi, second: sec, ms };
    return m[8] ? instantOrNaN(offsetInstant(time, offsetMs(m[8]) / 60_000)) : instantOrNaN(this.local.instant(y, mo, d, h, mi, sec)) + ms;
  }

  private dateTime(s: string): number {
    const m = DATE_TIME.exec(s);
    if (!m) return NaN;
    const [a, b, c] = [m[1], m[2], m[3]];
    const [year, month, day] =
      this.format === 'ymd' ? [fullYear(a), Number(b), Number(c)] : this.format === 'dmy' ? [fullYear(c), Number(b), Number(a)] : [fullYear(c), Number(a), Number(b)];
    if (this.format === 'ymd' ? a.length < 4 && c.length > 2 : a.length > 2) return NaN;
    const meridiem = meridiemOf(m[4] ?? m[8]);
    const hour = m[5] === undefined ? 0 : hour24(Number(m[5]), meridiem);
    if (meridiem && Number(m[5]) === 0) return NaN;
    return instantOrNaN(this.local.instant(year, month, day, hour, Number(m[6] ?? 0), Number(m[7] ?? 0)));
  }
}
