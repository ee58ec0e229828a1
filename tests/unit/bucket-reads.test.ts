import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { normalizeMangoQuery, prepareQuery } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { Backend } from '../../src/lib/db/backend';
import type { InputFile } from '../../src/lib/db/import/service';
import { INDEX_MARKER } from '../../src/lib/db/timeline/index-event';
import { BUCKET_PREFIX } from '../../src/lib/search/search-index';
import { TextStore } from '../../src/lib/db/store/text-store';
import type { AnyStorage } from './faulty-storage';

const fx = (name: string): InputFile => {
  const bytes = new Uint8Array(readFileSync(resolve(__dirname, '../fixtures/e2e', name)));
  return { name, size: bytes.length, async *chunks() { yield bytes; } };
};

/** The memory storage, counting the search buckets read (by id or by a query). */
function counting(reads: string[]): AnyStorage {
  const inner = getRxStorageMemory() as AnyStorage;
  return {
    name: inner.name,
    rxdbVersion: inner.rxdbVersion,
    async createStorageInstance(params) {
      const instance = await inner.createStorageInstance(params);
      if (params.collectionName !== 'searchchunks') return instance;
      const find = instance.findDocumentsById.bind(instance);
      instance.findDocumentsById = (ids, deleted) => {
        reads.push(...ids.filter((id) => id !== INDEX_MARKER));
        return find(ids, deleted);
      };
      const query = instance.query.bind(instance);
      instance.query = async (prepared) => {
        const result = await query(prepared);
        reads.push(...result.documents.map((d) => (d as unknown as { id: string }).id).filter((id) => id !== INDEX_MARKER));
        return result;
      };
      return instance;
    }
  };
}

describe('search buckets an import rewrites', () => {
  it('are read once each: the journal sets aside the version the save read', async () => {
    const reads: string[] = [];
    const b = await Backend.open(counting(reads), 'reads-' + Math.random().toString(36).slice(2));
    await b.importFiles([fx('sms-20261101.xml')]);
    // From the storage, not the collection: RxDB's document cache would then answer reads made through it.
    const schema = b.db.searchchunks.storageInstance.schema;
    const all = await b.db.searchchunks.storageInstance.query(prepareQuery(schema, normalizeMangoQuery(schema, {})));
    // The collection also holds the event packs and their directories; this test is about the buckets.
    const stored = new Set(all.documents.map((d) => d.id).filter((id) => id.startsWith(BUCKET_PREFIX) && id !== INDEX_MARKER));
    reads.length = 0;
    const [report] = await b.importFiles([fx('WhatsApp Chat with Xiao Yang.txt')]);
    expect(report).toMatchObject({ status: 'done', error: null });
    const rewritten = reads.filter((id) => stored.has(id));
    expect(rewritten.length).toBeGreaterThan(4);
    expect(rewritten.length).toBe(new Set(rewritten).size);
    expect((await b.timeline({ text: 'photos from the hike' }, null, 200)).events.map((e) => (e.kind === 'message' ? e.body : e.kind))).toEqual(['Morning! Did you get the photos from the hike?']);
    await b.close();
  });
});

describe('event packs and directories an import writes over', () => {
  it('are not read again for the journal: it copies the version the merge read', async () => {
    const b = await Backend.open(getRxStorageMemory(), 'pack-reads-' + Math.random().toString(36).slice(2));
    await b.importFiles([fx('sms-20261101.xml')]);
    const before = await storedTexts(b);
    // Read by id (the journal's copies; the merges read ranges): which stored packs and directory documents come back.
    const readById: string[] = [];
    const original = TextStore.prototype.read;
    TextStore.prototype.read = async function (ids) {
      const found = await original.call(this, ids);
      readById.push(...[...found.keys()].filter((id) => /^[pdh]:/.test(id)));
      return found;
    };
    try {
      // Calls with the same numbers: they go into the packs the messages are in.
      const [report] = await b.importFiles([fx('calls-20261101.xml')]);
      expect(report).toMatchObject({ status: 'done', error: null });
    } finally {
      TextStore.prototype.read = original;
    }
    const after = await storedTexts(b);
    expect([...before.keys()].filter((id) => id.startsWith('p:') && after.get(id) !== before.get(id)).length).toBeGreaterThan(0);
    expect(readById).toEqual([]);
    await b.close();
  });
});

async function storedTexts(b: Backend): Promise<Map<string, string>> {
  const schema = b.db.searchchunks.storageInstance.schema;
  const all = await b.db.searchchunks.storageInstance.query(prepareQuery(schema, normalizeMangoQuery(schema, {})));
  return new Map(all.documents.filter((d) => /^[pdh]:/.test(d.id)).map((d) => [d.id, d.data]));
}
