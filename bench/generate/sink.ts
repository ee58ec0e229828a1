import { closeSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** A buffered, synchronous file writer: strings are joined and written in ~1 MiB pieces (never the whole file). */
export class Sink {
  private fd: number;
  private parts: string[] = [];
  private length = 0;
  bytes = 0;
  private readonly tmp: string;

  constructor(private readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.tmp = path + '.partial';
    this.fd = openSync(this.tmp, 'w');
  }

  write(s: string): void {
    this.parts.push(s);
    this.length += s.length;
    if (this.length >= 1 << 20) this.flush();
  }

  writeBytes(b: Uint8Array): void {
    this.flush();
    writeSync(this.fd, b);
    this.bytes += b.length;
  }

  private flush(): void {
    if (!this.parts.length) return;
    const buf = Buffer.from(this.parts.join(''), 'utf8');
    writeSync(this.fd, buf);
    this.bytes += buf.length;
    this.parts = [];
    this.length = 0;
  }

  /** Finishes the file; it appears under its name only when complete. */
  close(): number {
    this.flush();
    closeSync(this.fd);
    renameSync(this.tmp, this.path);
    return this.bytes;
  }
}
