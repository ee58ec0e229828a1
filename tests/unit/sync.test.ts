import { describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { Backend } from '../../src/lib/db/backend';
import type { InputFile } from '../../src/lib/db/import-service';
import { CSV_HEADER, csvRowLine } from '../../src/lib/export/crosstalk-csv';
import type { CsvRow } from '../../src/lib/model/crosstalk-csv';
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

let n = 0;
async function copy(seed: number | null): Promise<Backend> {
  const b = await Backend.open(getRxStorageMemory(), `sync${n++}x${Math.random().toString(36).slice(2)}`);
  await b.updateSettings({ region: 'CN', me: ['Lin'], timeZone: 'Asia/Shanghai' });
  if (seed !== null) {
    const [report] = await b.importFiles([csvFile(`dump-${seed}.csv`, rows(seed, 60))]);
    expect(report.status).toBe('done');
  }
  return b;
}
async function syncBytes(b: Backend): Promise<Uint8Array> {
  return new Uint8Array(await (await b.exportSync()).blob.arrayBuffer());
}
async function receive(b: Backend, bytes: Uint8Array) {
  const [report] = await b.importFiles([file('x.ctsync.gz', bytes)]);
  expect(report.status, report.error ?? '').toBe('done');
  return report;
}
async function snapshot(b: Backend) {
  const events = (await b.db.events.find().exec()).map((d) => `${d.id}|${d.onPhone}`).sort();
  const edits = (await b.db.edits.find().exec()).map((d) => `${d.a}|${d.b}|${d.op}|${d.clock}|${d.device}`).sort();
  const people = (await b.people()).map((p) => JSON.stringify([p.name, p.numbers, p.handles, p.counts])).sort();
  const { region, me } = b.settings();
  const timeline = (await b.timeline({}, null, 500)).events.map((e) => e.id);
  return { events, edits, people, region, me, timeline };
}

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
    const person = (await b.people()).find((p) => p.name === 'Xiao Yang')!;
    expect(person.handles).toEqual([{ channel: 'whatsapp', handle: '+8613800138000' }]);
    await b.detach(person.id, 'id:whatsapp:+8613800138000');
    expect((await b.people()).filter((p) => p.name === 'Xiao Yang')).toHaveLength(2);
    await receive(a, await syncBytes(b));
    expect((await a.people()).filter((p) => p.name === 'Xiao Yang')).toHaveLength(2);
    // Concurrent: a re-binds, b binds the same edge differently ('auto'); after exchange both agree.
    const [num, wa] = ['num:+8613800138000', 'id:whatsapp:+8613800138000'];
    await a.attach(num, wa);
    await b.undo();
    const fa = await syncBytes(a);
    const fb = await syncBytes(b);
    await receive(a, fb);
    await receive(b, fa);
    const [sa, sb] = [await snapshot(a), await snapshot(b)];
    expect(sa.edits).toEqual(sb.edits);
    expect(sa.people).toEqual(sb.people);
  });

  it('carries association settings by newest stamp', async () => {
    const a = await copy(6);
    const b = await copy(null);
    await b.updateSettings({ region: 'US' });
    await receive(a, await syncBytes(b));
    expect([a.settings().region, a.settings().me]).toEqual(['US', ['Lin']]);
    await a.updateSettings({ me: ['Lin', 'Lin Tao'] });
    await receive(b, await syncBytes(a));
    expect([b.settings().region, b.settings().me]).toEqual(['US', ['Lin', 'Lin Tao']]);
    // An older stamp never wins back.
    await receive(b, await syncBytes(await copy(7)));
    expect(b.settings().me).toEqual(['Lin', 'Lin Tao']);
  });
});
