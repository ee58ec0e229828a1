import type { PersonSummary } from '$lib/db/backend';
import type { Channel } from '$lib/model/event';

/** Association graph nodes as the backend names them: `num:+8613800138000`, `id:telegram:user123`. */
export type NodeInfo = { node: string; kind: 'number'; number: string } | { node: string; kind: 'identity'; channel: Channel; handle: string };

export function parseNode(node: string): NodeInfo {
  if (node.startsWith('num:')) return { node, kind: 'number', number: node.slice(4) };
  const rest = node.startsWith('id:') ? node.slice(3) : node;
  const colon = rest.indexOf(':');
  return { node, kind: 'identity', channel: rest.slice(0, colon) as Channel, handle: rest.slice(colon + 1) };
}

/** The nodes a person summary shows (its numbers and chat identities). */
export function summaryNodes(p: Pick<PersonSummary, 'numbers' | 'handles'>): string[] {
  return [...p.numbers.map((n) => `num:${n}`), ...p.handles.map((h) => `id:${h.channel}:${h.handle}`)];
}
