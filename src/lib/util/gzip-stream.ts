import { Gunzip, Gzip } from 'fflate';
import { crc32 } from './crc32';
import { DecodeError, isFlateError } from './decode-error';
import { ExpansionGuard, slices } from './inflate-limits';

export const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Decompresses a gzip byte stream chunk by chunk, with bounded memory (see ExpansionGuard), and checks the
 * trailer: a damaged file fails with its CRC or length mismatch instead of importing garbage. (Files of
 * several gzip members are read; only single-member files, which is what every tool writes, are checked.)
 */
export async function* gunzipStream(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  const gunzip = new Gunzip((data) => out.push(data));
  let members = 1;
  gunzip.onmember = () => members++;
  const guard = new ExpansionGuard();
  const trailer = new Uint8Array(8);
  let crc = 0;
  const keepTail = (piece: Uint8Array) => {
    if (piece.length >= 8) trailer.set(piece.subarray(piece.length - 8));
    else {
      trailer.copyWithin(0, piece.length);
      trailer.set(piece, 8 - piece.length);
    }
  };
  const push = (piece: Uint8Array, final: boolean) => {
    try {
      gunzip.push(piece, final);
    } catch (err) {
      if (isFlateError(err)) throw new DecodeError(`not valid gzip data (${err.message})`);
      throw err;
    }
  };
  for await (const chunk of chunks) {
    for (const piece of slices(chunk)) {
      push(piece, false);
      guard.consumed(piece.length);
      keepTail(piece);
      while (out.length) {
        const data = out.shift()!;
        guard.produced(data.length);
        crc = crc32(data, crc);
        yield data;
      }
    }
  }
  push(new Uint8Array(0), true);
  for (const data of out.splice(0)) {
    guard.produced(data.length);
    crc = crc32(data, crc);
    yield data;
  }
  if (members > 1) return;
  const view = new DataView(trailer.buffer);
  if (view.getUint32(0, true) !== crc) throw new DecodeError('the gzip checksum does not match: the file is damaged or incomplete');
  if (view.getUint32(4, true) !== guard.outputBytes % 2 ** 32) throw new DecodeError('the gzip length does not match: the file is damaged or incomplete');
}

/** Compresses a byte stream chunk by chunk. */
export async function* gzipStream(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  const gzip = new Gzip({ level: 6 }, (data) => out.push(data));
  for await (const chunk of chunks) {
    gzip.push(chunk);
    yield* out.splice(0);
  }
  gzip.push(new Uint8Array(0), true);
  yield* out.splice(0);
}
