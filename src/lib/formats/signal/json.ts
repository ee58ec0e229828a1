/**
 * Signal's JSON exports:
 * - sigtop `-f json`: one array per conversation of Signal Desktop's raw message objects (`type`, `body`,
 *   `sent_at` ms, `source` E.164 or `sourceServiceId`/`sourceUuid`, `attachments[{fileName, contentType}]`),
 *   streamed element by element (util/json-cutter.ts). The chat is named only by the file (`Name (+E164).json`). Legacy call
 *   records carry `callHistoryDetails`; newer ones keep call details elsewhere and are tallied.
 * - signal-export `data.json`: JSON Lines, one `{date, sender, body, quote, sticker, reactions, attachments,
 *   deleted, call, missed}` per message; `date` is naive local time (read in options.timeZone), `sender` is
 *   `Me` for the owner, bodies carry two trailing spaces, calls are described in the body
 *   (`Incoming voice call (accepted, 2m 5s)`, `Missed video call`, `Outgoing voice call (unanswered)`).
 */
import type { Attachment, CallStatus } from '../../model/event';
import { zonedInstant, type CheckedInstant } from '../../model/instant';
import { decodeText, OVERLONG_LINE, splitLines } from '../../util/text-stream';
import type { ImportItem, ImportOptions } from '../../import/types';
import type { JsonCutHandler } from '../../util/json-cutter';
import { readJsonText } from '../json-text';
import { ChatEvents, UNKNOWN, participant, titleFromFileName, type CallContent, type ChatRecord, type Participant, type RecordContent, type SignalTally } from './chat';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function sigtopAttachments(list: unknown): Attachment[] {
  if (!Array.isArray(list)) return [];
  return list.filter(isObject).map((a) => ({ name: str(a.fileName) ?? '', type: str(a.contentType) ?? 'file' }));
}

function legacyCall(d: Json): CallContent {
  const incoming = d.wasIncoming === true;
  const accepted = typeof d.acceptedTime === 'number' ? d.acceptedTime : null;
  const ended = typeof d.endedTime === 'number' ? d.endedTime : null;
  let status: CallStatus;
  if (accepted !== null) status = 'answered';
  else if (d.wasDeclined === true) status = incoming ? 'rejected' : 'unanswered';
  else status = incoming ? 'missed' : 'unanswered';
  const durationSec = accepted !== null && ended !== null && ended > accepted ? Math.round((ended - accepted) / 1000) : 0;
  return { kind: 'call', status, durationSec, video: d.wasVideoCall === true, direction: incoming ? 'in' : 'out' };
}

/** One sigtop message object as a record; a string reason when it is unusable, null when it is not a message. */
function sigtopRecord(m: unknown, index: number): ChatRecord | string | null {
  if (!isObject(m)) return 'not a message object';
  const type = m.type;
  const start = typeof m.sent_at === 'number' ? m.sent_at : typeof m.timestamp === 'number' ? m.timestamp : NaN;
  if (Number.isNaN(start) && (type === 'incoming' || type === 'outgoing')) return 'no sent_at or timestamp';
  const where = `record ${index + 1}`;
  const sender = str(m.source) ?? str(m.sourceServiceId) ?? str(m.sourceUuid);
  const author: Participant = participant(sender ?? UNKNOWN, null);
  if (sender && !author.phone) author.name = null;
  if (type === 'call-history' && isObject(m.callHistoryDetails)) {
    const content = legacyCall(m.callHistoryDetails);
    return { where, author: content.direction === 'in' ? author : null, start, content };
  }
  if (type !== 'incoming' && type !== 'outgoing') return null;
  const content: RecordContent = { kind: 'message', body: str(m.body) ?? '', attachments: sigtopAttachments(m.attachments) };
  return { where, author: type === 'incoming' ? author : null, start, content };
}

export async function* parseSigtopJson(
  chunks: AsyncIterable<Uint8Array>,
  options: ImportOptions,
  tally: SignalTally
): AsyncGenerator<ImportItem[]> {
  const file = options.fileName;
  const chat = new ChatEvents(file, 'signal', titleFromFileName(file));
  const out: ImportItem[] = [];
  const handler: JsonCutHandler = {
    select: (path) => (path.length === 1 ? 'read' : 'skip'),
    value: (path, value) => {
      const index = path[0] as number;
      const r = sigtopRecord(value, index);
      if (typeof r === 'string') out.push({ type: 'skip', skip: { file, where: `record ${index + 1}`, reason: r } });
      else if (r === null) tally.systemRecords++;
      else chat.add(r, out);
    },
    oversize: (path) => out.push({ type: 'skip', skip: { file, where: `record ${(path[0] as number) + 1}`, reason: OVERLONG_LINE } })
  };
  for await (const _ of readJsonText(decodeText(chunks), handler, file)) {
    if (out.length) yield out.splice(0);
  }
  chat.finish(out);
  if (out.length) yield out.splice(0);
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?$/;

/** A naive local date-time as signal-export writes it (`2024-01-05T14:03:22`), read in `timeZone`. */
export function localInstant(text: string, timeZone: string): CheckedInstant {
  const m = LOCAL_DATE.exec(text);
  if (!m) return `unreadable date ${JSON.stringify(text.slice(0, 40))}`;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
  return zonedInstant({ year, month, day, hour, minute, second }, timeZone);
}

const CALL_BODY = /^(Incoming|Outgoing|Missed) (voice|video) call(?: \(([^)]*)\))?/i;
const DURATION_PART = /(\d+)([hms])/g;

/** A signal-export call description. */
export function readCallBody(body: string, missed: boolean): CallContent | null {
  const m = CALL_BODY.exec(body.trim());
  if (!m) return null;
  const kind = m[1].toLowerCase();
  const detail = (m[3] ?? '').toLowerCase();
  let durationSec = 0;
  for (const [, n, unit] of detail.matchAll(DURATION_PART)) durationSec += Number(n) * (unit === 'h' ? 3600 : unit === 'm' ? 60 : 1);
  const direction = kind === 'outgoing' ? 'out' : 'in';
  let status: CallStatus;
  if (kind === 'missed' || missed) status = direction === 'out' ? 'unanswered' : 'missed';
  else if (detail.includes('declined')) status = direction === 'in' ? 'rejected' : 'unanswered';
  else if (detail.includes('accepted') || durationSec > 0) status = 'answered';
  else status = 'unanswered';
  return { kind: 'call', status, durationSec, video: m[2].toLowerCase() === 'video', direction };
}

/** signal-export's own name for the owner, plus the owner's names from the settings. */
export function ownerNames(me: string[]): Set<string> {
  return new Set(['me', ...me.map((n) => n.trim().toLowerCase())]);
}

function exportAttachments(m: Json): Attachment[] {
  const list: Attachment[] = [];
  if (Array.isArray(m.attachments)) {
    for (const a of m.attachments) if (isObject(a)) list.push({ name: str(a.name) ?? '', type: 'file' });
  }
  if (isObject(m.sticker)) list.push({ name: '', type: 'sticker' });
  return list;
}

function exportRecord(m: Json, where: string, options: ImportOptions, owner: Set<string>): ChatRecord | string | null {
  if (m.deleted === true) return null;
  if (typeof m.date !== 'string') return 'no "date"';
  const start = localInstant(m.date, options.timeZone);
  if (typeof start === 'string') return start;
  const sender = str(m.sender);
  const author = sender && !owner.has(sender.toLowerCase()) ? participant(sender, null) : null;
  const body = (str(m.body) ?? '').replace(/ {2}$/, '');
  if (m.call === true) {
    const content = readCallBody(body, m.missed === true);
    if (!content) return `unreadable call description "${body}"`;
    return { where, author: content.direction === 'in' ? author : null, start, content };
  }
  return { where, author, start, content: { kind: 'message', body, attachments: exportAttachments(m) } };
}

export async function* parseSignalExportJson(
  chunks: AsyncIterable<Uint8Array>,
  options: ImportOptions,
  tally: SignalTally
): AsyncGenerator<ImportItem[]> {
  const file = options.fileName;
  const chat = new ChatEvents(file, 'signal', null);
  const owner = ownerNames(options.me);
  const out: ImportItem[] = [];
  let lineNo = 0;
  for await (const lines of splitLines(decodeText(chunks))) {
    for (const line of lines) {
      lineNo++;
      const where = `line ${lineNo}`;
      if (line === null) {
        out.push({ type: 'skip', skip: { file, where, reason: OVERLONG_LINE } });
        continue;
      }
      if (!line.trim()) continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        out.push({ type: 'skip', skip: { file, where, reason: 'not a JSON object' } });
        continue;
      }
      const r = isObject(value) ? exportRecord(value, where, options, owner) : 'not a JSON object';
      if (typeof r === 'string') out.push({ type: 'skip', skip: { file, where, reason: r } });
      else if (r === null) tally.systemRecords++;
      else chat.add(r, out);
    }
    if (out.length) yield out.splice(0);
  }
  chat.finish(out);
  if (out.length) yield out.splice(0);
}
