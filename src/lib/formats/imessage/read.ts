/**
 * Messages on a Mac: `~/Library/Messages/chat.db` (SQLite), read with sql.js.
 *
 * - Detection: the SQLite magic plus a Messages table name in the first page (`chat_message_join`,
 *   `CREATE TABLE message`), or the name `chat.db` as a hint when the schema does not fit the first page;
 *   parsing then requires a `message` table.
 * - sql.js needs the whole database in memory, so files above MAX_CHAT_DB_BYTES are refused; rows are then
 *   read one at a time and handed on in batches.
 * - `message.text`, or when it is NULL the text in `attributedBody` (typedstream.ts); U+FFFC placeholders
 *   of inline attachments are removed. `date`: seconds since 2001-01-01 UTC, or nanoseconds (macOS 10.13+),
 *   told apart by magnitude. `is_from_me` gives the direction. `service` iMessage → channel imessage; SMS
 *   (and RCS) → channel phone (transport sms, or mms with attachments).
 * - Counterpart: `handle.id` (E.164 or e-mail; numbers also go to `phone`). A chat (first by ROWID in
 *   chat_message_join) with style 43 or more than one handle is a group: conversation = its display name,
 *   else its chat_identifier; incoming messages keep the sender's handle, outgoing ones the conversation.
 *   Outgoing messages in one-to-one chats without a handle take the chat's only handle.
 * - Attachments via message_attachment_join → attachment (`transfer_name`, else the file name; `mime_type`).
 * - Tapbacks (associated_message_type 2000–3999) and group events (item_type ≠ 0) are tallied, not events.
 */
import { draftEvent, type Attachment, type DraftEvent, type EventCommon } from '../../model/event';
import { isStorableInstant, instantProblem } from '../../model/instant';
import { ImportError, type BinaryImporter, type ImportItem, type ImportOptions } from '../../import/types';
import { attributedBodyText } from './typedstream';
import { loadSqlJs } from './sql-js';
import type { Database } from 'sql.js';

/** sql.js holds the whole file (and a copy while opening it) in memory: beyond this, refuse. */
export const MAX_CHAT_DB_BYTES = 1024 ** 3;

const SQLITE_MAGIC = new TextEncoder().encode('SQLite format 3\0');
const MESSAGES_SCHEMA = ['chat_message_join', 'CREATE TABLE message '].map((s) => new TextEncoder().encode(s));

/** Seconds from the Unix epoch to Apple's reference date, 2001-01-01T00:00:00Z. */
const APPLE_EPOCH_S = 978_307_200;
/** Above this, `date` counts nanoseconds (1e11 s is year 5170; 1e11 ns is two minutes after 2001). */
const NANOSECONDS_FROM = 1e11;
const GROUP_STYLE = 43;
const BATCH = 1000;

export interface IMessageTally {
  /** Tapbacks (reactions to another message), added or removed. */
  reactions: number;
  /** Group events: members added or removed, renames, leaving. */
  systemRecords: number;
}

function contains(head: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= head.length; i++) {
    for (let j = 0; j < needle.length; j++) if (head[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

export function isSqlite(head: Uint8Array): boolean {
  return SQLITE_MAGIC.every((b, i) => head[i] === b);
}

/** Milliseconds since the Unix epoch of a chat.db `date`. */
export function appleInstant(date: number): number {
  if (Math.abs(date) >= NANOSECONDS_FROM) return Math.floor(date / 1e6) + APPLE_EPOCH_S * 1000;
  return Math.round(date * 1000) + APPLE_EPOCH_S * 1000;
}

async function readAll(chunks: AsyncIterable<Uint8Array>, file: string, limit: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const c of chunks) {
    size += c.length;
    if (size > limit) throw new ImportError(file, null, `the database is larger than ${Math.round(limit / 1024 ** 2)} MB, more than Crosstalk can open in memory`);
    parts.push(c);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const p of parts.splice(0)) {
    bytes.set(p, at);
    at += p.length;
  }
  return bytes;
}

function columnsOf(db: Database, table: string): Set<string> {
  const result = db.exec(`PRAGMA table_info(${table})`);
  return new Set(result.length ? result[0].values.map((row) => String(row[1])) : []);
}

interface ChatInfo {
  group: boolean;
  title: string;
  /** The only handle of a one-to-one chat. */
  handle: string | null;
}

function readChats(db: Database, handles: Map<number, string>): Map<number, ChatInfo> {
  const chats = new Map<number, ChatInfo>();
  const members = new Map<number, number[]>();
  const joins = db.prepare('SELECT chat_id, handle_id FROM chat_handle_join');
  while (joins.step()) {
    const [chat, handle] = joins.get() as number[];
    const list = members.get(chat);
    if (list) list.push(handle);
    else members.set(chat, [handle]);
  }
  joins.free();
  const cols = columnsOf(db, 'chat');
  const rows = db.prepare(
    `SELECT ROWID, ${cols.has('style') ? 'style' : 'NULL'}, ${cols.has('display_name') ? 'display_name' : 'NULL'}, ${cols.has('chat_identifier') ? 'chat_identifier' : 'NULL'} FROM chat`
  );
  while (rows.step()) {
    const [id, style, name, identifier] = rows.get() as [number, number | null, string | null, string | null];
    const ids = members.get(id) ?? [];
    const group = style === GROUP_STYLE || ids.length > 1;
    const handle = ids.length === 1 ? (handles.get(ids[0]) ?? null) : null;
    chats.set(id, { group, title: name || identifier || `chat ${id}`, handle });
  }
  rows.free();
  return chats;
}

/**
 * Each message's chat (the first, when a message was filed in several), in one pass: a correlated subquery per
 * message is quadratic on databases without Apple's index on chat_message_join, and joining the grouped table
 * to the message rows in SQLite (a temporary B-tree and an automatic index) was slower at 1M rows than this map.
 */
function chatOfMessage(db: Database): Map<number, number> {
  const byMessage = new Map<number, number>();
  const rows = db.prepare('SELECT message_id, chat_id FROM chat_message_join');
  while (rows.step()) {
    const [message, chat] = rows.get() as [number, number];
    const known = byMessage.get(message);
    if (known === undefined || chat < known) byMessage.set(message, chat);
  }
  rows.free();
  return byMessage;
}

function readAttachments(db: Database): Map<number, Attachment[]> {
  const byMessage = new Map<number, Attachment[]>();
  const cols = columnsOf(db, 'attachment');
  const name = cols.has('transfer_name') ? 'a.transfer_name' : 'NULL';
  const mime = cols.has('mime_type') ? 'a.mime_type' : 'NULL';
  const rows = db.prepare(`SELECT j.message_id, ${name}, a.filename, ${mime} FROM message_attachment_join j JOIN attachment a ON a.ROWID = j.attachment_id ORDER BY j.message_id, a.ROWID`);
  while (rows.step()) {
    const [message, transfer, path, type] = rows.get() as [number, string | null, string | null, string | null];
    const fileName = transfer || (path ? path.slice(path.lastIndexOf('/') + 1) : '');
    const list = byMessage.get(message) ?? [];
    list.push({ name: fileName, type: type || 'file' });
    byMessage.set(message, list);
  }
  rows.free();
  return byMessage;
}

const PHONE = /^\+?\d{3,15}$/;

function hasTable(db: Database, name: string): boolean {
  return db.exec(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '${name}'`).length > 0;
}

function skipItem(file: string, rowid: number, reason: string): ImportItem {
  return { type: 'skip', skip: { file, where: `message ${rowid}`, reason } };
}

/** The text without the U+FFFC that stand for inline attachments. */
function withoutPlaceholders(text: string): string {
  return text.includes('\ufffc') ? text.replace(/\ufffc/g, '') : text;
}

/** Reads a chat.db; `tally` receives the counts of rows that are neither events nor errors. */
export async function* parseChatDb(
  chunks: AsyncIterable<Uint8Array>,
  options: ImportOptions,
  tally: IMessageTally = { reactions: 0, systemRecords: 0 },
  limit = MAX_CHAT_DB_BYTES
): AsyncGenerator<ImportItem[]> {
  const file = options.fileName;
  const bytes = await readAll(chunks, file, limit);
  const SQL = await loadSqlJs();
  let db: Database;
  try {
    db = new SQL.Database(bytes);
    db.exec('SELECT 1 FROM sqlite_master LIMIT 1');
  } catch (err) {
    throw new ImportError(file, null, `not a readable SQLite database: ${(err as Error).message}`);
  }
  try {
    if (!hasTable(db, 'message')) throw new ImportError(file, null, 'an SQLite database without a Messages "message" table');
    const optional = (table: string) => hasTable(db, table);
    const handles = new Map<number, string>();
    if (optional('handle')) {
      const rows = db.prepare('SELECT ROWID, id FROM handle');
      while (rows.step()) {
        const [id, value] = rows.get() as [number, string];
        handles.set(id, value);
      }
      rows.free();
    }
    const chats = optional('chat') && optional('chat_handle_join') ? readChats(db, handles) : new Map<number, ChatInfo>();
    const attachments = optional('message_attachment_join') && optional('attachment') ? readAttachments(db) : new Map<number, Attachment[]>();
    const cols = columnsOf(db, 'message');
    const col = (name: string) => (cols.has(name) ? `m.${name}` : 'NULL');
    const chatOf = optional('chat_message_join') ? chatOfMessage(db) : new Map<number, number>();
    // attributedBody is read only where text is NULL (newer macOS writes both): each blob read is a copy out of sql.js.
    const body = cols.has('text') && cols.has('attributedBody') ? 'CASE WHEN m.text IS NULL THEN m.attributedBody END' : col('attributedBody');
    const rows = db.prepare(
      `SELECT m.ROWID, ${col('text')}, ${body}, ${col('date')}, ${col('is_from_me')}, ${col('service')}, ${col('handle_id')}, ` +
        `${col('associated_message_type')}, ${col('item_type')} FROM message m ORDER BY m.ROWID`
    );
    let out: ImportItem[] = [];
    try {
      while (rows.step()) {
        const [rowid, text, body, date, fromMe, service, handleId, associated, itemType] = rows.get() as [
          number,
          string | null,
          Uint8Array | null,
          number | null,
          number | null,
          string | null,
          number | null,
          number | null,
          number | null
        ];
        const chatId = chatOf.get(rowid) ?? null;
        if (associated !== null && associated >= 2000 && associated < 4000) {
          tally.reactions++;
        } else if (itemType) {
          tally.systemRecords++;
        } else if (!date) {
          out.push(skipItem(file, rowid, 'no date'));
        } else {
          const start = appleInstant(date);
          const files = attachments.get(rowid) ?? [];
          const content = withoutPlaceholders(text ?? (body ? attributedBodyText(body) : null) ?? '').trim();
          if (!isStorableInstant(start)) out.push(skipItem(file, rowid, instantProblem(start)));
          else if (!content && !files.length) out.push(skipItem(file, rowid, body && text === null ? 'the attributedBody holds no readable text' : 'no text and no attachment'));
          else out.push({ type: 'event', event: toEvent(rowid, start, content, files, fromMe === 1, service, handleId ? (handles.get(handleId) ?? null) : null, chatId === null ? null : (chats.get(chatId) ?? null), file) });
        }
        if (out.length >= BATCH) {
          yield out;
          out = [];
        }
      }
    } finally {
      rows.free();
    }
    if (out.length) yield out;
  } catch (err) {
    // SQLite reports damage only when a query reaches the damaged page.
    if (err instanceof ImportError || err instanceof TypeError || err instanceof RangeError) throw err;
    throw new ImportError(file, null, `the database is damaged: ${(err as Error).message}`);
  } finally {
    db.close();
  }
}

function toEvent(
  rowid: number,
  start: number,
  body: string,
  attachments: Attachment[],
  out: boolean,
  service: string | null,
  sender: string | null,
  chat: ChatInfo | null,
  file: string
): DraftEvent {
  const sms = service !== null && service !== 'iMessage';
  const group = chat?.group ?? false;
  const conversation = group ? chat!.title : null;
  const handle = group ? (out ? conversation : sender) : (sender ?? chat?.handle ?? null);
  const phone = handle !== null && !group && PHONE.test(handle) ? handle : group && !out && sender && PHONE.test(sender) ? sender : null;
  const source = { format: 'imessage-db' as const, file, record: `message ${rowid}` };
  const direction = out ? 'out' : 'in';
  // A group text the owner sent has no single number: the phone channel files it under no one.
  const common: EventCommon = sms
    ? { channel: 'phone', direction, handle: group && out ? null : handle, name: null, phone, conversation, thread: null, start, source }
    : { channel: 'imessage', direction, handle, name: null, phone, conversation, thread: conversation ?? handle ?? '', start, source };
  return draftEvent(common, { kind: 'message', body, attachments, transport: sms ? (attachments.length ? 'mms' : 'sms') : null });
}

export const imessageImporter: BinaryImporter = {
  format: 'imessage-db',
  detect(head, fileName) {
    if (!isSqlite(head)) return false;
    return MESSAGES_SCHEMA.some((s) => contains(head, s)) || /(?:^|\/)chat\.db$/i.test(fileName);
  },
  parse: (chunks, options) => parseChatDb(chunks, options)
};
