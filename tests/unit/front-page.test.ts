import { describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { Backend } from '../../src/lib/db/backend';
import { FRONT_PAGE } from '../../src/lib/db/timeline/front-page';
import { csvInput, iso } from './helpers';

const open = () => Backend.open(getRxStorageMemory(), 'front' + Math.random().toString(36).slice(2));

/** SMS from three numbers, `n` minutes from `from`; every fifth minute all three at the same instant (order by id). */
function rows(n: number, from: number, word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const at = iso(from + i * 60_000);
    const numbers = i % 5 === 0 ? ['10010', '10086', '95555'] : [['10010', '10086', '95555'][i % 3]];
    for (const number of numbers) out.push(`1,phone,sms,in,received,${number},,${at},,,${word} ${i} ${number},,,`);
  }
  return out;
}

const frontDoc = async (b: Backend) => (await b.db.snapshots.findOne(FRONT_PAGE).exec())?.data ?? null;
const ids = (page: { events: { id: string }[] }) => page.events.map((e) => e.id);

describe('the front page (the whole timeline\'s newest events, kept by imports)', () => {
  it('answers first pages of up to 100 events exactly as the store would, and only those', async () => {
    const b = await open();
    await b.importFiles([csvInput('a.csv', rows(90, Date.UTC(2025, 0, 1), 'early'))]);
    expect(JSON.parse((await frontDoc(b))!).events).toHaveLength(100);
    const asks: [number, string][] = [];
    for (const limit of [1, 3, 50, 60, 100]) {
      const page = await b.timeline({}, null, limit);
      asks.push([limit, JSON.stringify(page)]);
    }
    const kept = await b.db.snapshots.findOne(FRONT_PAGE).exec();
    await kept!.remove();
    for (const [limit, fromFront] of asks) expect([limit, fromFront]).toEqual([limit, JSON.stringify(await b.timeline({}, null, limit))]);

    // Read from it: a front page that says otherwise is what the first page shows...
    const first = await b.timeline({}, null, 100);
    const doctored = { format: 1, events: first.events.slice(1, 4).map(({ person: _p, ...e }) => e) };
    await b.db.snapshots.upsert({ id: FRONT_PAGE, data: JSON.stringify(doctored) });
    expect(ids(await b.timeline({}, null, 60))).toEqual(ids(first).slice(1, 4));
    expect(ids(await b.timeline({}, null, 2))).toEqual(ids(first).slice(1, 3));
    // ...but not a larger page, a later one, a filtered one or one person's.
    expect(ids(await b.timeline({}, null, 101)).slice(0, 4)).toEqual(ids(first).slice(0, 4));
    expect(ids(await b.timeline({}, first.next, 2))).toHaveLength(2);
    expect((await b.timeline({ text: 'early' }, null, 60)).events[0].id).toBe(first.events[0].id);
    expect((await b.timeline({ channels: ['phone'] }, null, 60)).events[0].id).toBe(first.events[0].id);
    expect((await b.timeline({ from: Date.UTC(2024, 0, 1) }, null, 60)).events[0].id).toBe(first.events[0].id);
    const person = (await b.people())[0].id;
    expect((await b.timeline({ person }, null, 60)).events.every((e) => e.person?.id === person)).toBe(true);
    // One it cannot read is passed over.
    await b.db.snapshots.upsert({ id: FRONT_PAGE, data: '{"format":1,' });
    expect(ids(await b.timeline({}, null, 60))).toEqual(ids(first).slice(0, 60));
    await b.close();
  });

  it('follows each import that stores events, and a cancelled one leaves it as it was', async () => {
    const b = await open();
    await b.importFiles([csvInput('a.csv', rows(10, Date.UTC(2025, 0, 1), 'early'))]);
    const before = await frontDoc(b);
    await b.importFiles([csvInput('b.csv', rows(10, Date.UTC(2026, 0, 1), 'later'))]);
    const after = await frontDoc(b);
    expect(JSON.parse(after!).events.map((e: { body: string }) => e.body).slice(0, 2)).toEqual(['later 9 10010', 'later 8 95555']);
    expect(after).not.toBe(before);

    // The same file again stores nothing: the front page stays.
    await b.importFiles([csvInput('b.csv', rows(10, Date.UTC(2026, 0, 1), 'later'))]);
    expect(await frontDoc(b)).toBe(after);

    let reads = 0;
    const signal = { get aborted() { return ++reads > 2; } };
    const [cancelled] = await b.importFiles([csvInput('c.csv', rows(3000, Date.UTC(2027, 0, 1), 'newest'))], () => {}, signal);
    expect(cancelled.status).toBe('cancelled');
    expect(await frontDoc(b)).toBe(after);
    expect((await b.timeline({}, null, 1)).events[0]).toMatchObject({ body: 'later 9 10010' });
    await b.close();
  });
});
