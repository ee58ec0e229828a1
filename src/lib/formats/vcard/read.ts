/**
 * vCard files (.vcf), versions 2.1, 3.0 and 4.0: each BEGIN:VCARD … END:VCARD block becomes one contact with
 * its name and phone numbers.
 *
 * Read line by line. A logical line continues on the next physical line when that one starts with a space or
 * tab (folding; the one whitespace character is dropped), and, in a QUOTED-PRINTABLE property, when the line
 * ends with a soft line break `=`. Name: FN, else N as "Given Family" (no space between CJK parts), else ORG.
 * Numbers: every TEL, raw as written (a `tel:` URI loses its scheme and parameters), without repeats. A TEL
 * with a WhatsApp `waid` parameter (WhatsApp-generated cards) also gives the whatsapp identity `+<waid>`.
 * A card with neither a name nor a number, or one that is not closed, is skipped with a diagnostic.
 * For suggested matches the contact also keeps N's parts, NICKNAME, ORG, EMAIL and the usernames of IMPP
 * (`skype:lin.yang` → lin.yang) and X-SOCIALPROFILE (its `x-user` parameter, else the URL's last segment).
 */
import type { Contact, ContactDetails, Identity } from '../../model/contact';
import { decodeText, OVERLONG_LINE, splitLines } from '../../util/text-stream';
import { ImportError, type ImportItem, type Importer, type ImportOptions } from '../../import/types';

interface Property {
  /** Upper case, without its group prefix (`item1.`). */
  name: string;
  /** Upper-case parameter names; values unquoted and caret-decoded. Bare 2.1 encodings are ENCODING. */
  params: Map<string, string>;
  value: string;
}

interface OpenCard {
  /** 1-based position of the card in the file. */
  index: number;
  line: number;
  fn: string;
  n: string;
  numbers: string[];
  identities: Identity[];
  details: ContactDetails;
}

const USED = new Set(['FN', 'N', 'ORG', 'TEL', 'NICKNAME', 'EMAIL', 'IMPP', 'X-SOCIALPROFILE']);
const BARE_ENCODINGS = new Set(['QUOTED-PRINTABLE', 'BASE64', 'B', '8BIT', '7BIT']);
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

function isFold(line: string): boolean {
  const c = line.charCodeAt(0);
  return c === 0x20 || c === 0x09;
}

function isQuotedPrintable(line: string): boolean {
  const colon = line.indexOf(':');
  return colon > 0 && /QUOTED-PRINTABLE/i.test(line.slice(0, colon));
}

/** Splits `s` at `sep` outside double quotes. */
function splitOutsideQuotes(s: string, sep: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"') quoted = !quoted;
    else if (c === sep && !quoted) {
      parts.push(s.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(s.slice(from));
  return parts;
}

/** Index of the colon that ends the property name and parameters (colons inside quoted values don't). */
function valueColon(line: string): number {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === ':' && !quoted) return i;
  }
  return -1;
}

/** RFC 6868: `^^` → ^, `^n` → newline, `^'` → ". */
function decodeCaret(s: string): string {
  return s.indexOf('^') < 0 ? s : s.replace(/\^([\^n'])/g, (_, c: string) => (c === 'n' ? '\n' : c === "'" ? '"' : '^'));
}

function unquote(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s;
}

function parseParams(segments: string[]): Map<string, string> {
  const params = new Map<string, string>();
  for (const segment of segments) {
    const eq = segment.indexOf('=');
    if (eq < 0) {
      const bare = segment.trim().toUpperCase();
      params.set(BARE_ENCODINGS.has(bare) ? 'ENCODING' : 'TYPE', bare);
    } else {
      params.set(segment.slice(0, eq).trim().toUpperCase(), decodeCaret(unquote(segment.slice(eq + 1).trim())));
    }
  }
  return params;
}

/** The property on a logical line when it is one this importer reads, else null. */
export function parseProperty(line: string): Property | null {
  const colon = valueColon(line);
  if (colon < 0) return null;
  const [head, ...paramSegments] = splitOutsideQuotes(line.slice(0, colon), ';');
  const name = head.slice(head.lastIndexOf('.') + 1).trim().toUpperCase();
  if (!USED.has(name)) return null;
  return { name, params: parseParams(paramSegments), value: line.slice(colon + 1) };
}

const decoders = new Map<string, TextDecoder>();

function decoderFor(charset: string): TextDecoder {
  let d = decoders.get(charset);
  if (!d) {
    try {
      d = new TextDecoder(charset);
    } catch {
      d = new TextDecoder('utf-8');
    }
    decoders.set(charset, d);
  }
  return d;
}

const encoder = new TextEncoder();

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** Quoted-printable `=XX` bytes (soft breaks already joined) decoded in the property's CHARSET. */
function decodeQuotedPrintable(s: string, charset: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const hi = c === 0x3d ? hexValue(s.charCodeAt(i + 1)) : -1;
    const lo = hi >= 0 ? hexValue(s.charCodeAt(i + 2)) : -1;
    if (lo >= 0) {
      bytes.push(hi * 16 + lo);
      i += 2;
    } else if (c < 0x80) {
      bytes.push(c);
    } else {
      const ch = String.fromCodePoint(s.codePointAt(i)!);
      bytes.push(...encoder.encode(ch));
      i += ch.length - 1;
    }
  }
  return decoderFor(charset).decode(Uint8Array.from(bytes));
}

/** The value with quoted-printable decoded when the property says so (other encodings only hold binaries). */
function rawValue(p: Property): string {
  if (p.params.get('ENCODING')?.toUpperCase() !== 'QUOTED-PRINTABLE') return p.value;
  return decodeQuotedPrintable(p.value, p.params.get('CHARSET') ?? 'utf-8');
}

/** Text value escapes: `\n` `\N` → newline, `\,` `\;` `\\` → the character. */
function unescapeText(s: string): string {
  return s.indexOf('\\') < 0 ? s : s.replace(/\\(.)/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** The components of a structured value (N, ORG), split at unescaped `;` and unescaped. */
function components(s: string): string[] {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === ';') {
      parts.push(unescapeText(s.slice(from, i)).trim());
      from = i + 1;
    }
  }
  parts.push(unescapeText(s.slice(from)).trim());
  return parts;
}

/** N is Family;Given;Additional;Prefix;Suffix. */
function nameFromN(family: string, given: string): string {
  if (!family || !given) return family || given;
  return CJK.test(family) && CJK.test(given) ? family + given : `${given} ${family}`;
}

/** A TEL value as written, minus the scheme and parameters of a `tel:` URI (`tel:+1-202-555-0123;ext=5`). */
function telNumber(p: Property): string {
  const value = rawValue(p).trim();
  if (!/^tel:/i.test(value)) return value;
  const semicolon = value.indexOf(';');
  return value.slice(4, semicolon < 0 ? undefined : semicolon).trim();
}

/** NICKNAME holds a comma-separated list. */
function nicknames(p: Property): string[] {
  return unescapeText(rawValue(p).replace(/\\,/g, '\u0000')).split(',').map((n) => n.replace(/\u0000/g, ',').trim()).filter(Boolean);
}

/** An IMPP URI's address (`skype:lin.yang`, `xmpp:lin@example.org`), or a social profile's user name. */
function username(p: Property): string {
  const value = unescapeText(rawValue(p)).trim();
  const user = p.params.get('X-USER')?.trim();
  if (user) return user;
  if (p.name === 'IMPP') return value.replace(/^[a-z][a-z0-9+.-]*:(\/\/)?/i, '');
  return value.replace(/[/?#]+$/, '').split(/[/?#]/).pop()!.replace(/^@/, '');
}

function addOnce(list: string[], value: string): void {
  if (value && !list.includes(value)) list.push(value);
}

function where(card: OpenCard): string {
  return `card ${card.index} (line ${card.line})`;
}

/** Collects cards from logical lines and turns them into import items. */
class VcardReader {
  items: ImportItem[] = [];
  private card: OpenCard | null = null;
  private cards = 0;
  private lineNo = 0;
  /**
   * The physical pieces of the logical line being assembled (joined once at its end: long folded PHOTO data
   * would make repeated concatenation quadratic), its first line number, whether it is a QUOTED-PRINTABLE
   * property, and whether its last piece ended with a soft line break.
   */
  private pieces: string[] = [];
  private pendingLine = 0;
  private quotedPrintable = false;
  private softBreak = false;

  constructor(private readonly file: string) {}

  read(lines: (string | null)[]): ImportItem[] {
    for (const line of lines) {
      if (line !== null) this.physical(line);
      else this.skip(`line ${++this.lineNo}`, OVERLONG_LINE);
    }
    return this.take();
  }

  finish(): ImportItem[] {
    this.flush();
    if (this.card) this.skip(where(this.card), 'the file ends before END:VCARD (truncated file?)');
    if (this.cards === 0 && this.lineNo > 0) throw new ImportError(this.file, null, 'no BEGIN:VCARD found: not a vCard file');
    return this.take();
  }

  private take(): ImportItem[] {
    const items = this.items;
    this.items = [];
    return items;
  }

  private physical(line: string): void {
    this.lineNo++;
    if (this.pieces.length) {
      // A soft break joins any next line (but the card's end); otherwise only a folded one joins.
      const joins = this.softBreak ? !/^END:VCARD\s*$/i.test(line) : isFold(line);
      if (joins) return this.continueWith(line);
      this.flush();
    }
    this.pieces.push(line);
    this.pendingLine = this.lineNo;
    this.quotedPrintable = isQuotedPrintable(line);
    this.softBreak = this.quotedPrintable && line.endsWith('=');
  }

  private continueWith(line: string): void {
    const last = this.pieces.length - 1;
    if (this.softBreak) this.pieces[last] = this.pieces[last].slice(0, -1);
    const piece = isFold(line) ? line.slice(1) : line;
    this.pieces.push(piece);
    this.softBreak = this.quotedPrintable && piece.endsWith('=');
  }

  private flush(): void {
    if (!this.pieces.length) return;
    const line = this.pieces.length === 1 ? this.pieces[0] : this.pieces.join('');
    this.pieces = [];
    this.logical(line, this.pendingLine);
  }

  private logical(line: string, lineNo: number): void {
    const trimmed = line.trim();
    if (/^BEGIN:VCARD$/i.test(trimmed)) return this.begin(lineNo);
    if (/^END:VCARD$/i.test(trimmed)) return this.end(lineNo);
    if (!this.card) return;
    const p = parseProperty(line);
    if (p) this.property(this.card, p);
  }

  private begin(lineNo: number): void {
    if (this.card) this.skip(where(this.card), `BEGIN:VCARD on line ${lineNo} before this card's END:VCARD`);
    this.card = {
      index: ++this.cards,
      line: lineNo,
      fn: '',
      n: '',
      numbers: [],
      identities: [],
      details: { family: '', given: '', nicknames: [], org: '', emails: [], usernames: [] }
    };
  }

  private end(lineNo: number): void {
    const card = this.card;
    if (!card) return this.skip(`line ${lineNo}`, 'END:VCARD without BEGIN:VCARD');
    this.card = null;
    const name = card.fn || card.n || card.details.org;
    if (!name && card.numbers.length === 0) return this.skip(where(card), 'card with neither a name nor a phone number');
    const contact: Contact = {
      name,
      numbers: card.numbers,
      identities: card.identities,
      source: { format: 'vcard', file: this.file, record: where(card) },
      details: card.details
    };
    this.items.push({ type: 'contact', contact });
  }

  private property(card: OpenCard, p: Property): void {
    switch (p.name) {
      case 'FN':
        card.fn ||= unescapeText(rawValue(p)).trim();
        return;
      case 'N': {
        if (card.n) return;
        const [family = '', given = ''] = components(rawValue(p));
        card.details.family = family;
        card.details.given = given;
        card.n = nameFromN(family, given);
        return;
      }
      case 'ORG':
        card.details.org ||= components(rawValue(p))[0];
        return;
      case 'NICKNAME':
        for (const n of nicknames(p)) addOnce(card.details.nicknames, n);
        return;
      case 'EMAIL':
        addOnce(card.details.emails, unescapeText(rawValue(p)).trim().replace(/^mailto:/i, '').toLowerCase());
        return;
      case 'IMPP':
      case 'X-SOCIALPROFILE':
        addOnce(card.details.usernames, username(p));
        return;
      case 'TEL':
        return this.tel(card, p);
    }
  }

  private tel(card: OpenCard, p: Property): void {
    const number = telNumber(p);
    if (number && !card.numbers.includes(number)) card.numbers.push(number);
    const waid = p.params.get('WAID')?.trim();
    if (waid && !card.identities.some((i) => i.handle === `+${waid}`)) card.identities.push({ channel: 'whatsapp', handle: `+${waid}` });
  }

  private skip(at: string, reason: string): void {
    this.items.push({ type: 'skip', skip: { file: this.file, where: at, reason } });
  }
}

export async function* parseVcard(chunks: AsyncIterable<Uint8Array>, options: ImportOptions): AsyncGenerator<ImportItem[]> {
  const reader = new VcardReader(options.fileName);
  for await (const lines of splitLines(decodeText(chunks))) {
    const items = reader.read(lines);
    if (items.length) yield items;
  }
  const rest = reader.finish();
  if (rest.length) yield rest;
}

export const vcardImporter: Importer = {
  format: 'vcard',
  detect: (head) => /^[\ufeff\s]*BEGIN:VCARD\b/i.test(head),
  parse: parseVcard
};
