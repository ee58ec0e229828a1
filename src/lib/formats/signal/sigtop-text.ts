/**
 * sigtop `export-messages` text files (the default `-f text`): a `Conversation: Name (detail)` line, then one
 * block per message: fields (`From:`, `Type:`, `Sent:`, `Received:`, `Attachment:`, `Reaction:`, `Edited:`),
 * a blank line, an optional quote (lines starting with `>`), a blank line and the body; a blank line ends the
 * block. Edited messages carry their versions, newest first, as `| `-prefixed blocks separated by `|` lines:
 * the newest version's body is the message's body, the first `Sent:` its time.
 *
 * A block starts at a `Type:` line (or the `From:` line just before it) after the previous block's fields
 * ended, so body lines that look like fields stay body lines. Types other than incoming/outgoing (group
 * changes, safety numbers, timers, call-history, which sigtop prints without call details) are tallied.
 */
import type { Attachment } from '../../model/event';
import { ImportError, type ImportItem, type ImportOptions } from '../../import/types';
import { decodeText, OVERLONG_LINE, splitLines } from '../../util/text-stream';
import { checkInstant, offsetInstant, WallDays, type CheckedInstant } from '../../model/instant';
import { Authors } from '../chat/owner';
import { ChatEvents, UNKNOWN, readTitle, type ChatRecord, type ChatTitle, type Participant, type SignalTally } from './chat';

export const SIGTOP_CONVERSATION = 'Conversation: ';
/** The field line a message block starts at (after the `From:` line of an incoming one). */
export const SIGTOP_TYPE = 'Type: ';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Go's `Mon, 2 Jan 2006 15:04:05 -0700`. */
const SENT = /^[A-Z][a-z]{2}, (\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/;
const ATTACHMENT = /^(.*) \(([^,()]*), \d+ bytes\)$/;

/** offsetInstant's bound: a larger offset goes its way, to be named in the diagnostic. */
const MAX_OFFSET_MINUTES = 18 * 60;
const days = new WallDays();
const MINUS = 45;

/** The number written by `length` digits at `at` (checked by SENT). */
function digitsAt(text: string, at: number, length: number): number {
  let n = 0;
  for (let i = at; i < at + length; i++) n = n * 10 + text.charCodeAt(i) - 48;
  return n;
}

export function readSigtopTime(text: string): CheckedInstant {
  // Read by position once SENT has checked the text (captures cost more than the rest of an event's time):
  // after the 1- or 2-digit day every field has a fixed width, so each sits at a fixed distance from the end.
  const end = text.length;
  const month = SENT.test(text) ? MONTHS.indexOf(text.slice(end - 23, end - 20)) + 1 : 0;
  if (!month) return `${JSON.stringify(text.slice(0, 40))} is not a sigtop time`;
  const day = digitsAt(text, 5, end - 29);
  const year = digitsAt(text, end - 19, 4);
  const hour = digitsAt(text, end - 14, 2);
  const minute = digitsAt(text, end - 11, 2);
  const second = digitsAt(text, end - 8, 2);
  const offset = (text.charCodeAt(end - 5) === MINUS ? -1 : 1) * (digitsAt(text, end - 4, 2) * 60 + digitsAt(text, end - 2, 2));
  const wall = days.wall(year, month, day, hour, minute, second);
  if (!Number.isNaN(wall) && Math.abs(offset) <= MAX_OFFSET_MINUTES) return checkInstant(wall - offset * 60_000);
  const instant = offsetInstant({ year, month, day, hour, minute, second }, offset);
  if (typeof instant === 'number') days.remember(year, month, day);
  return instant;
}

function attachmentOf(value: string): Attachment {
  const m = ATTACHMENT.exec(value);
  if (!m) return { name: value, type: 'file' };
  return { name: m[1] === 'no filename' ? '' : m[1], type: m[2] || 'file' };
}

/** The newest version's body in an edit history (`lines` from `from` on: those after `Edited:`'s blank line). */
function editedBody(lines: string[], from: number): string {
  const sections: string[][] = [[]];
  for (let i = from; i < lines.length; i++) {
    if (lines[i] === '|') sections.push([]);
    else sections[sections.length - 1].push(lines[i]);
  }
  for (let i = 1; i < sections.length && !sections[i][0]?.startsWith('| Version:'); i++) {
    const s = sections[i];
    if (s.length && !s[0].startsWith('| >')) return s.map((l) => l.slice(2)).join('\n');
  }
  return '';
}

/** The body after the fields (`lines` from `from` on): an optional quote section (`>` lines) and its blank line come first. */
function plainBody(lines: string[], from: number): string {
  let i = from;
  if (lines[i]?.startsWith('>')) {
    while (i < lines.length && lines[i].startsWith('>')) i++;
    i++; // the blank line before the body
  }
  // Most bodies are one line: no array copy, no join.
  return i === lines.length - 1 ? lines[i] : lines.slice(i).join('\n');
}

/** Whether a field line's name (its text before the first `: `, which ends at `end`) is `name`. */
function isField(line: string, end: number, name: string): boolean {
  return end === name.length && line.startsWith(name);
}

class SigtopTextReader {
  private lineNo = 0;
  private title: ChatTitle | null = null;
  private chat: ChatEvents | null = null;
  private block: string[] = [];
  private blockLine = 0;
  /** The current block's fields have ended (its first blank line was seen). */
  private fieldsDone = false;
  /** Senders by their `From:` text (`Name (+E164)`): a chat has few, and every incoming message names one. */
  private readonly senders = new Authors<Participant>((from) => readTitle(from).participant);
  readonly out: ImportItem[] = [];

  constructor(
    private readonly file: string,
    private readonly tally: SignalTally
  ) {}

  /** A line too long to hold: reported, the message it belongs to goes on without it. */
  overlong(): void {
    this.lineNo++;
    this.out.push({ type: 'skip', skip: { file: this.file, where: `line ${this.lineNo}`, reason: OVERLONG_LINE } });
  }

  line(line: string): void {
    this.lineNo++;
    if (!this.chat) {
      if (!line.trim()) return;
      if (!line.startsWith(SIGTOP_CONVERSATION)) throw new ImportError(this.file, `line ${this.lineNo}`, 'expected sigtop\'s "Conversation:" line');
      this.title = readTitle(line.slice(SIGTOP_CONVERSATION.length));
      this.chat = new ChatEvents(this.file, 'signal', this.title);
      return;
    }
    if (line.startsWith(SIGTOP_TYPE) && (this.fieldsDone || !this.block.length)) {
      const last = this.block.length - 1;
      const from = last >= 0 && this.block[last].startsWith('From: ') && this.block[last - 1] === '' ? this.block.pop()! : null;
      this.closeBlock();
      this.blockLine = from === null ? this.lineNo : this.lineNo - 1;
      if (from !== null) this.block.push(from);
    } else if (!this.block.length && !line) {
      return;
    } else if (!this.block.length) {
      this.blockLine = this.lineNo;
    }
    if (!line) this.fieldsDone = true;
    this.block.push(line);
  }

  finish(): void {
    if (!this.chat) throw new ImportError(this.file, null, 'no sigtop "Conversation:" line found');
    this.closeBlock();
    this.chat.finish(this.out);
  }

  private closeBlock(): void {
    const lines = this.block;
    this.block = [];
    this.fieldsDone = false;
    if (!lines.length) return;
    while (lines.length && lines[lines.length - 1] === '') lines.pop();
    const where = `line ${this.blockLine}`;
    const blank = lines.indexOf('');
    const fieldsEnd = blank < 0 ? lines.length : blank;
    let from: string | null = null;
    let type: string | null = null;
    let sent: CheckedInstant | null = null;
    /** Read only when Sent is missing or unreadable. */
    let received: string | null = null;
    let edited = false;
    const attachments: Attachment[] = [];
    for (let i = 0; i < fieldsEnd; i++) {
      // A field is `Name: value`; a line without `: ` is a name with an empty value.
      const f = lines[i];
      const colon = f.indexOf(': ');
      const end = colon < 0 ? f.length : colon;
      const value = colon < 0 ? '' : f.slice(colon + 2);
      if (isField(f, end, 'From')) from = value;
      else if (isField(f, end, 'Type')) type = value;
      else if (isField(f, end, 'Sent')) sent = readSigtopTime(value);
      else if (isField(f, end, 'Received')) received = value;
      else if (isField(f, end, 'Attachment')) attachments.push(attachmentOf(value));
      else if (isField(f, end, 'Edited')) edited = true;
    }
    if (type === null) {
      this.out.push({ type: 'skip', skip: { file: this.file, where, reason: 'a sigtop message block without a "Type:" field' } });
      return;
    }
    if (type !== 'incoming' && type !== 'outgoing') {
      this.tally.systemRecords++;
      return;
    }
    const receivedAt = typeof sent === 'number' || received === null ? null : readSigtopTime(received);
    const start = typeof sent === 'number' ? sent : typeof receivedAt === 'number' ? receivedAt : (sent ?? receivedAt);
    if (typeof start !== 'number') {
      this.out.push({ type: 'skip', skip: { file: this.file, where, reason: start ?? 'no readable "Sent:" or "Received:" time' } });
      return;
    }
    const author: Participant | null = type === 'outgoing' ? null : this.senders.of(from ?? UNKNOWN);
    const rest = blank < 0 ? lines.length : blank + 1;
    const body = edited ? editedBody(lines, rest) : plainBody(lines, rest);
    const record: ChatRecord = { where, author, start, content: { kind: 'message', body, attachments } };
    this.chat!.add(record, this.out);
  }
}

export async function* parseSigtopText(
  chunks: AsyncIterable<Uint8Array>,
  options: ImportOptions,
  tally: SignalTally
): AsyncGenerator<ImportItem[]> {
  const reader = new SigtopTextReader(options.fileName, tally);
  for await (const lines of splitLines(decodeText(chunks))) {
    for (const line of lines) {
      if (line === null) reader.overlong();
      else reader.line(line);
    }
    if (reader.out.length) yield reader.out.splice(0);
  }
  reader.finish();
  if (reader.out.length) yield reader.out.splice(0);
}
