import type { Channel, CommEvent, Direction } from '../model/event';
import { partyKey } from '../model/party';

/** What association needs to know about one counterpart, summed over its events. */
export interface Party {
  key: string;
  channel: Channel;
  handle: string | null;
  /** A raw phone number seen for this party (phone records, WhatsApp authors shown as numbers). */
  phone: string | null;
  /** Display names seen, with how often. */
  names: Record<string, number>;
  counts: { call: number; message: number };
  /** Activity per UTC month ('2026-10'): [calls, messages]. */
  months: Record<string, [number, number]>;
  /**
   * Minutes (since the epoch) with a call or a message, ascending, without repeats, the latest
   * MINUTES_KEPT of each: what suggestions compare ("talked on the same days", "a call, then a message").
   */
  minutes: { call: number[]; message: number[] };
  first: number;
  last: number;
}

export type PartyEvent = Pick<CommEvent, 'channel' | 'handle' | 'phone' | 'name' | 'conversation' | 'kind' | 'start'> & {
  direction: Direction;
};

export const MINUTES_KEPT = 1000;

/** Adds `minute` to an ascending list without repeats, dropping the oldest beyond MINUTES_KEPT. */
function addMinute(list: number[], minute: number): void {
  let lo = 0;
  let hi = list.length;
  if (hi && list[hi - 1] < minute) lo = hi; // events mostly come in time order
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < minute) lo = mid + 1;
    else hi = mid;
  }
  if (list[lo] === minute) return;
  list.splice(lo, 0, minute);
  if (list.length > MINUTES_KEPT) list.shift();
}

/** Folds events into per-party statistics (incrementally: the database keeps these beside the events). */
export class PartyTally {
  readonly parties = new Map<string, Party>();

  add(e: PartyEvent, key = partyKey(e)): void {
    let p = this.parties.get(key);
    if (!p) {
      p = { key, channel: e.channel, handle: e.handle, phone: e.phone, names: {}, counts: { call: 0, message: 0 }, months: {}, minutes: { call: [], message: [] }, first: e.start, last: e.start };
      this.parties.set(key, p);
    }
    p.counts[e.kind]++;
    const month = new Date(e.start).toISOString().slice(0, 7);
    const m = (p.months[month] ??= [0, 0]);
    m[e.kind === 'call' ? 0 : 1]++;
    addMinute(p.minutes[e.kind], Math.floor(e.start / 60_000));
    if (e.start < p.first) p.first = e.start;
    if (e.start > p.last) p.last = e.start;
    if (!p.phone && e.phone) p.phone = e.phone;
    if (e.name) p.names[e.name] = (p.names[e.name] ?? 0) + 1;
  }

  /** Merges stored party statistics (e.g. loaded from the database) into this tally. */
  merge(other: Party): void {
    const p = this.parties.get(other.key);
    if (!p) {
      const copy = structuredClone(other);
      copy.minutes ??= { call: [], message: [] }; // stored before minutes were kept
      this.parties.set(other.key, copy);
      return;
    }
    p.counts.call += other.counts.call;
    p.counts.message += other.counts.message;
    for (const [month, [calls, messages]] of Object.entries(other.months ?? {})) {
      const m = (p.months[month] ??= [0, 0]);
      m[0] += calls;
      m[1] += messages;
    }
    for (const kind of ['call', 'message'] as const) for (const m of other.minutes?.[kind] ?? []) addMinute(p.minutes[kind], m);
    p.first = Math.min(p.first, other.first);
    p.last = Math.max(p.last, other.last);
    p.phone ??= other.phone;
    for (const [n, c] of Object.entries(other.names)) p.names[n] = (p.names[n] ?? 0) + c;
  }
}
