import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { DecodeError, isFlateError } from './decode-error';
import { ExpansionGuard, INFLATE_SLICE } from './inflate-limits';

export interface ZipEntry {
  /** Path inside the archive, as stored ('_chat.txt', 'media/IMG-….jpg'). */
  name: string;
  chunks: AsyncIterable<Uint8Array>;
}

const SUPPORTED_COMPRESSION = new Set([0 /* stored */, 8 /* deflate */]);

/** One entry's decompressed bytes, queued by fflate's callbacks until the reader pulls them. */
class EntryStream {
  private queue: Uint8Array[] = [];
  private done = false;
  private error: Error | null = null;
  private abandoned = false;

  constructor(
    readonly name: string,
    private readonly guard: ExpansionGuard
  ) {}

  accept(file: UnzipFile): void {
    if (!SUPPORTED_COMPRESSION.has(file.compression)) {
      this.error = new DecodeError(`zip entry ${this.name}: unsupported compression method ${file.compression}`);
      return;
    }
    file.ondata = (err, data, final) => {
      if (err) this.error = isFlateError(err) ? new DecodeError(`zip entry ${this.name} is damaged (${err.message})`) : err;
      else {
        try {
          this.guard.produced(data.length);
        } catch (bomb) {
          this.error = bomb as Error;
          this.queue.length = 0;
        }
        if (!this.error && !this.abandoned && data.length) this.queue.push(data);
      }
      if (final) this.done = true;
    };
    file.start();
  }

  /** The reader moved on to the next entry: drop what it did not read instead of holding it in memory. */
  abandon(): void {
    this.abandoned = true;
    this.queue.length = 0;
  }

  async *read(pump: () => Promise<boolean>): AsyncGenerator<Uint8Array> {
    for (;;) {
      if (this.error) throw this.error;
      if (this.abandoned) throw new DecodeError(`zip entry ${this.name} read after moving on to the next entry`);
      const chunk = this.queue.shift();
      if (chunk) yield chunk;
      else if (this.done) return;
      else if (!(await pump())) throw new DecodeError(`the zip ends inside entry ${this.name}: the file is incomplete`);
    }
  }
}

/**
 * Streams the entries of a ZIP archive in archive order, decompressing as the bytes arrive.
 * Like a tar stream, a ZIP stream cannot be rewound: read each entry's chunks before asking for the next
 * entry (the unread rest of an entry is discarded, and reading it later throws). Input goes to fflate in
 * small slices, one per pull: its per-entry recursion stays shallow (thousands of tiny entries are fine)
 * and the output of one pull is bounded; an archive that expands like a bomb fails with DecodeError.
 */
export async function* unzipEntries(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<ZipEntry> {
  const source = chunks[Symbol.asyncIterator]();
  const entries: EntryStream[] = [];
  const guard = new ExpansionGuard();
  const unzip = new Unzip((file) => {
    const entry = new EntryStream(file.name, guard);
    entries.push(entry);
    entry.accept(file);
  });
  unzip.register(UnzipInflate);

  let ended = false;
  let pulling: Promise<boolean> | null = null;
  /** Feeds the next input chunk to fflate; false once the input is exhausted. Concurrent callers share one pull. */
  const pump = (): Promise<boolean> => (pulling ??= pull().finally(() => (pulling = null)));
  let pending: Uint8Array = new Uint8Array(0);
  const push = (piece: Uint8Array, final: boolean) => {
    try {
      unzip.push(piece, final);
    } catch (err) {
      if (isFlateError(err)) throw new DecodeError(`not a valid zip archive (${err.message})`);
      throw err;
    }
  };
  async function pull(): Promise<boolean> {
    if (ended) return false;
    if (!pending.length) {
      const next = await source.next();
      if (next.done) {
        ended = true;
        push(new Uint8Array(0), true);
        return true;
      }
      pending = next.value;
    }
    const piece = pending.subarray(0, INFLATE_SLICE);
    pending = pending.subarray(piece.length);
    guard.consumed(piece.length);
    push(piece, false);
    return true;
  }

  try {
    for (let i = 0; ; i++) {
      while (i >= entries.length && !ended) await pump();
      const entry = entries[i];
      if (!entry) return;
      yield { name: entry.name, chunks: entry.read(pump) };
      entry.abandon();
    }
  } finally {
    if (!ended) await source.return?.();
  }
}
