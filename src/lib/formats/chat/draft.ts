/**
 * The events of chat-app exports: one builder turns a parsed record and its placement into a DraftEvent
 * with an id, plus the small pieces every chat reader shares (placeholders, skips, the system-line tally).
 *
 * Ids (model/ids.ts) depend only on what the file says about the record — channel, thread, instant and
 * content — never on options.me or on the roles derived from it, so importing a chat again after naming
 * the owner adds nothing.
 */
import { draftEvent, type Attachment, type CallStatus, type Channel, type SourceFormat } from '../../model/event';
import { instantProblem, isStorableInstant } from '../../model/instant';
import type { ImportItem } from '../../import/types';
import type { ChatAuthor, Placement } from './owner';

/** A call's outcome; 'not connected' becomes missed or unanswered once the direction is known. */
export type CallOutcome = CallStatus | 'not connected';

export type ChatContent =
  | { kind: 'message'; body: string; attachments: Attachment[] }
  | { kind: 'call'; status: CallOutcome; durationSec: number; video: boolean };

/** One message or call as a chat reader parsed it, before roles are known. */
export interface ChatRecord {
  /** Provenance: 'line 12', 'record 3', 'messages[41]'. */
  where: string;
  start: number;
  author: ChatAuthor;
  content: ChatContent;
  /** Set when the file states the direction (WeChat's IsSender). */
  out?: boolean;
}

/** Lines and values that are neither events nor errors: join/leave notices, recalls, system senders. */
export interface ChatTally {
  systemLines: number;
}

export function newTally(): ChatTally {
  return { systemLines: 0 };
}

export function skipItem(file: string, where: string, reason: string): ImportItem {
  return { type: 'skip', skip: { file, where, reason } };
}

/** `[H:]MM:SS` as seconds; NaN when it is not a duration. */
export function clockSeconds(text: string): number {
  const m = /^(?:(\d+):)?(\d{1,2}):(\d{2})$/.exec(text.trim());
  return m ? Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]) : NaN;
}

const SPACE = /\s/;

/**
 * Placeholders (`[图片]`, `[Sticker]`) and the attachment kind each stands for: taken out of a message's text
 * as attachments. Inline ones (QQ) may sit anywhere in the text; otherwise only a text that is exactly one
 * placeholder counts.
 */
export class Placeholders {
  private readonly kinds: ReadonlyMap<string, string>;
  private readonly longest: number;

  constructor(
    kinds: Iterable<readonly [string, string]>,
    private readonly inline: RegExp | null = null
  ) {
    this.kinds = new Map(kinds);
    this.longest = Math.max(...[...this.kinds.keys()].map((k) => k.length));
  }

  content(text: string): ChatContent {
    const whole = this.whole(text);
    if (whole !== undefined) return { kind: 'message', body: '', attachments: [{ name: '', type: whole }] };
    const inline = this.inline;
    if (!inline || text.search(inline) < 0) return { kind: 'message', body: text, attachments: [] };
    const attachments: Attachment[] = [];
    const body = text.replace(inline, (token) => {
      const kind = this.kinds.get(token);
      if (kind === undefined) return token;
      attachments.push({ name: '', type: kind });
      return '';
    });
    return { kind: 'message', body: attachments.length ? body.trim() : body, attachments };
  }

  /** The kind of a text that is one placeholder, white space around it aside. */
  private whole(text: string): string | undefined {
    // Most texts are longer than any placeholder: they are not looked up (a lookup hashes the whole text).
    const n = text.length;
    if (n > this.longest && !SPACE.test(text[0]) && !SPACE.test(text[n - 1])) return undefined;
    return this.kinds.get(text.trim());
  }
}

/** Builds the events of one chat (one thread of one file). */
export class ChatEvents {
  constructor(
    private readonly channel: Channel,
    private readonly format: SourceFormat,
    private readonly file: string,
    /** What the file calls the chat (header title, talker id): part of every id, so twins in two chats differ. */
    private readonly thread: string
  ) {}

  /** The event item for a record, or a skip when its instant cannot be stored. */
  item(record: ChatRecord, placement: Placement): ImportItem {
    if (!isStorableInstant(record.start)) return skipItem(this.file, record.where, instantProblem(record.start));
    const { where, start, content } = record;
    const { direction, handle, name, conversation } = placement;
    const common = { channel: this.channel, direction, handle, name, phone: null, conversation, thread: this.thread, start, source: { format: this.format, file: this.file, record: where } };
    if (content.kind === 'message') return { type: 'event', event: draftEvent(common, { kind: 'message', body: content.body, attachments: content.attachments, transport: null }) };
    // A call the owner placed that nobody took is 'unanswered'; one they did not take is 'missed'.
    const status = content.status !== 'not connected' ? content.status : direction === 'out' ? 'unanswered' : 'missed';
    return { type: 'event', event: draftEvent(common, { kind: 'call', status, durationSec: content.durationSec, video: content.video }) };
  }
}
