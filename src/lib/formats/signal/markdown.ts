/**
 * signal-export `chat.md`: one entry per message, `[YYYY-MM-DD HH:MM:SS] Sender: body` (older versions:
 * `[YYYY-MM-DD, HH:MM] Sender: body`), with continuation lines. Times are naive local time (read in
 * options.timeZone); `Me` (or a name in options.me) is the owner. In a body: a leading quote (`> ` lines) is
 * dropped, `![name](…)`/`[name](…)` lines become attachments, `(( emoji ))` a sticker, a trailing
 * `(- Name: 😀 -)` reaction line is dropped, `(This message was deleted)` is tallied, call descriptions become
 * calls. signal-export ends bodies with two spaces; they are removed.
 */
import type { Attachment } from '../../model/event';
import { ImportError, type ImportItem, type ImportOptions } from '../../import/types';
import { decodeText, OVERLONG_LINE, splitLines } from '../../util/text-stream';
import { ChatEvents, participant, type ChatRecord, type RecordContent, type SignalTally } from './chat';
import { ownerNames, readCallBody } from './json';
import { zonedInstant, type CheckedInstant } from '../../model/instant';

/** The two header shapes signal-export has written: with seconds and no comma, or with a comma and no seconds. */
export const SIGNAL_MD_HEADER = /^\[(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2})|, (\d{2}):(\d{2}))\] /;

const MEDIA_LINK = /^!?\[([^\]]*)\]\([^)]*\)\s*$/;
const STICKER = /^\(\( (.*) \)\)$/;
const REACTIONS = /^\(- .* -\)$/;
const DELETED = '(This message was deleted)';

interface Entry {
  line: number;
  start: CheckedInstant;
  sender: string;
  lines: string[];
}

function headerInstant(m: RegExpExecArray, timeZone: string): CheckedInstant {
  const [year, month, day] = [m[1], m[2], m[3]].map(Number);
  const [hour, minute, second] = m[4] !== undefined ? [m[4], m[5], m[6]].map(Number) : [Number(m[7]), Number(m[8]), 0];
  return zonedInstant({ year, month, day, hour, minute, second }, timeZone);
}

/** Body and attachments of an entry's lines (trailing double spaces, quote, reactions and media links removed). */
export function readMarkdownBody(lines: string[]): RecordContent | 'deleted' {
  let text = lines.map((l) => l.replace(/ {2}$/, ''));
  while (text.length && text[text.length - 1] === '') text.pop();
  if (text.length && REACTIONS.test(text[text.length - 1])) text.pop();
  while (text.length && text[text.length - 1] === '') text.pop();
  let i = 0;
  while (i < text.length && text[i] === '') i++;
  if (text[i]?.startsWith('>')) {
    while (i < text.length && text[i].startsWith('>')) i++;
    while (i < text.length && text[i] === '') i++;
  }
  text = text.slice(i);
  const attachments: Attachment[] = [];
  const body: string[] = [];
  for (const line of text) {
    const media = MEDIA_LINK.exec(line);
    const sticker = STICKER.exec(line);
    if (media) attachments.push({ name: media[1], type: line.startsWith('!') ? 'image' : 'file' });
    else if (sticker) attachments.push({ name: '', type: 'sticker' });
    else body.push(line);
  }
  while (body.length && body[body.length - 1] === '') body.pop();
  const joined = body.join('\n');
  if (joined === DELETED && !attachments.length) return 'deleted';
  return readCallBody(joined, false) ?? { kind: 'message', body: joined, attachments };
}

export async function* parseSignalMarkdown(
  chunks: AsyncIterable<Uint8Array>,
  options: ImportOptions,
  tally: SignalTally
): AsyncGenerator<ImportItem[]> {
  const file = options.fileName;
  const chat = new ChatEvents(file, 'signal', null);
  const owner = ownerNames(options.me);
  const out: ImportItem[] = [];
  let entry: Entry | null = null;
  let sawHeader = false;
  let lineNo = 0;
  const close = () => {
    if (!entry) return;
    const e = entry;
    entry = null;
    const where = `line ${e.line}`;
    if (typeof e.start === 'string') {
      out.push({ type: 'skip', skip: { file, where, reason: e.start } });
      return;
    }
    const content = readMarkdownBody(e.lines);
    if (content === 'deleted') {
      tally.systemRecords++;
      return;
    }
    const author = owner.has(e.sender.toLowerCase()) ? null : participant(e.sender, null);
    const record: ChatRecord = { where, author: content.kind === 'call' && content.direction === 'out' ? null : author, start: e.start, content };
    chat.add(record, out);
  };
  for await (const lines of splitLines(decodeText(chunks))) {
    for (const line of lines) {
      lineNo++;
      if (line === null) {
        close();
        entry = null;
        out.push({ type: 'skip', skip: { file: options.fileName, where: `line ${lineNo}`, reason: OVERLONG_LINE } });
        continue;
      }
      const m = SIGNAL_MD_HEADER.exec(line);
      const colon = m ? line.indexOf(': ', m[0].length) : -1;
      if (m && colon >= 0) {
        close();
        sawHeader = true;
        entry = { line: lineNo, start: headerInstant(m, options.timeZone), sender: line.slice(m[0].length, colon), lines: [line.slice(colon + 2)] };
      } else if (entry) {
        entry.lines.push(line);
      } else if (line.trim()) {
        out.push({ type: 'skip', skip: { file, where: `line ${lineNo}`, reason: 'not a signal-export message line (text before the first message)' } });
      }
    }
    if (out.length) yield out.splice(0);
  }
  close();
  if (!sawHeader) throw new ImportError(file, null, 'no signal-export message line found');
  chat.finish(out);
  if (out.length) yield out.splice(0);
}
