import type { CommEvent, DraftEvent } from './event';
import { Hash64, hex64 } from './hash';
import { numberKey } from './phone-number';
import { RecentHashes } from './recent-hashes';

/**
 * Deterministic event ids: the hash of what identifies the real-world call or message, and nothing a setting
 * or a source-specific export adds, so the same record always gets the same id.
 * - phone (`ct1-`): kind, direction, region-independent number key, instant (ms), and for messages the body,
 *   so the same SMS read from an SMS Backup & Restore file and from a Crosstalk CSV gets the same id;
 * - chat apps (`ct2-`): channel, thread (the chat as the file names it), instant and content. Not the
 *   direction or the counterpart: those follow from the owner's names, which the user may set later.
 * Chat ids of scheme 1 (`ct1-`, hashed with direction and counterpart) are upgraded by `upgradedChatId`.
 */
/** 1: chat ids hashed with direction and counterpart; 2: chat ids by thread and content. */
export type IdScheme = 1 | 2;
export const ID_SCHEME: IdScheme = 2;

export const PHONE_ID_PREFIX = 'ct1-';
export const CHAT_ID_PREFIX = 'ct2-';

/** Receives the pieces of a content key in order (a string builder, or the hasher itself). */
interface KeySink {
  add(text: string): unknown;
  addNumber(n: number): unknown;
  addCode(ch: number): unknown;
}

const BAR = 124; // '|'
const SLASH = 47;

/** A call nobody took is 'missed' or 'unanswered' depending on who placed it: one outcome for the id. */
function outcomeKey(status: string): string {
  return status === 'missed' || status === 'unanswered' ? 'not connected' : status;
}

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
  writeChatHead(e, k);
  writeChatTail(e, k);
}

/** What a chat event's key starts with: the same for every event of a chat. */
function writeChatHead(e: DraftEvent, k: KeySink): void {
  k.add(e.channel);
  k.addCode(0);
  k.add(e.thread ?? '');
  k.addCode(0);
}

function writeChatTail(e: DraftEvent, k: KeySink): void {
  k.addNumber(e.start);
  if (e.kind === 'message') {
    k.add('|m|');
    k.add(e.body);
    for (const a of e.attachments) {
      k.addCode(0);
      k.add(a.type);
      k.addCode(SLASH);
      k.add(a.name);
    }
  } else {
    k.add('|c|');
    k.add(outcomeKey(e.status));
    k.addCode(0);
    k.addNumber(e.durationSec);
    k.add(e.video ? '|1' : '|0');
  }
}

function prefixOf(e: DraftEvent): string {
  return e.channel === 'phone' ? PHONE_ID_PREFIX : CHAT_ID_PREFIX;
}

/** The text an event's id is the hash of (what identifies the real-world call or message). */
export function contentKey(e: DraftEvent): string {
  let key = '';
  writeKey(e, { add: (t) => (key += t), addNumber: (n) => (key += String(n)), addCode: (ch) => (key += String.fromCharCode(ch)) });
  return key;
}

/** The id an event gets when it is the first of its kind in its file: a prefix + the hash of its content key. */
export function contentId(e: DraftEvent): string {
  const h = new Hash64();
  writeKey(e, h);
  return prefixOf(e) + h.digest();
}

/**
 * Assigns ids to the events of one file. Two identical records in one file (the same text sent twice in
 * the same minute) are both real, so repeats get an occurrence suffix. Repeats sit close together in every
 * export, so the counter forgets keys after a window instead of remembering a million of them.
 */
export class IdAssigner {
  /** Occurrences so far, by the 64-bit hash (a false repeat needs two hashes to collide within the window). */
  private seen = new RecentHashes(50_000);
  private readonly hash = new Hash64();
  /** The hash of the last chat's key head (events come a chat at a time: its head is hashed once, not per event). */
  private readonly head = new Hash64();
  private headChannel = '';
  private headThread: string | null | undefined = undefined;

  /** Gives the draft its id in place (importers hand over fresh objects; copying a million of them costs ~1 s). */
  assign(draft: DraftEvent, presetId?: string | null): CommEvent {
    const event = draft as CommEvent;
    if (presetId) {
      event.id = presetId;
      return event;
    }
    const h = this.hash.reset();
    if (draft.channel === 'phone') writeKey(draft, h);
    else {
      if (draft.channel !== this.headChannel || draft.thread !== this.headThread) {
        writeChatHead(draft, this.head.reset());
        this.headChannel = draft.channel;
        this.headThread = draft.thread;
      }
      writeChatTail(draft, h.copyFrom(this.head));
    }
    const high = h.high();
    const low = h.low(high);
    const n = this.seen.bump(high, low);
    const base = prefixOf(draft) + hex64(high, low);
    event.id = n === 0 ? base : `${base}-${n}`;
    return event;
  }
}

const LEGACY_CHAT_ID = /^ct1-[0-9a-f]{16}(?:-([1-9][0-9]{0,5}))?$/;

/**
 * The id a chat event stored or exported under scheme 1 has now: its content id with the old repeat suffix,
 * or null when `id` is not a scheme-1 id. Scheme-1 chat ids cannot be verified (the owner's names that went
 * into them are not recorded), so the content decides the id and nothing of the old one but its suffix.
 */
export function upgradedChatId(id: string, event: DraftEvent): string | null {
  if (event.channel === 'phone') return null;
  const legacy = LEGACY_CHAT_ID.exec(id);
  if (!legacy) return null;
  const base = contentId(event);
  return legacy[1] ? `${base}-${legacy[1]}` : base;
}
