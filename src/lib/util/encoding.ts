import { DecodeError } from './decode-error';

/** The text encodings Crosstalk reads: what phones, chat apps and (Chinese) spreadsheet programs write. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export type Sniffed = { encoding: TextEncoding } | { binary: true } | { problem: string };

const NAMES: Record<TextEncoding, string> = { 'utf-8': 'UTF-8', 'utf-16le': 'UTF-16 LE', 'utf-16be': 'UTF-16 BE', gb18030: 'GB18030' };

export function encodingName(e: TextEncoding): string {
  return NAMES[e];
}

/** Decodes `bytes` strictly (a sequence cut at the end is fine); null when they are not valid in `encoding`. */
function decodesAs(encoding: TextEncoding, bytes: Uint8Array): boolean {
  try {
    new TextDecoder(encoding, { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** UTF-16 without a BOM: in the first bytes, NULs sit in every other byte (ASCII text in UTF-16). */
function utf16ByNulls(head: Uint8Array): TextEncoding | null {
  const n = Math.min(head.length & ~1, 512);
  if (n < 8) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) even++;
    if (head[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (odd > pairs * 0.6 && even < pairs * 0.1) return 'utf-16le';
  if (even > pairs * 0.6 && odd < pairs * 0.1) return 'utf-16be';
  return null;
}

/** Where the first invalid UTF-8 sequence starts (the file's head is known to hold one). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const valid = (end: number, stream: boolean) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end), { stream });
      return true;
    } catch {
      return false;
    }
  };
  let lo = 0;
  let hi = bytes.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (valid(mid, true)) lo = mid;
    else hi = mid;
  }
  // The valid-so-far prefix may end in the first bytes of the broken sequence: start at its lead byte.
  let at = lo;
  while (at > 0 && !valid(at, false)) at--;
  return at;
}

/** Where the first byte that is not UTF-8 is, as a problem names it. */
function firstBadByte(head: Uint8Array): string {
  const at = firstInvalidUtf8(head);
  return `byte 0x${head[at].toString(16).padStart(2, '0')} at offset ${at}`;
}

/** Tells the encoding from the BOM and the first bytes; binary data (NULs that are not UTF-16) is not text. */
export function sniffEncoding(head: Uint8Array): Sniffed {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    if (decodesAs('utf-8', head)) return { encoding: 'utf-8' };
    return { problem: `is not valid UTF-8 text (${firstBadByte(head)}): the file is damaged or in another encoding` };
  }
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le' };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be' };
  const utf16 = utf16ByNulls(head);
  if (utf16) return { encoding: utf16 };
  if (head.includes(0)) return { binary: true };
  if (decodesAs('utf-8', head)) return { encoding: 'utf-8' };
  if (decodesAs('gb18030', head)) return { encoding: 'gb18030' };
  return { problem: `is neither UTF-8 nor GB18030 text (${firstBadByte(head)}); save it as UTF-8 and import it again` };
}

const MAX_PIECE_BYTES = 64 * 1024;

/**
 * Chunks cut to at most MAX_PIECE_BYTES (views, no copies), so that what an importer makes of one piece —
 * its decoded text, the records and events of one batch — stays small and short-lived whatever the reader's
 * chunk size. With 1 MiB chunks (the CLI's), each chunk's text went straight to V8's large-object space and a
 * batch of ~10k records outlived two scavenges: the heap grew to ~260 MB of garbage between full collections
 * on a 30 MB Crosstalk CSV (426 MB peak RSS for the import alone; 206 MB with 64 KiB pieces).
 */
async function* pieces(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    if (chunk.length <= MAX_PIECE_BYTES) yield chunk;
    else for (let i = 0; i < chunk.length; i += MAX_PIECE_BYTES) yield chunk.subarray(i, i + MAX_PIECE_BYTES);
  }
}

/**
 * Decodes a byte stream in `encoding` strictly, dropping a leading BOM: a byte sequence that is not valid fails
 * with DecodeError naming the encoding and the offset of its piece — never a silent U+FFFD.
 */
export async function* decodeStrictly(chunks: AsyncIterable<Uint8Array>, encoding: TextEncoding): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: false });
  let offset = 0;
  const decode = (chunk?: Uint8Array) => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw new DecodeError(`is not valid ${encodingName(encoding)} text after byte ${offset}: the file is damaged or in another encoding`);
    }
  };
  for await (const chunk of chunks) {
    const text = decode(chunk);
    offset += chunk.length;
    if (text) yield text;
  }
  const rest = decode();
  if (rest) yield rest;
}

/**
 * The stream as UTF-8 bytes in pieces of at most MAX_PIECE_BYTES. UTF-8 passes through, to be checked where it
 * is decoded (`decodeText`: decoding once is up to 7% of an import); other encodings are decoded here, checked,
 * and re-encoded.
 */
export async function* toUtf8(chunks: AsyncIterable<Uint8Array>, encoding: TextEncoding): AsyncGenerator<Uint8Array> {
  if (encoding === 'utf-8') {
    yield* pieces(chunks);
    return;
  }
  const encoder = new TextEncoder();
  for await (const text of decodeStrictly(pieces(chunks), encoding)) yield encoder.encode(text);
}
