import { afterEach, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { openDatabase, type CrosstalkDatabase } from '../../src/lib/db/store/database';

let db: CrosstalkDatabase | null = null;
afterEach(async () => {
  await db?.remove();
  db = null;
});

const buckets = (version: number) => Array.from({ length: 8 }, (_, i) => ({ id: `ix5-000${i}`, data: `v${version} `.repeat(1000) }));

describe('changes RxDB keeps in memory for large texts', () => {
  it('keeps only the last write of the search buckets and snapshots, and queries still see the newest', async () => {
    db = await openDatabase(getRxStorageMemory(), 'buffer' + Math.random().toString(36).slice(2));
    const stale = await db.searchchunks.findOne('ix5-0003').exec(); // a query RxDB would update from kept changes
    expect(stale).toBe(null);
    for (let v = 1; v <= 5; v++) await db.searchchunks.bulkUpsert(buckets(v));
    for (let v = 1; v <= 3; v++) await db.snapshots.upsert({ id: 'import-journal', data: `journal ${v}` });
    // Before: 40 changes of buckets (each with the version before it) and 3 of the journal were kept.
    // After: at most the last bulk (how RxDB splits an upsert into writes is its own).
    const kept = db.searchchunks._changeEventBuffer.getBuffer();
    expect(kept.length).toBeLessThanOrEqual(8);
    expect([...new Set(kept.map((e) => e.documentData.data.slice(0, 3)))]).toEqual(['v5 ']);
    expect(db.snapshots._changeEventBuffer.getBuffer().map((e) => e.documentData.data)).toEqual(['journal 3']);
    expect((await db.searchchunks.findOne('ix5-0003').exec())?.data.slice(0, 3)).toBe('v5 ');
    expect((await db.snapshots.findOne('import-journal').exec())?.data).toBe('journal 3');
  });
});
