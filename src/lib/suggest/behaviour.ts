import type { Person } from '../association/associate';
import type { Party } from '../association/party-tally';
import { runSteps, type Steps } from '../util/steps';
import type { Evidence } from './evidence';

/** When someone was talked to: days (UTC) with any contact, call minutes, and minutes that start a conversation. */
export interface Activity {
  /**
   * The days as a bitset whose word `i` holds the days 32·(from + i) … 32·(from + i) + 31 since the epoch:
   * one scale for everyone (overlaps are a popcount), each activity spanning only its own words.
   */
  from: number;
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
  const from = Math.max(a.from, b.from);
  const to = Math.min(a.from + a.days.length, b.from + b.days.length);
  let n = 0;
  for (let w = from; w < to; w++) n += popcount(a.days[w - a.from] & b.days[w - b.from]);
  return n;
}

function sortedUnion(lists: number[][]): number[] {
  if (lists.length === 1) return lists[0];
  return lists.flat().sort((a, b) => a - b);
}

const dayOf = (minute: number) => Math.floor(minute / 1440);

function build(calls: number[], messages: number[]): Activity {
  let first = Infinity;
  let last = -Infinity;
  for (const list of [calls, messages]) {
    if (!list.length) continue;
    first = Math.min(first, list[0]);
    last = Math.max(last, list[list.length - 1]);
  }
  const from = first === Infinity ? 0 : dayOf(first) >> 5;
  const days = new Uint32Array(first === Infinity ? 0 : (dayOf(last) >> 5) - from + 1);
  for (const list of [calls, messages]) {
    for (const m of list) {
      const d = dayOf(m) - from * 32;
      days[d >> 5] |= 1 << (d & 31);
    }
  }
  const openers = messages.filter((m, i) => i === 0 || m - messages[i - 1] >= SESSION_GAP);
  return { from, days, dayCount: countDays(days), calls, messages, openers };
}

/**
 * Every party's activity, and how many parties talked on each day; a person's activity is the union of its
 * parties'. Kept up to date one party at a time (`set`), so an import rebuilds only the parties it touched.
 */
export class Activities {
  private readonly byParty = new Map<string, Activity>();
  /** Per day (since the epoch) with any contact, how many parties had some. */
  private readonly partiesOfDay = new Map<number, number>();

  constructor(parties: Map<string, Party> = new Map()) {
    for (const [key, p] of parties) this.set(key, p);
  }

  /** Days with any contact at all: what two sides share by chance is measured against them. */
  get activeDays(): number {
    return this.partiesOfDay.size;
  }

  /** Puts a party's activity in place of the one it had (`undefined`: the party is gone). */
  set(key: string, party: Party | undefined): void {
    const old = this.byParty.get(key);
    if (old) this.count(old, -1);
    if (!party) {
      this.byParty.delete(key);
      return;
    }
    const a = build(party.minutes?.call ?? [], party.minutes?.message ?? []);
    this.byParty.set(key, a);
    this.count(a, 1);
  }

  private count(a: Activity, by: 1 | -1): void {
    for (let i = 0; i < a.days.length; i++) {
      for (let bits = a.days[i]; bits !== 0; bits &= bits - 1) {
        const day = (a.from + i) * 32 + (31 - Math.clz32(bits & -bits));
        const n = (this.partiesOfDay.get(day) ?? 0) + by;
        if (n === 0) this.partiesOfDay.delete(day);
        else this.partiesOfDay.set(day, n);
      }
    }
  }

  of(person: Pick<Person, 'parties'>): Activity {
    const own = person.parties.map((k) => this.byParty.get(k)).filter((a): a is Activity => !!a);
    if (own.length === 1) return own[0];
    return build(sortedUnion(own.map((a) => a.calls)), sortedUnion(own.map((a) => a.messages)));
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

interface Run {
  minutes: number[];
  owners: string[];
}

function merge(a: Run, b: Run): Run {
  const out: Run = { minutes: [], owners: [] };
  let i = 0;
  let j = 0;
  while (i < a.minutes.length || j < b.minutes.length) {
    const fromA = j === b.minutes.length || (i < a.minutes.length && a.minutes[i] <= b.minutes[j]);
    const run = fromA ? a : b;
    const k = fromA ? i++ : j++;
    out.minutes.push(run.minutes[k]);
    out.owners.push(run.owners[k]);
  }
  return out;
}

/** Minutes, each with whose it is, in time order; kept up to date one owner at a time. */
export class MinuteIndex {
  protected minutes = new Float64Array(0);
  protected owners: string[] = [];
  /** Owners whose minutes changed since the arrays were last merged, with their new minutes. */
  private readonly changed = new Map<string, number[]>();

  /** Puts an owner's minutes (ascending) in place of the ones it had; [] removes it. */
  set(owner: string, minutes: number[]): void {
    this.changed.set(owner, minutes);
  }

  /**
   * Merges the changed owners in: the kept minutes without theirs, and each one's new minutes (ascending
   * already), merged two runs at a time, a step per merge (ten thousand owners' minutes are no short task).
   */
  *settling(): Steps<void> {
    if (!this.changed.size) return;
    const kept: Run = { minutes: [], owners: [] };
    for (let i = 0; i < this.minutes.length; i++) {
      if (this.changed.has(this.owners[i])) continue;
      kept.minutes.push(this.minutes[i]);
      kept.owners.push(this.owners[i]);
    }
    let runs: Run[] = [kept];
    for (const [owner, minutes] of this.changed) if (minutes.length) runs.push({ minutes, owners: minutes.map(() => owner) });
    this.changed.clear();
    yield;
    while (runs.length > 1) {
      const next: Run[] = [];
      for (let i = 0; i < runs.length; i += 2) {
        next.push(i + 1 < runs.length ? merge(runs[i], runs[i + 1]) : runs[i]);
        yield;
      }
      runs = next;
    }
    this.minutes = Float64Array.from(runs[0].minutes);
    this.owners = runs[0].owners;
  }

  protected settle(): void {
    runSteps(this.settling());
  }

  /** The position of the first minute at or after `minute`. */
  protected first(minute: number): number {
    let lo = 0;
    let hi = this.minutes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.minutes[mid] < minute) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Visits the owner of each minute from `from` to `to`. */
  visitBetween(from: number, to: number, visit: (owner: string) => void): void {
    this.settle();
    for (let i = this.first(from); i < this.minutes.length && this.minutes[i] <= to; i++) visit(this.owners[i]);
  }
}

/** Who had a call shortly before each conversation opener: finds candidates that share no name. */
export class CallIndex extends MinuteIndex {
  constructor(activity: Map<string, Activity> = new Map()) {
    super();
    for (const [id, a] of activity) this.set(id, a.calls);
  }

  /** People with a call before at least two of the identity's conversation openers. */
  callersBefore(identity: Activity): string[] {
    if (identity.openers.length < 2) return [];
    this.settle();
    const times = new Map<string, number>();
    /** The opener each person was last counted for: one count per opener, however many calls. */
    const counted = new Map<string, number>();
    for (let opener = 0; opener < identity.openers.length; opener++) {
      const m = identity.openers[opener];
      for (let i = this.first(m - CALL_THEN_MESSAGE_MINUTES); i < this.minutes.length && this.minutes[i] <= m; i++) {
        const id = this.owners[i];
        if (counted.get(id) === opener) continue;
        counted.set(id, opener);
        times.set(id, (times.get(id) ?? 0) + 1);
      }
    }
    return [...times].filter(([, n]) => n >= 2).map(([id]) => id);
  }
}
