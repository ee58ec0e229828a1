import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'fflate';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { BulkWriteRow, RxStorage } from 'rxdb';
import { Backend } from '../../src/lib/db/backend';
import type { InputFile } from '../../src/lib/db/import/service';
import { faulty, type Faults } from './faulty-storage';
import { schemeOneId, toPreviousRelease, writePreviousRelease, type Doc, type Documents } from '../fixtures/previous-release/generate';
import { dumpCollections } from './helpers';

/** Chat ids depend only on the file: the owner's names (which decide direction and counterpart) are not in them. */

const text = (name: string, body: string): InputFile => {
  const bytes = new TextEncoder().encode(body);
  return { name, size: bytes.length, async *chunks() { yield bytes; } };
};
const bytesFile = (name: string, bytes: Uint8Array): InputFile => ({ name, size: bytes.length, async *chunks() { yield bytes; } });
const fx = (name: string): InputFile => bytesFile(name, new Uint8Array(readFileSync(resolve(__dirname, '../fixtures/e2e', name))));

const GROUP = [
  '20/10/2026, 09:00 - Ana: Hi all',
  '20/10/2026, 09:01 - Lin: ok',
  '20/10/2026, 09:01 - Bo: ok',
  '20/10/2026, 09:03 - Lin: Missed video call',
  '20/10/2026, 09:04 - Lin: see you'
].join('\n');
const groupFile = () => text('WhatsApp Chat with Family.txt', GROUP);
const SETTINGS = { region: 'GB', timeZone: 'Europe/London' } as const;
const fresh = () => Backend.open(getRxStorageMemory(), 'ids-' + Math.random().toString(36).slice(2));
const ids = async (b: Backend) => (await b.timeline({}, null, 100)).events.map((e) => `${e.id} ${e.direction} ${e.handle}`);

const dump = (b: Backend) => dumpCollections(b.db) as Promise<Documents>;

describe('chat ids', () => {
  it('a group chat imported before and again after naming the owner is not duplicated; two people’s same “ok” in one minute are both kept', async () => {
    const b = await fresh();
    await b.updateSettings(SETTINGS);
    const [first] = await b.importFiles([groupFile()]);
    expect(first).toMatchObject({ status: 'done', imported: 5, alreadyPresent: 0 });
    const before = await ids(b);
    expect(before.map((r) => r.split(' ').slice(1).join(' '))).toEqual(['in Lin', 'in Lin', 'in Lin', 'in Bo', 'in Ana']);
    await b.updateSettings({ me: ['Lin'] });
    const [again] = await b.importFiles([groupFile()]);
    expect(again).toMatchObject({ status: 'done', imported: 0, alreadyPresent: 5 });
    expect((await ids(b)).map((r) => r.split(' ')[0])).toEqual(before.map((r) => r.split(' ')[0]));
    const okIds = before.slice(2, 4).map((r) => r.split(' ')[0]).sort();
    expect(okIds[1]).toBe(`${okIds[0]}-1`);
    await b.close();
  });

  it('a QQ export carried by a sync file is accepted by another copy under the same ids', async () => {
    const a = await fresh();
    await a.updateSettings({ region: 'CN', timeZone: 'Asia/Shanghai', me: ['林'] });
    await a.importFiles([fx('qq-export.txt')]);
    const sync = new Uint8Array(await (await a.exportSync()).blob.arrayBuffer());
    const mine = await ids(a);
    await a.close();
    const b = await fresh();
    const [report] = await b.importFiles([bytesFile('a.ctsync.gz', sync)]);
    expect(report).toMatchObject({ status: 'done', skippedCount: 0, imported: mine.length });
    expect(await ids(b)).toEqual(mine);
    await b.close();
  });

  it('an older copy’s sync file (scheme-1 chat ids, no threads) is stored under this scheme’s ids, and its marks follow their events', async () => {
    const a = await fresh();
    await a.updateSettings({ region: 'CN', timeZone: 'Asia/Shanghai', me: ['Lin'] });
    await a.importFiles(['sms-20261101.xml', 'WhatsApp Chat with Xiao Yang.txt', 'result.json', 'contacts.vcf'].map(fx));
    await a.writebackExport([], 'csv');
    const lines = new TextDecoder().decode((await import('fflate')).gunzipSync(new Uint8Array(await (await a.exportSync()).blob.arrayBuffer()))).trim().split('\n');
    const today = await dump(a);
    await a.close();
    const oldIds = new Map(today.events.map((e) => [e.id as string, schemeOneId(e)]));
    const old = lines.map((line, i) => {
      if (i === 0) return line;
      const record = JSON.parse(line) as Record<string, Doc>;
      if (record.event) {
        const { thread: _, ...event } = record.event;
        return JSON.stringify({ event: { ...event, id: oldIds.get(event.id as string) } });
      }
      if (record.writeback) return JSON.stringify({ writeback: { ...record.writeback, id: oldIds.get(record.writeback.id as string) } });
      return line;
    });
    expect(old.filter((l) => l.includes('"id":"ct1-') && l.includes('"channel":"whatsapp"')).length).toBeGreaterThan(0);
    const file = bytesFile('old.ctsync.gz', gzipSync(new TextEncoder().encode(old.join('\n') + '\n')));

    const b = await fresh();
    const [report] = await b.importFiles([file]);
    expect(report).toMatchObject({ status: 'done', skippedCount: 0, imported: today.events.length });
    const after = await dump(b);
    expect(after.events.map((e) => e.id)).toEqual(today.events.map((e) => e.id));
    expect(after.writebacks.map((w) => [w.id, w.phoneId, w.pending])).toEqual(today.writebacks.map((w) => [w.id, w.phoneId, w.pending]));
    await b.close();
  });

  /** A previous release's database holding one group chat twice (imported before and after the owner was named). */
  async function previousReleaseWithGroupTwice(storage: RxStorage<unknown, unknown>) {
    const scratch = async (me: string[]) => {
      const b = await fresh();
      await b.updateSettings({ ...SETTINGS, me });
      await b.importFiles([groupFile()]);
      const docs = await dump(b);
      const stats = await b.stats();
      await b.close();
      return { docs, stats };
    };
    const unnamed = await scratch([]);
    const named = await scratch(['Lin']);
    // The previous release stored the second import's events for Lin (other direction and counterpart) again.
    const old = toPreviousRelease(unnamed.docs);
    const known = new Set(old.events.map((e) => e.id));
    const second = toPreviousRelease(named.docs).events.filter((e) => !known.has(e.id));
    expect(second.map((e) => [e.direction, e.handle])).toEqual([
      ['out', 'Family'],
      ['out', 'Family'],
      ['out', 'Family']
    ]);
    old.events.push(...second.map((e, i) => ({ ...e, importId: 'second-import', seq: 100 + i })));
    const parties = new Set(old.parties.map((p) => p.key));
    old.parties.push(...toPreviousRelease(named.docs).parties.filter((p) => !parties.has(p.key)));
    await writePreviousRelease(storage, 'crosstalk', old);
    return { old, unnamed };
  }
  const dexie = () => getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange });

  it('a database of the previous release holding one group chat twice (imported before and after the owner was named) keeps one copy of each message', async () => {
    const storage = dexie();
    const { unnamed } = await previousReleaseWithGroupTwice(storage);
    const b = await Backend.open(storage, 'crosstalk');
    const after = await dump(b);
    expect(after.events).toEqual(unnamed.docs.events);
    // The group's party held only the dropped copies: it is gone, and nobody new appears.
    expect(after.parties.map((p) => p.key)).toEqual(unnamed.docs.parties.map((p) => p.key));
    expect(await b.stats()).toEqual(unnamed.stats);
    expect(b.interruptedImport()).toBe(null);
    expect(b.idUpgradeProblem()).toBe(null);
    await b.close();
  });

  it('an upgrade that cannot write still opens the app, saying why; its events wait in the earlier layout and imports wait, changing nothing, until it can', async () => {
    // The writes of the id upgrade (not of the schema migration before it) fail.
    const upgrading = (collection: string, rows: BulkWriteRow<unknown>[]) => collection === 'events' && rows.some((r) => (r.document as unknown as { id: string }).id.startsWith('ct2-'));
    const faults: Faults = { countdown: 0, dead: true, only: upgrading, failedIn: new Set(), error: () => new DOMException('The quota has been exceeded.', 'QuotaExceededError') };
    const storage = faulty(dexie(), faults);
    const { old, unnamed } = await previousReleaseWithGroupTwice(storage);
    // First the schema migration itself cannot write: the app says why, and the next open migrates.
    faults.only = (collection) => collection === 'events';
    faults.countdown = 1;
    await expect(Backend.open(storage, 'crosstalk')).rejects.toThrow(
      "Crosstalk could not open its database: the browser's storage for this site is full. Free some disk space and reload the app."
    );
    faults.only = upgrading;
    faults.countdown = 1;
    const b = await Backend.open(storage, 'crosstalk');
    expect(b.idUpgradeProblem()).toBe("the browser's storage for this site is full");
    const before = await dump(b);
    // Packs are written only once the ids are upgraded: until then the events stay where the earlier release kept them.
    expect((await b.db.events.find().exec()).map((e) => e.id).sort()).toEqual(old.events.map((e) => e.id).sort());
    expect(before.events).toEqual([]);

    const [waiting] = await b.importFiles([groupFile()]);
    expect(waiting).toMatchObject({
      status: 'failed',
      imported: 0,
      error:
        "WhatsApp Chat with Family.txt: not imported: the chat ids stored by an earlier version could not be moved to the current id scheme (the browser's storage for this site is full), and a file imported meanwhile would store its chats twice. Nothing was changed. Free some disk space or reload the app, then import it again."
    });
    expect(await dump(b)).toEqual(before);

    faults.countdown = 0;
    const [through] = await b.importFiles([groupFile()]);
    expect(through).toMatchObject({ status: 'done', imported: 0, alreadyPresent: 5 });
    expect(b.idUpgradeProblem()).toBe(null);
    expect((await dump(b)).events).toEqual(unnamed.docs.events);
    await b.close();
  });
});
