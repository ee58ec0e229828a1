import type { Channel } from '../model/event';
import { normalizeNumber } from '../model/phone-number';

/**
 * The graph association works on. Nodes are phone numbers (`num:+8613800138000`, or a raw key for short
 * codes) and chat identities (`id:telegram:user123`); edges say "same person".
 */
export function numberNode(raw: string | null, region: string): string | null {
  const n = normalizeNumber(raw, region);
  return n ? `num:${n.key}` : null;
}

export function identityNode(channel: Channel, handle: string): string {
  return `id:${channel}:${handle}`;
}

export function nodeNumber(node: string): string | null {
  return node.startsWith('num:') ? node.slice(4) : null;
}

export function nodeIdentity(node: string): { channel: Channel; handle: string } | null {
  if (!node.startsWith('id:')) return null;
  const rest = node.slice(3);
  const colon = rest.indexOf(':');
  return { channel: rest.slice(0, colon) as Channel, handle: rest.slice(colon + 1) };
}

/**
 * A user's decision about one edge: 'bind' (same person), 'unbind' (not the same person, whatever the files
 * say) or 'auto' (no opinion: what the files say applies — what undo restores). The latest decision per
 * edge wins, ordered by a Lamport clock and then the device id, so every copy of Crosstalk resolves
 * concurrent edits the same way (see docs/sync.md).
 */
export interface BindingEdit {
  /** The two nodes, a < b. */
  a: string;
  b: string;
  op: 'bind' | 'unbind' | 'auto';
  clock: number;
  device: string;
}

export function edgeId(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

export function makeEdit(x: string, y: string, op: BindingEdit['op'], clock: number, device: string): BindingEdit {
  const [a, b] = x < y ? [x, y] : [y, x];
  return { a, b, op, clock, device };
}

/** Does `e` supersede `f` (same edge)? */
export function isNewer(e: Pick<BindingEdit, 'clock' | 'device'>, f: Pick<BindingEdit, 'clock' | 'device'>): boolean {
  return e.clock !== f.clock ? e.clock > f.clock : e.device > f.device;
}

/** Latest edit per edge. */
export function latestEdits(edits: Iterable<BindingEdit>): Map<string, BindingEdit> {
  const latest = new Map<string, BindingEdit>();
  for (const e of edits) {
    const id = edgeId(e.a, e.b);
    const cur = latest.get(id);
    if (!cur || isNewer(e, cur)) latest.set(id, e);
  }
  return latest;
}
