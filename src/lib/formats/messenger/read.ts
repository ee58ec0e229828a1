/**
 * Facebook Messenger "Download Your Information" JSON, and Instagram DMs (same legacy schema):
 * - legacy: `messages/inbox/<thread>/message_N.json` = {participants:[{name}], messages:[…] newest first,
 *   title, thread_path, …}; a message has sender_name, timestamp_ms, content, type, photos/videos/audio_files/
 *   files/gifs [{uri}], sticker{uri}, share{link, share_text}, reactions, call_duration, is_unsent;
 * - end-to-end-encrypted export (flat `<thread>_N.json`): {participants:["A","B"], threadName, messages:[{
 *   senderName, text, timestamp, type, isUnsent, media:[{uri}], reactions}]}.
 *
 * Streamed value by value (util/json-cutter.ts): the thread's fields, then one message at a time. Every string
 * is repaired from Facebook's mojibake (UTF-8 bytes written as `\u00XX`) unless it holds a character above
 * U+00FF (already text) or its bytes are not UTF-8.
 *
 * The owner: a participant named in options.me; else, in a one-to-one thread, the participant who is not the
 * thread's title (Facebook titles a one-to-one thread with the partner's name). The pipeline reads files one
 * at a time, so "the participant present in every thread" cannot be seen from one file; the owner found in a
 * one-to-one thread is given as an owner identity, which keeps them from becoming a person when their group
 * messages (whose direction a single file cannot tell without options.me) arrive as incoming.
 * Legacy files write `title` after the messages: messages wait until the thread's owner (and, for a group,
 * its title) is known — at worst the end of the file, which Facebook caps at about 10 000 messages.
 *
 * Counterpart: one-to-one → the partner's name in both directions; group (more than two participants) →
 * conversation = title, handle = the author for `in`, none for `out`. Calls (type Call or call_duration):
 * a duration means answered, else missed (incoming) or unanswered (outgoing); the caller is the sender.
 * Photos, videos, audio, files, GIFs, stickers and shared links are attachments by file name (links by URL).
 * Reactions are counted, never messages (also Instagram's "Liked a message" / "Reacted … to your message"
 * lines); unsent messages and join/leave notices (Subscribe/Unsubscribe) are counted and dropped.
 */
import type { Attachment, CallStatus, DraftEvent } from '../../model/event';
import { isStorableInstant, instantProblem } from '../../model/instant';
import { ImportError, type ImportItem, type Importer, type ImportOptions } from '../../import/types';
import type { Cut, JsonPath } from '../../util/json-cutter';
import { decodeText, OVERLONG_LINE } from '../../util/text-stream';
import { readJsonText } from '../json-text';

type Channel = 'messenger' | 'instagram';
type Json = Record<string, unknown>;

/** Records that are neither events nor errors. */
export interface MessengerTally {
  reactions: number;
  unsent: number;
  /** Join/leave notices (Subscribe/Unsubscribe). */
  systemMessages: number;
}

const THREAD_FIELDS = new Set(['participants', 'title', 'threadName', 'thread_path']);
const MEDIA_LISTS: readonly [string, string][] = [
  ['photos', 'image'],
  ['videos', 'video'],
  ['audio_files', 'audio'],
  ['gifs', 'image'],
  ['files', 'file']
];
const EXTENSION_KIND: Record<string, string> = {
  jpg: 'image', jpeg: 'image', png: 'image', gif: 'image', webp: 'image', heic: 'image',
  mp4: 'video', mov: 'video', webm: 'video',
  m4a: 'audio', mp3: 'audio', aac: 'audio', wav: 'audio', ogg: 'audio', opus: 'audio'
};
const SYSTEM_TYPES = new Set(['Subscribe', 'Unsubscribe']);
/** Instagram writes reactions as lines of their own. */
const INSTAGRAM_REACTION = /^(?:Liked a message|Reacted .+ to your message)$/u;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const NOT_ASCII = /[^\0-\x7f]/;
const ABOVE_LATIN1 = /[^\0-\xff]/;

/** Facebook's export writes each UTF-8 byte of a string as its own `\u00XX` character: decode them back. */
export function repairMojibake(text: string): string {
  if (!NOT_ASCII.test(text) || ABOVE_LATIN1.test(text)) return text;
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  try {
    return utf8.decode(bytes);
  } catch {
    return text;
  }
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: unknown): string | null {
  return typeof v === 'string' ? repairMojibake(v) : null;
}

function baseName(uri: string): string {
  return uri.slice(Math.max(uri.lastIndexOf('/'), uri.lastIndexOf('\\')) + 1);
}

function kindOfFile(uri: string): string {
  const dot = uri.lastIndexOf('.');
  return (dot >= 0 && EXTENSION_KIND[uri.slice(dot + 1).toLowerCase()]) || 'file';
}

function uriOf(v: unknown): string | null {
  return isObject(v) && typeof v.uri === 'string' && v.uri ? v.uri : null;
}

function attachmentsOf(m: Json): Attachment[] {
  const list: Attachment[] = [];
  for (const [key, type] of MEDIA_LISTS) {
    const items = m[key];
    if (!Array.isArray(items)) continue;
    for (const item of items) {
      const uri = uriOf(item);
      if (uri) list.push({ name: baseName(uri), type });
    }
  }
  if (Array.isArray(m.media)) {
    for (const item of m.media) {
      const uri = uriOf(item);
      if (uri) list.push({ name: baseName(uri), type: kindOfFile(uri) });
    }
  }
  const sticker = uriOf(m.sticker);
  if (sticker) list.push({ name: baseName(sticker), type: 'sticker' });
  if (isObject(m.share) && typeof m.share.link === 'string' && m.share.link) list.push({ name: m.share.link, type: 'link' });
  return list;
}

/** Who the messages of the thread are between, once the file has said enough. */
interface Thread {
  owner: string | null;
  /** The other participant of a one-to-one thread. */
  partner: string | null;
  /** Group title; null for one-to-one threads. */
  conversation: string | null;
  /** The chat as the file names it (title, thread path or participants), whoever the owner is. */
  key: string;
}

class MessengerReader {
  items: ImportItem[] = [];
  recognized = false;
  private readonly file: string;
  private readonly me: Set<string>;
  private participants: string[] | null = null;
  private title: string | null = null;
  private threadPath: string | null = null;
  private thread: Thread | null = null;
  /** Messages read before the thread was known, with their index. */
  private pending: [Json, number][] = [];

  private readonly format: 'messenger-json' | 'instagram-json';

  constructor(
    private readonly channel: Channel,
    options: ImportOptions,
    private readonly tally: MessengerTally
  ) {
    this.format = channel === 'instagram' ? 'instagram-json' : 'messenger-json';
    this.file = options.fileName;
    this.me = new Set(options.me.map((m) => m.trim().toLowerCase()));
  }

  take(): ImportItem[] {
    const items = this.items;
    this.items = [];
    return items;
  }

  select(path: JsonPath): Cut {
    if (path.length === 1) return path[0] === 'messages' ? 'enter' : THREAD_FIELDS.has(path[0] as string) ? 'read' : 'skip';
    return path.length === 2 ? 'read' : 'skip';
  }

  value(path: JsonPath, value: unknown): void {
    this.recognized = true;
    const key = path[path.length - 1];
    if (typeof key === 'number') {
      if (this.thread) this.message(value, key);
      else this.pending.push([value as Json, key]);
      return;
    }
    if (key === 'participants' && Array.isArray(value)) {
      this.participants = value.map((p) => text(isObject(p) ? p.name : p)).filter((p): p is string => !!p);
    } else if (key === 'title' || key === 'threadName') this.title = text(value) || null;
    else if (key === 'thread_path') this.threadPath = text(value) || null;
    this.resolve(false);
  }

  oversize(path: JsonPath): void {
    if (path.length === 2) this.skip(`messages[${path[1]}]`, OVERLONG_LINE);
  }

  /** After the last byte: decide the thread with what the file gave, and read the waiting messages. */
  finish(): void {
    this.resolve(true);
  }

  private resolve(final: boolean): void {
    if (this.thread) return;
    const names = this.participants ?? (final ? this.senders() : null);
    if (!names) return;
    const byMe = names.find((n) => this.me.has(n.trim().toLowerCase())) ?? null;
    if (names.length > 2) {
      const conversation = this.title ?? (final ? (this.threadPath ?? names.join(', ')) : null);
      if (conversation === null) return;
      this.thread = { owner: byMe, partner: null, conversation, key: conversation };
    } else {
      const notTitle = this.title !== null ? names.filter((n) => n !== this.title) : [];
      const owner = byMe ?? (notTitle.length === 1 && names.length === 2 ? notTitle[0] : null);
      if (owner === null && !final) return;
      const partner = owner !== null ? (names.find((n) => n !== owner) ?? this.title) : null;
      this.thread = { owner, partner, conversation: null, key: this.title ?? this.threadPath ?? names.join(', ') };
    }
    if (this.thread.owner !== null) {
      this.items.push({ type: 'owner', owner: { name: this.thread.owner, phone: null, identity: { channel: this.channel, handle: this.thread.owner } } });
    }
    for (const [m, index] of this.pending) this.message(m, index);
    this.pending = [];
  }

  /** Instagram's minimal exports have no participant list: the authors stand in for it. */
  private senders(): string[] {
    const names = new Set<string>();
    for (const [m] of this.pending) {
      const sender = isObject(m) ? text(m.sender_name ?? m.senderName) : null;
      if (sender) names.add(sender);
    }
    return [...names];
  }

  private message(m: unknown, index: number): void {
    const where = `messages[${index}]`;
    if (!isObject(m)) return this.skip(where, 'not a message object');
    const start = m.timestamp_ms ?? m.timestamp;
    if (typeof start !== 'number') return this.skip(where, 'no timestamp_ms');
    if (!isStorableInstant(start)) return this.skip(where, instantProblem(start));
    const sender = text(m.sender_name ?? m.senderName);
    if (!sender) return this.skip(where, 'no sender_name');
    if (Array.isArray(m.reactions)) this.tally.reactions += m.reactions.length;
    if (m.is_unsent === true || m.isUnsent === true) {
      this.tally.unsent++;
      return;
    }
    if (typeof m.type === 'string' && SYSTEM_TYPES.has(m.type)) {
      this.tally.systemMessages++;
      return;
    }
    const content = text(m.content ?? m.text) ?? '';
    if (this.channel === 'instagram' && INSTAGRAM_REACTION.test(content)) {
      this.tally.reactions++;
      return;
    }
    const { channel, format } = this;
    const { conversation, owner, partner, key: thread } = this.thread!;
    const out = sender === owner;
    const direction = out ? 'out' : 'in';
    const handle = conversation !== null ? (out ? null : sender) : (partner ?? sender);
    const source = { format, file: this.file, record: where };
    // Literals rather than a spread of shared fields: spreading costs more than the rest of the event.
    let event: DraftEvent;
    if (m.type === 'Call' || typeof m.call_duration === 'number') {
      const durationSec = typeof m.call_duration === 'number' && m.call_duration > 0 && m.missed !== true ? Math.round(m.call_duration) : 0;
      const status: CallStatus = durationSec > 0 ? 'answered' : out ? 'unanswered' : 'missed';
      event = { kind: 'call', channel, direction, handle, name: handle, phone: null, conversation, thread, start, source, status, durationSec, video: false };
    } else {
      const attachments = attachmentsOf(m);
      const body = content || (isObject(m.share) ? (text(m.share.share_text) ?? '') : '');
      if (!body && !attachments.length) return this.skip(where, 'no text, attachment or call');
      event = { kind: 'message', channel, direction, handle, name: handle, phone: null, conversation, thread, start, source, body, attachments, transport: null };
    }
    this.items.push({ type: 'event', event });
  }

  private skip(where: string, reason: string): void {
    this.items.push({ type: 'skip', skip: { file: this.file, where, reason } });
  }
}

/** Parses one Messenger or Instagram thread file; `tally` receives the counts of dropped records. */
export async function* parseMessenger(
  chunks: AsyncIterable<Uint8Array>,
  options: ImportOptions,
  channel: Channel = 'messenger',
  tally: MessengerTally = { reactions: 0, unsent: 0, systemMessages: 0 }
): AsyncGenerator<ImportItem[]> {
  const reader = new MessengerReader(channel, options, tally);
  for await (const _ of readJsonText(decodeText(chunks), reader, options.fileName)) {
    if (reader.items.length) yield reader.take();
  }
  if (!reader.recognized) throw new ImportError(options.fileName, null, 'no Messenger or Instagram thread (participants, messages) found in the JSON');
  reader.finish();
  if (reader.items.length) yield reader.take();
}

const LEGACY = /"sender_name"\s*:[\s\S]*"timestamp_ms"\s*:|"participants"\s*:\s*\[\s*\{\s*"name"\s*:/;
const E2EE = /"senderName"\s*:|"participants"\s*:\s*\[\s*"[\s\S]*"threadName"\s*:/;
/** Facebook's thread files: the name is a hint that only claims a JSON object (to report it as broken JSON). */
const THREAD_FILE = /(?:^|[/_])message_\d+\.json$/;

function isJsonObject(head: string): boolean {
  return head.replace(/^[\ufeff\s]+/, '').startsWith('{');
}

/** The path says Instagram (`your_instagram_activity/messages/…` inside the Takeout zip). */
function namedInstagram(fileName: string): boolean {
  return /instagram/i.test(fileName);
}

export const instagramImporter: Importer = {
  format: 'instagram-json',
  detect: (head, fileName) => isJsonObject(head) && namedInstagram(fileName) && (LEGACY.test(head) || THREAD_FILE.test(fileName)),
  parse: (chunks, options) => parseMessenger(chunks, options, 'instagram')
};

export const messengerImporter: Importer = {
  format: 'messenger-json',
  detect: (head, fileName) => isJsonObject(head) && (LEGACY.test(head) || E2EE.test(head) || THREAD_FILE.test(fileName)),
  parse: (chunks, options) => parseMessenger(chunks, options, 'messenger')
};
