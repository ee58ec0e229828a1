/**
 * ChatLab's chat interchange format (v0.0.1/0.0.2), which several WeChat and QQ exporters write:
 *
 * - JSON: `{chatlab:{version, exportedAt}, meta:{name, platform, type, groupId?, ownerId?},
 *   members:[{platformId, accountName, groupNickname?}], messages:[{sender, accountName, timestamp, type, content}]}`,
 *   streamed value by value (util/json-cutter.ts; meta comes before messages, as ChatLab writes it);
 * - JSONL: one object per line with `_type` `header` (chatlab + meta, first), `member` or `message`; lines
 *   starting with `#` are comments.
 *
 * The channel is meta.platform (qq, wechat, line, …); a platform without a channel refuses the file.
 * `meta.type` group/private says whether the chat is a group; the owner is meta.ownerId, else options.me.
 * `timestamp` is Unix seconds. Types: 0 text, 1 image, 2 voice, 3 video, 4 file, 5 sticker, 27 contact
 * card, 23 call (a duration `M:SS` in the content means answered), 22 poke, 80 system and 81 recall
 * (tallied, not imported); every other type is a message with its content as the body.
 */
import { epochInstant } from '../../model/instant';
import { ImportError, type Importer, type ImportItem, type ImportOptions } from '../../import/types';
import { isChannel, type Channel } from '../../model/channels';
import { ChatEvents, type ChatContent, type ChatRecord, type ChatTally, clockSeconds, newTally, skipItem } from '../chat/draft';
import { ChatRoles, OwnerNames } from '../chat/owner';
import { decodeText, OVERLONG_LINE, splitLines } from '../../util/text-stream';
import type { JsonCutHandler } from '../../util/json-cutter';
import { readJsonText } from '../json-text';

type Json = Record<string, unknown>;

const PLATFORM_ALIASES: Record<string, Channel> = { weixin: 'wechat', kakao: 'kakaotalk', facebook: 'messenger' };
const MEDIA: Record<number, string> = { 1: 'image', 2: 'audio', 3: 'video', 4: 'file', 5: 'sticker', 27: 'text/vcard' };
const SYSTEM_TYPES = new Set([22, 80, 81]);
const CALL = 23;
const DURATION = /(?:\d+:)?\d{1,2}:\d{2}/;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: unknown): string | null {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
}

function contentOf(type: number, content: string): ChatContent {
  const media = MEDIA[type];
  if (media) return { kind: 'message', body: '', attachments: [{ name: type === 4 ? content : '', type: media }] };
  if (type === CALL) {
    const video = /视频|video/i.test(content);
    const duration = DURATION.exec(content);
    const seconds = duration ? clockSeconds(duration[0]) : 0;
    return seconds > 0 ? { kind: 'call', status: 'answered', durationSec: seconds, video } : { kind: 'call', status: 'not connected', durationSec: 0, video };
  }
  return { kind: 'message', body: content, attachments: [] };
}

class ChatLabReader {
  readonly items: ImportItem[] = [];
  private readonly file: string;
  private readonly owner: OwnerNames;
  private chat: { roles: ChatRoles<ChatRecord>; ownerId: string | null } | null = null;
  private names = new Map<string, string>();
  messages = 0;

  constructor(
    options: ImportOptions,
    private readonly tally: ChatTally
  ) {
    this.file = options.fileName;
    this.owner = new OwnerNames(options.me);
  }

  meta(meta: unknown, where: string): void {
    if (!isObject(meta)) throw new ImportError(this.file, where, 'meta is not an object');
    const platform = text(meta.platform)?.toLowerCase() ?? '';
    const channel = isChannel(platform) ? platform : PLATFORM_ALIASES[platform];
    if (!channel) throw new ImportError(this.file, where, `ChatLab platform ${JSON.stringify(platform)} is not an app Crosstalk reads`);
    const title = text(meta.name);
    const group = meta.type === 'group' ? true : meta.type === 'private' ? false : null;
    const events = new ChatEvents(channel, 'chatlab-json', this.file, text(meta.groupId) ?? title ?? '');
    const roles = new ChatRoles<ChatRecord>({ title, group }, this.owner, (r, p) => this.items.push(events.item(r, p)));
    this.chat = { roles, ownerId: text(meta.ownerId) };
  }

  member(member: unknown): void {
    if (!isObject(member)) return;
    const id = text(member.platformId);
    const name = text(member.accountName);
    if (id !== null && name) this.names.set(id, name);
  }

  message(m: unknown, where: string): void {
    this.messages++;
    const chat = this.chat;
    if (!chat) throw new ImportError(this.file, where, 'a message comes before meta: the app (meta.platform) is unknown');
    if (!isObject(m)) return this.skip(where, 'the message is not an object');
    const sender = text(m.sender);
    if (!sender) return this.skip(where, 'no sender');
    if (typeof m.timestamp !== 'number') return this.skip(where, `timestamp is not a number: ${JSON.stringify(m.timestamp)}`);
    const start = epochInstant(m.timestamp, 's', 'timestamp');
    if (typeof start === 'string') return this.skip(where, start);
    const type = typeof m.type === 'number' ? m.type : 0;
    if (SYSTEM_TYPES.has(type)) {
      this.tally.systemLines++;
      return;
    }
    const name = text(m.accountName) || this.names.get(sender) || null;
    const out = chat.ownerId === null ? undefined : sender === chat.ownerId;
    const content = contentOf(type, text(m.content) ?? '');
    chat.roles.add({ where, start, author: { handle: sender, name }, content, out });
  }

  finish(): void {
    this.chat?.roles.finish();
    if (!this.chat) throw new ImportError(this.file, null, 'no ChatLab meta found');
  }

  skip(where: string, reason: string): void {
    this.items.push(skipItem(this.file, where, reason));
  }
}

async function* parseJson(texts: AsyncIterable<string>, reader: ChatLabReader, file: string): AsyncGenerator<ImportItem[]> {
  const handler: JsonCutHandler = {
    // The top level's arrays and objects are entered (meta is read whole): one member or message at a time.
    select: (path) => (path.length === 1 && path[0] !== 'meta' ? 'enter' : 'read'),
    value: (path, value) => {
      if (path.length === 1) {
        if (path[0] === 'meta') reader.meta(value, 'meta');
      } else if (path[0] === 'members') reader.member(value);
      else if (path[0] === 'messages') reader.message(value, `messages[${path[1]}]`);
    },
    oversize: (path) => {
      if (path[0] === 'messages') reader.skip(`messages[${path[1]}]`, OVERLONG_LINE);
    }
  };
  for await (const _ of readJsonText(texts, handler, file)) {
    if (reader.items.length) yield reader.items.splice(0);
  }
}

function readJsonLines(lines: (string | null)[], first: number, reader: ChatLabReader): void {
  for (let i = 0; i < lines.length; i++) {
    const where = `line ${first + i}`;
    const raw = lines[i];
    if (raw === null) {
      reader.skip(where, OVERLONG_LINE);
      continue;
    }
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      reader.skip(where, 'not a JSON object');
      continue;
    }
    const type = isObject(value) ? value._type : undefined;
    if (type === 'header') reader.meta(isObject(value) ? value.meta : undefined, where);
    else if (type === 'member') reader.member(value);
    else if (type === 'message') reader.message(value, where);
    else reader.skip(where, `unknown _type ${JSON.stringify(type)}`);
  }
}

const JSONL_HEADER = /^\{.*"_type"\s*:\s*"header"/;

/** Reads the text up to the end of its first line that is not blank or a `#` comment: is it a JSONL header? */
async function firstLineIsHeader(texts: AsyncIterator<string>): Promise<{ header: boolean; seen: string; done: boolean }> {
  let seen = '';
  let from = 0;
  for (;;) {
    const next = await texts.next();
    if (!next.done) seen += next.value;
    for (let end = seen.indexOf('\n', from); end >= 0 || next.done; end = seen.indexOf('\n', from)) {
      const line = seen.slice(from, end < 0 ? undefined : end).trim();
      if (line && !line.startsWith('#')) return { header: JSONL_HEADER.test(line), seen, done: !!next.done };
      if (end < 0) return { header: false, seen, done: true };
      from = end + 1;
    }
  }
}

/** Parses a ChatLab JSON or JSONL file; `tally` counts system messages, recalls and pokes. */
export async function* parseChatLab(chunks: AsyncIterable<Uint8Array>, options: ImportOptions, tally: ChatTally = newTally()): AsyncGenerator<ImportItem[]> {
  const reader = new ChatLabReader(options, tally);
  const iterator = decodeText(chunks)[Symbol.asyncIterator]();
  const { header, seen, done } = await firstLineIsHeader(iterator);
  async function* texts() {
    yield seen;
    if (done) return;
    for (let n = await iterator.next(); !n.done; n = await iterator.next()) yield n.value;
  }
  if (header) {
    let line = 1;
    for await (const lines of splitLines(texts())) {
      readJsonLines(lines, line, reader);
      line += lines.length;
      if (reader.items.length) yield reader.items.splice(0);
    }
  } else {
    yield* parseJson(texts(), reader, options.fileName);
  }
  reader.finish();
  if (reader.items.length) yield reader.items.splice(0);
}

export const chatlabImporter: Importer = {
  format: 'chatlab-json',
  detect: (head) => /^(?:\s*#.*\n)*\s*\{/.test(head) && /"chatlab"\s*:\s*\{/.test(head.slice(0, 2048)),
  parse: (chunks, options) => parseChatLab(chunks, options)
};
