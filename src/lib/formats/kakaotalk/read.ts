/**
 * KakaoTalk "Export chat" files, as text (Android, iOS, Windows; Korean and English locales) and as the Mac
 * client's CSV. Text files open with the chat's title (`<방 이름> 카카오톡 대화`, `<이름> 님과 카카오톡 대화` for
 * a one-to-one chat) and the save date, then one of three layouts:
 *
 *     2026년 4월 25일 오후 3:20, 지민 : text            Android (also `2026. 4. 25. 오후 3:20, …`,
 *     Dec 31, 2014 at 19:12, Name : text               `April 25, 2026, 3:20 PM, …`) and iOS English
 *     2021년 12월 29일 수요일 / 오후 8:36, 테스트 : text  iOS Korean: a date line, then times only
 *     --------------- 2017년 10월 29일 일요일 ---------------
 *     [P2] [오후 10:10] text                             Windows (24 h `[23:34]`, English dates)
 *
 * Lines that match none of these continue the message before them. Lines without `Name : ` (invites,
 * leaving), an empty name, and the known invite/join/leave/removal phrases are system lines, tallied and not
 * imported. The Mac CSV has `Date,User,Message` rows (`2021-12-29 20:36:00`) with the same system rules.
 * KakaoTalk shows display names only: handles are names. Times are local, read in options.timeZone.
 */
import { ImportError, type Importer, type ImportItem, type ImportOptions } from '../../import/types';
import { ChatEvents, type ChatRecord, type ChatTally, newTally, skipItem } from '../chat/draft';
import { csvRows } from '../chat/csv-rows';
import { CsvProblem } from '../csv-records';
import { type LineReader, MessageText, readLines } from '../chat/lines';
import { Authors, type ChatSetup, ChatRoles, namedAuthor, OwnerNames } from '../chat/owner';
import type { CheckedInstant } from '../../model/instant';
import { LocalTimes, type Meridiem, hour24, meridiemOf, monthOfName } from '../chat/wall-clock';

const ONE_TO_ONE_TITLE = /^(.+?) 님과 카카오톡 대화$/;
const TITLE = /^(.+?) 카카오톡 대화$/;
const ENGLISH_ONE_TO_ONE_TITLE = /^KakaoTalk Chats with (.+)$/;
const SAVED = /^(?:저장한 날짜|Date Saved)\s*:/;

/** Android Korean: `2026년 4월 25일 오후 3:20[, rest]`. */
const KO_FULL = /^(\d{4})년 (\d{1,2})월 (\d{1,2})일 (오전|오후) (\d{1,2}):(\d{2})(?:, (.*))?$/;
/** Android/iOS dotted: `2026. 4. 25. 오후 3:20[, rest]` (the meridiem may be missing on a 24-hour clock). */
const DOTTED_FULL = /^(\d{4})\. (\d{1,2})\. (\d{1,2})\.? (?:(오전|오후) )?(\d{1,2}):(\d{2})(?:, (.*))?$/;
/** English: `Dec 31, 2014 at 19:12, rest` or `April 25, 2026, 3:20 PM, rest`. */
const EN_FULL = /^([A-Z][a-z]+) (\d{1,2}), (\d{4})(?:,| at) (\d{1,2}):(\d{2})(?: ?([AP]M))?(?:, (.*))?$/;
/** iOS Korean: `오후 8:36, rest`, under a date line. */
const KO_TIME_ONLY = /^(오전|오후) (\d{1,2}):(\d{2}), (.*)$/;
/** Date lines: `2021년 12월 29일 수요일`, `Wednesday, December 31, 2014`, and the same inside Windows separators. */
const KO_DATE = /^(\d{4})년 (\d{1,2})월 (\d{1,2})일(?: \S+요일)?$/;
const EN_DATE = /^[A-Z][a-z]+day, ([A-Z][a-z]+) (\d{1,2}), (\d{4})$/;
const WINDOWS_SEPARATOR = /^-{3,} (.+?) -{3,}$/;
/** Windows: `[Name] [오후 10:10] text`, `[Name] [23:34] text`, `[Name] [10:10 PM] text`. */
const WINDOWS_MESSAGE = /^\[(.*?)\] \[(?:(오전|오후|AM|PM) )?(\d{1,2}):(\d{2})(?: ([AP]M))?\] (.*)$/;
const AUTHOR_SEPARATOR = ' : ';
/** A line that starts a message, in any of the text layouts (what a tokenizer of this format tests each line against). */
export const MESSAGE_START = new RegExp([KO_FULL, DOTTED_FULL, EN_FULL, KO_TIME_ONLY, WINDOWS_MESSAGE].map((r) => r.source).join('|'));

/** Invite, join, leave and removal notices (Korean and English). */
const SYSTEM_NOTICE =
  /님(?:이|을) (?:나갔습니다|들어왔습니다|초대하였습니다|초대했습니다|내보냈습니다)\.?$|님이 .+님을 초대(?:하였|했)습니다\.?$|(?:joined|left) this chatroom\.?$|has been removed from this chatroom\.?$|^\S+ invited .+\.$/;

type Day = [number, number, number];

interface Stamp {
  day: Day;
  hour: number;
  minute: number;
  meridiem: Meridiem;
  /** `Name : text`, a system text, or null for a date line. */
  rest: string | null;
}

// Each pattern is tried only on lines starting as it must (most lines are messages or their text).
const isDigit = (ch: number) => ch >= 48 && ch <= 57;
const isUpper = (ch: number) => ch >= 65 && ch <= 90;
const DASH = 45;
const BRACKET = 91;
const MERIDIEM_FIRST = '오'.charCodeAt(0);
const PERIOD = 46;
const DA = '다'.charCodeAt(0);
const LOWER_M = 109;

function fullStamp(line: string): Stamp | null {
  const first = line.charCodeAt(0);
  if (isDigit(first)) {
    const m = KO_FULL.exec(line) ?? DOTTED_FULL.exec(line);
    if (m) return { day: [Number(m[1]), Number(m[2]), Number(m[3])], meridiem: meridiemOf(m[4]), hour: Number(m[5]), minute: Number(m[6]), rest: m[7] ?? null };
  } else if (isUpper(first)) {
    const m = EN_FULL.exec(line);
    if (m) return { day: [Number(m[3]), monthOfName(m[1]), Number(m[2])], meridiem: meridiemOf(m[6]), hour: Number(m[4]), minute: Number(m[5]), rest: m[7] ?? null };
  }
  return null;
}

function dateOf(text: string): Day | null {
  const first = text.charCodeAt(0);
  if (isDigit(first)) {
    const m = KO_DATE.exec(text);
    if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  } else if (isUpper(first)) {
    const m = EN_DATE.exec(text);
    if (m) return [Number(m[3]), monthOfName(m[1]), Number(m[2])];
  }
  return null;
}

/** SYSTEM_NOTICE, tried only on texts ending as every notice does: in 다 or chatroom (a period after), or `… invited ….` */
function isSystemNotice(text: string): boolean {
  const last = text.charCodeAt(text.length - 1);
  const end = last === PERIOD ? text.charCodeAt(text.length - 2) : last;
  if (end !== DA && end !== LOWER_M && !(last === PERIOD && text.includes(' invited '))) return false;
  return SYSTEM_NOTICE.test(text);
}

function setupOf(title: string): ChatSetup {
  const one = ONE_TO_ONE_TITLE.exec(title) ?? ENGLISH_ONE_TO_ONE_TITLE.exec(title);
  if (one) return { title: one[1].trim(), group: false };
  const named = TITLE.exec(title);
  return { title: named ? named[1].trim() : null, group: null };
}

/** The events of one KakaoTalk chat: roles, ids and the system-line rules both file kinds share. */
class KakaoChat {
  readonly items: ImportItem[] = [];
  private roles: ChatRoles<ChatRecord> | null = null;
  readonly times: LocalTimes;
  private readonly owner: OwnerNames;
  private readonly authors = new Authors(namedAuthor);
  setup: ChatSetup = { title: null, group: null };
  messages = 0;

  constructor(
    private readonly options: ImportOptions,
    private readonly tally: ChatTally,
    private readonly format: 'kakaotalk-txt' | 'kakaotalk-csv'
  ) {
    this.times = new LocalTimes(options.timeZone);
    this.owner = new OwnerNames(options.me);
  }

  /** A message or system line: `author` empty or null, or a notice text, make it a system line. */
  add(where: string, start: CheckedInstant, author: string | null, text: string): void {
    this.messages++;
    if (typeof start === 'string') return this.skip(where, start);
    if (!author?.trim() || (!text.includes('\n') && isSystemNotice(text))) {
      this.tally.systemLines++;
      return;
    }
    this.chat().add({ where, start, author: this.authors.of(author), content: { kind: 'message', body: text, attachments: [] } });
  }

  systemLine(): void {
    this.messages++;
    this.tally.systemLines++;
  }

  finish(): void {
    this.roles?.finish();
  }

  skip(where: string, reason: string): void {
    this.items.push(skipItem(this.options.fileName, where, reason));
  }

  private chat(): ChatRoles<ChatRecord> {
    if (!this.roles) {
      const events = new ChatEvents('kakaotalk', this.format, this.options.fileName, this.setup.title ?? '');
      this.roles = new ChatRoles<ChatRecord>(this.setup, this.owner, (r, p) => this.items.push(events.item(r, p)));
    }
    return this.roles;
  }
}

interface PendingMessage {
  line: number;
  start: CheckedInstant;
  author: string | null;
  text: MessageText;
}

class KakaoTextReader implements LineReader {
  readonly chat: KakaoChat;
  private date: Day | null = null;
  private current: PendingMessage | null = null;

  constructor(options: ImportOptions, tally: ChatTally) {
    this.chat = new KakaoChat(options, tally, 'kakaotalk-txt');
  }

  get items(): ImportItem[] {
    return this.chat.items;
  }

  line(raw: string, number: number): void {
    const text = number === 1 ? raw.replace(/^\ufeff/, '') : raw;
    if (number === 1) {
      this.chat.setup = setupOf(text.trim());
      return;
    }
    if (number === 2 && SAVED.test(text)) return;
    const full = fullStamp(text);
    if (full) {
      this.date = full.day;
      if (full.rest === null) return this.closeMessage();
      return this.startMessage(number, full.day, hour24(full.hour, full.meridiem), full.minute, full.rest);
    }
    const separator = text.charCodeAt(0) === DASH ? WINDOWS_SEPARATOR.exec(text) : null;
    const date = dateOf(separator ? separator[1] : text);
    if (date) {
      this.closeMessage();
      this.date = date;
      return;
    }
    const first = text.charCodeAt(0);
    let m = first === MERIDIEM_FIRST ? KO_TIME_ONLY.exec(text) : null;
    if (m && this.date) return this.startMessage(number, this.date, hour24(Number(m[2]), meridiemOf(m[1])), Number(m[3]), m[4]);
    m = first === BRACKET ? WINDOWS_MESSAGE.exec(text) : null;
    if (m && this.date) {
      this.closeMessage();
      const start = this.instant(this.date, hour24(Number(m[3]), meridiemOf(m[2] ?? m[5])), Number(m[4]));
      this.current = { line: number, start, author: m[1], text: new MessageText(m[6]) };
      return;
    }
    if (m || (first === MERIDIEM_FIRST && KO_TIME_ONLY.test(text))) {
      this.closeMessage();
      this.chat.messages++;
      return this.chat.skip(`line ${number}`, 'a message before any date line');
    }
    if (isSystemNotice(text.trim())) {
      this.closeMessage();
      return this.chat.systemLine();
    }
    this.current?.text.add(text);
  }

  finish(): void {
    this.closeMessage();
    this.chat.finish();
  }

  /** `rest` is `Name : text` (the name empty for system notices); without the separator it is a system text. */
  private startMessage(line: number, day: Day, hour: number, minute: number, rest: string): void {
    this.closeMessage();
    const start = this.instant(day, hour, minute);
    const split = rest.indexOf(AUTHOR_SEPARATOR);
    this.current =
      split >= 0
        ? { line, start, author: rest.slice(0, split), text: new MessageText(rest.slice(split + AUTHOR_SEPARATOR.length)) }
        : { line, start, author: null, text: new MessageText(rest) };
  }

  private instant([y, mo, d]: Day, hour: number, minute: number): CheckedInstant {
    return this.chat.times.instant(y, mo, d, hour, minute);
  }

  private closeMessage(): void {
    const p = this.current;
    if (!p) return;
    this.current = null;
    this.chat.add(`line ${p.line}`, p.start, p.author, p.text.value());
  }
}

/** Parses a KakaoTalk text export; `tally` counts system lines. */
export async function* parseKakaoTalk(chunks: AsyncIterable<Uint8Array>, options: ImportOptions, tally: ChatTally = newTally()): AsyncGenerator<ImportItem[]> {
  const reader = new KakaoTextReader(options, tally);
  yield* readLines(chunks, reader, options.fileName);
  if (!reader.chat.messages) throw new ImportError(options.fileName, null, 'no KakaoTalk message found');
}

const CSV_HEADER = ['Date', 'User', 'Message'];
const CSV_DATE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Parses the KakaoTalk for Mac CSV (`Date,User,Message`); `tally` counts system rows. */
export async function* parseKakaoTalkCsv(chunks: AsyncIterable<Uint8Array>, options: ImportOptions, tally: ChatTally = newTally()): AsyncGenerator<ImportItem[]> {
  const chat = new KakaoChat(options, tally, 'kakaotalk-csv');
  let record = -1;
  for await (const rows of csvRows(chunks)) {
    for (const row of rows) {
      if (row instanceof CsvProblem) {
        if (record++ < 0) throw new ImportError(options.fileName, 'line 1', `not a KakaoTalk CSV header (${row.reason})`);
        chat.skip(`record ${record}`, row.reason);
        continue;
      }
      if (record++ < 0) {
        if (row.map((f) => f.replace(/^\ufeff/, '').trim()).join(',') !== CSV_HEADER.join(',')) {
          throw new ImportError(options.fileName, 'line 1', 'not a KakaoTalk CSV header (expected Date,User,Message)');
        }
        continue;
      }
      const where = `record ${record}`;
      const m = CSV_DATE.exec((row[0] ?? '').trim());
      if (!m) {
        chat.skip(where, `bad date ${JSON.stringify(row[0] ?? '')}`);
        continue;
      }
      const [y, mo, d, h, mi] = m.slice(1, 6).map(Number);
      chat.add(where, chat.times.instant(y, mo, d, h, mi, Number(m[6] ?? 0)), row[1] ?? null, (row[2] ?? '').replace(/\r\n?/g, '\n'));
    }
    if (chat.items.length) yield chat.items.splice(0);
  }
  if (record < 0) throw new ImportError(options.fileName, null, 'empty file: no KakaoTalk CSV header');
  chat.finish();
  if (chat.items.length) yield chat.items.splice(0);
}

const DETECT_LINES = 6;

export const kakaotalkImporter: Importer = {
  format: 'kakaotalk-txt',
  /** The title line, the save-date line, or a KakaoTalk message line among the first lines. */
  detect(head) {
    const lines = head.replace(/^\ufeff/, '').split(/\r\n|\n|\r/);
    if (TITLE.test(lines[0]) || ENGLISH_ONE_TO_ONE_TITLE.test(lines[0]) || SAVED.test(lines[1] ?? '')) return true;
    return lines
      .slice(0, DETECT_LINES)
      .some((l) => WINDOWS_MESSAGE.test(l) || (fullStamp(l)?.rest?.includes(AUTHOR_SEPARATOR) ?? false));
  },
  parse: (chunks, options) => parseKakaoTalk(chunks, options)
};

export const kakaotalkCsvImporter: Importer = {
  format: 'kakaotalk-csv',
  detect: (head) => head.replace(/^\ufeff/, '').split(/\r?\n/, 1)[0].trim() === CSV_HEADER.join(','),
  parse: (chunks, options) => parseKakaoTalkCsv(chunks, options)
};
