import type { Channel, DraftEvent } from './event';
import { numberKey } from './phone-number';

/**
 * A party is the counterpart of an event as its source names it: a phone number (by region-independent
 * key), a chat identity (channel + handle) or a group conversation. People are sets of parties, so
 * re-associating never rewrites events: only the party → person map changes.
 */
export function partyKey(e: Pick<DraftEvent, 'channel' | 'handle' | 'phone' | 'conversation' | 'direction'>): string {
  if (e.channel === 'phone') {
    const key = numberKey(e.phone ?? e.handle);
    return key ? `phone:${key}` : 'phone:?';
  }
  if (e.conversation !== null && (e.direction === 'out' || !e.handle)) return `${e.channel}#${e.conversation}`;
  return `${e.channel}:${e.handle ?? '?'}`;
}

export function identityKey(channel: Channel, handle: string): string {
  return channel === 'phone' ? `phone:${numberKey(handle)}` : `${channel}:${handle}`;
}

/** Group conversations and hidden numbers never become a person. */
export function isPersonParty(key: string): boolean {
  return !key.includes('#') && !key.endsWith(':?');
}
