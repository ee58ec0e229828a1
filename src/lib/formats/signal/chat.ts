/**
 * What every Signal export variant shares once its records are read: the people in them, and how records
 * become events (counterpart, conversation, direction).
 */
import { draftEvent, threadByCounterpart, type Attachment, type CallStatus, type EventContent } from '../../model/event';
import { isStorableInstant, instantProblem } from '../../model/instant';
import type { ImportItem } from '../../import/types';

/** Someone as the export names them: a display name and, where the export gives it, a phone number. */
export interface Participant {
  /** The stable identity: the E.164 number when known, else the username, ACI or display name. */
  handle: string;
  name: string | null;
  phone: string | null;
}

export interface CallContent {
  kind: 'call';
  status: CallStatus;
  durationSec: number;
  video: boolean;
  direction: 'in' | 'out';
}

export type RecordContent = { kind: 'message'; body: string; attachments: Attachment[] } | CallContent;

export interface ChatRecord {
  /** 'line 12', 'record 3'. */
  where: string;
  /** Author; null when the owner wrote it. */
  author: Participant | null;
  start: number;
  content: RecordContent;
}

/** The chat a file holds, when the file says so (sigtop's `Conversation:` line or file name). */
export interface ChatTitle {
  participant: Participant;
  group: boolean;
}

const E164 = /^\+\d{6,15}$/;
/** Group ids as older sigtop versions printed them (base64 of 32 bytes). */
const GROUP_ID = /^[A-Za-z0-9+/_-]{40,}={0,2}$/;

/** The name sigtop gives a sender it cannot resolve; such records do not count as another person in the chat. */
export const UNKNOWN = 'Unknown';

export function participant(name: string, detail: string | null): Participant {
  const phone = detail && E164.test(detail) ? detail : E164.test(name) ? name : null;
  return { handle: phone ?? detail ?? name, name: name === phone ? null : name, phone };
}

/** `Name (detail)` as sigtop writes recipients: detail is the phone, username, ACI or `group`. */
export function readTitle(text: string): ChatTitle {
  const m = /^(.*) \(([^()]*)\)$/.exec(text.trim());
  if (!m) return { participant: participant(text.trim(), null), group: false };
  const group = m[2] === 'group' || GROUP_ID.test(m[2]);
  return { participant: group ? { handle: m[1], name: m[1], phone: null } : participant(m[1], m[2]), group };
}

/** A chat title in a sigtop file name: `Name (+31612345678).json`. */
export function titleFromFileName(fileName: string): ChatTitle | null {
  const base = fileName.replace(/\.(?:txt|json)$/i, '');
  return /\([^()]+\)$/.test(base) ? readTitle(base) : null;
}

/** Records the roles of a chat cannot yet be decided for, at most. */
const ROLE_WINDOW = 2000;

/**
 * Turns records into events. With a title the chat's roles are known; without one (signal-export names only
 * its folder after the chat) records are held until ROLE_WINDOW of them show whether one other person
 * writes (a one-to-one chat with that person) or several (a group without a known title).
 */
export class ChatEvents {
  private pending: ChatRecord[] | null;
  private group: boolean;
  private partner: Participant | null;
  private readonly authors = new Map<string, Participant>();

  constructor(
    private readonly file: string,
    private readonly format: 'signal',
    title: ChatTitle | null
  ) {
    this.group = title?.group ?? false;
    this.partner = title?.participant ?? null;
    this.pending = title ? null : [];
  }

  add(r: ChatRecord, out: ImportItem[]): void {
    if (!this.pending) return this.emit(r, out);
    this.pending.push(r);
    if (r.author && r.author.handle !== UNKNOWN) this.authors.set(r.author.handle, r.author);
    if (this.pending.length >= ROLE_WINDOW) this.resolve(out);
  }

  finish(out: ImportItem[]): void {
    if (this.pending) this.resolve(out);
  }

  private resolve(out: ImportItem[]): void {
    const pending = this.pending!;
    this.pending = null;
    this.group = this.authors.size > 1;
    this.partner = this.authors.size === 1 ? [...this.authors.values()][0] : null;
    for (const r of pending) this.emit(r, out);
  }

  private emit(r: ChatRecord, out: ImportItem[]): void {
    if (!isStorableInstant(r.start)) {
      out.push({ type: 'skip', skip: { file: this.file, where: r.where, reason: instantProblem(r.start) } });
      return;
    }
    const c = r.content;
    const direction = c.kind === 'call' ? c.direction : r.author ? 'in' : 'out';
    let counterpart: Participant | null;
    let conversation: string | null = null;
    if (this.group) {
      conversation = this.partner?.handle ?? null;
      counterpart = direction === 'in' && r.author ? r.author : this.partner;
    } else {
      counterpart = this.partner ?? r.author;
    }
    const base = {
      channel: 'signal' as const,
      direction,
      handle: counterpart?.handle ?? null,
      name: counterpart?.name ?? null,
      phone: counterpart?.phone ?? null,
      conversation,
      thread: threadByCounterpart(conversation, this.group ? null : (counterpart?.handle ?? null)),
      start: r.start,
      source: { format: this.format, file: this.file, record: r.where }
    };
    const content: EventContent =
      c.kind === 'call'
        ? { kind: 'call', status: c.status, durationSec: c.durationSec, video: c.video }
        : { kind: 'message', body: c.body, attachments: c.attachments, transport: null };
    out.push({ type: 'event', event: draftEvent(base, content) });
  }
}

/** Signal records that are not calls or messages (group changes, safety-number changes, timers, …). */
export interface SignalTally {
  systemRecords: number;
}
