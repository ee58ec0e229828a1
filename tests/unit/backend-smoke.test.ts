import { describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { Backend } from '../../src/lib/db/backend';
import { fromStrings } from '../../src/lib/util/text-stream';
import { csvInput, eventCount } from './helpers';

const csv = [
  'v,channel,kind,direction,status,number,name,start,duration_sec,video,body,attachments,crosstalk_id,source_id',
  '1,phone,call,in,answered,+8613800138000,Xiao Yang,2026-10-20T01:00:05.000Z,65,0,,,,call:17',
  '1,phone,sms,out,sent,13800138000,Xiao Yang,2026-10-21T01:00:05.000Z,,,"吃火锅吗, ok?",,,sms:3',
  '1,phone,sms,in,draft,13800138000,Xiao Yang,2026-10-21T01:00:06.000Z,,,draft text,,,sms:4',
  ''
].join('\r\n');

/** An SMS at the instant the cancelled imports below also use: their rollback must keep it searchable. */
const AT = '2026-10-21T01:00:05.000Z';
const FIRST = csvInput('a.csv', [`1,phone,sms,in,received,10086,,${AT},,,first 火锅,,,`]);

describe('backend', () => {
  it('imports, dedupes, searches', async () => {
    const b = await Backend.open(getRxStorageMemory(), 'smoke' + Math.random().toString(36).slice(2));
    await b.updateSettings({ region: 'CN' });
    const file = { name: 'dump.csv', size: csv.length, chunks: () => fromStrings(csv) };
    const [r1] = await b.importFiles([file]);
    expect(r1).toMatchObject({ status: 'done', imported: 2, alreadyPresent: 0, skippedCount: 1 });
    const [r2] = await b.importFiles([file]);
    expect(r2).toMatchObject({ status: 'done', imported: 0, alreadyPresent: 2 });
    const people = await b.people();
    expect(people.map((p) => [p.name, p.numbers])).toEqual([['Xiao Yang', ['+8613800138000']]]);
    const page = await b.timeline({ text: '火锅' });
    expect(page.events.map((e) => e.kind === 'message' && e.body)).toEqual(['吃火锅吗, ok?']);
    const all = await b.timeline({}, null, 1);
    expect(all.events[0].start).toBe(Date.parse('2026-10-21T01:00:05.000Z'));
    const next = await b.timeline({}, all.next, 1);
    expect(next.events[0].start).toBe(Date.parse('2026-10-20T01:00:05.000Z'));
    await b.close();
  });

  it('a cancelled import removes exactly its own events and leaves search as it was', async () => {
    const b = await Backend.open(getRxStorageMemory(), 'cancel' + Math.random().toString(36).slice(2));
    await b.importFiles([FIRST]);
    const c = csvInput('c.csv', [`1,phone,sms,in,received,10010,,${AT},,,second 火锅,,,`, '1,phone,sms,in,received,10010,,2026-10-22T00:00:00.000Z,,,third 火锅,,,']);
    // Cancelled after its first rows are stored (the third check of the signal).
    let reads = 0;
    const signal = { get aborted() { return ++reads > 2; } };
    const [report] = await b.importFiles([c], () => {}, signal);
    expect(report).toMatchObject({ status: 'cancelled', imported: 0 });
    expect((await b.timeline({ text: '火锅' })).events.map((e) => e.kind === 'message' && e.body)).toEqual(['first 火锅']);
    expect(await eventCount(b.db)).toBe(1);
    expect((await b.people()).map((p) => p.name)).toEqual(['10086']);
    expect(await b.stats()).toEqual({ events: 1, people: 1 });
    await b.close();
  });

  it('a cancelled large import leaves the search index as it was and imports again in full', async () => {
    const b = await Backend.open(getRxStorageMemory(), 'cancelbig' + Math.random().toString(36).slice(2));
    const rows = [`1,phone,sms,in,received,10010,,${AT},,,shared 火锅,,,`];
    for (let i = 0; i < 6000; i++) rows.push(`1,phone,sms,in,received,10010,,${new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString()},,,bulk 火锅 ${i},,,`);
    await b.importFiles([FIRST]);
    let read = 0;
    const signal = { get aborted() { return read >= 0.5; } };
    const [report] = await b.importFiles([csvInput('c.csv', rows, 4096)], (p) => (read = p.bytesRead / p.bytesTotal), signal);
    expect(report).toMatchObject({ status: 'cancelled', imported: 0 });
    expect(read).toBeGreaterThanOrEqual(0.5);
    expect((await b.timeline({ text: '火锅' })).events.map((e) => e.kind === 'message' && e.body)).toEqual(['first 火锅']);
    expect((await b.timeline({ text: 'bulk' })).events).toEqual([]);
    expect(await b.stats()).toEqual({ events: 1, people: 1 });
    const [again] = await b.importFiles([csvInput('c.csv', rows)]);
    expect(again).toMatchObject({ status: 'done', imported: 6001 });
    expect(await b.stats()).toEqual({ events: 6002, people: 2 });
    expect(await eventCount(b.db)).toBe(6002);
    // Search pages, newest first, continue exactly where the last one stopped.
    const bodies = (page: Awaited<ReturnType<Backend['timeline']>>) => page.events.map((e) => e.kind === 'message' && e.body);
    const newest = (from: number) => Array.from({ length: 50 }, (_, k) => `bulk 火锅 ${from - k}`);
    const p1 = await b.timeline({ text: 'bulk 火锅' }, null, 50);
    const p2 = await b.timeline({ text: 'bulk 火锅' }, p1.next, 50);
    expect([bodies(p1), bodies(p2)]).toEqual([newest(5999), newest(5949)]);
    await b.close();
  });

  it('finds messages after a reopen: the saved search index is read on the first text query', async () => {
    const storage = getRxStorageMemory();
    const name = 'reopen' + Math.random().toString(36).slice(2);
    const first = await Backend.open(storage, name);
    await first.importFiles([{ name: 'dump.csv', size: csv.length, chunks: () => fromStrings(csv) }]);
    await first.close();
    // An import right after a reopen (no query yet) keeps the earlier entries: the index is loaded before it adds.
    const again = await Backend.open(storage, name);
    const more = csv.replace('吃火锅吗, ok?', '火锅 again').replace('2026-10-21T01:00:05', '2026-10-22T01:00:05');
    await again.importFiles([{ name: 'more.csv', size: more.length, chunks: () => fromStrings(more) }]);
    await again.close();
    const third = await Backend.open(storage, name);
    expect((await third.timeline({ text: '火锅' })).events.map((e) => e.kind === 'message' && e.body)).toEqual(['火锅 again', '吃火锅吗, ok?']);
    await third.close();
  });
});
