/**
 * QQ PC message manager ("消息管理器") text export: `消息记录（此消息记录为文本格式，不支持重新导入）`, then per
 * chat a block of `=` lines around `消息分组:<group>` and `消息对象:<chat>`, then messages:
 *
 *     2020-03-04 8:12:29 PM 昵称(123456)      ← or 昵称<a@b.com>, or 昵称 alone; 24-hour or AM/PM
 *     body line(s), possibly empty
 *     (blank line)
 *
 * Handles are QQ numbers (else the e-mail, else the nickname). A `消息分组` naming 群/讨论组/多人聊天 makes the
 * chat a group; another 分组 (a friend list) makes it one-to-one with `消息对象`; without one the authors
 * decide (see chat/owner.ts). `系统消息(10000)`, `(1000000)` and join/leave/recall notices are counted in the
 * tally, not imported. `[图片]`, `[表情]`, `[语音]`, `[视频]`, `[文件]` become attachments. Times are the PC's local
 * time, read in options.timeZone.
 */
import { ImportError, type Importer, type ImportItem, type ImportOptions } from '../../import/types';
import { type ChatRecord, ChatEvents, type ChatTally, newTally, skipItem, Placeholders } from '../chat/draft';
import { type LineReader, MessageText, readLines } from '../chat/lines';
import { Authors, type ChatAuthor, ChatRoles, OwnerNames } from '../chat/owner';
import { LocalTimes, MERIDIEM, hour24, meridiemOf } from '../chat/wall-clock';

const FILE_HEADER = '消息记录（此消息记录为文本格式，不支持重新导入）';
const SEPARATOR = /^={3,}\s*$/;
const SECTION = /^(消息分组|消息对象)[:：](.*)$/;
/** A message's header line: the date, time and sender (what a tokenizer of this format tests each line against). */
export const MESSAGE = new RegExp(`^(\\d{4})-(\\d{1,2})-(\\d{1,2}) (\\d{1,2}):(\\d{2}):(\\d{2})(?: ?(${MERIDIEM}))? (.*)$`);
const WITH_NUMBER = /^(.*)\((\d{4,})\)$/;
const WITH_EMAIL = /^(.*)<([^<>\s@]+@[^<>\s]+)>$/;
const GROUP_SECTION = /群|讨论组|多人聊天/;
/** QQ's own senders: 系统消息(10000) and the 1000000 notifier. */
const SYSTEM_SENDERS = new Set(['10000', '1000000']);
/** Join, leave and recall notices, written as one-line messages. */
const NOTICE = /(?:加入了?本群|退出了?本群|移出了?本群|撤回了一条(?:成员)?消息)[。.!！]?$/;

/** A one-line notice. Each holds 本群 or 撤回: looking for them first spares most texts the scan for the phrases. */
function isNotice(body: string): boolean {
  return !body.includes('\n') && (body.includes('本群') || body.includes('撤回')) && NOTICE.test(body);
}

const PLACEHOLDERS = new Placeholders(
  [
    ['[图片]', 'image'],
    ['[表情]', 'sticker'],
    ['[语音]', 'audio'],
    ['[视频]', 'video'],
    ['[文件]', 'file']
  ],
  /\[(?:图片|表情|语音|视频|文件)\]/g
);

const DIGIT_0 = 48;
const DIGIT_9 = 57;
const EQUALS = 61;
const SECTION_FIRST = '消'.charCodeAt(0);

function authorOf(text: string): ChatAuthor {
  const sender = text.trim();
  const numbered = WITH_NUMBER.exec(sender) ?? WITH_EMAIL.exec(sender);
  if (numbered) return { handle: numbered[2], name: numbered[1].trim() || null };
  return { handle: sender, name: sender || null };
}

interface PendingMessage {
  line: number;
  start: number;
  author: ChatAuthor;
  text: MessageText;
}

class QQReader implements LineReader {
  readonly items: ImportItem[] = [];
  private readonly file: string;
  private readonly owner: OwnerNames;
  private readonly times: LocalTimes;
  private section: { group: string | null; title: string | null } = { group: null, title: null };
  private chat: { roles: ChatRoles<ChatRecord>; events: ChatEvents } | null = null;
  private current: PendingMessage | null = null;
  private readonly authors = new Authors(authorOf);
  /** A message header has been seen: the file is a QQ export. */
  messages = 0;

  constructor(
    options: ImportOptions,
    private readonly tally: ChatTally
  ) {
    this.file = options.fileName;
    this.owner = new OwnerNames(options.me);
    this.times = new LocalTimes(options.timeZone);
  }

  line(text: string, number: number): void {
    // Each pattern is tried only on lines starting as it must: most lines are body text or blank.
    const first = text.charCodeAt(0);
    if (first >= DIGIT_0 && first <= DIGIT_9) {
      const m = MESSAGE.exec(text);
      if (m) return this.startMessage(m, number);
    } else if (first === EQUALS) {
      if (SEPARATOR.test(text)) return this.closeMessage();
    } else if (first === SECTION_FIRST && this.sectionLine(text)) return;
    this.current?.text.add(text);
  }

  /** A `消息分组` or `消息对象` line: closes the chat before it. */
  private sectionLine(text: string): boolean {
    const section = SECTION.exec(text);
    if (!section) return false;
    this.closeMessage();
    this.closeChat();
    if (section[1] === '消息分组') this.section = { group: section[2].trim(), title: null };
    else this.section.title = section[2].trim();
    return true;
  }

  finish(): void {
    this.closeMessage();
    this.closeChat();
  }

  private startMessage(m: RegExpExecArray, line: number): void {
    this.closeMessage();
    this.messages++;
    const hour = hour24(Number(m[4]), meridiemOf(m[7]));
    const start = this.times.instant(Number(m[1]), Number(m[2]), Number(m[3]), hour, Number(m[5]), Number(m[6]));
    if (typeof start === 'string') {
      this.items.push(skipItem(this.file, `line ${line}`, start));
      return;
    }
    this.current = { line, start, author: this.authors.of(m[8]), text: new MessageText('') };
  }

  private closeMessage(): void {
    const pending = this.current;
    if (!pending) return;
    this.current = null;
    const body = pending.text.value();
    if (SYSTEM_SENDERS.has(pending.author.handle) || isNotice(body)) {
      this.tally.systemLines++;
      return;
    }
    const record: ChatRecord = {
      where: `line ${pending.line}`,
      start: pending.start,
      author: pending.author,
      content: PLACEHOLDERS.content(body)
    };
    this.openChat().roles.add(record);
  }

  private openChat() {
    if (this.chat) return this.chat;
    const { group, title } = this.section;
    const events = new ChatEvents('qq', 'qq-txt', this.file, title ?? '');
    const setup = { title, group: group === null ? null : GROUP_SECTION.test(group) };
    const roles = new ChatRoles<ChatRecord>(setup, this.owner, (r, p) => this.items.push(events.item(r, p)));
    this.chat = { roles, events };
    return this.chat;
  }

  private closeChat(): void {
    this.chat?.roles.finish();
    this.chat = null;
  }
}

/** Parses a QQ message-manager export; `tally` counts system senders and notices. */
export async function* parseQQ(chunks: AsyncIterable<Uint8Array>, options: ImportOptions, tally: ChatTally = newTally()): AsyncGenerator<ImportItem[]> {
  const reader = new QQReader(options, tally);
  yield* readLines(chunks, reader, options.fileName);
  if (!reader.messages) throw new ImportError(options.fileName, null, 'no QQ message found (expected lines like "2020-03-04 8:12:29 昵称(12345)")');
}

const DETECT_LINES = 8;
const STRICT_SENDER = /(?:\(\d{4,}\)|<[^<>\s@]+@[^<>\s]+>)$/;

export const qqImporter: Importer = {
  format: 'qq-txt',
  /** The export's header or section lines; else a QQ message line among the first lines (a nickname alone only first). */
  detect(head) {
    let seen = 0;
    for (const line of head.split(/\r\n|\n|\r/)) {
      if (line.startsWith(FILE_HEADER) || SECTION.test(line)) return true;
      if (!line.trim() || SEPARATOR.test(line)) continue;
      const m = MESSAGE.exec(line);
      if (m && (seen === 0 || STRICT_SENDER.test(m[8].trim()))) return true;
      if (++seen >= DETECT_LINES) return false;
    }
    return false;
  },
  parse: (chunks, options) => parseQQ(chunks, options)
};
