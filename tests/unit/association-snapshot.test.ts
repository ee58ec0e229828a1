import { describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { Backend } from '../../src/lib/db/backend';
import { fromStrings } from '../../src/lib/util/text-stream';

const HEADER = 'v,channel,kind,direction,status,number,name,start,duration_sec,video,body,attachments,crosstalk_id,source_id';
const csv = (name: string, rows: string[]) => {
  const text = [HEADER, ...rows].join('\n');
  return { name, size: text.length, chunks: () => fromStrings(text) };
};
const wang = csv('wang.csv', ['1,phone,sms,in,,+8613800000001,Wang,2026-01-02T03:04:05Z,,,hi,,,']);
const li = csv('li.csv', ['1,phone,call,out,answered,+8613900000002,Li,2026-01-03T03:04:05Z,30,0,,,,']);
const zhao = csv('zhao.csv', ['1,phone,sms,out,,+8613700000003,Zhao,2026-01-04T03:04:05Z,,,yo,,,']);

const names = async (b: Backend) => (await b.people()).map((p) => p.name).sort();

describe('association snapshot', () => {
  it('is read back on open, and never outlives a change to what it was computed from', async () => {
    const storage = getRxStorageMemory();
    const name = 'snap' + Math.random().toString(36).slice(2);
    let b = await Backend.open(storage, name);
    await b.importFiles([wang, li]);
    expect(await names(b)).toEqual(['Li', 'Wang']);
    expect(await b.db.snapshots.count().exec()).toBe(1);
    const [w, l] = (await b.people()).sort((x, y) => x.name.localeCompare(y.name)).reverse();
    await b.merge(w.id, l.id);
    expect((await b.people()).length).toBe(1);
    await b.close();

    b = await Backend.open(storage, name);
    const snapshot = await b.db.snapshots.findOne('association').exec();
    expect(JSON.parse(snapshot!.data).people.length).toBe(1);
    expect((await b.people()).length).toBe(1);
    const page = await b.timeline({});
    expect(page.events.map((e) => e.person?.name)).toEqual([(await b.people())[0].name, (await b.people())[0].name]);
    expect((await b.person((await b.people())[0].id))!.activity.map((a) => [a.month, a.calls, a.messages])).toEqual([['2026-01', 1, 1]]);

    await b.undo();
    await b.importFiles([zhao]);
    await b.close();
    b = await Backend.open(storage, name);
    expect(await names(b)).toEqual(['Li', 'Wang', 'Zhao']);
    await b.updateSettings({ me: ['+8613700000003'] });
    expect(await names(b)).toEqual(['Li', 'Wang']);
    await b.close();
    b = await Backend.open(storage, name);
    expect(await names(b)).toEqual(['Li', 'Wang']);
    await b.close();
  });
});
