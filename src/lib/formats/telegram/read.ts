/**
 * Telegram Desktop machine-readable export (`result.json`): the full-account export ({personal_information,
 * contacts, chats, left_chats}) and the single-chat export ({name, type, id, messages}).
 *
 * Streams through @streamparser/json, selecting only the values used below. Telegram writes a chat's `name`,
 * `type` and `id` before its `messages`, so they arrive first and apply to the messages that follow. Only
 * emitted values are kept by the parser: everything else is dropped as it is read.
 *
 * Direction: with personal_information (full export) the owner's `user<id>` decides. Without it (single-chat
 * export), authors listed in options.me are the owner; in a personal chat (whose `id` is the partner's) the
 * partner's `user<id>` is `in` and every other author `out`; elsewhere the rest is `in`.
 * Counterpart: personal and bot chats → the partner (`user<chat id>`, chat name) in both directions; every
 * other chat (groups, channels, or an unknown type) → conversation = chat name, handle = the author's
 * from_id (else name) for `in` and the chat name for `out`.
 * Calls (`phone_call` service messages, `actor_id` = caller): a duration means answered; else discard_reason
 * `missed` → missed (unanswered when outgoing), `busy` → busy, `hangup` → rejected when incoming (the owner
 * declined) or unanswered when outgoing, anything else → unanswered.
 */
import { JSONParser, type ParsedElementInfo, type StackElement } from '@streamparser/json';
import type { Contact, OwnerIdentity } from '../../model/contact';
import type { Attachment, CallStatus, DraftEvent } from '../../model/event';
import { epochInstant, zonedInstant, type CheckedInstant } from '../../model/instant';
import { ImportError, type ImportItem, type Importer, type ImportOptions } from '../../import/types';

/** Values that are not events and not errors either. */
export interface TelegramTally {
  /** Service messages other than calls: group created, member added, message pinned, group calls, … */
  serviceMessages: number;
  /** Messages in the owner's "Saved Messages" chat: notes to self, not communication. */
  savedMessages: number;
  /** contacts.list entries with neither a name nor a phone number (Telegram keeps only their date). */
  emptyContacts: number;
}

const CHAT_SECTIONS = ['chats', 'left_chats'];
const CHAT_FIELDS = ['name', 'type', 'id'];
const PATHS = [
  '$.personal_information',
  '$.contacts.list.*',
  '$.messages.*',
  ...CHAT_FIELDS.map((f) => `$.${f}`),
  ...CHAT_SECTIONS.flatMap((s) => [...CHAT_FIELDS.map((f) => `$.${s}.list.*.${f}`), `$.${s}.list.*.messages.*`])
];

/** Depth of the parser stack at each selected path (the root object counts as one). */
const AT_ROOT = 1;
const AT_SINGLE_MESSAGE = 2;
const AT_CONTACT = 3;
const AT_CHAT_FIELD = 4;
const AT_CHAT_MESSAGE = 5;

/** One-to-one chat types: the chat's `id` is the partner's user id. */
const ONE_TO_ONE = new Set(['personal_chat', 'bot_chat']);

const MEDIA_KIND: Record<string, string> = {
  sticker: 'sticker',
  voice_message: 'audio',
  audio_file: 'audio',
  video_file: 'video',
  video_message: 'video',
  animation: 'video'
};

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringOr<T>(v: unknown, fallback: T): string | T {
  return typeof v === 'string' ? v : fallback;
}

/** Newer exports write `"user123"`; old ones wrote the bare number. */
function peerId(v: unknown): string | null {
  if (typeof v === 'string') return v;
  return typeof v === 'number' ? `user${v}` : null;
}

function personName(first: unknown, last: unknown): string {
  return `${stringOr(first, '')} ${stringOr(last, '')}`.trim();
}

/** `text` is a string for a single plain run, else an array of strings and `{type, text}` entities. */
function bodyOf(text: unknown): string {
  if (typeof text === 'string') return text;
  if (!Array.isArray(text)) return '';
  let body = '';
  for (const part of text) body += typeof part === 'string' ? part : isObject(part) ? stringOr(part.text, '') : '';
  return body;
}

/** Base name of an exported file's relative path; '' for Telegram's "(File not included…)" notes. */
function baseName(path: unknown): string {
  if (typeof path !== 'string' || path.startsWith('(')) return '';
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/** Stickers stay stickers whatever their MIME type; other files take their MIME type when known. */
function fileType(m: Json): string {
  const media = m.media_type;
  if (media === 'sticker') return 'sticker';
  if (typeof m.mime_type === 'string' && m.mime_type) return m.mime_type;
  return (typeof media === 'string' && MEDIA_KIND[media]) || 'file';
}

function attachmentsOf(m: Json): Attachment[] {
  const list: Attachment[] = [];
  if (m.photo !== undefined) list.push({ name: baseName(m.photo), type: 'image' });
  if (m.file !== undefined || m.media_type !== undefined) list.push({ name: baseName(m.file), type: fileType(m) });
  return list;
}

function callStatus(duration: number, reason: unknown, out: boolean): CallStatus {
  if (duration > 0) return 'answered';
  if (reason === 'missed') return out ? 'unanswered' : 'missed';
  if (reason === 'busy') return 'busy';
  if (reason === 'hangup' && !out) return 'rejected';
  return 'unanswered';
}

/** The instant of a message: `date_unixtime` (added in 2022), else the exporting PC's local `date`. */
function instantOf(m: Json, timeZone: string): CheckedInstant {
  const unix = m.date_unixtime;
  if (typeof unix === 'string' && unix !== '') {
    if (!/^-?\d+$/.test(unix)) return `date_unixtime ${JSON.stringify(unix.slice(0, 40))} is not a number of seconds`;
    return epochInstant(Number(unix), 's', 'date_unixtime');
  }
  const local = typeof m.date === 'string' ? LOCAL_DATE.exec(m.date) : null;
  if (!local) return 'no usable date (date_unixtime or date)';
  const [year, month, day, hour, minute, second] = local.slice(1).map(Number);
  return zonedInstant({ year, month, day, hour, minute, second }, timeZone);
}

/** What the messages of one chat share, derived from the chat's name, type and id. */
class Chat {
  name: string | null = null;
  type: string | null = null;
  id: string | null = null;
  /** `user<id>` of the partner in a one-to-one chat, else null. */
  partner: string | null = null;
  /** Prefix of the provenance record of the chat's messages. */
  label: string;

  /** `position` is where the chat sits in a full export (`left_chats.list[2]`); null for a single-chat export. */
  constructor(private readonly position: string | null) {
    this.label = this.labelNow();
  }

  set(field: string, value: unknown): void {
    if (field === 'name') this.name = stringOr(value, null);
    else if (field === 'type') this.type = stringOr(value, null);
    else if (field === 'id' && (typeof value === 'number' || typeof value === 'string')) this.id = String(value);
    this.partner = this.type !== null && this.id !== null && ONE_TO_ONE.has(this.type) ? `user${this.id}` : null;
    this.label = this.labelNow();
  }

  private labelNow(): string {
    if (this.position === null) return '';
    if (this.name !== null) return `chat ${JSON.stringify(this.name)}`;
    return this.id !== null ? `chat ${this.id}` : this.position;
  }

  /** Where message `index` sits: `messages[41]` (single-chat export), `chat "Name" message <id>` (full export). */
  record(m: Json, index: number): string {
    if (this.position === null) return `messages[${index}]`;
    return typeof m.id === 'number' ? `${this.label} message ${m.id}` : `${this.label} messages[${index}]`;
  }
}

/** Receives the parser's selected values and turns them into import items. */
class TelegramReader {
  items: ImportItem[] = [];
  /** True once any Telegram value was seen: a file without one is not an export. */
  recognized = false;
  private readonly file: string;
  private readonly timeZone: string;
  private readonly me: Set<string>;
  private ownerId: string | null = null;
  private single: Chat | null = null;
  private chat: Chat | null = null;
  /** The parser's object of the current chat: a new one means a new chat, even one without a name. */
  private chatObject: unknown = null;

  constructor(
    options: ImportOptions,
    private readonly tally: TelegramTally
  ) {
    this.file = options.fileName;
    this.timeZone = options.timeZone;
    this.me = new Set(options.me.map((m) => m.trim().toLowerCase()));
  }

  take(): ImportItem[] {
    const items = this.items;
    this.items = [];
    return items;
  }

  value({ value, key, parent, stack }: ParsedElementInfo): void {
    this.recognized = true;
    switch (stack.length) {
      case AT_ROOT:
        if (key === 'personal_information') this.owner(value);
        else this.singleChat().set(key as string, value);
        return;
      case AT_SINGLE_MESSAGE:
        return this.message(value, key as number, this.singleChat());
      case AT_CONTACT:
        return this.contact(value, key as number);
      case AT_CHAT_FIELD:
        return this.chatAt(parent, stack).set(key as string, value);
      case AT_CHAT_MESSAGE:
        return this.message(value, key as number, this.chatAt(stack[AT_CHAT_MESSAGE - 1].value, stack));
    }
  }

  private singleChat(): Chat {
    return (this.single ??= new Chat(null));
  }

  private chatAt(chatObject: unknown, stack: StackElement[]): Chat {
    if (chatObject !== this.chatObject || !this.chat) {
      this.chatObject = chatObject;
      this.chat = new Chat(`${String(stack[1].key)}.list[${String(stack[3].key)}]`);
    }
    return this.chat;
  }

  private owner(info: unknown): void {
    if (!isObject(info)) return;
    const userId = info.user_id;
    const handle = typeof userId === 'number' || (typeof userId === 'string' && userId) ? `user${userId}` : null;
    this.ownerId = handle;
    const owner: OwnerIdentity = {
      name: personName(info.first_name, info.last_name) || null,
      phone: stringOr(info.phone_number, '') || null,
      identity: handle ? { channel: 'telegram', handle } : null
    };
    this.items.push({ type: 'owner', owner });
  }

  private contact(entry: unknown, index: number): void {
    if (!isObject(entry)) return;
    const name = personName(entry.first_name, entry.last_name);
    const phone = stringOr(entry.phone_number, '').trim();
    if (!name && !phone) {
      this.tally.emptyContacts++;
      return;
    }
    const userId = entry.user_id;
    const known = (typeof userId === 'number' && userId !== 0) || (typeof userId === 'string' && userId !== '' && userId !== '0');
    const contact: Contact = {
      name,
      numbers: phone ? [phone] : [],
      identities: known ? [{ channel: 'telegram', handle: `user${userId}` }] : [],
      source: { format: 'telegram-json', file: this.file, record: `contacts.list[${index}]` }
    };
    this.items.push({ type: 'contact', contact });
  }

  private message(m: unknown, index: number, chat: Chat): void {
    if (chat.type === 'saved_messages') {
      this.tally.savedMessages++;
      return;
    }
    if (!isObject(m)) return this.skip(chat.record({}, index), 'not a message object');
    const call = m.type === 'service' && m.action === 'phone_call';
    if (m.type === 'service' && !call) {
      this.tally.serviceMessages++;
      return;
    }
    if (m.type !== 'message' && !call) return this.skip(chat.record(m, index), `message type ${JSON.stringify(m.type)} is not supported`);
    const start = instantOf(m, this.timeZone);
    if (typeof start === 'string') return this.skip(chat.record(m, index), start);
    this.items.push({ type: 'event', event: this.event(m, chat, start, chat.record(m, index), call) });
  }

  private event(m: Json, chat: Chat, start: number, record: string, call: boolean): DraftEvent {
    const fromId = peerId(call ? m.actor_id : m.from_id);
    const author = stringOr(call ? m.actor : m.from, null);
    const out = this.isOwner(fromId, author, chat);
    const direction = out ? 'out' : 'in';
    const group = chat.partner === null;
    const handle = !group ? chat.partner : out ? chat.name : (fromId ?? author);
    const name = !group || out ? chat.name : author;
    const conversation = group ? chat.name : null;
    const thread = conversation ?? chat.partner;
    const source = { format: 'telegram-json' as const, file: this.file, record };
    // Literals rather than a spread of shared fields: spreading was the importer's costliest line.
    if (call) {
      const durationSec = typeof m.duration_seconds === 'number' && m.duration_seconds > 0 ? Math.round(m.duration_seconds) : 0;
      const status = callStatus(durationSec, m.discard_reason, out);
      return { kind: 'call', channel: 'telegram', direction, handle, name, phone: null, conversation, thread, start, source, status, durationSec, video: m.is_video === true };
    }
    const body = bodyOf(m.text);
    const attachments = attachmentsOf(m);
    return { kind: 'message', channel: 'telegram', direction, handle, name, phone: null, conversation, thread, start, source, body, attachments, transport: null };
  }

  private isOwner(fromId: string | null, author: string | null, chat: Chat): boolean {
    if (this.ownerId !== null && fromId !== null) return fromId === this.ownerId;
    if (author !== null && this.me.has(author.trim().toLowerCase())) return true;
    return chat.partner !== null && fromId !== null && fromId !== chat.partner;
  }

  private skip(where: string, reason: string): void {
    this.items.push({ type: 'skip', skip: { file: this.file, where, reason } });
  }
}

const BACKSLASH = 0x5c;
const X = 0x78;
const U00 = [0x75, 0x30, 0x30];

/**
 * Rewrites the `\xNN` escapes Telegram Desktop writes for control characters (invalid JSON) to `\u00NN`.
 * Outside strings a backslash is an error anyway, and inside one every backslash starts a two-character
 * escape, so pairing backslashes up from the start finds exactly the escapes; a backslash that ends one chunk
 * pairs with the first byte of the next.
 */
export class HexEscapeFixer {
  /** The previous chunk ended with the first half of an escape. */
  private escapePending = false;
  /** File offset of the last chunk, and where its `x`s were, to map the parser's offsets back. */
  private chunkStart = 0;
  private nextStart = 0;
  private fixes: number[] = [];

  fix(chunk: Uint8Array): Uint8Array {
    this.chunkStart = this.nextStart;
    this.nextStart += chunk.length;
    this.fixes = [];
    let i = 0;
    if (this.escapePending && chunk.length > 0) {
      if (chunk[0] === X) this.fixes.push(0);
      this.escapePending = false;
      i = 1;
    }
    for (let b = chunk.indexOf(BACKSLASH, i); b >= 0; b = chunk.indexOf(BACKSLASH, b + 2)) {
      if (b + 1 === chunk.length) this.escapePending = true;
      else if (chunk[b + 1] === X) this.fixes.push(b + 1);
    }
    return this.fixes.length ? this.rewrite(chunk) : chunk;
  }

  /** File offset of position `at` in the last rewritten chunk. */
  fileOffset(at: number): number {
    let shift = 0;
    for (const x of this.fixes) {
      if (x + shift >= at) break;
      shift += U00.length - 1;
    }
    return this.chunkStart + Math.max(0, at - shift);
  }

  get bytesRead(): number {
    return this.nextStart;
  }

  private rewrite(chunk: Uint8Array): Uint8Array {
    const out = new Uint8Array(chunk.length + this.fixes.length * (U00.length - 1));
    let from = 0;
    let to = 0;
    for (const x of this.fixes) {
      out.set(chunk.subarray(from, x), to);
      to += x - from;
      out.set(U00, to);
      to += U00.length;
      from = x + 1;
    }
    out.set(chunk.subarray(from), to);
    return out;
  }
}

/** The parser's report as an ImportError, with the file offset when the parser gives a position. */
function jsonError(file: string, err: unknown, fixer: HexEscapeFixer, atEnd: boolean): ImportError {
  const message = err instanceof Error ? err.message : String(err);
  if (atEnd) return new ImportError(file, `byte ${fixer.bytesRead}`, `the JSON ends early (truncated file?): ${message}`);
  const at = /chunk position "(\d+)"/.exec(message);
  const where = at ? `byte ${fixer.fileOffset(Number(at[1]))}` : `bytes ${fixer.fileOffset(0)}–${fixer.bytesRead}`;
  return new ImportError(file, where, `malformed JSON: ${message}`);
}

/** Parses a Telegram export; `tally` receives the counts of values that are neither events nor errors. */
export async function* parseTelegram(
  chunks: AsyncIterable<Uint8Array>,
  options: ImportOptions,
  tally: TelegramTally = { serviceMessages: 0, savedMessages: 0, emptyContacts: 0 }
): AsyncGenerator<ImportItem[]> {
  const reader = new TelegramReader(options, tally);
  const parser = new JSONParser({ paths: PATHS, keepStack: false });
  parser.onValue = (info) => reader.value(info);
  const fixer = new HexEscapeFixer();
  for await (const chunk of chunks) {
    try {
      parser.write(fixer.fix(chunk));
    } catch (err) {
      throw jsonError(options.fileName, err, fixer, false);
    }
    if (reader.items.length) yield reader.take();
  }
  try {
    if (!parser.isEnded) parser.end();
  } catch (err) {
    throw jsonError(options.fileName, err, fixer, true);
  }
  if (!reader.recognized) throw new ImportError(options.fileName, null, 'no Telegram chat, message or contact found in the JSON');
  if (reader.items.length) yield reader.take();
}

const CHAT_TYPES = 'personal_chat|bot_chat|saved_messages|replies|private_group|private_supergroup|public_supergroup|private_channel|public_channel';
const FULL_EXPORT = /"personal_information"\s*:\s*\{|^\{\s*"about"\s*:\s*"[^"]*Telegram|"chats"\s*:\s*\{\s*"(?:about|list)"\s*:/;
const SINGLE_CHAT = new RegExp(`"type"\\s*:\\s*"(?:${CHAT_TYPES})"`);
const TELEGRAM_MESSAGE = /"date_unixtime"\s*:\s*"|"from_id"\s*:\s*"(?:user|channel|chat)\d+"/;

export const telegramImporter: Importer = {
  format: 'telegram-json',
  detect(head) {
    const text = head.replace(/^[\ufeff\s]+/, '');
    if (!text.startsWith('{')) return false;
    if (FULL_EXPORT.test(text)) return true;
    return /"messages"\s*:\s*\[/.test(text) && (SINGLE_CHAT.test(text) || TELEGRAM_MESSAGE.test(text));
  },
  parse: (chunks, options) => parseTelegram(chunks, options)
};
