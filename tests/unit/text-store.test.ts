import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RxCollection } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { openDatabase, type CrosstalkDatabase } from '../../src/lib/db/store/database';
import type { TextDoc } from '../../src/lib/db/store/schema';
import { TextStore } from '../../src/lib/db/store/text-store';

let db: CrosstalkDatabase | null = null;
afterEach(async () => {
  await db?.remove();
  db = null;
});

const open = async () => (db = await openDatabase(getRxStorageMemory(), 'texts' + Math.random().toString(36).slice(2)));
const stored = async (d: CrosstalkDatabase, id: string) => (await d.searchchunks.findOne(id).exec())?.data ?? null;

describe('large texts written through the storage instance', () => {
  it('inserts, overwrites and reads, and the collection sees each version', async () => {
    const d = await open();
    const store = TextStore.of(d.searchchunks);
    expect(TextStore.of(d.searchchunks)).toBe(store);
    expect(await stored(d, 'a')).toBe(null); // a query RxDB keeps and must update from the change events
    await store.write([{ id: 'a', data: 'one' }, { id: 'b', data: 'bee' }]);
    expect(await stored(d, 'a')).toBe('one');
    await store.write([{ id: 'a', data: 'two' }]);
    await store.write([{ id: 'a', data: 'three' }]);
    expect(await stored(d, 'a')).toBe('three');
    expect(await store.read(['a', 'b', 'c'])).toEqual(new Map([['a', 'three'], ['b', 'bee']]));
  });

  it('writes over versions it did not see: written, or removed, through the collection', async () => {
    const d = await open();
    const store = TextStore.of(d.searchchunks);
    await store.write([{ id: 'a', data: 'one' }, { id: 'b', data: 'bee' }]);
    await d.searchchunks.upsert({ id: 'a', data: 'elsewhere' });
    await d.searchchunks.findOne('b').remove();
    await store.write([{ id: 'a', data: 'two' }, { id: 'b', data: 'back' }]);
    expect(await store.read(['a', 'b'])).toEqual(new Map([['a', 'two'], ['b', 'back']]));
    expect(await stored(d, 'b')).toBe('back');
  });

  it('removes what exists, passes over what does not, and keeps no text in the tombstones', async () => {
    const d = await open();
    await d.searchchunks.upsert({ id: 'unread', data: 'x'.repeat(100) });
    const store = TextStore.of(d.searchchunks);
    await store.write([{ id: 'a', data: 'y'.repeat(100) }]);
    await store.remove(['a', 'unread', 'never']);
    expect(await store.read(['a', 'unread', 'never'])).toEqual(new Map());
    expect(await stored(d, 'a')).toBe(null);
    const tombstones = await d.searchchunks.storageInstance.findDocumentsById(['a', 'unread'], true);
    expect(tombstones.map((t) => [t.id, t._deleted, t.data]).sort()).toEqual([
      ['a', true, ''],
      ['unread', true, '']
    ]);
    // Written over its tombstone (RxDB does that itself, under a revision of its own), then over that version
    // at the first try: the store knows the revision RxDB wrote.
    const writes = vi.spyOn(d.searchchunks.storageInstance, 'bulkWrite');
    await store.write([{ id: 'a', data: 'again' }]);
    await store.write([{ id: 'a', data: 'and again' }]);
    expect(await stored(d, 'a')).toBe('and again');
    expect(writes.mock.results.map((r) => r.type)).toEqual(['return', 'return']);
    expect((await Promise.all(writes.mock.results.map((r) => r.value))).map((res) => res.error)).toEqual([[], []]);
  });

  it('fails with the collection named when a write meets a conflict twice', async () => {
    const stub = { id: 'a', data: 'theirs', _deleted: false, _attachments: {}, _meta: { lwt: 1 }, _rev: '7-x' };
    const writes: number[] = [];
    const collection = {
      name: 'searchchunks',
      database: { token: 'tok' },
      storageInstance: {
        bulkWrite: async (rows: { document: { id: string } }[]) => {
          writes.push(rows.length);
          return { error: rows.map((r) => ({ status: 409, isError: true, documentId: r.document.id, writeRow: r, documentInDb: stub })) };
        },
        findDocumentsById: async () => []
      }
    } as unknown as RxCollection<TextDoc>;
    await expect(TextStore.of(collection).writeNaming([{ id: 'a', data: 'mine' }], 'save failed')).rejects.toThrow('save failed (searchchunks, status 409)');
    expect(writes).toEqual([1, 1]);
  });
});
