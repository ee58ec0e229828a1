import type { Person } from '../association/associate';
import type { Party } from '../association/party-tally';
import type { Evidence } from './evidence';

/** When someone was talked to: days (UTC) with any contact, call minutes, and minutes that start a conversation. */
export interface Activity {
  days: Set<number>;
  calls: number[];
  /** Messages after at least SESSION_GAP minutes without one: the first message of a conversation. */
  openers: number[];
}

/** A call, then a message on another channel within this many minutes, suggests the same person. */
export const CALL_THEN_MESSAGE_MINUTES = 10;
const SESSION_GAP = 30;
const MIN_SHARED_DAYS = 3;

export function activityOf(person: Pick<Person, 'parties'>, parties: Map<string, Party>): Activity {
  const calls: number[] = [];
  const messages: number[] = [];
  for (const key of person.parties) {
    const m = parties.get(key)?.minutes;
    if (!m) continue;
    calls.push(...m.call);
    messages.push(...m.message);
  }
  calls.sort((a, b) => a - b);
  messages.sort((a, b) => a - b);
  const days = new Set<number>();
  for (const m of calls) days.add(Math.floor(m / 1440));
  for (const m of messages) days.add(Math.floor(m / 1440));
  const openers = messages.filter((m, i) => i === 0 || m - messages[i - 1] >= SESSION_GAP);
  return { days, calls, openers };
}

function callsBeforeOpeners(calls: number[], openers: number[]): number {
  let count = 0;
  let c = 0;
  for (const m of openers) {
    while (c < calls.length && calls[c] < m - CALL_THEN_MESSAGE_MINUTES) c++;
    if (c < calls.length && calls[c] <= m) count++;
  }
  return count;
}

/** What the two activities say about being the same person, with how much. */
export function behaviourEvidence(identity: Activity, person: Activity): { evidence: Evidence; weight: number }[] {
  const out: { evidence: Evidence; weight: number }[] = [];
  const [small, large] = identity.days.size <= person.days.size ? [identity.days, person.days] : [person.days, identity.days];
  let shared = 0;
  for (const d of small) if (large.has(d)) shared++;
  // Busy people share days by chance: only a large share of the quieter side's days counts.
  if (shared >= MIN_SHARED_DAYS && shared / small.size >= 0.5) out.push({ evidence: { kind: 'same-days', days: shared }, weight: 0.4 * (shared / small.size) });
  const times = callsBeforeOpeners(person.calls, identity.openers);
  if (times > 0) out.push({ evidence: { kind: 'call-then-message', times }, weight: Math.min(0.5, 1 - 0.75 ** times) });
  return out;
}

/** Who had a call shortly before each conversation opener: finds candidates that share no name. */
export class CallIndex {
  private readonly byMinute = new Map<number, string[]>();

  constructor(activity: Map<string, Activity>) {
    for (const [id, a] of activity) for (const m of a.calls) (this.byMinute.get(m) ?? this.byMinute.set(m, []).get(m)!).push(id);
  }

  /** People with a call before at least two of the identity's conversation openers. */
  callersBefore(identity: Activity): string[] {
    const times = new Map<string, number>();
    for (const m of identity.openers) {
      const seen = new Set<string>();
      for (let t = m - CALL_THEN_MESSAGE_MINUTES; t <= m; t++) for (const id of this.byMinute.get(t) ?? []) seen.add(id);
      for (const id of seen) times.set(id, (times.get(id) ?? 0) + 1);
    }
    return [...times].filter(([, n]) => n >= 2).map(([id]) => id);
  }
}
