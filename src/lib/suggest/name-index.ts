import type { Person } from '../association/associate';
import type { Party } from '../association/party-tally';
import type { Contact } from '../model/contact';
import type { NameEvidence, NameSource } from './evidence';
import { nameForms } from './name-keys';

export interface NameEntry {
  person: string;
  kind: NameEvidence;
  /** The name as the person's data writes it (what the evidence shows). */
  shown: string;
  source: NameSource;
}

/** The kinds of blocking key; pinyin keys have one space per script they are written in. */
export type Space = 'raw' | 'norm' | 'sound:han' | 'sound:latin' | 'init' | 'first' | 'family' | 'user' | 'del';

/**
 * Names and their blocking keys (name as written, normalised, by sound, initials, first name, family name,
 * username, one typo away), each pointing at the people who bear them: an identity is compared only with the
 * people that share one of its keys.
 */
export class NameIndex {
  /** Per kind of key, its keys (each a string the name forms keep, so hashed once). */
  private readonly spaces = new Map<Space, Map<string, NameEntry[]>>();
  /** Per person, the keys it has entries under, as space, key, space, key… (so that it can be taken out again). */
  private readonly keysOf = new Map<string, string[]>();

  /** One entry per key, person and kind: the first (so vCard wording wins). People are indexed one at a time. */
  add(space: Space, key: string | null, entry: NameEntry): void {
    if (!key) return;
    const keys = this.spaces.get(space) ?? this.spaces.set(space, new Map()).get(space)!;
    const list = keys.get(key);
    if (!list) keys.set(key, [entry]);
    else {
      for (let i = list.length - 1; i >= 0 && list[i].person === entry.person; i--) if (list[i].kind === entry.kind) return;
      list.push(entry);
    }
    (this.keysOf.get(entry.person) ?? this.keysOf.set(entry.person, []).get(entry.person)!).push(space, key);
  }

  get(space: Space, key: string): NameEntry[] {
    return this.spaces.get(space)?.get(key) ?? [];
  }

  /** Visits the keys a person has entries under. */
  visitKeys(person: string, visit: (space: Space, key: string) => void): void {
    const keys = this.keysOf.get(person) ?? [];
    for (let i = 0; i < keys.length; i += 2) visit(keys[i] as Space, keys[i + 1]);
  }

  /** Takes a person's entries out; indexed again, they go after everyone else's (order within a person is kept). */
  remove(person: string): void {
    this.visitKeys(person, (space, key) => {
      const keys = this.spaces.get(space)!;
      const list = keys.get(key);
      if (!list) return;
      const rest = list.filter((e) => e.person !== person);
      if (rest.length) keys.set(key, rest);
      else keys.delete(key);
    });
    this.keysOf.delete(person);
  }
}

/** The names a person goes by in the data: its display name, the names its events show, its handles. */
export function chatNames(person: Person, parties: Map<string, Party>): string[] {
  const names = new Set<string>([person.name]);
  for (const key of person.parties) for (const n of Object.keys(parties.get(key)?.names ?? {})) names.add(n);
  for (const h of person.handles) names.add(h.handle);
  return [...names].filter((n) => n.trim());
}

export function indexPerson(index: NameIndex, person: Person, parties: Map<string, Party>, contacts: Contact[]): void {
  const id = person.id;
  /** `familyFirst`: the vCard's parts in family-name order, whose first word is no first name. */
  const addName = (name: string, source: NameSource, familyFirst = false) => {
    const shown = name.trim();
    const f = nameForms(name);
    index.add('raw', shown, { person: id, kind: 'same-name', shown, source });
    index.add('norm', f.key, { person: id, kind: 'normalised-name', shown, source });
    if (f.script !== 'other') for (const k of f.sound) index.add(`sound:${f.script}`, k, { person: id, kind: 'pinyin', shown, source });
    index.add('init', f.initials, { person: id, kind: 'initials', shown, source });
    if (!familyFirst) index.add('first', f.first, { person: id, kind: 'first-name', shown, source });
    for (const d of f.deletions) index.add('del', d, { person: id, kind: 'similar-name', shown, source });
  };
  for (const c of contacts) {
    if (c.source.format !== 'vcard') continue;
    addName(c.name, 'vcard');
    const d = c.details;
    if (!d) continue;
    if (d.family && d.given) {
      addName(`${d.given} ${d.family}`, 'vcard');
      addName(`${d.family} ${d.given}`, 'vcard', true);
    }
    if (d.family) index.add('family', nameForms(d.family).key, { person: id, kind: 'family-name', shown: c.name, source: 'vcard' });
    if (d.given) index.add('first', nameForms(d.given).key, { person: id, kind: 'first-name', shown: c.name, source: 'vcard' });
    for (const n of d.nicknames) index.add('norm', nameForms(n).key, { person: id, kind: 'nickname', shown: n, source: 'vcard' });
    if (d.org) index.add('norm', nameForms(d.org).key, { person: id, kind: 'org', shown: d.org, source: 'vcard' });
    for (const e of d.emails) {
      index.add('user', e, { person: id, kind: 'username', shown: e, source: 'vcard' });
      index.add('user', e.split('@')[0], { person: id, kind: 'username', shown: e, source: 'vcard' });
    }
    for (const u of d.usernames) index.add('user', u.toLowerCase(), { person: id, kind: 'username', shown: u, source: 'vcard' });
  }
  // After the vCards: an entry per person and kind is kept, and the address book's wording is the one shown.
  for (const n of chatNames(person, parties)) addName(n, 'chat');
}

export interface Lookup {
  space: Space;
  key: string;
  kinds: readonly NameEvidence[];
}

const lookupCache = new Map<string, Lookup[]>();
const LOOKUPS_KEPT = 100_000;

/** The index keys a subject's name is looked up under, each with the kind of evidence it would be; once per name. */
export function lookups(name: string): Lookup[] {
  let out = lookupCache.get(name);
  if (out) return out;
  const { key, script, sound, deletions, titled } = nameForms(name);
  const other = script === 'han' ? 'latin' : script === 'latin' ? 'han' : null;
  out = [
    { space: 'raw', key: name.trim(), kinds: ['same-name'] },
    { space: 'norm', key, kinds: ['normalised-name', 'nickname', 'org'] }
  ];
  const lower = name.trim().toLowerCase();
  out.push({ space: 'user', key: lower, kinds: ['username'] });
  if (lower.includes('@')) out.push({ space: 'user', key: lower.split('@')[0], kinds: ['username'] });
  if (other) for (const k of sound) out.push({ space: `sound:${other}`, key: k, kinds: ['pinyin'] });
  if (script === 'latin' && key.length >= 2 && key.length <= 4) out.push({ space: 'init', key, kinds: ['initials'] });
  if (key) out.push({ space: 'first', key, kinds: ['first-name'] });
  if (key && titled) out.push({ space: 'family', key, kinds: ['family-name'] });
  for (const d of deletions) out.push({ space: 'del', key: d, kinds: ['similar-name'] });
  if (lookupCache.size >= LOOKUPS_KEPT) lookupCache.clear();
  lookupCache.set(name, out);
  return out;
}
