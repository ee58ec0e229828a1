/**
 * AES-GCM over a byte stream in fixed-size chunks (the STREAM construction of Hoang, Reyhanitabar, Rogaway
 * and Vizár): chunk i is sealed under the nonce prefix ‖ i (32-bit big-endian) ‖ last-flag, with the file's
 * header as additional data. Reordering, dropping or repeating a chunk changes its nonce and fails
 * authentication; cutting the file after any chunk leaves a last chunk without the flag, which is reported
 * as truncation. Memory stays at one chunk whatever the stream's length.
 */

export const NONCE_PREFIX_BYTES = 7;
const TAG_BYTES = 16;
const MAX_CHUNKS = 2 ** 32;

/** Authentication failed, or the stream ended early. `chunk` counts from 0. */
export class ChunkError extends Error {
  constructor(
    readonly chunk: number,
    readonly problem: 'altered' | 'truncated'
  ) {
    super(problem === 'truncated' ? 'the file ends early' : `chunk ${chunk} does not authenticate`);
  }
}

export interface StreamKey {
  key: CryptoKey;
  noncePrefix: Uint8Array;
  /** Authenticated with every chunk (the file's header bytes). */
  aad: Uint8Array;
  /** Plaintext bytes per chunk (every chunk but the last holds exactly this many). */
  chunkSize: number;
}

function nonce(prefix: Uint8Array, index: number, last: boolean): Uint8Array {
  if (index >= MAX_CHUNKS) throw new RangeError('too many chunks');
  const iv = new Uint8Array(12);
  iv.set(prefix);
  new DataView(iv.buffer).setUint32(NONCE_PREFIX_BYTES, index);
  iv[11] = last ? 1 : 0;
  return iv;
}

/** Collects a stream into pieces of exactly `size` bytes, holding back the last (possibly short or empty) piece. */
async function* fixedPieces(chunks: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<{ piece: Uint8Array; last: boolean }> {
  let buffer = new Uint8Array(size + 1);
  let filled = 0;
  for await (const chunk of chunks) {
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(chunk.length - offset, buffer.length - filled);
      buffer.set(chunk.subarray(offset, offset + take), filled);
      filled += take;
      offset += take;
      // One byte more than a piece proves this piece is not the last.
      if (filled === buffer.length) {
        const next = new Uint8Array(size + 1);
        next[0] = buffer[size];
        yield { piece: buffer.subarray(0, size), last: false };
        buffer = next;
        filled = 1;
      }
    }
  }
  yield { piece: buffer.subarray(0, filled), last: true };
}

export async function* sealChunks(plain: AsyncIterable<Uint8Array>, k: StreamKey): AsyncGenerator<Uint8Array> {
  let index = 0;
  for await (const { piece, last } of fixedPieces(plain, k.chunkSize)) {
    const iv = nonce(k.noncePrefix, index++, last);
    yield new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv: iv as BufferSource, additionalData: k.aad as BufferSource }, k.key, piece as BufferSource));
  }
}

/** Yields each chunk's plaintext only after it authenticated; throws ChunkError on the first that does not. */
export async function* openChunks(sealed: AsyncIterable<Uint8Array>, k: StreamKey): AsyncGenerator<Uint8Array> {
  let index = 0;
  for await (const { piece, last } of fixedPieces(sealed, k.chunkSize + TAG_BYTES)) {
    if (last && piece.length < TAG_BYTES) throw new ChunkError(index, 'truncated');
    const iv = nonce(k.noncePrefix, index, last);
    let plain: ArrayBuffer;
    try {
      plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: iv as BufferSource, additionalData: k.aad as BufferSource }, k.key, piece as BufferSource);
    } catch {
      // A final piece that would authenticate as a middle chunk means the real end was cut off.
      throw new ChunkError(index, last && (await opensAsMiddle(piece, index, k)) ? 'truncated' : 'altered');
    }
    index++;
    if (plain.byteLength) yield new Uint8Array(plain);
  }
}

async function opensAsMiddle(piece: Uint8Array, index: number, k: StreamKey): Promise<boolean> {
  if (piece.length !== k.chunkSize + TAG_BYTES) return false;
  try {
    await crypto.subtle.decrypt({ name: 'AES-GCM', iv: nonce(k.noncePrefix, index, false) as BufferSource, additionalData: k.aad as BufferSource }, k.key, piece as BufferSource);
    return true;
  } catch {
    return false;
  }
}
