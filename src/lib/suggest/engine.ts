import type { Person } from '../association/associate';
import { edgeId, latestEdits, nodeIdentity, numberNode, type BindingEdit } from '../association/binding';
import type { Party } from '../association/party-tally';
import type { Contact, Identity } from '../model/contact';
import { behaviourEvidence, activityOf, CallIndex, type Activity } from './behaviour';
import { NAME_WEIGHT, SHARED_DIVISOR_MAX, STRONG_KINDS, type Evidence, type NameEvidence, type NameSource } from './evidence';
import { nameForms, normaliseName, scriptOf } from './name-keys';

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

interface NameEntry {
  person: string;
  kind: NameEvidence;
  /** The name as the person's data writes it (what the evidence shows). */
  shown: string;
  source: NameSource;
}

/** Names and their keys, each pointing at the people who bear them. */
class NameIndex {
  private readonly keys = new Map<string, NameEntry[]>();

  add(key: string | null, entry: NameEntry): void {
    if (!key) return;
    const list = this.keys.get(key) ?? this.keys.set(key, []).get(key)!;
    if (!list.some((e) => e.person === entry.person && e.kind === entry.kind)) list.push(entry);
  }

  get(key: string | null): NameEntry[] {
    return (key && this.keys.get(key)) || [];
  }
}

function targetNames(person: Person, parties: Map<string, Party>, contacts: Contact[]) {
  const chat = new Set<string>([person.name]);
  for (const key of person.parties) for (const n of Object.keys(parties.get(key)?.names ?? {})) chat.add(n);
  for (const h of person.handles) chat.add(h.handle);
  return { chat: [...chat].filter((n) => n.trim()), contacts };
}

function indexPerson(index: NameIndex, person: Person, parties: Map<string, Party>, contacts: Contact[]): void {
  const id = person.id;
  const names = targetNames(person, parties, contacts);
  const addName = (name: string, source: NameSource) => {
    const shown = name.trim();
    const f = nameForms(name);
    index.add('raw:' + shown, { person: id, kind: 'same-name', shown, source });
    index.add('norm:' + f.key, { person: id, kind: 'normalised-name', shown, source });
    for (const k of f.sound) index.add(`sound:${f.script}:${k}`, { person: id, kind: 'pinyin', shown, source });
    index.add('init:' + f.initials, { person: id, kind: 'initials', shown, source });
    index.add('first:' + f.first, { person: id, kind: 'first-name', shown, source });
    for (const d of f.deletions) index.add('del:' + d, { person: id, kind: 'similar-name', shown, source });
  };
  for (const c of contacts) {
    if (c.source.format !== 'vcard') continue;
    addName(c.name, 'vcard');
    const d = c.details;
    if (!d) continue;
    if (d.family && d.given) for (const n of [`${d.given} ${d.family}`, `${d.family} ${d.given}`]) addName(n, 'vcard');
    if (d.family) index.add('family:' + nameForms(d.family).key, { person: id, kind: 'family-name', shown: c.name, source: 'vcard' });
    if (d.given) index.add('first:' + nameForms(d.given).key, { person: id, kind: 'first-name', shown: c.name, source: 'vcard' });
    for (const n of d.nicknames) index.add('norm:' + nameForms(n).key, { person: id, kind: 'nickname', shown: n, source: 'vcard' });
    if (d.org) index.add('norm:' + nameForms(d.org).key, { person: id, kind: 'org', shown: d.org, source: 'vcard' });
    for (const e of d.emails) {
      index.add('user:' + e, { person: id, kind: 'username', shown: e, source: 'vcard' });
      index.add('user:' + e.split('@')[0], { person: id, kind: 'username', shown: e, source: 'vcard' });
    }
    for (const u of d.usernames) index.add('user:' + u.toLowerCase(), { person: id, kind: 'username', shown: u, source: 'vcard' });
  }
  // After the vCards: an entry per person and kind is kept, and the address book's wording is the one shown.
  for (const n of names.chat) addName(n, 'chat');
}

/** The index keys a subject's name is looked up under, each with the kind of evidence it would be. */
function lookups(name: string): { key: string; kinds: NameEvidence[] }[] {
  const { key, script, sound, deletions, titled } = nameForms(name);
  const other = script === 'han' ? 'latin' : script === 'latin' ? 'han' : null;
  const out: { key: string; kinds: NameEvidence[] }[] = [
    { key: 'raw:' + name.trim(), kinds: ['same-name'] },
    { key: 'norm:' + key, kinds: ['normalised-name', 'nickname', 'org'] }
  ];
  const lower = name.trim().toLowerCase();
  out.push({ key: 'user:' + lower, kinds: ['username'] });
  if (lower.includes('@')) out.push({ key: 'user:' + lower.split('@')[0], kinds: ['username'] });
  if (other) for (const k of sound) out.push({ key: `sound:${other}:${k}`, kinds: ['pinyin'] });
  if (script === 'latin' && key.length >= 2 && key.length <= 4) out.push({ key: 'init:' + key, kinds: ['initials'] });
  if (key) out.push({ key: 'first:' + key, kinds: ['first-name'] });
  if (key && titled) out.push({ key: 'family:' + key, kinds: ['family-name'] });
  for (const d of deletions) out.push({ key: 'del:' + d, kinds: ['similar-name'] });
  return out;
}

/** An entry found for one of the identity's names (`mine`). */
type Match = NameEntry & { mine: string };

function nameEvidence(e: Match): Evidence {
  if (e.kind === 'username') return { kind: 'username', value: e.shown };
  if (e.kind === 'same-name' || e.kind === 'normalised-name') return { kind: e.kind, name: e.shown, source: e.source };
  if (e.kind === 'pinyin') return scriptOf(normaliseName(e.mine)) === 'han' ? { kind: 'pinyin', han: e.mine, latin: e.shown } : { kind: 'pinyin', han: e.shown, latin: e.mine };
  return { kind: e.kind, name: e.shown };
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
  const activity = new Map<string, Activity>();
  for (const p of withNumbers) {
    indexPerson(index, p, input.parties, contactsOf.get(p.id) ?? []);
    activity.set(p.id, activityOf(p, input.parties));
  }
  const calls = new CallIndex(activity);

  const rejected = new Set<string>();
  for (const e of latestEdits(input.edits).values()) if (e.op === 'unbind') rejected.add(edgeId(e.a, e.b));
  const isRejected = (subject: Person, person: Person) => subject.nodes.some((a) => person.nodes.some((b) => rejected.has(edgeId(a, b))));

  const out: Suggestion[] = [];
  for (const subject of input.people) {
    if (subject.numbers.length > 0) continue;
    const identity = nodeIdentity(subject.id);
    if (!identity) continue;
    const names = targetNames(subject, input.parties, []).chat;
    if (names.some((n) => owner.has(normaliseName(n)))) continue;

    // Per candidate person, the best entry of each kind; per kind, how many people it points at.
    const found = new Map<string, Map<NameEvidence, Match>>();
    const peopleOfKind = new Map<NameEvidence, Set<string>>();
    for (const name of names) {
      for (const { key, kinds } of lookups(name)) {
        for (const entry of index.get(key)) {
          if (!kinds.includes(entry.kind)) continue;
          const byKind = found.get(entry.person) ?? found.set(entry.person, new Map()).get(entry.person)!;
          if (!byKind.has(entry.kind)) byKind.set(entry.kind, { ...entry, mine: name.trim() });
          (peopleOfKind.get(entry.kind) ?? peopleOfKind.set(entry.kind, new Set()).get(entry.kind)!).add(entry.person);
        }
      }
    }
    const mine = activityOf(subject, input.parties);
    for (const id of calls.callersBefore(mine)) if (!found.has(id)) found.set(id, new Map());

    const scored: (Suggestion & { unambiguous: boolean })[] = [];
    for (const [id, byKind] of found) {
      const person = byId.get(id)!;
      if (isRejected(subject, person)) continue;
      // A name shared by several people says less about each: its weight is divided among them.
      const entries = [...byKind.values()].sort((a, b) => NAME_WEIGHT[b.kind] - NAME_WEIGHT[a.kind]);
      // Weaker readings of the same name (same name ⇒ also normalised, initials…) add nothing new.
      const best = entries.slice(0, 1).concat(entries.slice(1).filter((e) => ['nickname', 'username', 'org'].includes(e.kind)));
      const weights = best.map((e) => NAME_WEIGHT[e.kind] / Math.min(SHARED_DIVISOR_MAX, peopleOfKind.get(e.kind)?.size ?? 1));
      const evidence = best.map(nameEvidence);
      const sharers = Math.max(0, ...best.map((e) => (peopleOfKind.get(e.kind)?.size ?? 1) - 1));
      if (sharers > 0) evidence.push({ kind: 'shared-name', people: sharers });
      for (const b of behaviourEvidence(mine, activity.get(id)!)) {
        evidence.push(b.evidence);
        weights.push(b.weight);
      }
      const score = Math.round(combine(weights) * 100) / 100;
      if (score < MIN_SCORE) continue;
      const unambiguous = best.some((e) => STRONG_KINDS.has(e.kind) && peopleOfKind.get(e.kind)!.size === 1);
      scored.push({
        identity,
        node: subject.id,
        subject: subject.id,
        subjectName: subject.name,
        person: { id: person.id, name: person.name, numbers: person.numbers },
        anchor: `num:${person.numbers[0]}`,
        score,
        strong: false,
        evidence,
        unambiguous
      });
    }
    scored.sort((a, b) => b.score - a.score || a.person.id.localeCompare(b.person.id));
    for (const [i, { unambiguous, ...s }] of scored.slice(0, PER_IDENTITY).entries()) {
      const next = scored[1]?.score ?? 0;
      out.push({ ...s, strong: i === 0 && unambiguous && s.score >= STRONG_SCORE && s.score - next >= STRONG_LEAD });
    }
  }
  return out.sort((a, b) => b.score - a.score || a.node.localeCompare(b.node) || a.person.id.localeCompare(b.person.id));
}
