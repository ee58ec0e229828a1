/**
 * Telegram Desktop machine-readable export (`result.json`): the full-account export ({personal_information,
 * contacts, chats, left_chats}) and the single-chat export ({name, type, id, messages}).
 *
 * Streamed value by value (util/json-cutter.ts): each message, contact and chat field is cut out and read by
 * JSON.parse; everything else is skipped as it is read. Telegram writes a chat's `name`, `type` and `id`
 * before its `messages`, so they arrive first and apply to the messages that follow.
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
import type { Contact, OwnerIdentity } from '../../model/contact';
import type { Attachment, CallStatus, DraftEvent } from '../../model/event';
import { epochInstant, zonedInstant, type CheckedInstant } from '../../model/instant';
import { ImportError, type ImportItem, type Importer, type ImportOptions } from '../../import/types';
import type { Cut, JsonPath } from '../../util/json-cutter';
import { readJsonText, type TextRewrite } from '../json-text';
import { decodeText, OVERLONG_LINE } from '../../util/text-stream';

/** Values that are not events and not errors either. */
export interface TelegramTally {
  /** Service messages other than calls: group created, member added, message pinned, group calls, … */
  serviceMessages: number;
  /** Messages in the owner's "Saved Messages" chat: notes to self, not communication. */
  savedMessages: number;
  /** contacts.list entries with neither a name nor a phone number (Telegram keeps only their date). */
  emptyContacts: number;
}

const CHAT_SECTIONS = new Set(['chats', 'left_chats']);
const CHAT_FIELDS = new Set(['name', 'type', 'id']);

/**
 * Which values are read: the owner, contacts, and the chats' fields and messages, one at a time — of the
 * full export (`chats.list[i]`) or of a single chat (the top level).
 */
function selectTelegram(path: JsonPath): Cut {
  const top = path[0] as string;
  const section = CHAT_SECTIONS.has(top);
  switch (path.length) {
    case 1:
      return top === 'personal_information' || CHAT_FIELDS.has(top) ? 'read' : top === 'messages' || top === 'contacts' || section ? 'enter' : 'skip';
    case 2:
      if (top === 'messages') return 'read';
      return path[1] === 'list' && (top === 'contacts' || section) ? 'enter' : 'skip';
    case 3:
      return top === 'contacts' ? 'read' : 'enter';
    case 4:
      return CHAT_FIELDS.has(path[3] as string) ? 'read' : path[3] === 'messages' ? 'enter' : 'skip';
    default:
      return path.length === 5 ? 'read' : 'skip';
  }
}

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

/** Receives the selected values and turns them into import items. */
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

  select(path: JsonPath): Cut {
    const cut = selectTelegram(path);
    // Entering a chat of the full export: its fields and messages follow.
    if (path.length === 3 && cut === 'enter') this.chat = new Chat(`${path[0]}.list[${path[2]}]`);
    return cut;
  }

  value(path: JsonPath, value: unknown): void {
    this.recognized = true;
    const key = path[path.length - 1];
    switch (path.length) {
      case 1:
        if (key === 'personal_information') this.owner(value);
        else this.singleChat().set(key as string, value);
        return;
      case 2:
        return this.message(value, key as number, this.singleChat());
      case 3:
        if (path[0] === 'contacts') this.contact(value, key as number);
        return;
      case 4:
        return this.chat!.set(key as string, value);
      case 5:
        return this.message(value, key as number, this.chat!);
    }
  }

  oversize(path: JsonPath): void {
    const chat = path.length === 2 ? this.singleChat() : path.length === 5 ? this.chat! : null;
    if (chat) this.skip(chat.record({}, path[path.length - 1] as number), OVERLONG_LINE);
  }

  private singleChat(): Chat {
    return (this.single ??= new Chat(null));
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

/**
 * Rewrites the `\xNN` escapes Telegram Desktop writes for control characters (invalid JSON) to `\u00NN`.
 * Outside strings a backslash is an error anyway, and inside one every backslash starts a two-character
 * escape, so pairing backslashes up from the start finds exactly the escapes; a backslash that ends one chunk
 * pairs with the first character of the next.
 */
export class HexEscapeFixer implements TextRewrite {
  /** The previous chunk ended with the first half of an escape. */
  private escapePending = false;
  /** Escapes rewritten before the last chunk, and where the last chunk's are (in the rewritten text). */
  private fixedBefore = 0;
  private fixes: number[] = [];
  private nextStart = 0;

  fix(chunk: string): string {
    this.fixedBefore += this.fixes.length;
    this.fixes = [];
    let out = '';
    let from = 0;
    let i = 0;
    if (this.escapePending && chunk.length > 0) {
      if (chunk.charCodeAt(0) === X) {
        out = 'u00';
        from = 1;
        this.fixes.push(this.nextStart);
      }
      this.escapePending = false;
      i = 1;
    }
    for (let b = chunk.indexOf('\\', i); b >= 0; b = chunk.indexOf('\\', b + 2)) {
      if (b + 1 === chunk.length) this.escapePending = true;
      else if (chunk.charCodeAt(b + 1) === X) {
        out += chunk.slice(from, b + 1) + 'u00';
        from = b + 2;
        this.fixes.push(this.nextStart + out.length - 3);
      }
    }
    const fixed = from === 0 ? chunk : out + chunk.slice(from);
    this.nextStart += fixed.length;
    return fixed;
  }

  /**
   * Where character `at` of the rewritten text was in the original (each rewrite added two characters); exact
   * in the last chunk, before it as if every earlier rewrite came first.
   */
  original(at: number): number {
    return at - 2 * (this.fixedBefore + this.fixes.filter((f) => f < at).length);
  }
}

const X = 0x78;

/** Parses a Telegram export; `tally` receives the counts of values that are neither events nor errors. */
export async function* parseTelegram(
  chunks: AsyncIterable<Uint8Array>,
  options: ImportOptions,
  tally: TelegramTally = { serviceMessages: 0, savedMessages: 0, emptyContacts: 0 }
): AsyncGenerator<ImportItem[]> {
  const reader = new TelegramReader(options, tally);
  for await (const _ of readJsonText(decodeText(chunks), reader, options.fileName, new HexEscapeFixer())) {
    if (reader.items.length) yield reader.take();
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
