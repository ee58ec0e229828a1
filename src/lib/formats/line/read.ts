/**
 * LINE chat history (`[LINE] …` .txt, from "Export chat history" in the app or the old desktop client):
 *
 *     [LINE] Chat history with Bob          ← 1:1; "in X" a group; ja/zh-CN/zh-TW/th forms below
 *     Saved on: 2024/01/15 10:30
 *
 *     2024/01/15(Mon)                       ← date lines in many forms, incl. Buddhist-era years
 *     10:30\tBob\tHello                     ← TIME\tSender\tText; 12 h/24 h, 上午/下午, 午前/午後, PM
 *     10:31\tBob\t"two                      ← a quoted text runs over lines; "" is a quote
 *     lines"
 *     10:32\t\tBob joined the group.        ← no sender: a system line (tallied)
 *
 * The old desktop client writes `16:23 Bob Text` with spaces (the sender is then one word). `☎` lines are
 * calls (a duration means answered); `[Sticker]`, `[Photo]`, … are attachments; unsent notices are tallied.
 * LINE shows display names only: handles are names. Times are the device's, read in options.timeZone.
 */
import { ImportError, type Importer, type ImportItem, type ImportOptions } from '../../import/types';
import { type CallOutcome, ChatEvents, type ChatContent, type ChatRecord, type ChatTally, clockSeconds, newTally, Placeholders, skipItem } from '../chat/draft';
import { type LineReader, MessageText, readLines } from '../chat/lines';
import { Authors, type ChatSetup, ChatRoles, namedAuthor, OwnerNames } from '../chat/owner';
import { LocalTimes, MERIDIEM, gregorianYear, hour24, japaneseEraYear, meridiemOf } from '../chat/wall-clock';

/** First-line forms, private chat before group where one contains the other. */
const HEADERS: [RegExp, boolean | null][] = [
  [/^\[LINE\] Chat history with (.+)$/, false],
  [/^\[LINE\] Chat history in (.+)$/, true],
  [/^\[LINE\] (.+)とのトーク履歴$/, false],
  [/^\[LINE\] (.+)のトーク履歴$/, true],
  [/^\[LINE\] [与與](.+)的聊天[记記][录錄]$/, false],
  [/^\[LINE\] (.+)的聊天[记記][录錄]$/, true],
  [/^\[LINE\] ประวัติการแชทกับ ?(.+)$/, false],
  [/^\[LINE\] (.+)$/, null]
];

/** `2024/01/15(Mon)`, `2023/12/01(週五)`, `2024/01/05（五）`, `2024/1/2週二`, `2017.09.03 Sunday`. */
const YMD_DATE = /^(\d{4})([/.-])(\d{1,2})\2(\d{1,2})(?:\s*[(（][^)）]*[)）]|\s*週.|\s+\p{L}+)?\s*$/u;
/** `Sun, 26/04/2026`, `Wed, 10/07/2562 BE`. */
const WEEKDAY_DMY_DATE = /^[^\d\t,]+,\s*(\d{1,2})\/(\d{1,2})\/(\d{4})(\s*(?:BE|พ\.ศ\.))?\s*$/;
/** `R7/02/11(火)`: a Japanese era. */
const ERA_DATE = /^([RHS])(\d{1,2})\/(\d{1,2})\/(\d{1,2})(?:\s*[(（][^)）]*[)）])?\s*$/;

const TIME = `(?:(${MERIDIEM}) ?)?(\\d{1,2}):(\\d{2})(?: ?(${MERIDIEM}))?`;
const TAB_MESSAGE = new RegExp(`^${TIME}\\t(?:([^\\t]*)\\t)?(.*)$`);
const SPACE_MESSAGE = /^(\d{1,2}):(\d{2}) (\S+) (.*)$/;
/** A line that starts a message, in either layout (what a tokenizer of this format tests each line against). */
export const MESSAGE_START = new RegExp(`${TAB_MESSAGE.source}|${SPACE_MESSAGE.source}`);

const PLACEHOLDERS = new Placeholders(
  Object.entries({
    sticker: ['[Sticker]', '[スタンプ]', '[貼圖]', '[贴图]', 'Stickers'],
    image: ['[Photo]', '[写真]', '[照片]', 'Photos'],
    video: ['[Video]', '[動画]', '[影片]', '[视频]', 'Videos'],
    audio: ['[Voice message]', '[ボイスメッセージ]', '[語音訊息]', '[语音信息]', '[Audio]'],
    file: ['[File]', '[ファイル]', '[檔案]', '[文件]'],
    'text/vcard': ['[Contact]', '[連絡先]', '[聯絡資訊]', '[联系人]']
  }).flatMap(([type, names]) => names.map((n) => [n, type] as const))
);

/** Unsent notices: the English one ends the text; the others may stand anywhere in it. */
const UNSENT_EN = 'unsent a message';
const UNSENT = /メッセージの送信を取り消しました|已收回訊息|收回了讯息|已收回讯息|撤回了一条消息/;

function isUnsent(text: string): boolean {
  if (text.endsWith(UNSENT_EN) || text.endsWith(UNSENT_EN + '.')) return true;
  // Each notice holds 回 or 取り消し: looking for them first spares most texts the scan for five phrases.
  return (text.includes('回') || text.includes('取り消し')) && UNSENT.test(text);
}
const CALL_MARK = '☎';
const DURATION = /(?:\d+:)?\d{1,2}:\d{2}/;

function callContent(text: string): ChatContent {
  const video = /video|ビデオ|視訊|视频/i.test(text);
  const duration = DURATION.exec(text);
  if (duration) return { kind: 'call', status: 'answered', durationSec: clockSeconds(duration[0]), video };
  const status: CallOutcome = /busy|話し中|忙/i.test(text) ? 'busy' : 'not connected';
  return { kind: 'call', status, durationSec: 0, video };
}

/** A quoted text is open while it holds an odd number of quote marks. */
function quotesOpen(text: string): boolean {
  let n = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) n++;
  return (n & 1) === 1;
}

function unquote(text: string): string {
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1).replace(/""/g, '"') : text;
}

interface PendingMessage {
  line: number;
  start: number;
  sender: string;
  /** An unquoted text and its continuation lines. */
  text: MessageText | null;
  /** A quoted multi-line text as written, quotes included; `open` until its closing quote. */
  quoted: { raw: string; open: boolean } | null;
}

class LineChatReader implements LineReader {
  readonly items: ImportItem[] = [];
  private readonly file: string;
  private readonly times: LocalTimes;
  private readonly owner: OwnerNames;
  private readonly authors = new Authors(namedAuthor);
  private setup: ChatSetup = { title: null, group: null };
  private chat: { roles: ChatRoles<ChatRecord>; events: ChatEvents } | null = null;
  private date: [number, number, number] | null = null;
  private current: PendingMessage | null = null;
  /** 'tab' or 'space', from the first message line. */
  private layout: 'tab' | 'space' | null = null;
  messages = 0;

  constructor(
    options: ImportOptions,
    private readonly tally: ChatTally
  ) {
    this.file = options.fileName;
    this.times = new LocalTimes(options.timeZone);
    this.owner = new OwnerNames(options.me);
  }

  line(raw: string, number: number): void {
    const text = number === 1 ? raw.replace(/^\ufeff/, '') : raw;
    const current = this.current;
    if (current?.quoted?.open) {
      current.quoted.raw += '\n' + text;
      current.quoted.open = quotesOpen(current.quoted.raw);
      return;
    }
    if (number === 1 && text.startsWith('[LINE]')) return this.header(text);
    // Message lines first (most lines are): no date line starts with a time, so the order changes nothing.
    if (this.layout !== 'space') {
      const m = TAB_MESSAGE.exec(text);
      if (m) return this.startMessage(number, hour24(Number(m[2]), meridiemOf(m[1] ?? m[4])), Number(m[3]), m[5], m[6], 'tab');
    }
    if (this.layout !== 'tab' && this.date) {
      const m = SPACE_MESSAGE.exec(text);
      if (m) return this.startMessage(number, Number(m[1]), Number(m[2]), m[3], m[4], 'space');
    }
    const date = this.dateOf(text);
    if (date) {
      this.closeMessage();
      this.date = date;
      return;
    }
    current?.text?.add(text);
  }

  finish(): void {
    this.closeMessage();
    this.chat?.roles.finish();
  }

  private header(text: string): void {
    for (const [pattern, group] of HEADERS) {
      const m = pattern.exec(text);
      if (m) {
        this.setup = { title: m[1].trim(), group };
        return;
      }
    }
  }

  private dateOf(text: string): [number, number, number] | null {
    let m = YMD_DATE.exec(text);
    if (m) return [gregorianYear(Number(m[1])), Number(m[3]), Number(m[4])];
    m = WEEKDAY_DMY_DATE.exec(text);
    if (m) {
      const [a, b] = [Number(m[1]), Number(m[2])];
      const [day, month] = b > 12 ? [b, a] : [a, b];
      return [gregorianYear(Number(m[3]), m[4] !== undefined), month, day];
    }
    m = ERA_DATE.exec(text);
    if (m) return [japaneseEraYear(m[1], Number(m[2])), Number(m[3]), Number(m[4])];
    return null;
  }

  private startMessage(line: number, hour: number, minute: number, sender: string | undefined, text: string, layout: 'tab' | 'space'): void {
    this.closeMessage();
    this.layout = layout;
    this.messages++;
    if (!this.date) return this.skip(line, 'a message before any date line');
    const [y, mo, d] = this.date;
    const start = this.times.instant(y, mo, d, hour, minute);
    if (typeof start === 'string') return this.skip(line, start);
    if (!sender?.trim()) {
      this.tally.systemLines++;
      return;
    }
    const quoted = layout === 'tab' && text.startsWith('"') && quotesOpen(text);
    this.current = quoted
      ? { line, start, sender, text: null, quoted: { raw: text, open: true } }
      : { line, start, sender, text: new MessageText(text), quoted: null };
  }

  private closeMessage(): void {
    const p = this.current;
    if (!p) return;
    this.current = null;
    const text = p.quoted ? unquote(p.quoted.raw) : p.text!.value();
    if (isUnsent(text)) {
      this.tally.systemLines++;
      return;
    }
    const content = text.startsWith(CALL_MARK) ? callContent(text) : PLACEHOLDERS.content(text);
    this.roles().add({ where: `line ${p.line}`, start: p.start, author: this.authors.of(p.sender), content });
  }

  private roles(): ChatRoles<ChatRecord> {
    if (!this.chat) {
      const events = new ChatEvents('line', 'line-txt', this.file, this.setup.title ?? '');
      const roles = new ChatRoles<ChatRecord>(this.setup, this.owner, (r, p) => this.items.push(events.item(r, p)));
      this.chat = { roles, events };
    }
    return this.chat.roles;
  }

  private skip(line: number, reason: string): void {
    this.items.push(skipItem(this.file, `line ${line}`, reason));
  }
}

/** Parses a LINE chat history; `tally` counts system lines and unsent notices. */
export async function* parseLine(chunks: AsyncIterable<Uint8Array>, options: ImportOptions, tally: ChatTally = newTally()): AsyncGenerator<ImportItem[]> {
  const reader = new LineChatReader(options, tally);
  yield* readLines(chunks, reader, options.fileName);
  if (!reader.messages) throw new ImportError(options.fileName, null, 'no LINE message found (expected date lines and "10:30\\tName\\tText" lines)');
}

const isDateLine = (line: string) => YMD_DATE.test(line) || WEEKDAY_DMY_DATE.test(line) || ERA_DATE.test(line);

export const lineImporter: Importer = {
  format: 'line-txt',
  /** The `[LINE]` header, or a date line whose next line is a LINE message line. */
  detect(head) {
    const lines = head.replace(/^\ufeff/, '').split(/\r\n|\n|\r/).filter((l) => l.trim());
    if (lines[0]?.startsWith('[LINE] ')) return true;
    return lines.length >= 2 && isDateLine(lines[0]) && (TAB_MESSAGE.test(lines[1]) || SPACE_MESSAGE.test(lines[1]));
  },
  parse: (chunks, options) => parseLine(chunks, options)
};
