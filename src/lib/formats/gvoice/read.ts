/**
 * Google Voice, from Google Takeout (`Takeout/Voice/Calls/*.html`, dropped one by one or inside the Takeout
 * .zip): one XHTML file per text thread (`div.hChatLog` of `div.message`) or per call (`div.haudio`).
 *
 * Streams through htmlparser2's tokenizer (callbacks, no document tree): a stack mirrors the open elements,
 * and each element's role (message, sender, body, call, …) is decided from its tag and classes when it opens.
 *
 * Texts: `abbr.dt[title]` is the instant with its offset, `cite.sender a.tel[href=tel:…]` the sender's number,
 * its `span.fn` the name; the owner's own messages carry an `abbr.fn` ("Me") — also recognised by a number in
 * options.me. `q` is the body (`<br>` = newline; GV's "MMS Sent"/"MMS Received" placeholder is dropped when the
 * message has attachments), `img[src]`, `a.vcard[href]`, `a.video[href]` and `audio[src]` are attachments by
 * name (Takeout names them without an extension). A `div.participants` list makes the thread a group (group
 * MMS): conversation = the participants' numbers, sorted; the owner's messages go to the group.
 * In a one-to-one thread the owner's messages go to the other sender's number; a thread holding only the
 * owner's messages names the partner only in its <title> ("Me to\nName"), so those get the name as handle.
 * Calls: `div.contributor a.tel` is the counterpart, `abbr.published[title]` the instant, `abbr.duration[title]`
 * (ISO 8601 `PT29M46S`) the length; the kind comes from the labels (`a[rel=tag]` href `#missed`, …), else the
 * title. placed → out (answered when it lasted, else unanswered); received → in, answered; missed → in,
 * missed; recorded → in, answered (Google Voice records incoming calls only); voicemail → in, voicemail, plus a
 * message at the same instant with the transcript (`span.full-text`, else the `span.word`s) as body and the
 * recording as attachment.
 * Numbers are kept as written: E.164 (`+17323215555`) or short codes without `+` (`174074978`); an empty `tel:`
 * is a hidden number. Every named number is also given as a contact (name + number), so that name-only
 * threads and other apps' authors can bind to it; the owner's number is given as an owner identity.
 */
import { Parser } from 'htmlparser2';
import type { Contact } from '../../model/contact';
import { draftEvent, type Attachment, type CallStatus, type DraftEvent, type EventCommon } from '../../model/event';
import { isoInstant } from '../../model/instant';
import { numberKey } from '../../model/phone-number';
import { decodeText } from '../../util/text-stream';
import { ImportError, type ImportItem, type Importer, type ImportOptions } from '../../import/types';

/** Where the text inside an element goes. */
type TextTarget = 'title' | 'name' | 'body' | 'transcript' | 'word' | null;
/** What closing an element finishes. */
type CloseAction = 'message' | 'tel' | 'participants' | 'word' | null;

interface Frame {
  target: TextTarget;
  action: CloseAction;
}

/** A `a.tel` link: a number and the name inside it. */
interface Tel {
  number: string | null;
  name: string;
  /** Google Voice marks the owner's own entry with `abbr.fn` ("Me") instead of `span.fn`. */
  me: boolean;
}

interface MessageDraft {
  index: number;
  start: number | null;
  /** The dt title when it is not a usable instant (for the diagnostic). */
  badTime: string | null;
  sender: Tel | null;
  body: string;
  attachments: Attachment[];
}

type CallKind = 'placed' | 'received' | 'missed' | 'voicemail' | 'recorded';
const CALL_KINDS: readonly CallKind[] = ['placed', 'received', 'missed', 'voicemail', 'recorded'];

interface CallDraft {
  party: Tel | null;
  start: number | null;
  badTime: string | null;
  durationSec: number;
  audio: string | null;
  transcript: string;
  words: string;
}

const MMS_PLACEHOLDERS = new Set(['MMS Sent', 'MMS Received']);
const IGNORED_SPANS = new Set(['start-time', 'end-time', 'confidence']);
const ISO_DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Whole seconds of an ISO 8601 duration (`PT29M46S`, `PT2S`), or 0 when absent or unreadable. */
export function isoDurationSec(text: string): number {
  const m = ISO_DURATION.exec(text.trim());
  if (!m) return 0;
  const [d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0));
  return Math.round(((d * 24 + h) * 60 + mi) * 60 + s);
}

function classesOf(attribs: Record<string, string>): string[] {
  return attribs.class ? attribs.class.split(/\s+/) : [];
}

/** The number of a `tel:` link as written; null for an empty one (a hidden caller). */
function telNumber(href: string | undefined): string | null {
  const number = (href ?? '').replace(/^tel:/i, '').trim();
  return number || null;
}

/** The partner's name in a thread's <title>: "Me to\nName" (the owner wrote last) or "Name". */
function titleName(title: string): string | null {
  const lines = title.split('\n');
  const name = (lines.length > 1 ? lines.slice(1).join(' ') : lines[0]).trim();
  return name || null;
}

/** Receives htmlparser2's callbacks for one file and turns them into import items. */
class GvoiceReader {
  items: ImportItem[] = [];
  recognized = false;
  private readonly file: string;
  private readonly meKeys: Set<string>;
  private readonly stack: Frame[] = [];
  private title = '';
  private inParticipants = false;
  private participants: Tel[] = [];
  private tel: Tel | null = null;
  private message: MessageDraft | null = null;
  private messageCount = 0;
  /** The other party of a one-to-one thread, once a message from them was seen. */
  private partner: Tel | null = null;
  /** The owner's one-to-one messages read before the partner was known. */
  private pending: MessageDraft[] = [];
  private call: CallDraft | null = null;
  private labels: string[] = [];
  private ownerNumber: string | null = null;
  private readonly contactsGiven = new Set<string>();

  constructor(options: ImportOptions) {
    this.file = options.fileName;
    this.meKeys = new Set(options.me.filter((m) => /\d{3,}/.test(m)).map((m) => numberKey(m)));
  }

  take(): ImportItem[] {
    const items = this.items;
    this.items = [];
    return items;
  }

  onopentag(name: string, attribs: Record<string, string>): void {
    const parent = this.stack[this.stack.length - 1];
    const frame: Frame = { target: parent?.target ?? null, action: null };
    this.stack.push(frame);
    const classes = classesOf(attribs);
    switch (name) {
      case 'title':
        frame.target = 'title';
        return;
      case 'div':
        if (classes.includes('hChatLog')) this.recognized = true;
        else if (classes.includes('participants')) {
          this.inParticipants = true;
          frame.action = 'participants';
        } else if (classes.includes('message')) {
          this.message = { index: ++this.messageCount, start: null, badTime: null, sender: null, body: '', attachments: [] };
          frame.action = 'message';
        } else if (classes.includes('haudio')) {
          this.recognized = true;
          this.finishCall();
          this.call = { party: null, start: null, badTime: null, durationSec: 0, audio: null, transcript: '', words: '' };
        }
        return;
      case 'abbr':
        if (classes.includes('fn') && this.tel) {
          this.tel.me = true;
          frame.target = 'name';
        } else if (classes.includes('dt') && this.message) this.setTime(this.message, attribs.title);
        else if (classes.includes('published') && this.call) this.setTime(this.call, attribs.title);
        else if (classes.includes('duration') && this.call) this.call.durationSec = isoDurationSec(attribs.title ?? '');
        return;
      case 'a':
        if (classes.includes('tel')) {
          this.tel = { number: telNumber(attribs.href), name: '', me: false };
          frame.action = 'tel';
        } else if (attribs.rel === 'tag' && attribs.href?.includes('#')) {
          this.labels.push(attribs.href.slice(attribs.href.lastIndexOf('#') + 1).toLowerCase());
        } else if (this.message && attribs.href) {
          if (classes.includes('vcard')) this.message.attachments.push({ name: attribs.href, type: 'text/vcard' });
          else if (classes.includes('video')) this.message.attachments.push({ name: attribs.href, type: 'video' });
        }
        return;
      case 'span':
        if (classes.includes('fn') && this.tel) frame.target = 'name';
        else if (classes.includes('full-text')) frame.target = 'transcript';
        else if (classes.includes('word')) {
          frame.target = 'word';
          frame.action = 'word';
        } else if (classes.some((c) => IGNORED_SPANS.has(c))) frame.target = null;
        return;
      case 'q':
        if (this.message) frame.target = 'body';
        return;
      case 'br':
        if (frame.target === 'body' && this.message) this.message.body += '\n';
        return;
      case 'img':
        if (this.message && attribs.src) this.message.attachments.push({ name: attribs.src, type: 'image' });
        return;
      case 'audio':
        if (!attribs.src) return;
        if (this.message) this.message.attachments.push({ name: attribs.src, type: 'audio' });
        else if (this.call) this.call.audio = attribs.src;
        return;
    }
  }

  ontext(text: string): void {
    switch (this.stack[this.stack.length - 1]?.target) {
      case 'title':
        this.title += text;
        return;
      case 'name':
        if (this.tel) this.tel.name += text;
        return;
      case 'body':
        if (this.message) this.message.body += text;
        return;
      case 'transcript':
        if (this.call) this.call.transcript += text;
        return;
      case 'word':
        if (this.call) this.call.words += text;
        return;
    }
  }

  onclosetag(): void {
    const frame = this.stack.pop();
    switch (frame?.action) {
      case 'tel':
        return this.finishTel();
      case 'participants':
        this.inParticipants = false;
        return;
      case 'message':
        return this.finishMessage();
      case 'word':
        if (this.call) this.call.words += ' ';
        return;
    }
  }

  /** After the last byte: the owner's messages still waiting for a partner, and the call. */
  finish(): void {
    if (this.pending.length) {
      const name = titleName(this.title);
      this.partner = { number: null, name: name ?? '', me: false };
      for (const m of this.pending) this.emitMessage(m, true);
      this.pending = [];
    }
    this.finishCall();
  }

  private setTime(target: { start: number | null; badTime: string | null }, title: string | undefined): void {
    const start = isoInstant((title ?? '').trim());
    if (typeof start === 'number') target.start = start;
    else target.badTime = title ?? '';
  }

  private finishTel(): void {
    const tel = this.tel;
    this.tel = null;
    if (!tel) return;
    tel.name = tel.name.replace(/\s+/g, ' ').trim();
    if (this.isOwner(tel)) {
      if (tel.number && this.ownerNumber === null) {
        this.ownerNumber = tel.number;
        this.items.push({ type: 'owner', owner: { name: null, phone: tel.number, identity: null } });
      }
    } else if (tel.number && tel.name) this.giveContact(tel);
    if (this.inParticipants) this.participants.push(tel);
    else if (this.message) this.message.sender ??= tel;
    else if (this.call) this.call.party ??= tel;
  }

  private isOwner(tel: Tel): boolean {
    if (tel.me) return true;
    if (!tel.number) return false;
    return tel.number === this.ownerNumber || this.meKeys.has(numberKey(tel.number));
  }

  private giveContact(tel: Tel): void {
    const key = `${tel.name}\u0000${tel.number}`;
    if (this.contactsGiven.has(key)) return;
    this.contactsGiven.add(key);
    const contact: Contact = {
      name: tel.name,
      numbers: [tel.number!],
      identities: [],
      source: { format: 'gvoice-html', file: this.file, record: 'contact' }
    };
    this.items.push({ type: 'contact', contact });
  }

  private finishMessage(): void {
    const m = this.message;
    if (!m) return; // a message element nested in another (damaged HTML): the outer one was finished
    this.message = null;
    if (m.start === null) {
      const reason = m.badTime === null ? 'no time (abbr.dt title)' : `the time ${JSON.stringify(m.badTime)} is not a usable ISO 8601 instant`;
      return this.skip(`message ${m.index}`, reason);
    }
    if (!m.sender) return this.skip(`message ${m.index}`, 'no sender (cite.sender a.tel)');
    m.body = m.body.replace(/\n+$/, '');
    if (m.attachments.length && MMS_PLACEHOLDERS.has(m.body.trim())) m.body = '';
    const out = this.isOwner(m.sender);
    if (this.participants.length || !out) {
      if (!out && !this.participants.length && !this.partner) {
        this.partner = m.sender;
        for (const p of this.pending) this.emitMessage(p, true);
        this.pending = [];
      }
      return this.emitMessage(m, out);
    }
    if (this.partner) this.emitMessage(m, true);
    else this.pending.push(m);
  }

  private emitMessage(m: MessageDraft, out: boolean): void {
    const group = this.participants.length > 0;
    const counterpart = group ? (out ? null : m.sender) : out ? this.partner : m.sender;
    const number = counterpart?.number ?? null;
    const name = counterpart?.name || null;
    const conversation = group ? this.conversation() : null;
    const event: DraftEvent = {
      kind: 'message',
      channel: 'gvoice',
      direction: out ? 'out' : 'in',
      handle: number ?? name,
      name,
      phone: number,
      conversation,
      thread: conversation ?? number ?? name ?? '',
      start: m.start!,
      source: { format: 'gvoice-html', file: this.file, record: `message ${m.index}` },
      body: m.body,
      attachments: m.attachments,
      transport: null
    };
    this.items.push({ type: 'event', event });
  }

  private conversation(): string {
    return this.participants
      .map((p) => p.number ?? p.name)
      .sort()
      .join(', ');
  }

  private callKind(): CallKind | null {
    const labelled = this.labels.find((l): l is CallKind => (CALL_KINDS as readonly string[]).includes(l));
    if (labelled) return labelled;
    const title = this.title.toLowerCase();
    return CALL_KINDS.find((k) => title.includes(k)) ?? null;
  }

  private finishCall(): void {
    const c = this.call;
    this.call = null;
    if (!c) return;
    if (c.start === null) {
      return this.skip('call', c.badTime === null ? 'no time (abbr.published title)' : `the time ${JSON.stringify(c.badTime)} is not a usable ISO 8601 instant`);
    }
    const kind = this.callKind();
    if (!kind) return this.skip('call', `unknown call type (labels: ${this.labels.join(', ') || 'none'})`);
    const out = kind === 'placed';
    const status: CallStatus =
      kind === 'missed' ? 'missed' : kind === 'voicemail' ? 'voicemail' : out && c.durationSec === 0 ? 'unanswered' : 'answered';
    const number = c.party?.number ?? null;
    const start = c.start;
    const common = (record: string): EventCommon => ({
      channel: 'gvoice',
      direction: out ? 'out' : 'in',
      handle: number,
      name: c.party?.name || null,
      phone: number,
      conversation: null,
      thread: number ?? '',
      start,
      source: { format: 'gvoice-html', file: this.file, record }
    });
    const durationSec = kind === 'missed' ? 0 : c.durationSec;
    this.items.push({ type: 'event', event: draftEvent(common(kind), { kind: 'call', status, durationSec, video: false }) });
    if (kind !== 'voicemail') return;
    const body = (c.transcript.trim() || c.words).replace(/\s+/g, ' ').trim();
    const attachments: Attachment[] = c.audio ? [{ name: c.audio, type: 'audio' }] : [];
    if (!body && !attachments.length) return;
    this.items.push({ type: 'event', event: draftEvent(common('voicemail transcript'), { kind: 'message', body, attachments, transport: null }) });
  }

  private skip(where: string, reason: string): void {
    this.items.push({ type: 'skip', skip: { file: this.file, where, reason } });
  }
}

async function* parseGvoice(chunks: AsyncIterable<Uint8Array>, options: ImportOptions): AsyncGenerator<ImportItem[]> {
  const reader = new GvoiceReader(options);
  const parser = new Parser(
    {
      onopentag: (name, attribs) => reader.onopentag(name, attribs),
      ontext: (text) => reader.ontext(text),
      onclosetag: () => reader.onclosetag()
    },
    { decodeEntities: true, recognizeSelfClosing: true }
  );
  for await (const text of decodeText(chunks)) {
    parser.write(text);
    if (reader.items.length) yield reader.take();
  }
  parser.end();
  if (!reader.recognized) throw new ImportError(options.fileName, null, 'no Google Voice text thread (div.hChatLog) or call (div.haudio) found in the HTML');
  reader.finish();
  if (reader.items.length) yield reader.take();
}

export const gvoiceImporter: Importer = {
  format: 'gvoice-html',
  detect(head) {
    const text = head.replace(/^[\ufeff\s]+/, '').slice(0, 4096);
    if (!/^<(\?xml|!doctype html|html)/i.test(text)) return false;
    return text.includes('hChatLog') || text.includes('haudio');
  },
  parse: parseGvoice
};
