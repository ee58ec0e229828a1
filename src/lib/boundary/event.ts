import { CALL_STATUSES, draftEvent, SOURCE_FORMATS, threadByCounterpart, type Attachment, type DraftEvent, type Provenance } from '../model/event';
import { CHANNELS } from '../model/channels';
import { checkInstant } from '../model/instant';
import { contentId, upgradedChatId } from '../model/ids';
import { FieldProblem, flag, integer, LONG, list, nullableText, object, oneOf, SHORT, text, type Fields } from './fields';

const MAX_ATTACHMENTS = 1_000;
const DIRECTIONS = ['in', 'out'] as const;
const KINDS = ['call', 'message'] as const;
const TRANSPORTS = ['sms', 'mms'] as const;
/** Ten days: longer "calls" are clock errors. */
const MAX_DURATION_SEC = 10 * 24 * 3600;

function attachment(value: unknown, index: number): Attachment {
  const o = object(value, `attachments[${index}]`);
  return { name: text(o, 'name', SHORT), type: text(o, 'type', SHORT) };
}

function instant(o: Fields, key: string): number {
  const v = o[key];
  if (typeof v !== 'number') throw new FieldProblem(`${key} is not a number`);
  const checked = checkInstant(v);
  if (typeof checked === 'string') throw new FieldProblem(`${key}: ${checked}`);
  return checked;
}

function provenance(value: unknown): Provenance {
  const o = object(value, 'source');
  return { format: oneOf(o, 'format', SOURCE_FORMATS), file: text(o, 'file', SHORT), record: text(o, 'record', SHORT) };
}

/**
 * The one door for events: every field checked (types, ranges, lengths, enums), unknown fields dropped.
 * Returns a fresh object, so nothing a file or a peer added travels on.
 */
export function checkEvent(value: unknown): DraftEvent {
  const o: Fields = object(value, 'event');
  const channel = oneOf(o, 'channel', CHANNELS);
  const direction = oneOf(o, 'direction', DIRECTIONS);
  const handle = nullableText(o, 'handle', SHORT);
  const name = nullableText(o, 'name', SHORT);
  const phone = nullableText(o, 'phone', SHORT);
  const conversation = nullableText(o, 'conversation', SHORT);
  // Records from before events named their thread (older sync files) are named by their counterpart.
  const thread = channel === 'phone' ? null : (nullableText(o, 'thread', SHORT) ?? threadByCounterpart(conversation, handle));
  const start = instant(o, 'start');
  const common = { channel, direction, handle, name, phone, conversation, thread, start, source: provenance(o.source) };
  const kind = oneOf(o, 'kind', KINDS);
  if (kind === 'call') {
    return draftEvent(common, { kind, status: oneOf(o, 'status', CALL_STATUSES), durationSec: integer(o, 'durationSec', 0, MAX_DURATION_SEC), video: flag(o, 'video') });
  }
  const transport = o.transport === null || o.transport === undefined ? null : oneOf(o, 'transport', TRANSPORTS);
  return draftEvent(common, { kind, body: text(o, 'body', LONG), attachments: list(o, 'attachments', MAX_ATTACHMENTS, attachment), transport });
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
