import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventToJson } from '../lib/formats/event-json';
import type { KeyedEvent } from '../lib/import/pipeline';

/**
 * What `parse` prints, deduplicated and in time order, with memory bounded by the number of events rather
 * than their size: each new event's output line goes to a scratch file as it is read; only its id, instant
 * and place in that file stay in memory (holding whole events took ~1.4 KB each, their lines ~1.2 KB).
 */
export class PrintedEvents {
  private readonly dir = mkdtempSync(join(tmpdir(), 'crosstalk-parse-'));
  private readonly fd = openSync(join(this.dir, 'lines'), 'w+');
  private readonly seen = new Set<string>();
  private readonly ids: string[] = [];
  private readonly starts: number[] = [];
  private readonly offsets: number[] = [0];
  private size = 0;

  constructor(private readonly region: string) {}

  /** False when an event with this id was added before. */
  add(e: KeyedEvent): boolean {
    if (this.seen.has(e.id)) return false;
    this.seen.add(e.id);
    this.ids.push(e.id);
    this.starts.push(e.start);
    this.size += writeSync(this.fd, JSON.stringify(eventToJson(e, this.region)) + '\n', this.size);
    this.offsets.push(this.size);
    return true;
  }

  /** Writes every line in time order (ties by id), then removes the scratch file. */
  print(write: (bytes: Uint8Array) => void): void {
    const { ids, starts, offsets } = this;
    const order = Array.from(ids, (_, i) => i).sort((a, b) => starts[a] - starts[b] || (ids[a] < ids[b] ? -1 : 1));
    for (const i of order) {
      // A buffer per line: stdout may still hold the previous one (pipes are asynchronous on some systems).
      const line = Buffer.allocUnsafe(offsets[i + 1] - offsets[i]);
      readSync(this.fd, line, 0, line.length, offsets[i]);
      write(line);
    }
  }

  dispose(): void {
    closeSync(this.fd);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
