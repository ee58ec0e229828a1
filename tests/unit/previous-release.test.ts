import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { Backend } from '../../src/lib/db/backend';
import type { InputFile } from '../../src/lib/db/import/service';
import { writePreviousRelease, type Documents } from '../fixtures/previous-release/generate';

const fx = (name: string): InputFile => {
  const bytes = new Uint8Array(readFileSync(resolve(__dirname, '../fixtures/e2e', name)));
  return { name, size: bytes.length, async *chunks() { yield bytes; } };
};

async function dump(b: Backend): Promise<Documents> {
  const out: Documents = {};
  for (const name of Object.keys(b.db.collections)) {
    const collection = b.db.collections[name as keyof typeof b.db.collections];
    const key = collection.schema.primaryPath as string;
    out[name] = ((await collection.find().exec()) as { toJSON(): unknown }[]).map((d) => d.toJSON() as Record<string, unknown>).sort((x, y) => (String(x[key]) < String(y[key]) ? -1 : 1));
  }
  return out;
}

async function view(b: Backend) {
  return {
    people: (await b.people()).map((p) => [p.name, p.numbers, p.handles, p.counts]),
    search: (await b.timeline({ text: '火锅' })).events.map((e) => e.id),
    stats: await b.stats(),
    writeback: await b.writebackPreview()
  };
}

describe('a database written by the previous release (write-back marks v0) opens with all its data', () => {
  it('Dexie (fake-indexeddb): every document kept, marks migrated as confirmed, no number', { timeout: 120_000 }, async () => {
    // The content: what the previous release stored for the e2e fixtures and a write-back of them.
    const scratch = await Backend.open(getRxStorageMemory(), 'scratch-' + Math.random().toString(36).slice(2));
    await scratch.updateSettings({ region: 'CN', timeZone: 'Asia/Shanghai', me: ['Lin'] });
    await scratch.importFiles(['sms-20261101.xml', 'calls-20261101.xml', 'WhatsApp Chat with Xiao Yang.txt', 'result.json', 'contacts.vcf'].map(fx));
    await scratch.writebackExport([], 'csv');
    await scratch.confirmWriteback();
    const docs = await dump(scratch);
    const seen = await view(scratch);
    await scratch.close();
    expect(docs.writebacks.length).toBe(seen.writeback.alreadyOnPhone);
    expect(docs.writebacks.length).toBeGreaterThan(3);

    const storage = getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange });
    await writePreviousRelease(storage, 'crosstalk', docs);
    const b = await Backend.open(storage, 'crosstalk');
    const after = await dump(b);
    expect(after.writebacks).toEqual(docs.writebacks.map(({ id, phoneId, at }) => ({ id, phoneId, at, batch: '', pending: false, number: '' })));
    expect({ ...after, writebacks: [] }).toEqual({ ...docs, writebacks: [] });
    expect(await view(b)).toEqual(seen);
    expect(b.interruptedImport()).toBe(null);
    await b.close();
  });
});
