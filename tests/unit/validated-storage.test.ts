import { afterEach, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { openDatabase, type CrosstalkDatabase } from '../../src/lib/db/store/database';
import { START_INV_BASE, type EditDoc, type LegacyEventDoc } from '../../src/lib/db/store/schema';

let db: CrosstalkDatabase | null = null;
afterEach(async () => {
  await db?.remove();
  db = null;
});

const open = async () => (db = await openDatabase(getRxStorageMemory(), 'validated' + Math.random().toString(36).slice(2)));

describe('schema validation of the small collections', () => {
  it('refuses an edit that does not fit its schema, and stores one that does', async () => {
    const db = await open();
    const good: EditDoc = { id: 'e1', a: 'phone:3800138000', b: 'person:1', op: 'bind', clock: 1, device: 'd1' };
    const bad = { ...good, id: 'e2', clock: 'one' } as unknown as EditDoc;
    const result = await db.edits.bulkInsert([good, bad]);
    expect(result.success.map((d) => d.id)).toEqual(['e1']);
    expect(result.error.map((e) => [e.documentId, e.status])).toEqual([['e2', 422]]);
    // A later write is checked too.
    const later = await db.edits.bulkInsert([{ ...good, id: 'e3', device: 7 } as unknown as EditDoc, { ...good, id: 'e4' }]);
    expect([later.success.map((d) => d.id), later.error.map((e) => [e.documentId, e.status])]).toEqual([['e4'], [['e3', 422]]]);
  });

  it('leaves the events (bulk writes, checked at the import boundary) to the storage as they are', async () => {
    const db = await open();
    const event = {
      id: 'ct1-0123456789abcdef', channel: 'phone', kind: 'call', direction: 'in', status: 'missed', handle: '+8613800138000', name: null,
      phone: '+8613800138000', conversation: null, thread: null, start: 1761091200000, startInv: START_INV_BASE - 1761091200000,
      durationSec: 0, video: false, source: { format: 'crosstalk-csv', file: 'x.csv', record: 'record 1' }, party: 'phone:3800138000',
      importId: 'i1', seq: -1, onPhone: false
    } as LegacyEventDoc; // seq below the schema's minimum of 0: a validator would refuse it
    const result = await db.events.bulkInsert([event]);
    expect([result.success.length, result.error.length]).toEqual([1, 0]);
  });
});
