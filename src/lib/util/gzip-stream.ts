import { Gunzip, Gzip } from 'fflate';

export const GZIP_MAGIC = [0x1f, 0x8b];

async function* pushThrough(
  chunks: AsyncIterable<Uint8Array>,
  make: (ondata: (data: Uint8Array, final: boolean) => void) => { push(chunk: Uint8Array, final?: boolean): void }
): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  const stream = make((data) => out.push(data));
  for await (const chunk of chunks) {
    stream.push(chunk);
    while (out.length) yield out.shift()!;
  }
  stream.push(new Uint8Array(0), true);
  while (out.length) yield out.shift()!;
}

/** Decompresses a gzip byte stream chunk by chunk. */
export function gunzipStream(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  return pushThrough(chunks, (ondata) => new Gunzip(ondata));
}

/** Compresses a byte stream chunk by chunk. */
export function gzipStream(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  return pushThrough(chunks, (ondata) => new Gzip({ level: 6 }, ondata));
}
