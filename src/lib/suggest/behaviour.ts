import type { Person } from '../association/associate';
import type { Party } from '../association/party-tally';
import type { Evidence } from './evidence';

/** When someone was talked to: days (UTC) with any contact, call minutes, and minutes that start a conversation. */
export interface Activity {
  /** The days as a bitset from the data's first day (one scale for everyone: overlaps are a popcount). */
  days: Uint32Array;
  dayCount: number;
  calls: number[];
  messages: number[];
  /** Messages after at least SESSION_GAP minutes without one: the first message of a conversation. */
  openers: number[];
}

/** A call, then a message on another channel within this many minutes, suggests the same person. */
export const CALL_THEN_MESSAGE_MINUTES = 10;
const SESSION_GAP = 30;
const MIN_SHARED_DAYS = 3;

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

function countDays(days: Uint32Array): number {
  let n = 0;
  for (let i = 0; i < days.length; i++) n += popcount(days[i]);
  return n;
}

/** How many days both talked on. */
export function sharedDays(a: Activity, b: Activity): number {
  let n = 0;
  for (let i = 0; i < a.days.length; i++) n += popcount(a.days[i] & b.days[i]);
  return n;
}

function sortedUnion(lists: number[][]): number[] {
  if (lists.length === 1) return lists[0];
  return lists.flat().sort((a, b) => a - b);
}

/** Every party's activity, computed once per run on one day scale; a person's is the union of its parties'. */
export class Activities {
  private readonly firstDay: number;
  private readonly words: number;
  private readonly byParty = new Map<string, Activity>();
  /** Days with any contact at all: what two sides share by chance is measured against them. */
  readonly activeDays: number;

  constructor(parties: Map<string, Party>) {
    let first = Infinity;
    let last = -Infinity;
    for (const p of parties.values()) {
      for (const list of [p.minutes?.call ?? [], p.minutes?.message ?? []]) {
        if (!list.length) continue;
        first = Math.min(first, list[0]);
        last = Math.max(last, list[list.length - 1]);
      }
    }
    this.firstDay = first === Infinity ? 0 : Math.floor(first / 1440);
    this.words = first === Infinity ? 0 : ((Math.floor(last / 1440) - this.firstDay) >> 5) + 1;
    const all = new Uint32Array(this.words);
    for (const [key, p] of parties) {
      const a = this.build([p.minutes?.call ?? []], [p.minutes?.message ?? []]);
      this.byParty.set(key, a);
      for (let i = 0; i < all.length; i++) all[i] |= a.days[i];
    }
    this.activeDays = countDays(all);
  }

  private build(callLists: number[][], messageLists: number[][]): Activity {
    const calls = sortedUnion(callLists);
    const messages = sortedUnion(messageLists);
    const days = new Uint32Array(this.words);
    for (const list of [calls, messages]) {
      for (const m of list) {
        const d = Math.floor(m / 1440) - this.firstDay;
        days[d >> 5] |= 1 << (d & 31);
      }
    }
    const openers = messages.filter((m, i) => i === 0 || m - messages[i - 1] >= SESSION_GAP);
    return { days, dayCount: countDays(days), calls, messages, openers };
  }

  of(person: Pick<Person, 'parties'>): Activity {
    const own = person.parties.map((k) => this.byParty.get(k)).filter((a): a is Activity => !!a);
    if (own.length === 1) return own[0];
    return this.build(own.map((a) => a.calls), own.map((a) => a.messages));
  }
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
  const shared = sharedDays(identity, person);
  const quieter = Math.min(identity.dayCount, person.dayCount);
  // Busy people share days by chance: only a large share of the quieter side's days counts.
  if (shared >= MIN_SHARED_DAYS && shared / quieter >= 0.5) out.push({ evidence: { kind: 'same-days', days: shared }, weight: 0.4 * (shared / quieter) });
  const times = callsBeforeOpeners(person.calls, identity.openers);
  if (times > 0) out.push({ evidence: { kind: 'call-then-message', times }, weight: Math.min(0.5, 1 - 0.75 ** times) });
  return out;
}

/** Who had a call shortly before each conversation opener: finds candidates that share no name. */
export class CallIndex {
  /** Every call's minute, ascending, and whose it is (same position). */
  private readonly minutes: Float64Array;
  private readonly callers: string[];

  constructor(activity: Map<string, Activity>) {
    const all: { minute: number; id: string }[] = [];
    for (const [id, a] of activity) for (const minute of a.calls) all.push({ minute, id });
    all.sort((a, b) => a.minute - b.minute);
    this.minutes = Float64Array.from(all, (c) => c.minute);
    this.callers = all.map((c) => c.id);
  }

  /** The position of the first call at or after `minute`. */
  private first(minute: number): number {
    let lo = 0;
    let hi = this.minutes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.minutes[mid] < minute) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** People with a call before at least two of the identity's conversation openers. */
  callersBefore(identity: Activity): string[] {
    if (identity.openers.length < 2) return [];
    const times = new Map<string, number>();
    /** The opener each person was last counted for: one count per opener, however many calls. */
    const counted = new Map<string, number>();
    for (let opener = 0; opener < identity.openers.length; opener++) {
      const m = identity.openers[opener];
      for (let i = this.first(m - CALL_THEN_MESSAGE_MINUTES); i < this.minutes.length && this.minutes[i] <= m; i++) {
        const id = this.callers[i];
        if (counted.get(id) === opener) continue;
        counted.set(id, opener);
        times.set(id, (times.get(id) ?? 0) + 1);
      }
    }
    return [...times].filter(([, n]) => n >= 2).map(([id]) => id);
  }
}
