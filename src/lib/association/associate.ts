import type { Contact, OwnerIdentity } from '../model/contact';
import type { Channel } from '../model/event';
import { channelInfo } from '../model/channels';
import { isPersonParty } from '../model/party';
import { edgeId, identityNode, latestEdits, nodeIdentity, nodeNumber, numberNode, type BindingEdit } from './binding';
import type { Party } from './party-tally';
import { UnionFind } from './union-find';

export interface AssociationSettings {
  region: string;
  /** The owner's own names and numbers. */
  me: string[];
}

export type EdgeReason = 'number-author' | 'contact' | 'name-match' | 'user';

export interface Person {
  /** Stable while the person's smallest node stays: the smallest node key of the person. */
  id: string;
  name: string;
  /** E.164 (or raw keys for short codes), most-used first. */
  numbers: string[];
  handles: { channel: Channel; handle: string }[];
  counts: Partial<Record<Channel, { call: number; message: number }>>;
  total: number;
  last: number;
  parties: string[];
  nodes: string[];
}

export interface Association {
  people: Person[];
  personOfParty: Map<string, string>;
  /** Edges that were found in the data, with why (for suggestions and "why are these together"). */
  autoEdges: Map<string, { a: string; b: string; reason: EdgeReason }>;
}

export interface AssociationInput {
  parties: Iterable<Party>;
  contacts: Iterable<Contact>;
  owners: Iterable<OwnerIdentity>;
  edits: Iterable<BindingEdit>;
  settings: AssociationSettings;
}

function partyNode(p: Party, region: string): string | null {
  if (!isPersonParty(p.key)) return null;
  if (p.channel === 'phone') return numberNode(p.phone ?? p.handle, region);
  return p.handle ? identityNode(p.channel, p.handle) : null;
}

function ownerNodes(owners: Iterable<OwnerIdentity>, settings: AssociationSettings): Set<string> {
  const nodes = new Set<string>();
  const addNumber = (raw: string | null) => {
    const n = numberNode(raw, settings.region);
    if (n) nodes.add(n);
  };
  for (const me of settings.me) {
    if (/\d{5,}/.test(me)) addNumber(me);
    for (const channel of ['whatsapp', 'telegram', 'signal'] as const) nodes.add(identityNode(channel, me));
  }
  for (const o of owners) {
    addNumber(o.phone);
    if (o.identity) nodes.add(identityNode(o.identity.channel, o.identity.handle));
  }
  return nodes;
}

/**
 * Chat identities shown by a name that may be an address-book name: WhatsApp authors, and number-handle apps
 * (Google Voice) in the threads that name the partner without a number.
 */
function bindsByName(channel: Channel): boolean {
  return channel === 'whatsapp' || (channel !== 'phone' && channelInfo(channel).numberHandles);
}

/** Joins every chat identity bound to a phone number with that number's calls and SMS into one person. */
export function associate(input: AssociationInput): Association {
  const { region } = input.settings;
  const owner = ownerNodes(input.owners, input.settings);
  const autoEdges = new Map<string, { a: string; b: string; reason: EdgeReason }>();
  const addAuto = (a: string | null, b: string | null, reason: EdgeReason) => {
    if (!a || !b || a === b || owner.has(a) || owner.has(b)) return;
    const id = edgeId(a, b);
    if (!autoEdges.has(id)) autoEdges.set(id, { a, b, reason });
  };

  const parties = [...input.parties];
  const nodeOfParty = new Map<string, string>();
  for (const p of parties) {
    const node = partyNode(p, region);
    if (!node || owner.has(node)) continue;
    nodeOfParty.set(p.key, node);
    if (p.channel !== 'phone' && p.phone) addAuto(node, numberNode(p.phone, region), 'number-author');
  }

  // Contact names, for WhatsApp authors shown by address-book name. A name is usable only if it names one contact.
  const contactNodesByName = new Map<string, string[] | null>();
  const contactNames = new Map<string, string>();
  // The address book (vCard) names people the way the user knows them; chat-app contact lists come second.
  const contacts = [...input.contacts].sort((x, y) => Number(y.source.format === 'vcard') - Number(x.source.format === 'vcard'));
  for (const c of contacts) {
    const nodes = [
      ...c.numbers.map((n) => numberNode(n, region)),
      ...c.identities.map((i) => identityNode(i.channel, i.handle))
    ].filter((n): n is string => n !== null && !owner.has(n));
    for (const n of nodes.slice(1)) addAuto(nodes[0], n, 'contact');
    for (const n of nodes) if (c.name && !contactNames.has(n)) contactNames.set(n, c.name);
    const name = c.name.trim();
    if (!name || !nodes.length) continue;
    const prev = contactNodesByName.get(name);
    if (prev === undefined) contactNodesByName.set(name, nodes);
    else if (prev && !nodes.some((n) => prev.includes(n))) contactNodesByName.set(name, null); // two different contacts
  }
  for (const p of parties) {
    const node = nodeOfParty.get(p.key);
    if (!node || !bindsByName(p.channel) || p.phone || !p.handle) continue;
    const match = contactNodesByName.get(p.handle.trim());
    if (match) addAuto(node, match[0], 'name-match');
  }

  const uf = new UnionFind();
  const edits = latestEdits(input.edits);
  for (const [id, e] of autoEdges) if (edits.get(id)?.op !== 'unbind') uf.union(e.a, e.b);
  for (const e of edits.values()) if (e.op === 'bind' && !owner.has(e.a) && !owner.has(e.b)) uf.union(e.a, e.b);

  const groups = new Map<string, Party[]>();
  for (const p of parties) {
    const node = nodeOfParty.get(p.key);
    if (!node) continue;
    const root = uf.find(node);
    (groups.get(root) ?? groups.set(root, []).get(root)!).push(p);
  }

  // Nodes bound to a person without events of their own (a vCard's second number) belong to it too.
  const nodesOfRoot = new Map<string, Set<string>>();
  const bound = [...autoEdges.values(), ...[...edits.values()].filter((e) => e.op === 'bind')];
  for (const n of [...nodeOfParty.values(), ...bound.flatMap((e) => [e.a, e.b])]) {
    const root = uf.find(n);
    (nodesOfRoot.get(root) ?? nodesOfRoot.set(root, new Set()).get(root)!).add(n);
  }

  const people: Person[] = [];
  const personOfParty = new Map<string, string>();
  for (const [root, members] of groups) {
    const person = buildPerson(members, nodesOfRoot.get(root)!, nodeOfParty, contactNames);
    people.push(person);
    for (const p of members) personOfParty.set(p.key, person.id);
  }
  people.sort((x, y) => y.last - x.last || x.id.localeCompare(y.id));
  return { people, personOfParty, autoEdges };
}

function buildPerson(
  members: Party[],
  nodes: Set<string>,
  nodeOfParty: Map<string, string>,
  contactNames: Map<string, string>
): Person {
  const numberWeight = new Map<string, number>();
  for (const n of nodes) {
    const num = nodeNumber(n);
    if (num) numberWeight.set(num, 0);
  }
  const counts: Person['counts'] = {};
  const nameVotes = new Map<string, number>();
  let last = 0;
  let total = 0;
  for (const p of members) {
    const c = (counts[p.channel] ??= { call: 0, message: 0 });
    c.call += p.counts.call;
    c.message += p.counts.message;
    total += p.counts.call + p.counts.message;
    last = Math.max(last, p.last);
    const num = nodeNumber(nodeOfParty.get(p.key)!);
    if (num) numberWeight.set(num, (numberWeight.get(num) ?? 0) + p.counts.call + p.counts.message);
    for (const [name, v] of Object.entries(p.names)) nameVotes.set(name, (nameVotes.get(name) ?? 0) + v);
  }
  const numbers = [...numberWeight].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([n]) => n);
  const handles = [...nodes]
    .map(nodeIdentity)
    .filter((i): i is NonNullable<typeof i> => i !== null)
    .sort((a, b) => a.channel.localeCompare(b.channel) || a.handle.localeCompare(b.handle));
  const sortedNodes = [...nodes].sort();
  const numberFirst = [...numbers.map((n) => `num:${n}`), ...sortedNodes];
  const contactName = numberFirst.map((n) => contactNames.get(n)).find((n) => n);
  const votedName = [...nameVotes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
  const identityName = handles.find((h) => h.channel === 'whatsapp')?.handle;
  return {
    id: sortedNodes[0],
    name: contactName ?? votedName ?? identityName ?? numbers[0] ?? handles[0]?.handle ?? '?',
    numbers,
    handles,
    counts,
    total,
    last,
    parties: members.map((p) => p.key).sort(),
    nodes: sortedNodes
  };
}
