import type { CommEvent, DraftEvent } from './event';
import { Hash64, hex64 } from './hash';
import { numberKey } from './phone-number';

/**
 * Deterministic event ids. The key holds what identifies the real-world call or message, and nothing a
 * source-specific export adds, so the same SMS read from an SMS Backup & Restore file and from a Crosstalk
 * CSV gets the same id:
 * - phone: kind, direction, region-independent number key, instant (ms), and for messages the body;
 * - chat apps: channel, conversation, counterpart, direction, kind, instant and content.
 */
export const ID_PREFIX = 'ct1-';

/** Receives the pieces of a content key in order (a string builder, or the hasher itself). */
interface KeySink {
  add(text: string): unknown;
  addNumber(n: number): unknown;
  addCode(ch: number): unknown;
}

const BAR = 124; // '|'

function writeKey(e: DraftEvent, k: KeySink): void {
  if (e.channel === 'phone') {
    k.add('phone|');
    k.add(e.kind);
    k.addCode(BAR);
    k.add(e.direction);
    k.addCode(BAR);
    k.add(numberKey(e.phone ?? e.handle));
    k.addCode(BAR);
    k.addNumber(e.start);
    if (e.kind === 'message') {
      k.addCode(BAR);
      k.add(e.body);
    }
    return;
  }
  k.add(e.channel);
  k.addCode(BAR);
  k.add(e.conversation ?? '');
  k.addCode(BAR);
  k.add(e.handle ?? '');
  k.addCode(BAR);
  k.add(e.direction);
  k.addCode(BAR);
  k.addNumber(e.start);
  if (e.kind === 'message') {
    k.add('|m|');
    k.add(e.body);
    k.addCode(BAR);
    for (let i = 0; i < e.attachments.length; i++) {
      if (i) k.addCode(47); // '/'
      k.add(e.attachments[i].name);
    }
  } else {
    k.add('|c|');
    k.add(e.status);
    k.addCode(BAR);
    k.addNumber(e.durationSec);
    k.add(e.video ? '|1' : '|0');
  }
}

/** The text an event's id is the hash of (what identifies the real-world call or message). */
export function contentKey(e: DraftEvent): string {
  let key = '';
  writeKey(e, { add: (t) => (key += t), addNumber: (n) => (key += String(n)), addCode: (ch) => (key += String.fromCharCode(ch)) });
  return key;
}

/** The id an event gets when it is the first of its kind in its file: `ID_PREFIX` + hash of its content key. */
export function contentId(e: DraftEvent): string {
  const h = new Hash64();
  writeKey(e, h);
  return ID_PREFIX + h.digest();
}

/**
 * Assigns ids to the events of one file. Two identical records in one file (the same text sent twice in
 * the same minute) are both real, so repeats get an occurrence suffix. Repeats sit close together in every
 * export, so the counter forgets keys after a window instead of remembering a million of them.
 */
export class IdAssigner {
  /** Occurrences so far, by 53 bits of the hash as a number (a false repeat needs those to collide within the window: ~1e-7 odds). */
  private seen = new Map<number, number>();
  private static readonly WINDOW = 50_000;

  /** Gives the draft its id in place (importers hand over fresh objects; copying a million of them costs ~1 s). */
  assign(draft: DraftEvent, presetId?: string | null): CommEvent {
    const event = draft as CommEvent;
    if (presetId) {
      event.id = presetId;
      return event;
    }
    const h = new Hash64();
    writeKey(draft, h);
    const high = h.high();
    const low = h.low(high);
    const seenKey = high * 0x200000 + (low >>> 11);
    const n = this.seen.get(seenKey) ?? 0;
    if (this.seen.size >= IdAssigner.WINDOW) this.seen.clear();
    this.seen.set(seenKey, n + 1);
    const base = ID_PREFIX + hex64(high, low);
    event.id = n === 0 ? base : `${base}-${n}`;
    return event;
  }
}
