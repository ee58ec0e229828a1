/** Decodes a byte stream as UTF-8 text chunks, dropping a leading BOM. */
export async function* decodeText(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: false });
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/**
 * Splits a text stream into lines (LF, CRLF or lone CR), yielded in batches per input chunk.
 * Line numbers start at 1 and are the index of the line in the file.
 */
export async function* splitLines(texts: AsyncIterable<string>): AsyncGenerator<string[]> {
  let carry = '';
  for await (const text of texts) {
    let buf = carry + text;
    // A chunk ending in '\r' may be the first half of '\r\n': decide when the next chunk arrives.
    const pendingCR = buf.endsWith('\r');
    if (pendingCR) buf = buf.slice(0, -1);
    const lines = buf.split(/\r\n|\n|\r/);
    carry = lines.pop()! + (pendingCR ? '\r' : '');
    if (lines.length) yield lines;
  }
  const last = carry.replace(/\r$/, '');
  if (last) yield [last];
}

/** Async-iterates a Uint8Array in chunks (tests, CLI on small buffers). */
export async function* chunksOf(bytes: Uint8Array, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

export async function* fromStrings(...parts: string[]): AsyncGenerator<Uint8Array> {
  const enc = new TextEncoder();
  for (const p of parts) yield enc.encode(p);
}
