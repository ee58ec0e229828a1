import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { Backend } from '../../src/lib/db/backend';
import { SEARCH_MEMORY } from '../../src/lib/search/search-index';
import { PACK_BATCHES } from '../../src/lib/db/store/event-packs';
import type { InputFile } from '../../src/lib/db/import/service';
import { faulty, type AnyStorage, type Faults } from './faulty-storage';

/**
 * A failure at every write of an import: the storage under test is wrapped so that its n-th write fails
 * (once, or — a closed tab — from then on), for n = 1, 2, … until the import gets through. The database
 * must be exactly as before after each failure, and a closed tab must be rolled back on the next open.
 */

/** The collections an import writes (its events go into packs in searchchunks). */
const COLLECTIONS = ['contacts', 'device', 'edits', 'imports', 'owners', 'parties', 'searchchunks', 'settings', 'snapshots', 'writebacks'];

const fx = (name: string): InputFile => {
  const bytes = new Uint8Array(readFileSync(resolve(__dirname, '../fixtures/e2e', name)));
  return { name, size: bytes.length, async *chunks() { yield bytes; } };
};
const bytesFile = (name: string, bytes: Uint8Array): InputFile => ({ name, size: bytes.length, async *chunks() { yield bytes; } });

/** Every collection, every document (without RxDB's revision bookkeeping), sorted. */
async function dump(b: Backend, leaveOut: string[] = []): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const name of COLLECTIONS.filter((c) => !leaveOut.includes(c))) {
    const collection = b.db.collections[name as keyof typeof b.db.collections];
    const docs = (await collection.find().exec()).map((d) => d.toJSON() as Record<string, unknown>);
    const key = collection.schema.primaryPath as string;
    out[name] = docs.sort((x, y) => (String(x[key]) < String(y[key]) ? -1 : 1));
  }
  return out;
}

/** What the user sees: people, the first page of the timeline, a search, missed calls, the settings. */
async function view(b: Backend) {
  const people = (await b.people()).map((p) => [p.name, p.numbers, p.handles, p.counts]);
  const timeline = (await b.timeline({}, null, 200)).events.map((e) => e.id);
  const search = (await b.timeline({ text: 'Xiao' }, null, 200)).events.map((e) => e.id);
  // Answered from the search index's facets, which an import extends and a rollback restores.
  const missed = (await b.timeline({ statuses: ['missed'] }, null, 200)).events.map((e) => e.id);
  const { region, me } = b.settings();
  return { people, timeline, search, missed, region, me, stats: await b.stats(), writeback: await b.writebackPreview() };
}

/**
 * The other copy's sync file: every fixture, a write-back (marks), a split (binding edits) and newer
 * association settings, so importing it writes every collection.
 */
async function otherCopysSyncFile(storage: AnyStorage): Promise<InputFile> {
  const b = await Backend.open(storage, 'other-' + Math.random().toString(36).slice(2));
  await b.updateSettings({ region: 'CN', timeZone: 'Asia/Shanghai', me: ['Lin'] });
  await b.updateSettings({ me: ['Lin', '林'] });
  await b.importFiles(['sms-20261101.xml', 'calls-20261101.xml', 'WhatsApp Chat with Xiao Yang.txt', 'result.json', 'contacts.vcf'].map(fx));
  await b.writebackExport([], 'csv');
  const person = (await b.people()).find((p) => p.handles.length > 0)!;
  await b.detach(person.id, `id:${person.handles[0].channel}:${person.handles[0].handle}`);
  const bytes = new Uint8Array(await (await b.exportSync()).blob.arrayBuffer());
  await b.close();
  return bytesFile('other.ctsync.gz', bytes);
}

/** This copy before the import: some of the same data (parties to merge), its own settings, a snapshot. */
async function thisCopy(storage: AnyStorage, name: string): Promise<Backend> {
  const b = await Backend.open(storage, name);
  await b.updateSettings({ region: 'CN', timeZone: 'Asia/Shanghai', me: ['Lin'] });
  await b.importFiles(['sms-20261101.xml', 'contacts.vcf'].map(fx));
  await b.people();
  return b;
}

const storages: [string, () => AnyStorage][] = [
  ['memory', () => getRxStorageMemory()],
  ['Dexie (fake-indexeddb)', () => getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange })]
];

/** The import journal and its search buckets' copies set aside, as left in the database. */
async function journalLeftovers(b: Backend): Promise<string[]> {
  return (await b.db.snapshots.find().exec()).map((d) => d.id).filter((id) => id.startsWith('import-journal'));
}

/** A failure injected at the first write of an import, then the second, … until the import gets through. */
async function failAtEachWrite(makeStorage: () => AnyStorage) {
  const inner = makeStorage();
  const sync = await otherCopysSyncFile(inner);
  const faults: Faults = { countdown: 0, dead: false, failedIn: new Set() };
  const b = await thisCopy(faulty(inner, faults), 'this-' + Math.random().toString(36).slice(2));
  const before = await dump(b);
  const seen = await view(b);
  let n = 0;
  for (;;) {
    faults.countdown = ++n;
    const [report] = await b.importFiles([sync]);
    if (faults.countdown > 0 || report.status === 'done') {
      // Fewer writes than n: the import went through. Or the fault hit the removal of the search buckets'
      // copies, after the commit point: the import stands, and the next one removes what was left.
      expect(report).toMatchObject({ status: 'done', error: null });
      // A fault that fired did so where nothing is undone any more: the copies' removal, so some are left.
      if (faults.countdown <= 0) expect((await journalLeftovers(b)).length).toBeGreaterThan(0);
      faults.countdown = 0;
      break;
    }
    expect(report).toMatchObject({ status: 'failed', imported: 0, error: 'other.ctsync.gz: injected fault' });
    expect(await dump(b)).toEqual(before);
    expect(await view(b)).toEqual(seen);
  }
  // A failure was injected in a write to every collection the import writes.
  expect([...faults.failedIn].sort()).toEqual(COLLECTIONS);
  await b.importFiles([fx('contacts.vcf')]);
  expect(await journalLeftovers(b)).toEqual([]);
  const after = await view(b);
  expect(after.region).toBe('CN');
  expect(after.me).toEqual(['Lin', '林']);
  expect(after.stats.events).toBeGreaterThan(seen.stats.events);
  await b.close();
}

/** The tab closed at the first write of an import, then the second, …: the next open rolls it back. */
async function closeAtEachWrite(makeStorage: () => AnyStorage) {
  const inner = makeStorage();
  const sync = await otherCopysSyncFile(inner);
  const name = 'closed-' + Math.random().toString(36).slice(2);
  // The reference: what one clean import gives.
  const clean = await thisCopy(inner, name + '-clean');
  await clean.importFiles([sync]);
  const expected = await view(clean);
  await clean.close();

  let b = await thisCopy(inner, name);
  // The search buckets too: those an import rewrote are put back from their copies set aside.
  const before = await dump(b);
  const seen = await view(b);
  await b.close();
  for (let n = 1; ; n++) {
    const faults: Faults = { countdown: 0, dead: true, failedIn: new Set() };
    const crashing = await Backend.open(faulty(inner, faults), name);
    faults.countdown = n;
    const outcome = await crashing.importFiles([sync]).then(
      ([report]) => report.status,
      () => 'crashed'
    );
    const through = faults.failedIn.size === 0;
    // The tab is gone: its database is closed without another write.
    faults.countdown = 0;
    await crashing.close().catch(() => {});
    if (through) {
      expect(outcome).toBe('done');
      break;
    }
    b = await Backend.open(inner, name);
    if (n > 2 && b.interruptedImport() === null) {
      // Closed while the search buckets' copies were removed, after the commit point: the import stands,
      // and opening removed what was left of them.
      expect(await view(b)).toEqual(expected);
      expect(await journalLeftovers(b)).toEqual([]);
      await b.close();
      break;
    }
    // The first two writes start the journal (an insert meets the last import's tombstone, then an update):
    // a tab closed there had written nothing.
    expect([n, b.interruptedImport()]).toEqual([n, n <= 2 ? null : 'other.ctsync.gz']);
    expect(await dump(b)).toEqual(before);
    expect(await view(b)).toEqual(seen);
    await b.close();
  }
  b = await Backend.open(inner, name);
  expect(b.interruptedImport()).toBe(null);
  expect(await view(b)).toEqual(expected);
  await b.close();
}

describe.each(storages)('an import that fails at any write leaves the database as it was (%s)', (_, makeStorage) => {
  it('a sync file: a failure at each write, then the import through', { timeout: 300_000 }, () => failAtEachWrite(makeStorage));

  it('a tab closed at any write: the next open rolls the import back, and it can be imported again', { timeout: 300_000 }, () => closeAtEachWrite(makeStorage));
});

describe('an import that sets its search index\'s additions aside on the way (past its memory budget)', () => {
  /** A budget of one moment: the index sets a run aside after every stored batch, merged by the last save. */
  const savingAlways = async (run: (makeStorage: () => AnyStorage) => Promise<void>) => {
    const budget = { ...SEARCH_MEMORY };
    Object.assign(SEARCH_MEMORY, { firstRun: 1, unsavedMoments: 1 });
    try {
      await run(() => getRxStorageMemory());
    } finally {
      Object.assign(SEARCH_MEMORY, budget);
    }
  };

  it('a sync file: a failure at each write, then the import through', { timeout: 300_000 }, () => savingAlways(failAtEachWrite));

  it('a tab closed at any write: its search buckets are put back from their copies', { timeout: 300_000 }, () => savingAlways(closeAtEachWrite));
});

describe('an import stored in many small batches, each while the next is gathered', () => {
  /** Batches of 3 to 6 events, directories written every 5 and (`saving`) the index's additions set aside after every batch. */
  const smallBatches = async (run: (makeStorage: () => AnyStorage) => Promise<void>, saving = true) => {
    const batches = { ...PACK_BATCHES };
    const budget = { ...SEARCH_MEMORY };
    Object.assign(PACK_BATCHES, { first: 3, most: 6, directory: 5 });
    if (saving) Object.assign(SEARCH_MEMORY, { firstRun: 1, unsavedMoments: 1 });
    try {
      await run(() => getRxStorageMemory());
    } finally {
      Object.assign(PACK_BATCHES, batches);
      Object.assign(SEARCH_MEMORY, budget);
    }
  };

  it('a sync file: a failure at each write, then the import through', { timeout: 600_000 }, () => smallBatches(failAtEachWrite));

  it('a tab closed at any write: the next open rolls it back', { timeout: 600_000 }, () => smallBatches(closeAtEachWrite));

  it('cancelled while a batch is being stored on a slow disk: the rollback waits for it, and undoes it', async () => {
    await smallBatches(async (makeStorage) => {
      const faults: Faults = { countdown: 0, dead: false, failedIn: new Set(), delay: 0 };
      const b = await thisCopy(faulty(makeStorage(), faults), 'slow-' + Math.random().toString(36).slice(2));
      const before = await dump(b);
      const sms = (n: number) => `<sms address="+86138001380${String(n % 50).padStart(2, '0')}" date="${1767225600000 + n * 60_000}" type="1" body="slow ${n}" />`;
      const xml = new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?>\n<smses count="300">\n${Array.from({ length: 300 }, (_, n) => sms(n)).join('\n')}\n</smses>\n`);
      // Fed 2 KB at a time, so the importer hands over events in several batches.
      const file: InputFile = {
        name: 'slow.xml',
        size: xml.length,
        async *chunks() {
          for (let at = 0; at < xml.length; at += 2048) yield xml.subarray(at, at + 2048);
        }
      };
      faults.delay = 20;
      const signal = { aborted: false };
      const [report] = await b.importFiles([file], (p) => (signal.aborted ||= p.bytesRead > 4096), signal);
      faults.delay = 0;
      expect(report).toMatchObject({ status: 'cancelled', imported: 0 });
      expect(await dump(b)).toEqual(before);
      await b.close();
    }, false);
  });
});

describe('a full disk', () => {
  it('a quota error fails the file with what to do about it, and the database is as before', { timeout: 120_000 }, async () => {
    const inner = getRxStorageMemory();
    const sync = await otherCopysSyncFile(inner);
    const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const faults: Faults = { countdown: 0, dead: false, failedIn: new Set(), error: quota };
    const b = await thisCopy(faulty(inner, faults), 'full-' + Math.random().toString(36).slice(2));
    const before = await dump(b);
    faults.countdown = 3;
    const [report] = await b.importFiles([sync]);
    expect(report).toMatchObject({
      status: 'failed',
      imported: 0,
      error: "other.ctsync.gz: the browser's storage for this site is full. Free some disk space (or allow this site more storage) and import it again."
    });
    expect(await dump(b)).toEqual(before);
    await b.close();
  });
});

describe('a journal left in the database', () => {
  it('of an earlier release, its entries in its head, is rolled back on open; parts another import left are not read', async () => {
    const storage = getRxStorageMemory();
    const name = 'left-' + Math.random().toString(36).slice(2);
    let b = await thisCopy(storage, name);
    const [first, second] = (await b.db.contacts.find({ sort: [{ id: 'asc' }] }).exec()).map((d) => d.toMutableJSON());
    const before = await dump(b);
    // What the import had done: renamed the first contact (the journal holds it as it was).
    await b.db.contacts.upsert({ ...first, name: 'Renamed by the import' });
    const entries = [{ collection: 'contacts', id: first.id, before: first }];
    await b.db.snapshots.upsert({ id: 'import-journal', data: JSON.stringify({ importId: 'earlier', file: 'earlier.csv', entries }) });
    // A committed import's part whose removal failed: it says the second contact was new (rolled back, it would go).
    const stale = [{ collection: 'contacts', id: second.id, before: null }];
    await b.db.snapshots.upsert({ id: 'import-journal#committed:000000000', data: JSON.stringify(stale) });
    await b.close();

    b = await Backend.open(storage, name);
    expect(b.interruptedImport()).toBe('earlier.csv');
    expect(await dump(b)).toEqual(before);
    expect(await journalLeftovers(b)).toEqual([]);
    await b.close();
  });
});
