import { DecodeError } from './decode-error';

/**
 * Decompression is fed in small slices, so one slice can produce at most ~1 000× its size (deflate's
 * maximum ratio) before the limits below are checked: memory stays bounded whatever the archive holds.
 */
export const INFLATE_SLICE = 16 * 1024;
/** Text backups compress 3–30×; nothing real comes near this, a bomb passes it at once. */
export const MAX_EXPANSION = 200;
/** The ratio is only judged after this much output (small files can be very repetitive). */
const RATIO_FREE_BYTES = 32 * 1024 * 1024;

/** Counts compressed input and decompressed output; throws DecodeError once the output looks like a bomb. */
export class ExpansionGuard {
  private input = 0;
  private output = 0;

  consumed(bytes: number): void {
    this.input += bytes;
  }

  produced(bytes: number): void {
    this.output += bytes;
    if (this.output > RATIO_FREE_BYTES && this.output > this.input * MAX_EXPANSION) {
      throw new DecodeError(
        `decompresses to more than ${MAX_EXPANSION} times its size (${Math.round(this.output / 2 ** 20)} MB from ${Math.max(1, Math.round(this.input / 1024))} KB): a decompression bomb, not a backup`
      );
    }
  }

  get outputBytes(): number {
    return this.output;
  }
}

/** Splits chunks into slices of at most INFLATE_SLICE bytes. */
export function* slices(chunk: Uint8Array): Generator<Uint8Array> {
  for (let at = 0; at < chunk.length; at += INFLATE_SLICE) yield chunk.subarray(at, at + INFLATE_SLICE);
}
