import { describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { Backend } from '../../src/lib/db/backend';
import { csvInput as csv } from './helpers';

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
    expect((await b.db.snapshots.find().exec()).map((d) => d.id)).toEqual(['association', 'front-page']);
    const byName = new Map((await b.people()).map((p) => [p.name, p.id]));
    await b.merge(byName.get('Wang')!, byName.get('Li')!);
    expect((await b.people()).length).toBe(1);
    await b.close();

    b = await Backend.open(storage, name);
    const snapshot = await b.db.snapshots.findOne('association').exec();
    expect(JSON.parse(snapshot!.data).people.length).toBe(1);
    const [merged, ...others] = await b.people();
    expect(others).toEqual([]);
    expect(merged.numbers.sort()).toEqual(['+8613800000001', '+8613900000002']);
    const page = await b.timeline({});
    expect(page.events.map((e) => [e.kind, e.person?.id])).toEqual([['call', merged.id], ['message', merged.id]]);
    expect((await b.person(merged.id))!.activity.map((a) => [a.month, a.calls, a.messages])).toEqual([['2026-01', 1, 1]]);

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
