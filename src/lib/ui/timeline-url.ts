import type { TimelineQuery } from '$lib/db/backend';
import { CALL_STATUSES, CHANNELS, type CallStatus, type Channel, type Direction } from '$lib/model/event';
import { dayRange } from './format';

/** The timeline's search and filters as they live in the URL: ?q=…&person=…&channel=whatsapp&kind=call&dir=in&status=missed&from=2026-10-01&to=2026-10-31 */
export interface TimelineParams {
  q: string;
  person: string;
  channels: Channel[];
  kinds: ('call' | 'message')[];
  directions: Direction[];
  statuses: CallStatus[];
  from: string;
  to: string;
}

export const KINDS = ['call', 'message'] as const;
export const DIRECTIONS = ['in', 'out'] as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function pick<T extends string>(params: URLSearchParams, name: string, allowed: readonly T[]): T[] {
  const values = params.getAll(name).flatMap((v) => v.split(','));
  return allowed.filter((a) => values.includes(a));
}

export function readParams(params: URLSearchParams): TimelineParams {
  const day = (name: string) => {
    const v = params.get(name) ?? '';
    return DAY.test(v) ? v : '';
  };
  return {
    q: params.get('q') ?? '',
    person: params.get('person') ?? '',
    channels: pick(params, 'channel', CHANNELS),
    kinds: pick(params, 'kind', KINDS),
    directions: pick(params, 'dir', DIRECTIONS),
    statuses: pick(params, 'status', CALL_STATUSES),
    from: day('from'),
    to: day('to')
  };
}

export function writeParams(p: TimelineParams): URLSearchParams {
  const out = new URLSearchParams();
  if (p.q) out.set('q', p.q);
  if (p.person) out.set('person', p.person);
  for (const c of p.channels) out.append('channel', c);
  for (const k of p.kinds) out.append('kind', k);
  for (const d of p.directions) out.append('dir', d);
  for (const s of p.statuses) out.append('status', s);
  if (p.from) out.set('from', p.from);
  if (p.to) out.set('to', p.to);
  return out;
}

export function toQuery(p: TimelineParams, timeZone: string): TimelineQuery {
  const query: TimelineQuery = {};
  if (p.q.trim()) query.text = p.q.trim();
  if (p.person) query.person = p.person;
  if (p.channels.length) query.channels = p.channels;
  if (p.kinds.length) query.kinds = p.kinds;
  if (p.directions.length) query.directions = p.directions;
  if (p.statuses.length) query.statuses = p.statuses;
  const from = p.from ? dayRange(p.from, timeZone) : null;
  const to = p.to ? dayRange(p.to, timeZone) : null;
  if (from) query.from = from.from;
  if (to) query.to = to.to;
  return query;
}

/** How many filters are set (each ticked box, the person and each date count once); the search is not a filter. */
export function activeFilters(p: TimelineParams): number {
  return Number(!!p.person) + p.channels.length + p.kinds.length + p.directions.length + p.statuses.length + Number(!!p.from) + Number(!!p.to);
}

export function hasFilters(p: TimelineParams): boolean {
  return activeFilters(p) > 0;
}
