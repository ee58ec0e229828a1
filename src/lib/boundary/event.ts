import { CALL_STATUSES, draftEvent, SOURCE_FORMATS, threadByCounterpart, type Attachment, type DraftEvent, type Provenance } from '../model/event';
import { CHANNELS } from '../model/channels';
import { checkInstant } from '../model/instant';
import { contentId, upgradedChatId } from '../model/ids';
import { FieldProblem, flagValue, integerValue, LONG, listValue, nullableTextValue, object, oneOfValue, SHORT, textValue, type Fields } from './fields';

const MAX_ATTACHMENTS = 1_000;
const DIRECTIONS = ['in', 'out'] as const;
const KINDS = ['call', 'message'] as const;
const TRANSPORTS = ['sms', 'mms'] as const;
/** Ten days: longer "calls" are clock errors. */
const MAX_DURATION_SEC = 10 * 24 * 3600;

// Fields are read by name and checked by value (see fields.ts: this runs once per imported event).

function attachment(value: unknown, index: number): Attachment {
  const o = object(value, `attachments[${index}]`);
  return { name: textValue(o.name, 'name', SHORT), type: textValue(o.type, 'type', SHORT) };
}

function instant(v: unknown, key: string): number {
  if (typeof v !== 'number') throw new FieldProblem(`${key} is not a number`);
  const checked = checkInstant(v);
  if (typeof checked === 'string') throw new FieldProblem(`${key}: ${checked}`);
  return checked;
}

function provenance(value: unknown): Provenance {
  const o = object(value, 'source');
  return { format: oneOfValue(o.format, 'format', SOURCE_FORMATS), file: textValue(o.file, 'file', SHORT), record: textValue(o.record, 'record', SHORT) };
}

/**
 * The one door for events: every field checked (types, ranges, lengths, enums), unknown fields dropped.
 * Returns a fresh object, so nothing a file or a peer added travels on.
 */
export function checkEvent(value: unknown): DraftEvent {
  const o: Fields = object(value, 'event');
  const channel = oneOfValue(o.channel, 'channel', CHANNELS);
  const direction = oneOfValue(o.direction, 'direction', DIRECTIONS);
  const handle = nullableTextValue(o.handle, 'handle', SHORT);
  const name = nullableTextValue(o.name, 'name', SHORT);
  const phone = nullableTextValue(o.phone, 'phone', SHORT);
  const conversation = nullableTextValue(o.conversation, 'conversation', SHORT);
  // Records from before events named their thread (older sync files) are named by their counterpart.
  const thread = channel === 'phone' ? null : (nullableTextValue(o.thread, 'thread', SHORT) ?? threadByCounterpart(conversation, handle));
  const start = instant(o.start, 'start');
  const common = { channel, direction, handle, name, phone, conversation, thread, start, source: provenance(o.source) };
  const kind = oneOfValue(o.kind, 'kind', KINDS);
  if (kind === 'call') {
    return draftEvent(common, { kind, status: oneOfValue(o.status, 'status', CALL_STATUSES), durationSec: integerValue(o.durationSec, 'durationSec', 0, MAX_DURATION_SEC), video: flagValue(o.video, 'video') });
  }
  const transport = o.transport === null || o.transport === undefined ? null : oneOfValue(o.transport, 'transport', TRANSPORTS);
  return draftEvent(common, { kind, body: textValue(o.body, 'body', LONG), attachments: listValue(o.attachments, 'attachments', MAX_ATTACHMENTS, attachment), transport });
}

/**
 * An id another copy gives an event must be the one its content gives (or a repeat of it, `-n`); a chat id
 * of the previous scheme comes back as this scheme's.
 */
export function checkEventId(id: unknown, event: DraftEvent): string {
  if (typeof id !== 'string') throw new FieldProblem('id is not text');
  const base = contentId(event);
  if (id === base) return id;
  const suffix = id.startsWith(base + '-') ? id.slice(base.length + 1) : '';
  if (/^[1-9][0-9]{0,5}$/.test(suffix)) return id;
  const upgraded = upgradedChatId(id, event);
  if (upgraded) return upgraded;
  throw new FieldProblem(`id ${id.slice(0, 40)} does not match the event's content`);
}

/** The reason a value is not a storable event, or null. */
export function eventProblem(value: unknown): string | null {
  try {
    checkEvent(value);
    return null;
  } catch (err) {
    if (err instanceof FieldProblem) return err.message;
    throw err;
  }
}
