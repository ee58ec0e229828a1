import type { Person } from '../association/associate';
import { latestEdits, nodeIdentity, numberNode, type BindingEdit } from '../association/binding';
import type { Party } from '../association/party-tally';
import type { Contact, Identity } from '../model/contact';
import { runSteps, type Steps } from '../util/steps';
import { Activities, behaviourEvidence, CALL_THEN_MESSAGE_MINUTES, CallIndex, MinuteIndex, sharedDays, type Activity } from './behaviour';
import { NAME_WEIGHT, STRONG_KINDS, type Evidence, type NameEvidence } from './evidence';
import { dayChance, namesakes } from './fit';
import { chatNames, indexPerson, lookups, NameIndex, type NameEntry, type Space } from './name-index';
import { normaliseName, scriptOf } from './name-keys';
import { byText } from './order';

/** A possible match: a chat identity without a number may be this person with numbers. Never applied alone. */
export interface Suggestion {
  identity: Identity;
  /** The identity's node, and the person it is now (a person without numbers), by id and name. */
  node: string;
  subject: string;
  subjectName: string;
  person: { id: string; name: string; numbers: string[] };
  /** The person's node an accept binds `node` to (its first number). */
  anchor: string;
  /** 0–1, two decimals. */
  score: number;
  /** Unambiguous name evidence and a clear lead over the next candidate: may be accepted in bulk. */
  strong: boolean;
  evidence: Evidence[];
}

export interface SuggestInput {
  people: Person[];
  parties: Map<string, Party>;
  contacts: Iterable<Contact>;
  edits: Iterable<BindingEdit>;
  region: string;
  /** The owner's names (settings and files): an identity that bears one is the owner's. */
  ownerNames: Iterable<string>;
}

const MIN_SCORE = 0.2;
const PER_IDENTITY = 3;
const STRONG_SCORE = 0.85;
const STRONG_LEAD = 0.3;

/** An entry found for one of the identity's names (`mine`). */
interface Match {
  entry: NameEntry;
  mine: string;
}

function nameEvidence({ entry: e, mine }: Match): Evidence {
  if (e.kind === 'username') return { kind: 'username', value: e.shown };
  if (e.kind === 'same-name' || e.kind === 'normalised-name') return { kind: e.kind, name: e.shown, source: e.source };
  if (e.kind === 'pinyin') return scriptOf(normaliseName(mine)) === 'han' ? { kind: 'pinyin', han: mine, latin: e.shown } : { kind: 'pinyin', han: e.shown, latin: mine };
  return { kind: e.kind, name: e.shown };
}

/** The pairs the user said are not the same person (an 'unbind' is their latest edit), as `a b` keys. */
function rejectedPairs(edits: Iterable<BindingEdit>): Set<string> {
  const out = new Set<string>();
  for (const e of latestEdits(edits).values()) if (e.op === 'unbind') out.add(`${e.a}\u0000${e.b}`);
  return out;
}

function combine(weights: number[]): number {
  return 1 - weights.reduce((rest, w) => rest * (1 - w), 1);
}


/** Whether a party reads the same to suggestions: the names it shows (in order) and its minutes. */
function sameParty(a: Party | undefined, b: Party): boolean {
  if (a === b) return true;
  if (!a) return false;
  const names = [Object.keys(a.names), Object.keys(b.names)];
  if (names[0].length !== names[1].length || names[0].some((n, i) => n !== names[1][i])) return false;
  for (const kind of ['call', 'message'] as const) {
    const x = a.minutes?.[kind] ?? [];
    const y = b.minutes?.[kind] ?? [];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  }
  return true;
}

const sameStrings = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Whether two versions of a person have the same name, numbers, nodes, parties and handles. */
function samePerson(a: Person, b: Person): boolean {
  return (
    a.name === b.name &&
    sameStrings(a.numbers, b.numbers) &&
    sameStrings(a.nodes, b.nodes) &&
    sameStrings(a.parties, b.parties) &&
    a.handles.length === b.handles.length &&
    a.handles.every((h, i) => h.channel === b.handles[i].channel && h.handle === b.handles[i].handle)
  );
}

/** A person with numbers, as indexed: what its name entries were made of, and its activity. */
interface Candidate {
  person: Person;
  names: string;
  activity: Activity;
}

/** A person without numbers (a chat identity) and what its suggestions were computed from. */
interface Subject {
  person: Person;
  names: string[];
  /** The people it was compared with. */
  candidates: string[];
  /** Some namesake shares days with it: its suggestions depend on the number of active days. */
  byChance: boolean;
  suggestions: Suggestion[];
}

/** What the last update did: parties and people rebuilt, identities scored again. */
export interface EngineWork {
  parties: number;
  people: number;
  identities: number;
}

const add = <K, V>(map: Map<K, Set<V>>, key: K, value: V) => (map.get(key) ?? map.set(key, new Set()).get(key)!).add(value);
const drop = <K, V>(map: Map<K, Set<V>>, key: K, value: V) => {
  const set = map.get(key);
  if (set?.delete(value) && set.size === 0) map.delete(key);
};

/**
 * Suggested matches kept up to date: each update compares its input with the previous one and scores again
 * only the identities whose result can have changed — the identity itself changed (names, parties, days);
 * a person it was compared with changed (names, vCards, days, numbers) or a changed person now shares one of
 * its name keys or called just before one of its conversations; a rejection of one of its nodes was made or
 * undone; an owner's name it bears was added or removed; or, for identities where a namesake shares days with
 * it, the number of days with any contact (the scale of chance) changed. The name index, the activities and
 * the call index are updated in place for the changed parties and people only. The result equals a
 * computation from scratch (`suggest`).
 */
export class SuggestionEngine {
  private parties = new Map<string, Party>();
  private readonly activities = new Activities();
  private readonly index = new NameIndex();
  private readonly calls = new CallIndex();
  /** The identities' conversation openers (two or more): who a new call may make a candidate. */
  private readonly openers = new MinuteIndex();
  private readonly people = new Map<string, Candidate>();
  private readonly subjects = new Map<string, Subject>();
  /** Per person, the identities it was compared with. */
  private readonly comparedWith = new Map<string, Set<string>>();
  /**
   * Per index key, the identities whose names are looked up under it: built when a person first gets new
   * names after identities were scored (a from-scratch run never needs it), then kept up to date.
   */
  private lookedUpBy: Map<Space, Map<string, Set<string>>> | null = null;
  private rejected = new Set<string>();
  private rejectedOf = new Map<string, Set<string>>();
  private owner = new Set<string>();
  private activeDays = 0;
  private region = '';
  private readonly nodeOfNumber = new Map<string, string | null>();
  /** What the last update did. */
  work: EngineWork = { parties: 0, people: 0, identities: 0 };

  /** Brings the suggestions up to date with `input`; every suggestion, best first. */
  *update(input: SuggestInput): Steps<Suggestion[]> {
    const work: EngineWork = { parties: 0, people: 0, identities: 0 };
    const dirty = new Set<string>();

    // Parties: activities rebuilt for the changed ones only.
    const changedParties = new Set<string>();
    // A step per party, person and identity, changed or not: comparing ten thousand is no short task either.
    for (const [key, p] of input.parties) {
      yield;
      if (sameParty(this.parties.get(key), p)) continue;
      changedParties.add(key);
      this.activities.set(key, p);
      work.parties++;
    }
    for (const key of this.parties.keys()) {
      if (input.parties.has(key)) continue;
      changedParties.add(key);
      this.activities.set(key, undefined);
      work.parties++;
    }
    this.parties = input.parties;
    const partiesChanged = (p: Person) => p.parties.some((k) => changedParties.has(k));

    // People with numbers: their vCards, then the ones whose names or activity changed indexed again.
    if (input.region !== this.region) {
      this.region = input.region;
      this.nodeOfNumber.clear();
    }
    const withNumbers = input.people.filter((p) => p.numbers.length > 0);
    const personOfNode = new Map<string, Person>();
    for (const p of withNumbers) for (const n of p.nodes) personOfNode.set(n, p);
    const contactsOf = new Map<string, Contact[]>();
    for (const c of input.contacts) {
      yield;
      const nodes = [...c.numbers.map((n) => this.numberNode(n)), ...c.identities.map((i) => `id:${i.channel}:${i.handle}`)];
      const person = nodes.map((n) => n && personOfNode.get(n)).find((p) => p);
      if (person) (contactsOf.get(person.id) ?? contactsOf.set(person.id, []).get(person.id)!).push(c);
    }
    yield* this.openers.settling();
    const seen = new Set<string>();
    for (const person of withNumbers) {
      yield;
      seen.add(person.id);
      const cards = contactsOf.get(person.id) ?? [];
      const names = JSON.stringify([chatNames(person, input.parties), cards.filter((c) => c.source.format === 'vcard').map((c) => [c.name, c.details])]);
      const old = this.people.get(person.id);
      const renamed = old?.names !== names;
      const moved = !old || !samePerson(old.person, person) || partiesChanged(person);
      if (!renamed && !moved) {
        old.person = person;
        continue;
      }
      work.people++;
      if (renamed) {
        // Whoever found the old entries compared with the person (below); whoever looks up a new one must be.
        this.index.remove(person.id);
        indexPerson(this.index, person, input.parties, cards);
        if (this.subjects.size) {
          const users = yield* this.keyUsers();
          this.index.visitKeys(person.id, (space, key) => users.get(space)?.get(key)?.forEach((s) => dirty.add(s)));
        }
      }
      const activity = moved ? this.activities.of(person) : old!.activity;
      if (moved) {
        this.calls.set(person.id, activity.calls);
        for (const c of activity.calls) this.openers.visitBetween(c, c + CALL_THEN_MESSAGE_MINUTES, (s) => dirty.add(s));
      }
      for (const s of this.comparedWith.get(person.id) ?? []) dirty.add(s);
      this.people.set(person.id, { person, names, activity });
    }
    for (const id of [...this.people.keys()]) {
      if (seen.has(id)) continue;
      work.people++;
      this.index.remove(id);
      this.calls.set(id, []);
      for (const s of this.comparedWith.get(id) ?? []) dirty.add(s);
      this.people.delete(id);
    }

    yield* this.calls.settling();

    // Identities: new or changed ones, and those whose rejections or owner's names changed.
    const nodeSubject = new Map<string, string>();
    const current = new Set<string>();
    for (const person of input.people) {
      yield;
      if (person.numbers.length > 0 || !nodeIdentity(person.id)) continue;
      current.add(person.id);
      for (const n of person.nodes) nodeSubject.set(n, person.id);
      const old = this.subjects.get(person.id);
      if (old && samePerson(old.person, person) && !partiesChanged(person)) {
        old.person = person;
        continue;
      }
      this.forget(person.id);
      this.subjects.set(person.id, { person, names: chatNames(person, input.parties), candidates: [], byChance: false, suggestions: [] });
      dirty.add(person.id);
    }
    for (const id of [...this.subjects.keys()]) if (!current.has(id)) this.forget(id);

    const rejected = rejectedPairs(input.edits);
    for (const pair of new Set([...rejected, ...this.rejected])) {
      if (rejected.has(pair) === this.rejected.has(pair)) continue;
      for (const node of pair.split('\u0000')) {
        const s = nodeSubject.get(node);
        if (s) dirty.add(s);
      }
    }
    if (rejected.size !== this.rejected.size || [...rejected].some((p) => !this.rejected.has(p))) {
      this.rejected = rejected;
      this.rejectedOf = new Map();
      for (const pair of rejected) {
        const [a, b] = pair.split('\u0000');
        add(this.rejectedOf, a, b);
        add(this.rejectedOf, b, a);
      }
    }

    const owner = new Set([...input.ownerNames].map(normaliseName).filter(Boolean));
    const ownerChanged = new Set([...owner, ...this.owner].filter((n) => owner.has(n) !== this.owner.has(n)));
    this.owner = owner;
    const activeDays = this.activities.activeDays;
    const chanceChanged = activeDays !== this.activeDays;
    this.activeDays = activeDays;
    if (ownerChanged.size || chanceChanged) {
      for (const [id, s] of this.subjects) {
        yield;
        if ((chanceChanged && s.byChance) || (ownerChanged.size && s.names.some((n) => ownerChanged.has(normaliseName(n))))) dirty.add(id);
      }
    }
    yield;

    for (const id of dirty) {
      const subject = this.subjects.get(id);
      if (!subject) continue;
      this.score(subject);
      work.identities++;
      yield;
    }
    this.work = work;

    // Best first: by score (two decimals, so a few dozen groups, one step each), then identity, then person.
    const byScore = new Map<number, Suggestion[]>();
    for (const s of this.subjects.values()) for (const x of s.suggestions) (byScore.get(x.score) ?? byScore.set(x.score, []).get(x.score)!).push(x);
    const out: Suggestion[] = [];
    for (const score of [...byScore.keys()].sort((a, b) => b - a)) {
      yield;
      for (const x of byScore.get(score)!.sort((a, b) => byText(a.node, b.node) || byText(a.person.id, b.person.id))) out.push(x);
    }
    return out;
  }

  private numberNode(raw: string): string | null {
    let node = this.nodeOfNumber.get(raw);
    if (node === undefined) this.nodeOfNumber.set(raw, (node = numberNode(raw, this.region)));
    return node;
  }

  private *keyUsers(): Steps<Map<Space, Map<string, Set<string>>>> {
    if (!this.lookedUpBy) {
      this.lookedUpBy = new Map();
      for (const s of this.subjects.values()) {
        this.lookUp(s, add);
        yield;
      }
    }
    return this.lookedUpBy;
  }

  /** Adds an identity to the keys its names are looked up under, or drops it from them. */
  private lookUp(s: Subject, change: (map: Map<string, Set<string>>, key: string, value: string) => unknown): void {
    const users = this.lookedUpBy!;
    for (const name of s.names) {
      for (const { space, key } of lookups(name)) change(users.get(space) ?? users.set(space, new Map()).get(space)!, key, s.person.id);
    }
  }

  /** Takes an identity out of the reverse maps (before it is scored again, or when it is gone). */
  private forget(id: string): void {
    const s = this.subjects.get(id);
    if (!s) return;
    if (this.lookedUpBy) this.lookUp(s, drop);
    for (const p of s.candidates) drop(this.comparedWith, p, id);
    this.openers.set(id, []);
    s.candidates = [];
    this.subjects.delete(id);
  }

  private isRejected(subject: Person, person: Person): boolean {
    return subject.nodes.some((a) => {
      const no = this.rejectedOf.get(a);
      return !!no && person.nodes.some((b) => no.has(b));
    });
  }

  /** The identity's suggestions, and what they were computed from. */
  private score(state: Subject): void {
    const { person: subject, names } = state;
    this.forget(subject.id);
    this.subjects.set(subject.id, state);
    state.suggestions = [];
    state.byChance = false;
    if (this.lookedUpBy) this.lookUp(state, add);
    const identity = nodeIdentity(subject.id)!;
    if (names.some((n) => this.owner.has(normaliseName(n)))) return;

    // Per candidate person, the best entry of each kind; per kind, how many people it points at.
    const found = new Map<string, Map<NameEvidence, Match>>();
    const peopleOfKind = new Map<NameEvidence, Set<string>>();
    for (const name of names) {
      for (const { space, key, kinds } of lookups(name)) {
        for (const entry of this.index.get(space, key)) {
          if (!kinds.includes(entry.kind)) continue;
          const byKind = found.get(entry.person) ?? found.set(entry.person, new Map()).get(entry.person)!;
          if (!byKind.has(entry.kind)) byKind.set(entry.kind, { entry, mine: name.trim() });
          add(peopleOfKind, entry.kind, entry.person);
        }
      }
    }
    const mine = this.activities.of(subject);
    if (mine.openers.length >= 2) this.openers.set(subject.id, mine.openers);
    for (const id of this.calls.callersBefore(mine)) if (!found.has(id)) found.set(id, new Map());
    state.candidates = [...found.keys()];
    for (const id of state.candidates) add(this.comparedWith, id, subject.id);
    const activityOf = (id: string) => this.people.get(id)!.activity;
    const sharing = namesakes(peopleOfKind, (id) => {
      if (!state.byChance && sharedDays(mine, activityOf(id)) > 0) state.byChance = true;
      return dayChance(mine, activityOf(id), this.activeDays);
    });

    const scored: { suggestion: Suggestion; score: number; person: Person; unambiguous: boolean }[] = [];
    for (const [id, byKind] of found) {
      const person = this.people.get(id)!.person;
      if (this.isRejected(subject, person)) continue;
      const entries = [...byKind.values()].sort((a, b) => NAME_WEIGHT[b.entry.kind] - NAME_WEIGHT[a.entry.kind]);
      // Weaker readings of the same name (same name ⇒ also normalised, initials…) add nothing new.
      const best = entries.slice(0, 1).concat(entries.slice(1).filter((e) => ['nickname', 'username', 'org'].includes(e.entry.kind)));
      const behaviour = behaviourEvidence(mine, activityOf(id));
      const weights = [...best.map(({ entry: e }) => NAME_WEIGHT[e.kind] * sharing.share(e.kind, id)), ...behaviour.map((b) => b.weight)];
      const score = Math.round(combine(weights) * 100) / 100;
      if (score < MIN_SCORE) continue;
      const evidence = best.map(nameEvidence);
      const sharers = Math.max(0, ...best.map((e) => sharing.size(e.entry.kind) - 1));
      if (sharers > 0) evidence.push({ kind: 'shared-name', people: sharers });
      if (best.some((e) => sharing.leads(e.entry.kind, id))) {
        evidence.push({ kind: 'best-fit' });
        if (!behaviour.some((b) => b.evidence.kind === 'same-days')) evidence.push({ kind: 'same-days', days: sharedDays(mine, activityOf(id)) });
      }
      evidence.push(...behaviour.map((b) => b.evidence));
      const unambiguous = best.some(({ entry: e }) => STRONG_KINDS.has(e.kind) && sharing.size(e.kind) === 1);
      const suggestion: Suggestion = {
        identity,
        node: subject.id,
        subject: subject.id,
        subjectName: subject.name,
        person: { id: person.id, name: person.name, numbers: person.numbers },
        anchor: `num:${person.numbers[0]}`,
        score,
        strong: false,
        evidence
      };
      scored.push({ suggestion, score, person, unambiguous });
    }
    scored.sort((a, b) => b.score - a.score || byText(a.person.id, b.person.id));
    const next = scored[1]?.score ?? 0;
    for (let i = 0; i < Math.min(PER_IDENTITY, scored.length); i++) {
      const { unambiguous, suggestion } = scored[i];
      suggestion.strong = i === 0 && unambiguous && suggestion.score >= STRONG_SCORE && suggestion.score - next >= STRONG_LEAD;
      state.suggestions.push(suggestion);
    }
  }
}

/**
 * Suggested matches for every person without numbers (a chat identity nothing binds to a number) against
 * the people with numbers, best first, computed from scratch. Pairs the user rejected (an 'unbind' between
 * any of their nodes) and identities that bear an owner's name are left out.
 */
export function suggest(input: SuggestInput): Suggestion[] {
  return runSteps(new SuggestionEngine().update(input));
}
