import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { zonedToInstant } from '$lib/util/zoned-time';

const formatters = new Map<string, Intl.DateTimeFormat>();

function fmt(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = locale + '|' + timeZone + '|' + JSON.stringify(options);
  let f = formatters.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    } catch {
      f = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
    }
    formatters.set(key, f);
  }
  return f;
}

/** 'YYYY-MM-DD' of an instant in a time zone (groups the timeline by day). */
export function dayKey(ms: number, timeZone: string): string {
  return fmt('en-CA', timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

export function formatDay(ms: number, timeZone: string, locale: string): string {
  return fmt(locale, timeZone, { weekday: 'short', year: 'numeric', month: 'long', day: 'numeric' }).format(ms);
}

export function formatDate(ms: number, timeZone: string, locale: string): string {
  return fmt(locale, timeZone, { year: 'numeric', month: 'short', day: 'numeric' }).format(ms);
}

export function formatTime(ms: number, timeZone: string, locale: string): string {
  return fmt(locale, timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
}

export function formatMonth(month: string, locale: string): string {
  const [y, m] = month.split('-').map(Number);
  return fmt(locale, 'UTC', { year: 'numeric', month: 'short' }).format(Date.UTC(y, m - 1, 15));
}

/** 65 → '1:05', 3700 → '1:01:40'. */
export function formatDuration(sec: number): string {
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = Math.floor(sec % 60);
  const mm = h ? String(m).padStart(2, '0') : String(m);
  return (h ? `${h}:` : '') + `${mm}:${String(s).padStart(2, '0')}`;
}

export function formatBytes(n: number, locale: string): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: v < 10 && i ? 1 : 0 }).format(v)} ${units[i]}`;
}

/** '+8613800138000' → '+86 138 0013 8000'; anything that is not E.164 is shown as it is. */
export function formatNumber(number: string): string {
  if (!number.startsWith('+')) return number;
  return parsePhoneNumberFromString(number)?.formatInternational() ?? number;
}

/** Start and end (inclusive) instants of a 'YYYY-MM-DD' day in a time zone. */
export function dayRange(day: string, timeZone: string): { from: number; to: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const from = zonedToInstant(y, mo, d, 0, 0, 0, timeZone);
  const next = new Date(Date.UTC(y, mo - 1, d + 1));
  const to = zonedToInstant(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), 0, 0, 0, timeZone) - 1;
  return { from, to };
}

/** The last instant of a month ('2026-10') in a time zone. */
export function monthEnd(month: string, timeZone: string): number {
  const [y, m] = month.split('-').map(Number);
  return zonedToInstant(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1, 0, 0, 0, timeZone) - 1;
}

// --- Contact links: user-initiated navigations to the phone's dialer, SMS app or chat apps -------------

const digits = (e164: string) => e164.replace(/\D/g, '');

export const isE164 = (n: string | null | undefined): n is string => !!n && /^\+\d{6,15}$/.test(n);
export const telHref = (e164: string) => `tel:+${digits(e164)}`;
export const smsHref = (e164: string) => `sms:+${digits(e164)}`;

export function personHref(id: string): string {
  return `/people/${encodeURIComponent(id)}`;
}
