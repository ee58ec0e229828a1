/**
 * What storing events in packs would write (a design diagnostic for issue 15, not part of the table):
 *   npx tsx bench/node/pack-sim.ts <path> <importName> [packSize] [buffer]
 * Replays a file's import batches (as importFile yields them) into an in-memory model of packs: sorted,
 * non-overlapping ranges of an event order, each holding at most `packSize` events and cut into full packs
 * when it overflows. For each order it reports the records written per event and the bytes written (and
 * read back to merge) per byte of events: the write amplification each layout would have on this file.
 * Orders: by time alone (one timeline), by party then time (a chat's events together), by party and day.
 * Unlike the built layout (src/lib/db/store/event-packs.ts on branch `packs`), ranges of the party orders may
 * span two parties (no family tails), so a party's first events can share its neighbour's pack: the counts
 * are the order's, not exactly the layout's (the probe in bench/browser measures the layout itself).
 */
import { readFileSync } from 'node:fs';
import { importFile, type KeyedEvent } from '../../src/lib/import/pipeline';
import { IMPORT_OPTIONS } from '../generate/corpus';

const [path, name, packArg, bufferArg] = process.argv.slice(2);
const PACK = Number(packArg ?? 64);
/** Events gathered (in import batches) before they are sorted and stored together. */
const BUFFER = Number(bufferArg ?? 0);
const DAY = 86_400_000;

const pad = (n: number) => String(n).padStart(15, '0');
const orders: Record<string, (e: KeyedEvent) => string> = {
  'time': (e) => pad(1e14 - e.start) + e.id,
  'party, time': (e) => e.party + '\u0000' + pad(1e14 - e.start) + e.id,
  'party, day': (e) => e.party + '\u0000' + pad(Math.floor(e.start / DAY)) + '\u0000' + pad(1e14 - e.start) + e.id
};
/** Packs of the party-and-day order never span two days of one party: a day is its own range. */
const rangeOf: Record<string, ((key: string) => string) | null> = {
  'time': null,
  'party, time': null,
  'party, day': (key) => key.slice(0, key.lastIndexOf('\u0000'))
};

interface Pack {
  /** Upper bound of the pack's range (inclusive); the last pack's is '\uffff'. */
  bound: string;
  /** Its events' keys in order (each counted at the pack's mean size when the pack is read back). */
  keys: string[];
  bytes: number;
}

type Sized = { key: string; bytes: number };
const byKey = (a: Sized, b: Sized) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

class Model {
  packs: Pack[] = [];
  written = { records: 0, bytes: 0, readBytes: 0 };

  constructor(private readonly range: ((key: string) => string) | null) {}

  private ceiling(key: string): number {
    let lo = 0;
    let hi = this.packs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.packs[mid].bound < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  add(batch: Sized[]): void {
    batch.sort(byKey);
    const touched = new Map<number, Sized[]>();
    const fresh = new Map<string, Sized[]>();
    for (const e of batch) {
      const at = this.ceiling(e.key);
      const pack = this.packs[at];
      const range = this.range?.(e.key);
      if (pack && (!range || pack.bound.startsWith(range + '\u0000'))) {
        if (!touched.has(at)) touched.set(at, []);
        touched.get(at)!.push(e);
      } else {
        const group = range ?? '\uffff';
        if (!fresh.has(group)) fresh.set(group, []);
        fresh.get(group)!.push(e);
      }
    }
    const added: Pack[] = [];
    const removed = new Set<number>();
    for (const [at, events] of touched) {
      const pack = this.packs[at];
      this.written.readBytes += pack.bytes;
      removed.add(at);
      const merged = [...pack.keys.map((key) => ({ key, bytes: pack.bytes / pack.keys.length })), ...events].sort(byKey);
      added.push(...this.cut(pack.bound, merged));
    }
    for (const [group, events] of fresh) added.push(...this.cut(group === '\uffff' ? group : events[events.length - 1].key, events));
    const kept = this.packs.filter((_, i) => !removed.has(i));
    this.packs = [...kept, ...added].sort((a, b) => (a.bound < b.bound ? -1 : a.bound > b.bound ? 1 : 0));
  }

  /** A range's events written as full packs: each inner pack is bounded by its last key, the last keeps the range's bound. */
  private cut(bound: string, events: Sized[]): Pack[] {
    const out: Pack[] = [];
    for (let i = 0; i < events.length; i += PACK) {
      const part = events.slice(i, i + PACK);
      const last = i + PACK >= events.length;
      out.push({ bound: last ? bound : part[part.length - 1].key, keys: part.map((e) => e.key), bytes: part.reduce((s, e) => s + e.bytes, 0) });
    }
    for (const p of out) {
      this.written.records++;
      this.written.bytes += p.bytes;
    }
    return out;
  }
}

const buf = readFileSync(path);
async function* chunks() {
  for (let i = 0; i < buf.length; i += 1 << 20) yield buf.subarray(i, i + (1 << 20));
}
const models = Object.fromEntries(Object.keys(orders).map((o) => [o, new Model(rangeOf[o])]));
let events = 0;
let eventBytes = 0;
let batches = 0;
let pending: { e: KeyedEvent; bytes: number }[] = [];
function store() {
  batches++;
  for (const [order, model] of Object.entries(models)) model.add(pending.map(({ e, bytes }) => ({ key: orders[order](e), bytes })));
  pending = [];
}
for await (const b of importFile(name, chunks(), IMPORT_OPTIONS)) {
  for (const e of b.events) {
    const bytes = JSON.stringify(e).length + 40;
    eventBytes += bytes;
    pending.push({ e, bytes });
  }
  events += b.events.length;
  if (pending.length && pending.length >= BUFFER) store();
}
if (pending.length) store();
console.log(`${name}: ${events} events stored in ${batches} batches, ${(eventBytes / 1e6).toFixed(1)} MB; packs of up to ${PACK}`);
for (const [order, m] of Object.entries(models)) {
  const { records, bytes, readBytes } = m.written;
  console.log(
    `  ${order.padEnd(12)} ${String(m.packs.length).padStart(8)} packs (${(events / m.packs.length).toFixed(1)} ev/pack)  ` +
      `${records} records written (${(records / events).toFixed(3)}/event)  bytes written ${(bytes / eventBytes).toFixed(2)}×, read back ${(readBytes / eventBytes).toFixed(2)}×`
  );
}
