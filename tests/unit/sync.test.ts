import { storedEvents } from './helpers';
import { describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { Backend } from '../../src/lib/db/backend';
import type { InputFile } from '../../src/lib/db/import/service';
import { CSV_HEADER, csvRowLine } from '../../src/lib/formats/crosstalk-csv/write';
import type { CsvRow } from '../../src/lib/formats/crosstalk-csv/columns';
import { fromStrings } from '../../src/lib/util/text-stream';

/** Seeded generator of phone and chat rows over a small cast, so copies overlap and differ. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const cast = [
  ['+8613800138000', 'Xiao Yang'],
  ['+8613900139000', 'Wang Fang'],
  ['+8613700137000', 'Li Lei'],
  ['+8613600136000', 'Han Meimei']
];
function rows(seed: number, n: number): CsvRow[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const [number, name] = cast[Math.floor(r() * cast.length)];
    const channel = r() < 0.5 ? 'phone' : 'whatsapp';
    const call = r() < 0.3;
    const start = new Date(Date.UTC(2026, 0, 1) + Math.floor(r() * 300) * 3_600_000).toISOString();
    return {
      v: '1', channel, kind: call ? 'call' : 'sms', direction: r() < 0.5 ? 'in' : 'out', status: call ? 'answered' : 'sent',
      number, name, start, duration_sec: call ? String(i % 90) : '', video: call ? '0' : '', body: call ? '' : `msg ${seed}-${i} 你好`,
      attachments: '', crosstalk_id: '', source_id: ''
    };
  });
}
const file = (name: string, text: string | Uint8Array): InputFile => ({
  name,
  size: typeof text === 'string' ? text.length : text.length,
  chunks: typeof text === 'string' ? () => fromStrings(text) : async function* () { yield text; }
});
const csvFile = (name: string, r: CsvRow[]) => file(name, CSV_HEADER + r.map(csvRowLine).join(''));

// RxDB's free tier allows 13 open collections in a process, so copies are opened one at a time over a shared
// memory storage (closing keeps the data; reopening reads it back, search index included).
const storage = getRxStorageMemory();
let n = 0;
async function on<T>(name: string, fn: (b: Backend) => Promise<T>): Promise<T> {
  const b = await Backend.open(storage, name);
  try {
    return await fn(b);
  } finally {
    await b.close();
  }
}
async function copy(seed: number | null): Promise<string> {
  const name = `sync${n++}`;
  await on(name, async (b) => {
    await b.updateSettings({ region: 'CN', me: ['Lin'], timeZone: 'Asia/Shanghai' });
    if (seed !== null) {
      const [report] = await b.importFiles([csvFile(`dump-${seed}.csv`, rows(seed, 60))]);
      expect(report.status).toBe('done');
    }
  });
  return name;
}
async function syncBytes(name: string): Promise<Uint8Array> {
  return on(name, async (b) => new Uint8Array(await (await b.exportSync()).blob.arrayBuffer()));
}
async function receive(name: string, bytes: Uint8Array) {
  return on(name, async (b) => {
    const [report] = await b.importFiles([file('x.ctsync.gz', bytes)]);
    expect(report.status, report.error ?? '').toBe('done');
    return report;
  });
}
async function snapshot(name: string) {
  return on(name, async (b) => {
    const events = (await storedEvents(b.db)).map((d) => `${d.id}|${d.onPhone}`).sort();
    const edits = (await b.db.edits.find().exec()).map((d) => `${d.a}|${d.b}|${d.op}|${d.clock}|${d.device}`).sort();
    const people = (await b.people()).map((p) => JSON.stringify([p.name, p.numbers, p.handles, p.counts])).sort();
    const { region, me } = b.settings();
    const timeline = (await b.timeline({}, null, 500)).events.map((e) => e.id);
    const search = (await b.timeline({ text: '你好' }, null, 500)).events.length;
    return { events, edits, people, region, me, timeline, search };
  });
}
const settingsOf = (name: string) => on(name, async (b) => b.settings());

describe('sync files', () => {
  it('merge idempotently: importing the same file twice equals once', async () => {
    const a = await copy(1);
    const b = await copy(2);
    const file = await syncBytes(a);
    await receive(b, file);
    const once = await snapshot(b);
    const again = await receive(b, file);
    expect(again.imported).toBe(0);
    expect(await snapshot(b)).toEqual(once);
  });

  it('merge commutatively, and two copies that exchange files end identical', async () => {
    const a = await copy(3);
    const b = await copy(4);
    const xy = await copy(null);
    const yx = await copy(null);
    const fa = await syncBytes(a);
    const fb = await syncBytes(b);
    await receive(xy, fa);
    await receive(xy, fb);
    await receive(yx, fb);
    await receive(yx, fa);
    expect(await snapshot(xy)).toEqual(await snapshot(yx));
    await receive(a, fb);
    await receive(b, fa);
    const [sa, sb] = [await snapshot(a), await snapshot(b)];
    expect(sa.events).toEqual(sb.events);
    expect(sa.people).toEqual(sb.people);
    expect(sa.timeline).toEqual(sb.timeline);
    expect(sa.events).toHaveLength(120);
  });

  it('keeps a removed binding removed (tombstone) and resolves concurrent edits the same way everywhere', async () => {
    const a = await copy(5);
    const b = await copy(null);
    await receive(b, await syncBytes(a));
    // On b: split Xiao Yang's WhatsApp identity off the number; then a learns of it.
    const [num, wa] = ['num:+8613800138000', 'id:whatsapp:+8613800138000'];
    await on(b, async (copyB) => {
      const person = (await copyB.people()).find((p) => p.name === 'Xiao Yang')!;
      expect(person.handles).toEqual([{ channel: 'whatsapp', handle: '+8613800138000' }]);
      await copyB.detach(person.id, wa);
      expect((await copyB.people()).filter((p) => p.name === 'Xiao Yang')).toHaveLength(2);
    });
    await receive(a, await syncBytes(b));
    expect((await snapshot(a)).people.filter((p) => p.startsWith('["Xiao Yang"'))).toHaveLength(2);
    // Concurrent edits of the same edge: a binds it again once; b binds and unbinds it (a later clock).
    await on(a, (copyA) => copyA.attach(num, wa));
    await on(b, async (copyB) => {
      await copyB.attach(num, wa);
      const joined = (await copyB.people()).find((p) => p.numbers.includes('+8613800138000'))!;
      expect(joined.handles).toHaveLength(1);
      await copyB.detach(joined.id, wa);
    });
    const fa = await syncBytes(a);
    const fb = await syncBytes(b);
    await receive(a, fb);
    await receive(b, fa);
    const [sa, sb] = [await snapshot(a), await snapshot(b)];
    expect(sa.edits).toEqual(sb.edits);
    expect(sa.people).toEqual(sb.people);
    expect(sa.edits.filter((e) => e.startsWith(`${wa}|${num}|`))).toEqual([expect.stringMatching(/\|unbind\|/)]);
    expect(sa.people.filter((p) => p.startsWith('["Xiao Yang"'))).toHaveLength(2);
  });

  it('carries association settings by newest stamp', async () => {
    const a = await copy(6);
    const b = await copy(null);
    await on(b, (copyB) => copyB.updateSettings({ region: 'US' }));
    await receive(a, await syncBytes(b));
    expect([(await settingsOf(a)).region, (await settingsOf(a)).me]).toEqual(['US', ['Lin']]);
    await on(a, (copyA) => copyA.updateSettings({ me: ['Lin', 'Lin Tao'] }));
    await receive(b, await syncBytes(a));
    expect([(await settingsOf(b)).region, (await settingsOf(b)).me]).toEqual(['US', ['Lin', 'Lin Tao']]);
    // An older stamp never wins back.
    await receive(b, await syncBytes(await copy(7)));
    expect((await settingsOf(b)).me).toEqual(['Lin', 'Lin Tao']);
  });
});
