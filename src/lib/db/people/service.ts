import { associate, type Association, type EdgeReason, type Person } from '../../association/associate';
import { edgeId, makeEdit, type BindingEdit } from '../../association/binding';
import type { Party } from '../../association/party-tally';
import type { Channel } from '../../model/event';
import { hash64 } from '../../model/hash';
import type { CrosstalkDatabase } from '../store/database';
import type { DeviceStateDoc, EditDoc } from '../store/schema';
import type { Preferences } from '../../model/preferences';

export interface PersonDetail {
  person: Person;
  /** Other people the data suggests are the same (same name). */
  suggestions: { id: string; name: string; reason: 'same-name' }[];
  /** Calls and messages per month and channel, oldest first. */
  activity: { month: string; channel: Channel; calls: number; messages: number }[];
}

/** A person as the People list shows it. */
export type PersonSummary = Pick<Person, 'id' | 'name' | 'numbers' | 'handles' | 'counts' | 'total' | 'last'>;

export function personSummaries(association: Association): PersonSummary[] {
  return association.people.map(({ id, name, numbers, handles, counts, total, last }) => ({ id, name, numbers, handles, counts, total, last }));
}

/**
 * How many events are stored, from the party tallies (every stored event is tallied once, in the same
 * all-or-nothing import): IndexedDB counts an index by walking it, which took 50 s for a million events.
 */
export function storedEventCount(parties: Map<string, Party>): number {
  let events = 0;
  for (const p of parties.values()) events += p.counts.call + p.counts.message;
  return events;
}

export async function loadParties(db: CrosstalkDatabase): Promise<Map<string, Party>> {
  const parties = await db.parties.find().exec();
  return new Map(parties.map((p) => [p.primary, p.toMutableJSON() as Party]));
}

export async function computeAssociation(db: CrosstalkDatabase, settings: Pick<Preferences, 'region' | 'me'>): Promise<{ association: Association; parties: Map<string, Party> }> {
  const [parties, contacts, owners, edits] = await Promise.all([
    loadParties(db),
    db.contacts.find().exec(),
    db.owners.find().exec(),
    db.edits.find().exec()
  ]);
  const association = associate({
    parties: parties.values(),
    contacts: contacts.map((c) => c.toMutableJSON()),
    owners: owners.map((o) => o.toMutableJSON()),
    edits: edits.map((e) => e.toMutableJSON() as BindingEdit),
    settings: { region: settings.region, me: settings.me }
  });
  return { association, parties };
}

/** The association as stored in the snapshots collection (its maps as entry lists). */
export function encodeAssociation(a: Association): string {
  return JSON.stringify({ people: a.people, personOfParty: [...a.personOfParty], autoEdges: [...a.autoEdges] });
}

export function decodeAssociation(data: string): Association {
  const raw = JSON.parse(data) as { people: Association['people']; personOfParty: [string, string][]; autoEdges: [string, { a: string; b: string; reason: EdgeReason }][] };
  return { people: raw.people, personOfParty: new Map(raw.personOfParty), autoEdges: new Map(raw.autoEdges) };
}

export function personDetail(association: Association, parties: Map<string, Party>, id: string): PersonDetail | null {
  const person = association.people.find((p) => p.id === id);
  if (!person) return null;
  const norm = (s: string) => s.trim().toLowerCase();
  const suggestions = association.people
    .filter((p) => p.id !== id && norm(p.name) === norm(person.name))
    .map((p) => ({ id: p.id, name: p.name, reason: 'same-name' as const }));
  const cells = new Map<string, { month: string; channel: Channel; calls: number; messages: number }>();
  for (const key of person.parties) {
    const party = parties.get(key);
    if (!party) continue;
    for (const [month, [calls, messages]] of Object.entries(party.months ?? {})) {
      const k = month + party.channel;
      const cell = cells.get(k) ?? cells.set(k, { month, channel: party.channel, calls: 0, messages: 0 }).get(k)!;
      cell.calls += calls;
      cell.messages += messages;
    }
  }
  const activity = [...cells.values()].sort((a, b) => a.month.localeCompare(b.month) || a.channel.localeCompare(b.channel));
  return { person, suggestions, activity };
}

export function editDocId(a: string, b: string): string {
  return hash64(edgeId(a, b));
}

/** One user action on bindings: the edits it made and what each edge was before, for undo. */
export interface EditAction {
  label: string;
  before: { a: string; b: string; op: BindingEdit['op'] }[];
}

/** Writes binding decisions with the next Lamport clock value; returns what they replaced. */
export async function writeEdits(
  db: CrosstalkDatabase,
  device: DeviceStateDoc,
  changes: { a: string; b: string; op: BindingEdit['op'] }[]
): Promise<EditAction['before']> {
  const before: EditAction['before'] = [];
  const existing = await db.edits.findByIds(changes.map((c) => editDocId(c.a, c.b))).exec();
  device.clock++;
  const docs: EditDoc[] = changes.map((c) => {
    const id = editDocId(c.a, c.b);
    before.push({ a: c.a, b: c.b, op: (existing.get(id)?.op as BindingEdit['op']) ?? 'auto' });
    return { ...makeEdit(c.a, c.b, c.op, device.clock, device.deviceId), id };
  });
  await db.edits.bulkUpsert(docs);
  return before;
}
