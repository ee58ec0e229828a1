import type { Person } from '../association/associate';
import { latestEdits, nodeIdentity, numberNode, type BindingEdit } from '../association/binding';
import type { Party } from '../association/party-tally';
import type { Contact, Identity } from '../model/contact';
import { Activities, behaviourEvidence, CallIndex, sharedDays, type Activity } from './behaviour';
import { NAME_WEIGHT, STRONG_KINDS, type Evidence, type NameEvidence } from './evidence';
import { dayChance, namesakes } from './fit';
import { chatNames, indexPerson, lookups, NameIndex, type NameEntry } from './name-index';
import { normaliseName, scriptOf } from './name-keys';

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

/** The pairs the user said are not the same person, by node, both ways. */
function rejections(edits: Iterable<BindingEdit>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (a: string, b: string) => (out.get(a) ?? out.set(a, new Set()).get(a)!).add(b);
  for (const e of latestEdits(edits).values()) {
    if (e.op !== 'unbind') continue;
    add(e.a, e.b);
    add(e.b, e.a);
  }
  return out;
}

/** Code-unit order: ties are broken the same way everywhere, without the cost of a locale. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function combine(weights: number[]): number {
  return 1 - weights.reduce((rest, w) => rest * (1 - w), 1);
}

/**
 * Suggested matches for every person without numbers (a chat identity nothing binds to a number) against
 * the people with numbers, best first. Pairs the user rejected (an 'unbind' between any of their nodes) and
 * identities that bear an owner's name are left out.
 */
export function suggest(input: SuggestInput): Suggestion[] {
  const owner = new Set([...input.ownerNames].map(normaliseName).filter(Boolean));
  const withNumbers = input.people.filter((p) => p.numbers.length > 0);
  const byId = new Map(withNumbers.map((p) => [p.id, p]));
  const personOfNode = new Map<string, Person>();
  for (const p of withNumbers) for (const n of p.nodes) personOfNode.set(n, p);

  const contactsOf = new Map<string, Contact[]>();
  for (const c of input.contacts) {
    const nodes = [...c.numbers.map((n) => numberNode(n, input.region)), ...c.identities.map((i) => `id:${i.channel}:${i.handle}`)];
    const person = nodes.map((n) => n && personOfNode.get(n)).find((p) => p);
    if (person) (contactsOf.get(person.id) ?? contactsOf.set(person.id, []).get(person.id)!).push(c);
  }
  const index = new NameIndex();
  const activities = new Activities(input.parties);
  const activity = new Map<string, Activity>();
  for (const p of withNumbers) {
    indexPerson(index, p, input.parties, contactsOf.get(p.id) ?? []);
    activity.set(p.id, activities.of(p));
  }
  const activityOf = (id: string) => activity.get(id)!;
  const calls = new CallIndex(activity);

  const rejected = rejections(input.edits);
  const isRejected = (subject: Person, person: Person) => subject.nodes.some((a) => {
    const no = rejected.get(a);
    return !!no && person.nodes.some((b) => no.has(b));
  });

  const out: Suggestion[] = [];
  for (const subject of input.people) {
    if (subject.numbers.length > 0) continue;
    const identity = nodeIdentity(subject.id);
    if (!identity) continue;
    const names = chatNames(subject, input.parties);
    if (names.some((n) => owner.has(normaliseName(n)))) continue;

    // Per candidate person, the best entry of each kind; per kind, how many people it points at.
    const found = new Map<string, Map<NameEvidence, Match>>();
    const peopleOfKind = new Map<NameEvidence, Set<string>>();
    for (const name of names) {
      for (const { space, key, kinds } of lookups(name)) {
        for (const entry of index.get(space, key)) {
          if (!kinds.includes(entry.kind)) continue;
          const byKind = found.get(entry.person) ?? found.set(entry.person, new Map()).get(entry.person)!;
          if (!byKind.has(entry.kind)) byKind.set(entry.kind, { entry, mine: name.trim() });
          (peopleOfKind.get(entry.kind) ?? peopleOfKind.set(entry.kind, new Set()).get(entry.kind)!).add(entry.person);
        }
      }
    }
    const mine = activities.of(subject);
    for (const id of calls.callersBefore(mine)) if (!found.has(id)) found.set(id, new Map());
    const sharing = namesakes(peopleOfKind, (id) => dayChance(mine, activityOf(id), activities.activeDays));

    const scored: { suggestion: Suggestion; score: number; person: Person; unambiguous: boolean }[] = [];
    for (const [id, byKind] of found) {
      const person = byId.get(id)!;
      if (isRejected(subject, person)) continue;
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
      out.push(suggestion);
    }
  }
  return out.sort((a, b) => b.score - a.score || byText(a.node, b.node) || byText(a.person.id, b.person.id));
}
