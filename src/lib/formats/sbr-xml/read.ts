/**
 * SMS Backup & Restore XML: `sms-*.xml` (<smses> with <sms> and <mms>) and `calls-*.xml` (<calls>/<call>).
 *
 * Streams through saxes. Attribute values are read once per element and dropped: MMS part `data=` (base64,
 * possibly megabytes) never outlives its <part> tag. The string "null" and contact_name "(Unknown)" mean absent.
 *
 * MMS counterparts: incoming, the `from` addr (137); outgoing, the `to` addrs (151); the `address` attribute
 * (`~`-joined for groups) when addrs are missing. A group (several counterparts, a `~` address, an RCS group
 * address) has conversation = address and handle = the sender (in) or the address (out). contact_name is SBR's
 * lookup of `address`, so it only names the handle when the handle is that address.
 *
 * A file that ends inside the root element (an interrupted backup or copy) keeps its complete records and
 * reports the unfinished one as skipped; any other XML error makes the whole file unreadable.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { callTypeToStatus, smsTypeToDirection, type MessageMeaning } from '../../model/android-types';
import type { Attachment, DraftEvent, Provenance } from '../../model/event';
import { epochInstant, type CheckedInstant } from '../../model/instant';
import { decodeText } from '../../util/text-stream';
import { ImportError, type ImportItem, type Importer } from '../../import/types';

type Attrs = Record<string, string>;

const ADDR_FROM = 137;
const ADDR_TO = 151;
const M_TYPE_SEND_REQ = '128';
const M_TYPE_RETRIEVE_CONF = '132';

/** Longest numeric reference recognised ('&#x0000DE06;'); longer ones go to saxes as they are. */
const MAX_REF = 12;
/** readRef results besides a code point. */
const NOT_A_REF = -1;
const PARTIAL = -2;

/**
 * Rewrites UTF-16 surrogate character references (`&#55357;&#56838;`, `&#xD83D;&#xDE06;`), which old Android
 * serializers write for emoji and strict XML parsers reject, into the character itself; an unpaired one
 * becomes U+FFFD. Other references are left alone. Text is pushed chunk by chunk; a reference (or pair) cut
 * at a chunk edge is held back until the next chunk.
 */
export class SurrogateRefDecoder {
  private carry = '';
  private refEnd = 0;

  push(text: string): string {
    return this.rewrite(this.carry ? this.carry + text : text, false);
  }

  end(): string {
    return this.rewrite(this.carry, true);
  }

  private rewrite(s: string, final: boolean): string {
    this.carry = '';
    let out = '';
    let copied = 0;
    let at = s.indexOf('&#');
    while (at >= 0) {
      const code = this.readRef(s, at);
      if (code === PARTIAL && !final) return this.holdFrom(s, at, out, copied);
      if (code < 0xd800 || code > 0xdfff) {
        at = s.indexOf('&#', at + 2);
        continue;
      }
      let end = this.refEnd;
      let replacement = '\ufffd';
      if (code <= 0xdbff) {
        const low = s.startsWith('&#', end) ? this.readRef(s, end) : NOT_A_REF;
        if (!final && (low === PARTIAL || (low === NOT_A_REF && isRefStartCut(s, end)))) return this.holdFrom(s, at, out, copied);
        if (low >= 0xdc00 && low <= 0xdfff) {
          replacement = String.fromCharCode(code, low);
          end = this.refEnd;
        }
      }
      out += s.slice(copied, at) + replacement;
      copied = end;
      at = s.indexOf('&#', end);
    }
    if (!final && s.endsWith('&')) return this.holdFrom(s, s.length - 1, out, copied);
    return copied === 0 ? s : out + s.slice(copied);
  }

  /** Keeps s[at..] (at most a reference pair, by readRef's length limit) for the next chunk. */
  private holdFrom(s: string, at: number, out: string, copied: number): string {
    this.carry = s.slice(at);
    return out + s.slice(copied, at);
  }

  /** The code of the numeric reference at `at` (which starts with '&#'), setting refEnd past its ';'. */
  private readRef(s: string, at: number): number {
    let i = at + 2;
    const hex = s.charCodeAt(i) === 0x78; /* x */
    if (hex) i++;
    const digitsFrom = i;
    let code = 0;
    for (; i < s.length && i - at < MAX_REF; i++) {
      const c = s.charCodeAt(i);
      if (c === 0x3b /* ; */) {
        if (i === digitsFrom) return NOT_A_REF;
        this.refEnd = i + 1;
        return code;
      }
      const digit = hex ? hexDigit(c) : c >= 0x30 && c <= 0x39 ? c - 0x30 : -1;
      if (digit < 0) return NOT_A_REF;
      code = code * (hex ? 16 : 10) + digit;
    }
    return i === s.length ? PARTIAL : NOT_A_REF;
  }
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** True when the text from `at` is '&' or empty: a following reference may start in the next chunk. */
function isRefStartCut(s: string, at: number): boolean {
  return at === s.length || (at === s.length - 1 && s.charCodeAt(at) === 0x26);
}

/** The value, or null for a missing attribute or SBR's "null". */
function attr(a: Attrs, name: string): string | null {
  const v = a[name];
  return v === undefined || v === 'null' ? null : v;
}

/** The trimmed value, or null when missing, "null" or blank. */
function trimmedAttr(a: Attrs, name: string): string | null {
  const v = attr(a, name)?.trim();
  return v ? v : null;
}

function contactName(a: Attrs): string | null {
  const v = trimmedAttr(a, 'contact_name');
  return v === '(Unknown)' ? null : v;
}

/** An integer attribute, or a reason to skip the record. */
function integerAttr(a: Attrs, name: string, unit: string): number | string {
  const v = a[name];
  if (v === undefined) return `missing ${name} attribute`;
  const n = Number(v);
  return v.trim() !== '' && Number.isSafeInteger(n) ? n : `${name}=${JSON.stringify(v)} is not a number of ${unit}`;
}

/** The record's `date` attribute (milliseconds since the epoch) as a storable instant, or why it is none. */
function dateAttr(a: Attrs): CheckedInstant {
  const v = a.date;
  if (v === undefined) return 'missing date attribute';
  if (!/^\s*-?\d+\s*$/.test(v)) return `date=${JSON.stringify(v)} is not a number of milliseconds`;
  return epochInstant(Number(v), 'ms', 'date');
}

interface MmsPart {
  seq: number;
  ct: string;
  name: string;
  /** Inline text of a text/plain part; null for parts that become attachments. */
  text: string | null;
}

interface MmsAddr {
  address: string;
  type: number;
}

interface OpenMms {
  attrs: Attrs;
  line: number;
  parts: MmsPart[];
  addrs: MmsAddr[];
}

interface Counterpart {
  handle: string | null;
  phone: string | null;
  conversation: string | null;
}

/** Receives saxes events for one file and turns records into import items. */
class SbrReader {
  items: ImportItem[] = [];
  private root: string | null = null;
  /** Open elements; above 0 when the input ends means the file was cut off. */
  private depth = 0;
  private tagLine = 0;
  private mms: OpenMms | null = null;

  constructor(
    private readonly parser: SaxesParser,
    private readonly file: string
  ) {
    parser.on('opentagstart', () => {
      this.tagLine = parser.line;
    });
    parser.on('opentag', (tag) => this.open(tag));
    parser.on('closetag', (tag) => {
      this.depth--;
      if (tag.name === 'mms' && this.mms) this.closeMms();
    });
    parser.on('error', (err) => {
      throw this.xmlError(err.message);
    });
  }

  /** Called when the input ends: reports a record cut off by the end of a truncated file. */
  finish(): void {
    if (this.depth > 0) {
      const cut = this.mms;
      if (cut) this.skip(cut.line, `unfinished <mms>: the file ends before its end tag (truncated file)`);
      else this.skip(this.parser.line, `the file ends before </${this.root}> (truncated file)`);
      return;
    }
    this.parser.close();
  }

  private open(tag: SaxesTagPlain): void {
    this.depth++;
    if (this.root === null) return this.openRoot(tag.name);
    const a = tag.attributes;
    switch (tag.name) {
      case 'sms':
        return this.sms(a);
      case 'call':
        return this.call(a);
      case 'mms':
        if (this.mms) this.skip(this.mms.line, 'unfinished <mms>: another <mms> starts before its end tag');
        this.mms = { attrs: a, line: this.tagLine, parts: [], addrs: [] };
        return;
      case 'part':
        if (this.mms) this.part(this.mms, a);
        return;
      case 'addr':
        if (this.mms) this.mms.addrs.push({ address: trimmedAttr(a, 'address') ?? '', type: Number(a.type) });
    }
  }

  private openRoot(name: string): void {
    if (name !== 'smses' && name !== 'calls') {
      throw new ImportError(this.file, `line ${this.tagLine}`, `not an SMS Backup & Restore file (root element <${name}>, expected <smses> or <calls>)`);
    }
    this.root = name;
  }

  private sms(a: Attrs): void {
    const start = dateAttr(a);
    if (typeof start === 'string') return this.skip(this.tagLine, start);
    const meaning = smsTypeToDirection(Number(a.type));
    if (!meaning) return this.skip(this.tagLine, `unknown sms type ${JSON.stringify(a.type ?? '')}`);
    if (meaning.status === 'draft') return this.skip(this.tagLine, 'draft');
    const address = trimmedAttr(a, 'address');
    this.event({
      kind: 'message',
      channel: 'phone',
      direction: meaning.direction,
      handle: address,
      name: contactName(a),
      phone: address,
      conversation: null,
      thread: null,
      start,
      body: attr(a, 'body') ?? '',
      attachments: [],
      transport: 'sms',
      source: this.source(this.tagLine)
    });
  }

  private call(a: Attrs): void {
    const start = dateAttr(a);
    if (typeof start === 'string') return this.skip(this.tagLine, start);
    const durationSec = attr(a, 'duration') === null ? 0 : integerAttr(a, 'duration', 'seconds');
    if (typeof durationSec === 'string') return this.skip(this.tagLine, durationSec);
    const meaning = callTypeToStatus(Number(a.type), durationSec);
    if (!meaning) return this.skip(this.tagLine, `unknown call type ${JSON.stringify(a.type ?? '')}`);
    const number = callNumber(a);
    this.event({
      kind: 'call',
      channel: 'phone',
      direction: meaning.direction,
      status: meaning.status,
      handle: number,
      name: contactName(a),
      phone: number,
      conversation: null,
      thread: null,
      start,
      durationSec,
      video: (Number(a.features) & 1) === 1,
      source: this.source(this.tagLine)
    });
  }

  private part(mms: OpenMms, a: Attrs): void {
    const ct = attr(a, 'ct') ?? '';
    const seq = Number(a.seq) || 0;
    if (seq === -1 || ct === 'application/smil') return;
    const text = ct === 'text/plain' ? attr(a, 'text') : null;
    const name = attr(a, 'cl') || attr(a, 'name') || attr(a, 'fn') || '';
    mms.parts.push({ seq, ct, name, text });
  }

  private closeMms(): void {
    const mms = this.mms as OpenMms;
    this.mms = null;
    const a = mms.attrs;
    const start = dateAttr(a);
    if (typeof start === 'string') return this.skip(mms.line, start);
    const meaning = mmsDirection(a);
    if (!meaning) {
      return this.skip(mms.line, `unknown msg_box ${JSON.stringify(a.msg_box ?? '')} and m_type ${JSON.stringify(a.m_type ?? '')}`);
    }
    if (meaning.status === 'draft') return this.skip(mms.line, 'draft');
    const parts = mms.parts.sort((x, y) => x.seq - y.seq);
    const texts: string[] = [];
    const attachments: Attachment[] = [];
    for (const p of parts) {
      if (p.text !== null) texts.push(p.text);
      else attachments.push({ name: p.name, type: p.ct });
    }
    const address = trimmedAttr(a, 'address');
    const who = meaning.direction === 'in' ? incomingCounterpart(mms.addrs, address) : outgoingCounterpart(mms.addrs, address);
    this.event({
      kind: 'message',
      channel: 'phone',
      direction: meaning.direction,
      handle: who.handle,
      name: address === null || who.handle === address ? contactName(a) : null,
      phone: who.phone,
      conversation: who.conversation,
      thread: null,
      start,
      body: texts.join('\n'),
      attachments,
      transport: 'mms',
      source: this.source(mms.line)
    });
  }

  private event(event: DraftEvent): void {
    this.items.push({ type: 'event', event });
  }

  private skip(line: number, reason: string): void {
    this.items.push({ type: 'skip', skip: { file: this.file, where: `line ${line}`, reason } });
  }

  private source(line: number): Provenance {
    return { format: 'sbr-xml', file: this.file, record: `line ${line}` };
  }

  private xmlError(saxesMessage: string): ImportError {
    // saxes prefixes "line:column: "; the line goes to `where`.
    const message = saxesMessage.slice(saxesMessage.indexOf(': ') + 2);
    const reason = this.root === null ? `not an SMS Backup & Restore file (${message})` : `malformed XML: ${message}`;
    return new ImportError(this.file, `line ${this.parser.line}`, reason);
  }
}

function mmsDirection(a: Attrs): MessageMeaning | null {
  const box = smsTypeToDirection(Number(a.msg_box));
  if (box) return box;
  if (a.m_type === M_TYPE_SEND_REQ) return { direction: 'out', status: 'sent' };
  if (a.m_type === M_TYPE_RETRIEVE_CONF) return { direction: 'in', status: 'received' };
  return null;
}

function incomingCounterpart(addrs: MmsAddr[], address: string | null): Counterpart {
  const sender = addrs.find((x) => x.type === ADDR_FROM)?.address || null;
  // Everyone but the sender, the owner included: more than one means others besides the owner.
  const recipients = new Set(addrs.map((x) => x.address).filter((x) => x && x !== sender));
  const group = groupAddress(address) ?? (recipients.size > 1 ? joinAddresses(addrs) : null);
  const from = sender ?? (group ? null : address);
  return { handle: from, phone: from, conversation: group };
}

function outgoingCounterpart(addrs: MmsAddr[], address: string | null): Counterpart {
  const sender = addrs.find((x) => x.type === ADDR_FROM)?.address;
  const to = [...new Set(addrs.filter((x) => x.type === ADDR_TO && x.address && x.address !== sender).map((x) => x.address))];
  const group = groupAddress(address) ?? (to.length > 1 ? to.join('~') : null);
  if (group) return { handle: group, phone: null, conversation: group };
  const recipient = to[0] ?? address;
  return { handle: recipient, phone: recipient, conversation: null };
}

/** The address when it names a group: `~`-joined members or an RCS group chat. */
function groupAddress(address: string | null): string | null {
  return address !== null && (address.includes('~') || address.endsWith('@rcs.google.com')) ? address : null;
}

function joinAddresses(addrs: MmsAddr[]): string {
  return [...new Set(addrs.map((x) => x.address).filter(Boolean))].join('~');
}

/** Null when the caller hid the number or the log has none (Android writes -1, -2, -3 for those). */
function callNumber(a: Attrs): string | null {
  const presentation = a.presentation;
  if (presentation !== undefined && presentation !== '1') return null;
  const number = trimmedAttr(a, 'number');
  return number === null || number.startsWith('-') ? null : number;
}

/** Index just past the XML declaration, processing instructions, comments and doctype; -1 when cut off. */
function skipProlog(head: string): number {
  let i = 0;
  for (;;) {
    while (i < head.length && (head[i] === ' ' || head[i] === '\n' || head[i] === '\r' || head[i] === '\t' || head[i] === '\ufeff')) i++;
    const close = head.startsWith('<?', i) ? '?>' : head.startsWith('<!--', i) ? '-->' : head.startsWith('<!DOCTYPE', i) ? '>' : null;
    if (!close) return i;
    const end = head.indexOf(close, i);
    if (end < 0) return -1;
    i = end + close.length;
  }
}

export const sbrXmlImporter: Importer = {
  format: 'sbr-xml',
  detect(head) {
    const i = skipProlog(head);
    return i >= 0 && /^<(smses|calls)[\s/>]/.test(head.slice(i, i + 8));
  },
  async *parse(chunks, options) {
    const parser = new SaxesParser();
    const reader = new SbrReader(parser, options.fileName);
    const refs = new SurrogateRefDecoder();
    for await (const text of decodeText(chunks)) {
      parser.write(refs.push(text));
      if (reader.items.length) {
        yield reader.items;
        reader.items = [];
      }
    }
    parser.write(refs.end());
    reader.finish();
    if (reader.items.length) yield reader.items;
  }
};
