import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';

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

  constructor(readonly name: string) {}

  accept(file: UnzipFile): void {
    if (!SUPPORTED_COMPRESSION.has(file.compression)) {
      this.error = new Error(`zip entry ${this.name}: unsupported compression method ${file.compression}`);
      return;
    }
    file.ondata = (err, data, final) => {
      if (err) this.error = err;
      else if (!this.abandoned && data.length) this.queue.push(data);
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
      if (this.abandoned) throw new Error(`zip entry ${this.name} read after moving on to the next entry`);
      const chunk = this.queue.shift();
      if (chunk) yield chunk;
      else if (this.done) return;
      else if (!(await pump())) throw new Error(`zip ended inside entry ${this.name}`);
    }
  }
}

/**
 * Streams the entries of a ZIP archive in archive order, decompressing as the bytes arrive.
 * Like a tar stream, a ZIP stream cannot be rewound: read each entry's chunks before asking for the next
 * entry (the unread rest of an entry is discarded, and reading it later throws).
 */
export async function* unzipEntries(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<ZipEntry> {
  const source = chunks[Symbol.asyncIterator]();
  const entries: EntryStream[] = [];
  const unzip = new Unzip((file) => {
    const entry = new EntryStream(file.name);
    entries.push(entry);
    entry.accept(file);
  });
  unzip.register(UnzipInflate);

  let ended = false;
  let pulling: Promise<boolean> | null = null;
  /** Feeds the next input chunk to fflate; false once the input is exhausted. Concurrent callers share one pull. */
  const pump = (): Promise<boolean> => (pulling ??= pull().finally(() => (pulling = null)));
  async function pull(): Promise<boolean> {
    if (ended) return false;
    const next = await source.next();
    if (next.done) {
      ended = true;
      unzip.push(new Uint8Array(0), true);
    } else unzip.push(next.value);
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
