import { describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { Backend } from '../../src/lib/db/backend';
import { fromStrings } from '../../src/lib/util/text-stream';

const csv = [
  'v,channel,kind,direction,status,number,name,start,duration_sec,video,body,attachments,crosstalk_id,source_id',
  '1,phone,call,in,answered,+8613800138000,Xiao Yang,2026-10-20T01:00:05.000Z,65,0,,,,call:17',
  '1,phone,sms,out,sent,13800138000,Xiao Yang,2026-10-21T01:00:05.000Z,,,"吃火锅吗, ok?",,,sms:3',
  '1,phone,sms,in,draft,13800138000,Xiao Yang,2026-10-21T01:00:06.000Z,,,draft text,,,sms:4',
  ''
].join('\r\n');

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
});
