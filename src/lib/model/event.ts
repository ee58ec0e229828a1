/**
 * The normalized record for every call and message Crosstalk knows about.
 * A CommEvent is a call or a message, never both (discriminated by `kind`).
 */

import type { Channel } from './channels';

export { CHANNELS, type Channel } from './channels';

export type Direction = 'in' | 'out';

export const CALL_STATUSES = [
  'answered',
  'missed',
  'rejected',
  'voicemail',
  'blocked',
  'busy',
  'unanswered'
] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

export const SOURCE_FORMATS = [
  'sbr-xml',
  'crosstalk-csv',
  'whatsapp-txt',
  'telegram-json',
  'vcard',
  'crosstalk-sync',
  'qq-txt',
  'wechat-csv',
  'chatlab-json',
  'line-txt',
  'kakaotalk-txt',
  'kakaotalk-csv',
  'gvoice-html',
  'messenger-json',
  'instagram-json',
  'signal',
  'imessage-db',
  'mapped-csv'
] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

export interface Attachment {
  /** File name as the source gives it ('' when the source has none). */
  name: string;
  /** MIME type when known, else a coarse kind: 'image', 'video', 'audio', 'document', 'sticker', 'file'. */
  type: string;
}

export interface Provenance {
  format: SourceFormat;
  /** File name (no directories) the record was read from. */
  file: string;
  /** Where in the file: 'line 12', 'record 3', 'messages[41]'. */
  record: string;
}

interface EventBase {
  /** Deterministic: the same real-world call or message always gets the same id (see ids.ts). */
  id: string;
  channel: Channel;
  direction: Direction;
  /**
   * The counterpart as the source shows it: a phone number as written (phone, WhatsApp number authors),
   * a user id (Telegram `user123`), or a display name (WhatsApp). Null when hidden/unknown.
   */
  handle: string | null;
  /** The counterpart's display name when the source gives one (contact_name, Telegram `from`). */
  name: string | null;
  /** Raw phone number of the counterpart when the source carries one (not yet normalized). */
  phone: string | null;
  /** Group chat title or id; null for one-to-one conversations and phone records. */
  conversation: string | null;
  /**
   * Chat apps: the chat as the file names it (its title, chat id, or the partner it is with), whoever
   * turns out to be the owner; part of the id. Null exactly for phone records.
   */
  thread: string | null;
  /** Absolute instant, milliseconds since the Unix epoch (UTC). */
  start: number;
  source: Provenance;
}

export interface CallEvent extends EventBase {
  kind: 'call';
  status: CallStatus;
  /** Seconds; 0 for calls that did not connect. */
  durationSec: number;
  video: boolean;
}

export interface MessageEvent extends EventBase {
  kind: 'message';
  body: string;
  attachments: Attachment[];
  /** For phone messages: how the phone carried it. */
  transport: 'sms' | 'mms' | null;
}

export type CommEvent = CallEvent | MessageEvent;

/** An event before its id is assigned (importers produce these; the normalizer adds ids). */
export type DraftEvent = Omit<CallEvent, 'id'> | Omit<MessageEvent, 'id'>;

/** What every draft has besides its kind's own fields. */
export type EventCommon = Omit<EventBase, 'id'>;
export type EventContent = Pick<CallEvent, 'kind' | 'status' | 'durationSec' | 'video'> | Pick<MessageEvent, 'kind' | 'body' | 'attachments' | 'transport'>;

/**
 * A draft from its common fields and its kind's, as one object literal per kind. Not `{ ...common, kind, … }`:
 * V8 gives every object such a spread makes a hidden class of its own, which made each later read of the
 * events (the boundary check, ids, storing) megamorphic and cost a map per event.
 */
export function draftEvent(c: EventCommon, content: EventContent): DraftEvent {
  const { channel, direction, handle, name, phone, conversation, thread, start, source } = c;
  if (content.kind === 'call') {
    const { status, durationSec, video } = content;
    return { channel, direction, handle, name, phone, conversation, thread, start, source, kind: 'call', status, durationSec, video };
  }
  const { body, attachments, transport } = content;
  return { channel, direction, handle, name, phone, conversation, thread, start, source, kind: 'message', body, attachments, transport };
}

/**
 * A chat named by its group title, else by its counterpart: the thread of readers whose counterpart the
 * file itself fixes (a number, a chat id), and of records written before events named their thread.
 */
export function threadByCounterpart(conversation: string | null, handle: string | null): string {
  return conversation ?? handle ?? '';
}
