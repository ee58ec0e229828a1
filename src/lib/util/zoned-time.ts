/**
 * Converts a wall-clock time in an IANA time zone to an absolute instant (ms since epoch).
 * Ambiguous times (DST fall-back) resolve to the earlier instant; skipped times (spring-forward)
 * are shifted forward by the gap, as most clocks would show them.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric'
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Offsets by zone and 6-hour span of UTC, for spans whose two ends have the same offset (tzdb never changes a
 * zone's offset twice within 6 hours, so such a span has one offset throughout). Asking Intl is the expensive
 * part of reading a chat export's local times; a chat's messages fall into few spans.
 */
const SPAN = 6 * 3_600_000;
const MAX_CACHED_SPANS = 100_000;
const spanOffsets = new Map<string, Map<number, number>>();

/** Offset of `timeZone` from UTC at `instant`, in ms (east positive). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 0;
  let spans = spanOffsets.get(timeZone);
  if (!spans) spanOffsets.set(timeZone, (spans = new Map()));
  const span = Math.floor(instant / SPAN);
  const cached = spans.get(span);
  if (cached !== undefined) return cached;
  const start = span * SPAN;
  const offset = askedOffsetMs(start, timeZone);
  if (offset !== askedOffsetMs(start + SPAN - 1000, timeZone)) return askedOffsetMs(instant, timeZone);
  if (spans.size >= MAX_CACHED_SPANS) spans.clear();
  spans.set(span, offset);
  return offset;
}

/** What the formatter writes for years 1–9999: `1/31/2024, 23:59:59`. */
const FORMATTED = /^(\d{1,2})\/(\d{1,2})\/(\d{1,4}), (\d{2}):(\d{2}):(\d{2})$/;

function askedOffsetMs(instant: number, timeZone: string): number {
  const f = formatter(timeZone);
  const date = new Date(instant);
  // format() and a regex take a third of formatToParts' time (an array of part objects); other years (BC, 5 digits) go that way.
  const m = FORMATTED.exec(f.format(date));
  let asUtc: number;
  if (m) asUtc = Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6]));
  else {
    const parts = f.formatToParts(date);
    const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
    asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  }
  return asUtc - (instant - (instant % 1000 + 1000) % 1000);
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

const DAY = 86_400_000;
const MAX_CACHED_DAYS = 100_000;
/**
 * By zone and wall-clock day (days since 1970-01-01 on the wall): the zone's offset when it holds all that
 * day, else NaN (a day with a change is read time by time). Chat exports put thousands of messages on a day.
 */
const dayOffsets = new Map<string, Map<number, number>>();

/** The offset that holds over the whole wall day starting at `dayStart`, or NaN when the zone changes offset in it. */
function wholeDayOffset(dayStart: number, timeZone: string): number {
  const offset = dayStart - exactZonedToInstant(dayStart, timeZone);
  // Offsets checked every 6 hours over the day's instants: tzdb never changes a zone's offset twice within 6 hours.
  const first = dayStart - offset;
  for (let t = first; t < first + DAY; t += SPAN) if (zoneOffsetMs(t, timeZone) !== offset) return NaN;
  return zoneOffsetMs(first + DAY - 1000, timeZone) === offset ? offset : NaN;
}

/** month is 1-based. */
export function zonedToInstant(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  timeZone: string
): number {
  return wallToInstant(Date.UTC(year, month - 1, day, hour, minute, second), timeZone);
}

/** The instant of a wall-clock time given as ms since 1970-01-01 on the wall (what Date.UTC makes of its fields). */
export function wallToInstant(wall: number, timeZone: string): number {
  let days = dayOffsets.get(timeZone);
  if (!days) dayOffsets.set(timeZone, (days = new Map()));
  const dayNumber = Math.floor(wall / DAY);
  let offset = days.get(dayNumber);
  if (offset === undefined) {
    offset = wholeDayOffset(dayNumber * DAY, timeZone);
    if (days.size >= MAX_CACHED_DAYS) days.clear();
    days.set(dayNumber, offset);
  }
  return Number.isNaN(offset) ? exactZonedToInstant(wall, timeZone) : wall - offset;
}

function exactZonedToInstant(wall: number, timeZone: string): number {
  const before = wall - zoneOffsetMs(wall - DAY, timeZone);
  const after = wall - zoneOffsetMs(wall + DAY, timeZone);
  const valid = [before, after].filter((c) => c + zoneOffsetMs(c, timeZone) === wall);
  // Both valid: fall-back overlap (take the earlier); none: spring-forward gap (read with the old offset).
  return valid.length ? Math.min(...valid) : before;
}
