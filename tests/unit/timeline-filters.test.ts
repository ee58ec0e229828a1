import { removeBuckets } from '../../src/lib/db/timeline/search-store';
import { describe, expect, it } from 'vitest';
import type { RxStorage } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { Backend } from '../../src/lib/db/backend';
import type { Cursor } from '../../src/lib/db/timeline/page';
import type { EventView, TimelineQuery } from '../../src/lib/db/timeline/view';
import { csvInput } from './helpers';

const WANG = '+8613800000001';
const LI = '+8613800000002';
const at = (minute: number) => `2026-10-01T00:${String(minute).padStart(2, '0')}:00.000Z`;

/** Each event is named by its minute (its place in the timeline) and its kind's initial. */
const ROWS = [
  `1,phone,call,in,missed,${WANG},Wang,${at(1)},0,0,,,,`,
  `1,phone,call,in,answered,${WANG},Wang,${at(2)},30,0,,,,`,
  `1,phone,sms,in,received,${WANG},Wang,${at(3)},,,dinner 火锅,,,`,
  `1,phone,call,in,missed,${LI},Li,${at(4)},0,0,,,,`,
  `1,phone,call,out,answered,${LI},Li,${at(5)},60,0,,,,`,
  `1,whatsapp,sms,in,received,${WANG},Wang,${at(6)},,,dinner again,,,`,
  `1,phone,call,in,rejected,${WANG},Wang,${at(7)},0,0,,,,`,
  `1,phone,sms,out,sent,${LI},Li,${at(8)},,,dinner 火锅 too,,,`,
  `1,phone,call,in,missed,${WANG},Wang,${at(9)},0,0,,,,`,
  // Two events at one moment (ordered by id: the message's is lower): the index holds the moment once, each event is checked on its own.
  `1,phone,call,in,missed,${LI},Li,${at(10)},0,0,,,,`,
  `1,phone,sms,in,received,${LI},Li,${at(10)},,,same moment dinner,,,`
];

const name = (e: EventView) => `${new Date(e.start).getUTCMinutes()}${e.kind[0]}`;

const storages: [string, () => RxStorage<unknown, unknown>][] = [
  ['memory', () => getRxStorageMemory()],
  ['Dexie (fake-indexeddb)', () => getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange })]
];

describe.each(storages)('timeline filters from the search index (%s)', (_, makeStorage) => {
  async function filled() {
    const storage = makeStorage();
    const dbName = 'filters' + Math.random().toString(36).slice(2);
    const b = await Backend.open(storage, dbName);
    await b.updateSettings({ region: 'CN' });
    const [report] = await b.importFiles([csvInput('dump.csv', ROWS)]);
    expect(report).toMatchObject({ status: 'done', imported: 11 });
    const people = await b.people();
    const person = (n: string) => people.find((p) => p.name === n)!.id;
    return { b, storage, dbName, wang: person('Wang'), li: person('Li') };
  }

  /** Every page of a query, `limit` at a time, as names: the pages must join up exactly. */
  async function pages(b: Backend, query: TimelineQuery, limit: number): Promise<string[][]> {
    const out: string[][] = [];
    let cursor: Cursor | null = null;
    do {
      const page = await b.timeline(query, cursor, limit);
      out.push(page.events.map(name));
      cursor = page.next;
    } while (cursor);
    return out;
  }

  it('gives exactly the matching events, newest first, for status, channel, kind and direction filters', async () => {
    const { b } = await filled();
    const names = async (q: TimelineQuery) => (await b.timeline(q, null, 50)).events.map(name);
    expect(await names({ statuses: ['missed'] })).toEqual(['10c', '9c', '4c', '1c']);
    expect(await names({ kinds: ['call'], statuses: ['missed', 'rejected'] })).toEqual(['10c', '9c', '7c', '4c', '1c']);
    expect(await names({ kinds: ['message'] })).toEqual(['10m', '8m', '6m', '3m']);
    expect(await names({ channels: ['whatsapp'] })).toEqual(['6m']);
    expect(await names({ channels: ['whatsapp', 'phone'], directions: ['out'] })).toEqual(['8m', '5c']);
    expect(await names({ directions: ['in'], kinds: ['call'] })).toEqual(['10c', '9c', '7c', '4c', '2c', '1c']);
    expect(await names({ statuses: ['missed'], from: Date.parse(at(2)), to: Date.parse(at(9)) })).toEqual(['9c', '4c']);
    expect(await names({ statuses: ['voicemail'] })).toEqual([]);
    await b.close();
  });

  it('narrows to a person and to a text query, and pages through a filter without gaps or repeats', async () => {
    const { b, wang, li } = await filled();
    const names = async (q: TimelineQuery) => (await b.timeline(q, null, 50)).events.map(name);
    expect(await names({ person: wang, statuses: ['missed'] })).toEqual(['9c', '1c']);
    expect(await names({ person: li, kinds: ['call'] })).toEqual(['10c', '5c', '4c']);
    expect(await names({ person: wang, channels: ['whatsapp'] })).toEqual(['6m']);
    expect(await names({ person: li, channels: ['whatsapp'] })).toEqual([]);
    expect(await names({ text: 'dinner', channels: ['phone'] })).toEqual(['10m', '8m', '3m']);
    expect(await names({ text: '火锅', person: li })).toEqual(['8m']);
    expect(await names({ text: 'dinner', person: wang, directions: ['in'], kinds: ['message'] })).toEqual(['6m', '3m']);
    expect(await names({ text: 'dinner', kinds: ['call'] })).toEqual([]);
    expect(await pages(b, { statuses: ['missed'] }, 2)).toEqual([['10c', '9c'], ['4c', '1c'], []]);
    expect(await pages(b, { kinds: ['message'], person: li }, 1)).toEqual([['10m'], ['8m'], []]);
    expect(await pages(b, { directions: ['in'] }, 4)).toEqual([
      ['10m', '10c', '9c', '7c'],
      ['6m', '4c', '3m', '2c'],
      ['1c']
    ]);
    await b.close();
  });

  it('answers filters after the index is rebuilt for a database without its current format', async () => {
    const { b, storage, dbName, wang } = await filled();
    await removeBuckets(b.db);
    await b.close();
    const reopened = await Backend.open(storage, dbName);
    expect((await reopened.timeline({ statuses: ['missed'] })).events.map(name)).toEqual(['10c', '9c', '4c', '1c']);
    expect((await reopened.timeline({ person: wang, kinds: ['message'], text: 'dinner' })).events.map(name)).toEqual(['6m', '3m']);
    await reopened.close();
  });
});
