import type { CommEvent, DraftEvent } from './event';
import { hash64 } from './hash';
import { numberKey } from './phone-number';

/**
 * Deterministic event ids. The key holds what identifies the real-world call or message, and nothing a
 * source-specific export adds, so the same SMS read from an SMS Backup & Restore file and from a Crosstalk
 * CSV gets the same id:
 * - phone: kind, direction, region-independent number key, instant (ms), and for messages the body;
 * - chat apps: channel, conversation, counterpart, direction, kind, instant and content.
 */
export const ID_PREFIX = 'ct1-';

export function contentKey(e: DraftEvent): string {
  if (e.channel === 'phone') {
    const base = `phone|${e.kind}|${e.direction}|${numberKey(e.phone ?? e.handle)}|${e.start}`;
    return e.kind === 'message' ? `${base}|${e.body}` : base;
  }
  const who = `${e.channel}|${e.conversation ?? ''}|${e.handle ?? ''}|${e.direction}|${e.start}`;
  return e.kind === 'message'
    ? `${who}|m|${e.body}|${e.attachments.map((a) => a.name).join('/')}`
    : `${who}|c|${e.status}|${e.durationSec}|${e.video ? 1 : 0}`;
}

/**
 * Assigns ids to the events of one file. Two identical records in one file (the same text sent twice in
 * the same minute) are both real, so repeats get an occurrence suffix. Repeats sit close together in every
 * export, so the counter forgets keys after a window instead of remembering a million of them.
 */
export class IdAssigner {
  private seen = new Map<string, number>();
  private static readonly WINDOW = 50_000;

  /** Gives the draft its id in place (importers hand over fresh objects; copying a million of them costs ~1 s). */
  assign(draft: DraftEvent, presetId?: string | null): CommEvent {
    const event = draft as CommEvent;
    if (presetId) {
      event.id = presetId;
      return event;
    }
    const base = hash64(contentKey(draft));
    const n = this.seen.get(base) ?? 0;
    if (this.seen.size >= IdAssigner.WINDOW) this.seen.clear();
    this.seen.set(base, n + 1);
    event.id = ID_PREFIX + (n === 0 ? base : `${base}-${n}`);
    return event;
  }
}
