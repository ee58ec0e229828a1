/**
 * WhatsApp "Export chat" text files (Android and iOS, with or without media).
 *
 * Date order (per file): a 4-digit first component means year/month/day. Otherwise the first header with a
 * day/month component above 12 decides (first > 12: day first; second > 12: month first). Files without such
 * a date in their first ORDER_WINDOW messages take the order under which consecutive dates decrease less
 * often; on a tie, month first only when the file looks US-style (AM/PM clock and `M/D/YY` with slashes and a
 * two-digit year), else day first. Two-digit years are 20YY. Messages are buffered (parsed, not as text)
 * until the order and the chat's roles are known, at most ORDER_WINDOW of them.
 *
 * Direction: authors listed in options.me are the owner (`out`). A file named after its chat (see
 * partnerFromFileName) gives the title T. With T: the chat is a group when two or more authors other than T
 * appear, else it is one-to-one with partner T, T's lines are `in` and every other author is the owner.
 * Without T: more than two authors make a group; otherwise the single author not in options.me is the
 * partner; when the owner is unknown (no T, options.me matches nobody, two authors) every line is `in` with
 * the author as handle. In one-to-one chats the handle is the partner's for both directions; in groups it
 * is the author's for `in` and the title (or 'group') for `out`, and conversation is the title (or null).
 * Roles are decided from the buffered messages; a new author appearing later in a one-to-one chat counts
 * as the owner.
 *
 * System lines are left out of the events and counted in the tally (they are not skips): headers without
 * `Author: `, the encryption notice under any author, and known group-event phrases when marked with U+200E
 * (iOS) or authored by a group's title.
 *
 * Calls: `Missed …`/`Silenced …` calls are 'missed' (caller = author); other call lines are 'answered' with
 * their duration when one is written, else 'unanswered' with 0 seconds.
 */
import type { Attachment, CallStatus, DraftEvent } from '../../model/event';
import { decodeText, OVERLONG_LINE, splitLines } from '../../util/text-stream';
import { zonedToInstant } from '../../util/zoned-time';
import { calendarProblem } from '../../model/instant';
import { ImportError, type ImportItem, type Importer, type ImportOptions } from '../../import/types';

const ORDER_WINDOW = 2000;
const BATCH_LINES = 1024;
/** Non-empty lines before the first header after which the file is not taken for a WhatsApp chat. */
const PREAMBLE_LIMIT = 100;

/**
 * The shape of a message header: `[date, time] ` (iOS) or `date, time - ` (Android). Dates use `/`, `.` or
 * `-` in day/month/year, month/day/year or year/month/day order; the comma may be missing; times have
 * optional seconds, `:` or `.`, and an optional AM/PM (`PM`, `pm`, `p.m.`, `p. m.`) after an ASCII,
 * no-break or narrow no-break space. HeaderReader reads the numbers once this matched.
 */
const HEADER =
  /^[\uFEFF\u200E\u200F]*\[?\d{1,4}([./-]) ?\d{1,2}\1 ?\d{1,4},?[ \u00A0\u202F]\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:[ \u00A0\u202F]?[AaPp]\.?[ \u00A0\u202F]?[Mm]\.?)?(?:\]| -) /;

/** Direction marks and bidi embeddings/isolates WhatsApp wraps around names and numbers. */
const BIDI_MARKS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const QUOTE_MARKS = /["“”„«»]/g;
const PHONE = /^\+?[\d\s().-]{6,}$/;

/** The notice WhatsApp writes into every chat (iOS attributes it to the chat's title). */
const ENCRYPTION_NOTICE =
  /^(?:Messages and calls are end-to-end encrypted|Messages (?:to|you send to) this (?:group|chat) (?:are now secured|and calls are now secured))/;
/** iOS group events; trusted only on lines marked with U+200E or authored by the chat's title. */
const SYSTEM_EVENT =
  /^(?:You were added|You joined|You're now an admin|Your security code with|Disappearing messages|This (?:chat|business) )|^(?:You|.+?) (?:created (?:this )?group|added |removed |left$|joined using |changed (?:the subject|the group|this group|their phone number|the settings)|deleted this group|turned (?:on|off) disappearing|pinned a message)/;

const CALL = /^(Missed |Silenced )?(?:group )?(voice|video) call(?:[.,] *\u200E?(.*))?$/i;
const CLOCK_DURATION = /^(?:(\d+):)?(\d{1,2}):(\d{2})$/;
const UNIT_DURATION = /(\d+) ?(hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\b/gi;

const MEDIA_OMITTED = '<Media omitted>';
const OMITTED = /^(image|video|audio|sticker|GIF|document|Contact card) omitted$/;
const OMITTED_TYPE: Record<string, string> = {
  image: 'image',
  video: 'video',
  audio: 'audio',
  sticker: 'sticker',
  GIF: 'image',
  document: 'document',
  'Contact card': 'text/vcard'
};
const IOS_ATTACHED = /<(?:attached|adjunto): ([^<>]+)>$/;
const OLD_IOS_ATTACHED = /^(\S+\.\w+) <\u200E?attached>$/;
/** Android's `NAME (file attached)`, in the app's language. */
const ANDROID_ATTACHED = new RegExp(
  `^(.+) \\((?:${[
    'file attached', 'lêer aangeheg', 'الملف مرفق', 'fayl əlavə olunub', 'прикачен файл', 'arxiu adjunt', 'soubor byl přiložen',
    'fil vedhæftet', 'Datei angehängt', 'συνημμένο αρχείο', 'archivo adjuntado', 'archivo adjunto', 'fail lisatud', 'liitetiedosto',
    'fichier joint', 'קובץ מצורף', 'datoteka u privitku', 'fájl csatolva', 'file terlampir', 'file allegato', '添付ファイル有り',
    'қосымша файл', '파일 첨부됨', 'byla prisegta', 'pievienots fails', 'прикачен фајл', 'fail dilampirkan', 'vedlagt fil',
    'bestand bijgevoegd', 'załączony plik', 'ficheiro anexado', 'arquivo anexado', 'fișier atașat', 'файл добавлен',
    'súbor pripojený', 'priložena datoteka', 'skedë e ngjitur', 'прикачена датотека', 'bifogad fil', 'faili limeambatanishwa',
    'ไฟล์ที่แนบ', 'nakalakip na file', 'dosya ekli', 'файл додано', 'fayl biriktirildi', 'tệp đính kèm', '文件附件', '附件檔案'
  ].join('|')})\\)$`
);
const STICKER_FILE = /^STK-|-STICKER-/;
const EXTENSION_TYPE: Record<string, string> = {
  jpg: 'image',
  jpeg: 'image',
  png: 'image',
  gif: 'image',
  heic: 'image',
  webp: 'sticker',
  mp4: 'video',
  mov: 'video',
  '3gp': 'video',
  opus: 'audio',
  ogg: 'audio',
  m4a: 'audio',
  mp3: 'audio',
  aac: 'audio',
  amr: 'audio',
  wav: 'audio',
  pdf: 'document',
  doc: 'document',
  docx: 'document',
  xls: 'document',
  xlsx: 'document',
  ppt: 'document',
  pptx: 'document',
  txt: 'document',
  vcf: 'text/vcard'
};

type DateOrder = 'dmy' | 'mdy' | 'ymd';

/** An author (or chat title) as WhatsApp writes it, cleaned of marks and the `~ ` of non-contacts. */
interface Person {
  /** Comparison key: digits for numbers, lower case for names. */
  key: string;
  handle: string;
  name: string | null;
  phone: string | null;
}

const UNKNOWN_GROUP: Person = { key: '', handle: 'group', name: null, phone: null };

interface ChatRoles {
  group: boolean;
  title: Person | null;
  /** One-to-one counterpart; null when the owner cannot be told apart. */
  partner: Person | null;
}

/** A message or call line with its continuation lines, not yet tied to a date order or roles. */
interface RawRecord {
  line: number;
  d1: number;
  d2: number;
  d3: number;
  yearFirst: boolean;
  /** 24-hour clock; -1 when an AM/PM hour is out of range. */
  hour: number;
  minute: number;
  second: number;
  author: Person;
  /** First line of the body, leading marks removed. */
  text: string;
  /** Continuation lines joined with '\n' (null when there are none). */
  more: string | null;
  /** Blank continuation lines not yet appended: trailing ones are dropped. */
  blanks: number;
  /** A system phrase authored by the chat's title: a system line in a group, a message from a one-to-one partner. */
  systemIfGroup: boolean;
}

export interface WhatsAppTally {
  /** System lines (group events, encryption notice) left out of the events. */
  systemLines: number;
}

/**
 * The names WhatsApp gives an export, per app language: `prefix` NAME `suffix` (Android's export subject,
 * which becomes the file name, and iOS's `WhatsApp Chat - NAME.zip`).
 */
const EXPORT_TITLES: readonly (readonly [string, string])[] = [
  ['WhatsApp Chat with ', ''],
  ['WhatsApp Chat - ', ''],
  ['与', '的 WhatsApp 聊天'],
  ['与', '的WhatsApp聊天'],
  ['WhatsApp 与 ', ' 的对话'],
  ['WhatsApp 與 ', ' 的對話'],
  ['WhatsApp Gesprek met ', ''],
  ['WhatsApp Chat mit ', ''],
  ['WhatsApp-Chat mit ', ''],
  ['WhatsApp-Unterhaltung mit ', ''],
  ['Chat de WhatsApp con ', ''],
  ['Chat WhatsApp con ', ''],
  ['Chat di WhatsApp con ', ''],
  ['Discussion WhatsApp avec ', ''],
  ['Conversa no WhatsApp com ', ''],
  ['Conversa do WhatsApp com ', ''],
  ['WhatsApp-chat met ', ''],
  ['WhatsApp-gesprek met ', ''],
  ['Xat de WhatsApp amb ', ''],
  ['Chat WhatsApp s uživatelem ', ''],
  ['WhatsApp chat s používateľom ', ''],
  ['WhatsApp chat med ', ''],
  ['WhatsApp-chatt med ', ''],
  ['WhatsApp-samtale med ', ''],
  ['WhatsApp-keskustelu henkilön ', ' kanssa'],
  ['Czat WhatsApp z ', ''],
  ['Conversație WhatsApp cu ', ''],
  ['WhatsApp csevegés vele: ', ''],
  ['WhatsApp razgovor s ', ''],
  ['WhatsApp klepet z ', ''],
  ['WhatsApp pokalbis su ', ''],
  ['WhatsApp sarakste ar ', ''],
  ["WhatsApp'i vestlus kontaktiga ", ''],
  ['Συνομιλία WhatsApp με ', ''],
  ['Чат WhatsApp с ', ''],
  ['WhatsApp Чат с ', ''],
  ['Бесіда WhatsApp з ', ''],
  ['WhatsApp Ћаскање са ', ''],
  ['WhatsApp разговор со ', ''],
  ['WhatsApp чат: ', ''],
  ['', ' ile WhatsApp Sohbeti'],
  ['', ' ilə WhatsApp Söhbəti'],
  ['', ' bilan WhatsApp chati'],
  ['Chat WhatsApp dengan ', ''],
  ['Sembang WhatsApp dengan ', ''],
  ['WhatsApp Chat kay ', ''],
  ['Trò chuyện WhatsApp với ', ''],
  ['แชท WhatsApp กับ ', ''],
  ['', 'とのWhatsAppチャット'],
  ['', '님과의 WhatsApp 대화'],
  ['دردشة واتساب مع ', ''],
  ['گفتگوی WhatsApp با ', ''],
  ["צ'אט WhatsApp עם ", ''],
  ['', ' के साथ WhatsApp चैट'],
  ['', ' এর সাথে WhatsApp চ্যাট'],
  ['Soga za WhatsApp na ', ''],
  ['Biseda me ', ' në WhatsApp']
];
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const EXPORT_TITLE = new RegExp(`^(?:${EXPORT_TITLES.map(([before, after]) => `${escaped(before)}(.+)${escaped(after)}`).join('|')})$`, 'i');

/** The chat title in an export's file name: `WhatsApp Chat with X.txt`, `WhatsApp Chat - X.zip`, `Chat de WhatsApp con X.txt`, … */
export function partnerFromFileName(fileName: string): string | null {
  const base = fileName
    .slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1)
    .replace(/\.(?:txt|zip)$/i, '')
    .replace(/ \(\d+\)$/, '')
    .replace(BIDI_MARKS, '');
  const m = EXPORT_TITLE.exec(base);
  return m?.slice(1).find((group) => group !== undefined)?.trim() || null;
}

/** A colon after an odd number of quote marks sits inside a quotation (`changed the subject to "A: B"`). */
function endsInsideQuote(text: string): boolean {
  return ((text.match(QUOTE_MARKS)?.length ?? 0) & 1) === 1;
}

function personOf(raw: string): Person {
  const text = raw.replace(BIDI_MARKS, '').trim().replace(/^~\s*/, '');
  if (PHONE.test(text)) {
    const digits = text.replace(/\D/g, '');
    if (digits.length >= 6) return { key: digits, handle: text, name: null, phone: text };
  }
  return { key: text.toLowerCase(), handle: text, name: text, phone: null };
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

const NUMBERS = 6;

/**
 * Reads the fields of a header line. One instance per file is reused for every line: reading the numbers
 * with charCodeAt instead of regex captures saves allocations and string-to-number conversions per line.
 */
class HeaderReader {
  /** Date components in file order, then hour, minute, second (0 when absent). */
  readonly numbers = new Int32Array(NUMBERS);
  /** Digit count of each number. */
  readonly widths = new Int32Array(NUMBERS);
  /** Char code of the date separator. */
  separator = 0;
  /** 0 on a 24-hour clock, else the char code of 'a' or 'p'. */
  meridiem = 0;
  /** Characters up to and including the space that ends the header. */
  length = 0;

  read(line: string): boolean {
    if (!HEADER.test(line)) return false;
    const { numbers, widths } = this;
    numbers[5] = widths[5] = 0;
    let i = skipMarks(line, 0);
    const bracketed = line.charCodeAt(i) === 0x5b; /* [ */
    if (bracketed) i++;
    let c = line.charCodeAt(i);
    for (let f = 0; f < NUMBERS; f++) {
      if (f > 0) {
        if (f === 5 && !isDigit(line.charCodeAt(i + 1))) break; // no seconds
        if (f === 1) this.separator = c;
        c = line.charCodeAt(++i);
        while (c === 0x20 || c === 0x2c || c === 0xa0 || c === 0x202f) c = line.charCodeAt(++i);
      }
      const start = i;
      let n = 0;
      for (; isDigit(c); c = line.charCodeAt(++i)) n = n * 10 + c - 0x30;
      numbers[f] = n;
      widths[f] = i - start;
    }
    return this.readEnd(line, i, bracketed);
  }

  /** Reads the AM/PM marker and the `] ` or ` - ` ending; false when brackets do not pair up. */
  private readEnd(line: string, from: number, bracketed: boolean): boolean {
    this.meridiem = 0;
    for (let i = from; ; i++) {
      const c = line.charCodeAt(i);
      if (c === 0x5d /* ] */ || c === 0x2d /* - */) {
        this.length = i + 2;
        return bracketed === (c === 0x5d);
      }
      const lower = c | 0x20;
      if (!this.meridiem && (lower === 0x61 || lower === 0x70)) this.meridiem = lower;
    }
  }
}

function to24Hour(hour: number, meridiem: number): number {
  if (!meridiem) return hour;
  if (hour > 12) return -1;
  return (hour % 12) + (meridiem === 0x70 /* p */ ? 12 : 0);
}

/** Index of the first character at or after `from` that is not a direction mark (U+200E/U+200F) or BOM. */
function skipMarks(s: string, from: number): number {
  let i = from;
  for (let c = s.charCodeAt(i); c === 0x200e || c === 0x200f || c === 0xfeff; c = s.charCodeAt(++i));
  return i;
}

function decisiveOrder(r: RawRecord): DateOrder | null {
  if (r.yearFirst) return 'ymd';
  if (r.d1 > 12) return 'dmy';
  if (r.d2 > 12) return 'mdy';
  return null;
}

/** Date of a record under a date order, as a sortable yyyymmdd number. */
function dateKey(r: RawRecord, order: DateOrder): number {
  if (order === 'ymd') return r.d1 * 10_000 + r.d2 * 100 + r.d3;
  const year = r.d3 < 100 ? 2000 + r.d3 : r.d3;
  return order === 'dmy' ? year * 10_000 + r.d2 * 100 + r.d1 : year * 10_000 + r.d1 * 100 + r.d2;
}

function decreases(records: RawRecord[], order: DateOrder): number {
  let count = 0;
  let previous = -Infinity;
  for (const r of records) {
    const key = dateKey(r, order);
    if (key < previous) count++;
    previous = key;
  }
  return count;
}

function guessOrder(records: RawRecord[], usStyle: boolean): DateOrder {
  const dmy = decreases(records, 'dmy');
  const mdy = decreases(records, 'mdy');
  if (dmy !== mdy) return dmy < mdy ? 'dmy' : 'mdy';
  return usStyle ? 'mdy' : 'dmy';
}

/** Midnight of a record's date as a UTC wall time (ms), or NaN when the date does not exist or is outside the storable years. */
function wallDay(r: RawRecord, order: DateOrder): number {
  if (order === 'ymd' && r.d3 > 31) return NaN;
  const key = dateKey(r, order);
  const y = Math.floor(key / 10_000);
  const m = Math.floor(key / 100) % 100;
  const d = key % 100;
  if (calendarProblem({ year: y, month: m, day: d, hour: 0, minute: 0, second: 0 })) return NaN;
  return Date.UTC(y, m - 1, d);
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Milliseconds since midnight, or NaN when the time does not exist. */
function timeOfDay(r: RawRecord): number {
  if (r.hour < 0 || r.hour > 23 || r.minute > 59 || r.second > 59) return NaN;
  return r.hour * HOUR + r.minute * 60_000 + r.second * 1000;
}

const WEEK = 7 * DAY;

/** Start of the span of `length` (aligned to the epoch) that contains `wall`. */
function spanStart(wall: number, length: number): number {
  return wall - (((wall % length) + length) % length);
}

/**
 * Wall times to instants. Intl is far too slow to ask once per line, so zone offsets are looked up at span
 * boundaries and reused for a whole week when equal at both ends of it (zones change offset at most once a
 * week); a week with a change is narrowed to its days and hours, and only the hour of the change converts
 * each time exactly.
 */
class WallClock {
  /** Offset at each span boundary looked up so far. */
  private offsets = new Map<number, number>();
  private week = NaN;
  private weekOffset = NaN;

  constructor(private readonly timeZone: string) {}

  instant(wall: number): number {
    const week = spanStart(wall, WEEK);
    if (week !== this.week) {
      this.week = week;
      this.weekOffset = this.steadyOffset(week, WEEK);
    }
    if (!Number.isNaN(this.weekOffset)) return wall - this.weekOffset;
    const dayOffset = this.steadyOffset(spanStart(wall, DAY), DAY);
    if (!Number.isNaN(dayOffset)) return wall - dayOffset;
    const hourOffset = this.steadyOffset(spanStart(wall, HOUR), HOUR);
    return Number.isNaN(hourOffset) ? this.exact(wall) : wall - hourOffset;
  }

  /** The offset throughout [start, start + length], or NaN when it differs at the two ends. */
  private steadyOffset(start: number, length: number): number {
    const offset = this.offsetAt(start);
    return offset === this.offsetAt(start + length) ? offset : NaN;
  }

  private offsetAt(wall: number): number {
    let offset = this.offsets.get(wall);
    if (offset === undefined) {
      offset = wall - this.exact(wall);
      this.offsets.set(wall, offset);
    }
    return offset;
  }

  private exact(wall: number): number {
    const t = new Date(wall);
    return zonedToInstant(
      t.getUTCFullYear(),
      t.getUTCMonth() + 1,
      t.getUTCDate(),
      t.getUTCHours(),
      t.getUTCMinutes(),
      t.getUTCSeconds(),
      this.timeZone
    );
  }
}

function parseDuration(text: string): number | null {
  const clock = CLOCK_DURATION.exec(text);
  if (clock) return Number(clock[1] ?? 0) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
  let seconds: number | null = null;
  for (const [, n, unit] of text.matchAll(UNIT_DURATION)) {
    const u = unit[0].toLowerCase();
    seconds = (seconds ?? 0) + Number(n) * (u === 'h' ? 3600 : u === 'm' ? 60 : 1);
  }
  return seconds;
}

function parseCall(text: string): { status: CallStatus; durationSec: number; video: boolean } | null {
  const first = text.charCodeAt(0) | 0x20;
  if (first !== 0x6d /* m */ && first !== 0x73 /* s */ && first !== 0x76 /* v */) return null;
  const m = CALL.exec(text);
  if (!m) return null;
  const video = m[2].toLowerCase() === 'video';
  if (m[1]) return { status: 'missed', durationSec: 0, video };
  const seconds = m[3] ? parseDuration(m[3]) : null;
  return seconds === null ? { status: 'unanswered', durationSec: 0, video } : { status: 'answered', durationSec: seconds, video };
}

function fileAttachment(name: string): Attachment {
  if (STICKER_FILE.test(name)) return { name, type: 'sticker' };
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  return { name, type: EXTENSION_TYPE[extension] ?? 'file' };
}

function joinLines(first: string, more: string | null): string {
  if (more === null) return first;
  return first ? `${first}\n${more}` : more;
}

/** Body and attachments of a message: media placeholders become attachments, captions stay as the body. */
function readContent(text: string, more: string | null): { body: string; attachments: Attachment[] } {
  if (text === MEDIA_OMITTED) return { body: more ?? '', attachments: [{ name: '', type: 'file' }] };
  const last = text.charCodeAt(text.length - 1);
  if (last === 0x64 /* d */) {
    const omitted = OMITTED.exec(text);
    if (omitted) return { body: more ?? '', attachments: [{ name: '', type: OMITTED_TYPE[omitted[1]] }] };
  } else if (last === 0x3e /* > */) {
    const attached = IOS_ATTACHED.exec(text);
    if (attached) {
      const before = text.slice(0, attached.index).replace(BIDI_MARKS, '').trim();
      return { body: joinLines(before, more), attachments: [fileAttachment(attached[1].trim())] };
    }
    const old = OLD_IOS_ATTACHED.exec(text);
    if (old) return { body: more ?? '', attachments: [fileAttachment(old[1])] };
  } else if (last === 0x29 /* ) */) {
    const attached = ANDROID_ATTACHED.exec(text);
    if (attached) return { body: more ?? '', attachments: [fileAttachment(attached[1].replace(BIDI_MARKS, '').trim())] };
  }
  return { body: joinLines(text, more), attachments: [] };
}

/** Streaming state for one file: lines in, items out. */
class ChatReader {
  private readonly file: string;
  /** The chat's name: from the file name, else (iOS's `_chat.txt`) the author of the encryption notice opening it. */
  private title: Person | null;
  private readonly me: Set<string>;
  private readonly clock: WallClock;
  private readonly people = new Map<string, Person | null>();
  private readonly header = new HeaderReader();
  private lineNo = 0;
  private preamble = 0;
  private sawHeader = false;
  private usStyle = false;
  private current: RawRecord | null = null;
  /** Records held until the date order and the roles are decided; null once they are. */
  private pending: RawRecord[] | null = [];
  private authors = new Map<string, Person>();
  private order: DateOrder | null = null;
  private roles: ChatRoles = { group: false, title: null, partner: null };
  private lastDate = { d1: -1, d2: -1, d3: -1, day: NaN };
  private out: ImportItem[] = [];

  constructor(
    options: ImportOptions,
    private readonly tally: WhatsAppTally
  ) {
    this.file = options.fileName;
    const title = partnerFromFileName(options.fileName);
    this.title = title === null ? null : personOf(title);
    this.me = new Set(options.me.map((m) => personOf(m).key));
    this.clock = new WallClock(options.timeZone);
  }

  read(lines: (string | null)[], from: number, to: number): ImportItem[] {
    for (let i = from; i < to; i++) {
      const line = lines[i];
      if (line === null) {
        this.lineNo++;
        this.closeRecord();
        this.skip(this.lineNo, OVERLONG_LINE);
      } else this.readLine(line);
    }
    return this.take();
  }

  finish(): ImportItem[] {
    this.closeRecord();
    if (!this.sawHeader) throw new ImportError(this.file, null, 'no WhatsApp message line found');
    if (this.pending) this.resolve();
    return this.take();
  }

  private take(): ImportItem[] {
    const items = this.out;
    this.out = [];
    return items;
  }

  private readLine(line: string): void {
    this.lineNo++;
    if (this.header.read(line)) {
      this.closeRecord();
      this.startRecord(line);
    } else if (this.current) {
      this.continueRecord(this.current, line);
    } else if (!this.sawHeader && line.trim()) {
      if (++this.preamble > PREAMBLE_LIMIT) {
        throw new ImportError(this.file, null, `no WhatsApp message line in the first ${PREAMBLE_LIMIT} lines`);
      }
      this.skip(this.lineNo, 'not a WhatsApp message line (text before the first message)');
    }
  }

  private startRecord(line: string): void {
    const h = this.header;
    const n = h.numbers;
    if (!this.sawHeader) {
      this.sawHeader = true;
      this.usStyle = h.meridiem !== 0 && h.separator === 0x2f /* / */ && h.widths[0] <= 2 && h.widths[2] === 2;
    }
    const start = skipMarks(line, h.length);
    const colon = line.indexOf(':', start);
    const author = colon > start ? this.person(line.slice(start, colon)) : null;
    if (!author) return this.systemLine();
    const afterColon = line.charCodeAt(colon + 1) === 0x20 ? colon + 2 : colon + 1;
    const textStart = skipMarks(line, afterColon);
    const text = line.slice(textStart);
    const marked = textStart !== afterColon;
    if (ENCRYPTION_NOTICE.test(text)) {
      if (!this.title && this.pending?.length === 0) this.title = author;
      return this.systemLine();
    }
    if (marked && SYSTEM_EVENT.test(text)) return this.systemLine();
    this.current = {
      line: this.lineNo,
      d1: n[0],
      d2: n[1],
      d3: n[2],
      yearFirst: h.widths[0] > 2,
      hour: to24Hour(n[3], h.meridiem),
      minute: n[4],
      second: n[5],
      author,
      text,
      more: null,
      blanks: 0,
      systemIfGroup: author.key === this.title?.key && SYSTEM_EVENT.test(text)
    };
  }

  private systemLine(): void {
    this.tally.systemLines++;
  }

  private continueRecord(r: RawRecord, line: string): void {
    if (line === '') {
      r.blanks++;
      return;
    }
    const gap = r.blanks ? '\n'.repeat(r.blanks) : '';
    r.more = r.more === null ? gap + line : `${r.more}\n${gap}${line}`;
    r.blanks = 0;
  }

  /** The author before a colon; null when the colon is quoted text in a system line. */
  private person(raw: string): Person | null {
    let p = this.people.get(raw);
    if (p === undefined) {
      p = endsInsideQuote(raw) ? null : personOf(raw);
      this.people.set(raw, p);
    }
    return p;
  }

  private closeRecord(): void {
    const r = this.current;
    if (!r) return;
    this.current = null;
    if (!this.pending) return this.emit(r);
    this.pending.push(r);
    this.authors.set(r.author.key, r.author);
    this.order ??= decisiveOrder(r);
    if ((this.order && this.isCertainGroup()) || this.pending.length >= ORDER_WINDOW) this.resolve();
  }

  private isCertainGroup(): boolean {
    const title = this.title;
    if (!title) return this.authors.size > 2;
    return this.authors.size - (this.authors.has(title.key) ? 1 : 0) >= 2;
  }

  private resolve(): void {
    const pending = this.pending!;
    this.pending = null;
    this.order ??= guessOrder(pending, this.usStyle);
    const group = this.isCertainGroup();
    let partner: Person | null = this.title;
    if (!partner && !group) {
      const others = [...this.authors.values()].filter((a) => !this.me.has(a.key));
      partner = others.length === 1 ? others[0] : null;
    }
    this.roles = { group, title: this.title, partner: group ? null : partner };
    for (const r of pending) this.emit(r);
  }

  private emit(r: RawRecord): void {
    if (r.systemIfGroup && this.roles.group) return this.systemLine();
    const day = this.dayOf(r);
    const wall = day + timeOfDay(r);
    if (Number.isNaN(wall)) return this.skip(r.line, `invalid date or time for the file's ${this.order} date order`);
    this.out.push({ type: 'event', event: this.toEvent(r, this.clock.instant(wall)) });
  }

  /** Consecutive messages mostly share a date: remember the last one. */
  private dayOf(r: RawRecord): number {
    const last = this.lastDate;
    if (r.d1 !== last.d1 || r.d2 !== last.d2 || r.d3 !== last.d3) {
      last.d1 = r.d1;
      last.d2 = r.d2;
      last.d3 = r.d3;
      last.day = wallDay(r, this.order!);
    }
    return last.day;
  }

  private toEvent(r: RawRecord, start: number): DraftEvent {
    const { group, title, partner } = this.roles;
    const author = r.author;
    const isMe = this.me.has(author.key);
    let out: boolean;
    let counterpart: Person | null;
    if (group) {
      out = isMe;
      counterpart = isMe ? (title ?? UNKNOWN_GROUP) : author;
    } else if (partner) {
      out = isMe || author.key !== partner.key;
      counterpart = partner;
    } else {
      out = isMe;
      counterpart = isMe ? null : author;
    }
    const direction = out ? 'out' : 'in';
    const handle = counterpart?.handle ?? null;
    const name = counterpart?.name ?? null;
    const phone = counterpart?.phone ?? null;
    const conversation = group ? (title?.handle ?? null) : null;
    // The chat as the file names it; the counterpart would follow the owner's names.
    const thread = title?.handle ?? '';
    const source = { format: 'whatsapp-txt' as const, file: this.file, record: `line ${r.line}` };
    const call = r.more === null ? parseCall(r.text) : null;
    if (call) {
      const { status, durationSec, video } = call;
      return { channel: 'whatsapp', kind: 'call', direction, handle, name, phone, conversation, thread, start, source, status, durationSec, video };
    }
    const { body, attachments } = readContent(r.text, r.more);
    return { channel: 'whatsapp', kind: 'message', direction, handle, name, phone, conversation, thread, start, source, body, attachments, transport: null };
  }

  private skip(line: number, reason: string): void {
    this.out.push({ type: 'skip', skip: { file: this.file, where: `line ${line}`, reason } });
  }
}

/** Parses a chat export; `tally` receives the counts of lines that are not events but not errors either. */
export async function* parseWhatsApp(
  chunks: AsyncIterable<Uint8Array>,
  options: ImportOptions,
  tally: WhatsAppTally = { systemLines: 0 }
): AsyncGenerator<ImportItem[]> {
  const reader = new ChatReader(options, tally);
  for await (const lines of splitLines(decodeText(chunks))) {
    // Big chunks are cut into smaller batches: events handed on young die young, which keeps the GC cheap.
    for (let from = 0; from < lines.length; from += BATCH_LINES) {
      const items = reader.read(lines, from, Math.min(from + BATCH_LINES, lines.length));
      if (items.length) yield items;
    }
  }
  const rest = reader.finish();
  if (rest.length) yield rest;
}

const DETECT_LINES = 5;

export const whatsappImporter: Importer = {
  format: 'whatsapp-txt',
  detect(head) {
    const header = new HeaderReader();
    let checked = 0;
    for (const line of head.split(/\r\n|\n|\r/)) {
      if (!line.trim()) continue;
      if (header.read(line)) return true;
      if (++checked >= DETECT_LINES) return false;
    }
    return false;
  },
  parse: (chunks, options) => parseWhatsApp(chunks, options)
};
