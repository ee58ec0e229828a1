import { decodeStrictly } from './encoding';

/**
 * Decodes a byte stream as UTF-8 text chunks, dropping a leading BOM. Bytes that are not UTF-8 fail with
 * DecodeError naming the offset, never a silent U+FFFD: this is where the import pipeline's UTF-8 is checked.
 */
export function decodeText(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  return decodeStrictly(chunks, 'utf-8');
}

/** Lines longer than this are not held in memory: they come out as `null`, and the reader reports them. */
export const MAX_LINE_CHARS = 16 * 1024 * 1024;

/** The per-record diagnostic for a line splitLines dropped. */
export const OVERLONG_LINE = `longer than ${MAX_LINE_CHARS / 2 ** 20} M characters; skipped without reading it`;

/**
 * Splits a text stream into lines (LF, CRLF or lone CR), yielded in batches per input chunk, in time linear
 * in the input: each chunk is scanned once, and a line spanning chunks is joined once. A line longer than
 * MAX_LINE_CHARS is yielded as `null` (its text is dropped as it streams by), so the rest of the file goes
 * on. Line numbers start at 1 and are the index of the line in the file.
 */
export async function* splitLines(texts: AsyncIterable<string>): AsyncGenerator<(string | null)[]> {
  let parts: string[] = [];
  let length = 0;
  let overlong = false;
  /** The previous chunk ended in '\r': a '\n' starting this one belongs to that line break. */
  let afterCR = false;
  const take = (piece: string) => {
    if (overlong) return;
    length += piece.length;
    if (length > MAX_LINE_CHARS) {
      overlong = true;
      parts = [];
    } else if (piece) parts.push(piece);
  };
  const endLine = (lines: (string | null)[]) => {
    lines.push(overlong ? null : parts.length === 1 ? parts[0] : parts.join(''));
    parts = [];
    length = 0;
    overlong = false;
  };
  for await (const text of texts) {
    const lines: (string | null)[] = [];
    let start = afterCR && text.startsWith('\n') ? 1 : 0;
    afterCR = false;
    // The next LF and the next CR, each looked for again only once passed (indexOf, not a regex match per line).
    let lf = text.indexOf('\n', start);
    let cr = text.indexOf('\r', start);
    for (;;) {
      if (lf >= 0 && lf < start) lf = text.indexOf('\n', start);
      if (cr >= 0 && cr < start) cr = text.indexOf('\r', start);
      const end = cr >= 0 && (lf < 0 || cr < lf) ? cr : lf;
      if (end < 0) break;
      if (parts.length === 0 && !overlong && end - start <= MAX_LINE_CHARS) lines.push(text.slice(start, end));
      else {
        take(text.slice(start, end));
        endLine(lines);
      }
      start = end === cr && lf === cr + 1 ? cr + 2 : end + 1;
    }
    afterCR = text.endsWith('\r');
    take(text.slice(start));
    if (lines.length) yield lines;
  }
  if (overlong || length > 0) {
    const last: (string | null)[] = [];
    endLine(last);
    yield last;
  }
}

/** Async-iterates a Uint8Array in chunks (tests, CLI on small buffers). */
export async function* chunksOf(bytes: Uint8Array, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

export async function* fromStrings(...parts: string[]): AsyncGenerator<Uint8Array> {
  const enc = new TextEncoder();
  for (const p of parts) yield enc.encode(p);
}
