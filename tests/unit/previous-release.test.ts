import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { Backend } from '../../src/lib/db/backend';
import type { InputFile } from '../../src/lib/db/import/service';
import { toPreviousRelease, writePreviousRelease, type Documents } from '../fixtures/previous-release/generate';
import { dumpCollections } from './helpers';
import { faulty, type Faults } from './faulty-storage';
import { eventsOf } from '../../src/lib/db/store/event-packs';
import type { OpenProgress } from '../../src/lib/db/backend';
import { openDatabase } from '../../src/lib/db/store/database';
import { loadSettings } from '../../src/lib/db/store/settings';
import { upgradeChatIds } from '../../src/lib/db/store/chat-id-upgrade';
import { moveLegacyEvents } from '../../src/lib/db/store/legacy-events';

// RxDB's free tier allows 13 open collections in a process: one database is open at a time.

const fx = (name: string): InputFile => {
  const bytes = new Uint8Array(readFileSync(resolve(__dirname, '../fixtures/e2e', name)));
  return { name, size: bytes.length, async *chunks() { yield bytes; } };
};

const dump = (b: Backend) => dumpCollections(b.db) as Promise<Documents>;

async function view(b: Backend) {
  const people = await b.people();
  const ids = async (q: Parameters<Backend['timeline']>[0]) => (await b.timeline(q, null, 1000)).events.map((e) => e.id);
  return {
    settings: b.settings(),
    people: people.map((p) => [p.name, p.numbers, p.handles, p.counts, p.total, p.last]),
    timeline: await ids({}),
    personTimelines: await Promise.all(people.map((p) => ids({ person: p.id }))),
    search: await ids({ text: '火锅' }),
    stats: await b.stats(),
    writeback: await b.writebackPreview(),
    canUndo: b.canUndo()
  };
}

describe('a database written by the previous release (1b83aad) opens with this release', () => {
  it('Dexie (fake-indexeddb): every event kept, settings split, parties/contacts/marks migrated', { timeout: 60_000 }, async () => {
    // The content: the e2e fixtures imported, two people merged by hand (an edit, the clock, undo), a write-back confirmed.
    const scratch = await Backend.open(getRxStorageMemory(), 'scratch-' + Math.random().toString(36).slice(2));
    await scratch.updateSettings({ region: 'CN', timeZone: 'Asia/Shanghai', me: ['Lin'], language: 'zh' });
    await scratch.importFiles(['sms-20261101.xml', 'calls-20261101.xml', 'WhatsApp Chat with Xiao Yang.txt', 'result.json', 'contacts.vcf'].map(fx));
    await scratch.writebackExport([], 'csv');
    expect(await scratch.confirmWriteback()).toBeGreaterThan(3);
    await scratch.detach('id:telegram:user7010203040', 'id:whatsapp:Xiao Yang');
    const today = await dump(scratch);
    const seen = await view(scratch);
    await scratch.close();
    expect(seen.canUndo).not.toBe(null);
    expect(seen.stats).toEqual({ events: 18, people: 3 });
    expect(seen.search.length).toBeGreaterThan(0);
    expect(seen.personTimelines.map((t) => t.length)).toEqual([12, 5, 1]);
    expect(today.contacts.some((c) => 'details' in c)).toBe(true);
    expect(today.parties.some((p) => (p.minutes as { message: number[] }).message.length > 0)).toBe(true);

    // The same content as the previous release stored it.
    const old = toPreviousRelease(today);
    expect(old.settings).toEqual([
      {
        id: 'settings',
        region: 'CN',
        timeZone: 'Asia/Shanghai',
        me: ['Lin'],
        language: 'zh',
        labelWriteback: true,
        deviceId: today.device[0].deviceId,
        clock: 2,
        nextSeq: today.events.length + 1,
        assocClock: 1,
        assocDevice: today.device[0].deviceId,
        undo: [{ label: expect.any(String), before: [{ a: expect.any(String), b: expect.any(String), op: 'auto' }] }]
      }
    ]);
    const storage = getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange });
    await writePreviousRelease(storage, 'crosstalk', old);

    const b = await Backend.open(storage, 'crosstalk');
    const after = await dump(b);
    const { deviceId, undo } = old.settings[0];
    // Settings: preferences (stamped with the old association stamp) and device state, nothing lost.
    expect(after.settings).toEqual([{ id: 'preferences', region: 'CN', timeZone: 'Asia/Shanghai', me: ['Lin'], language: 'zh', labelWriteback: true, csvPresets: [], clock: 1, device: deviceId }]);
    expect(after.device).toEqual([{ id: 'device', deviceId, clock: 2, nextSeq: today.events.length + 1, undo, idScheme: 2 }]);
    expect(after.settings).toEqual(today.settings);
    // Parties gain empty minutes (the tally kept no minutes then); contacts stay without details.
    expect(after.parties).toEqual(old.parties.map((p) => ({ ...p, minutes: { call: [], message: [] } })));
    expect(after.contacts).toEqual(old.contacts);
    expect(after.contacts.some((c) => 'details' in c)).toBe(false);
    // Marks v1 → v2: batch and pending kept, no number; keyed by their events' ids of today.
    expect(after.writebacks).toEqual(today.writebacks.map((w) => ({ ...w, number: '' })));
    expect(after.writebacks.map((w) => w.pending)).toEqual(today.writebacks.map(() => false));
    // Chat events (and their marks) under the ids this release gives them, with their threads: as imported today.
    expect(old.events.filter((e) => (e.id as string).startsWith('ct1-') && e.channel !== 'phone')).toHaveLength(10);
    expect(after.events).toEqual(today.events);
    // Everything else exactly as stored: every edit, import, search bucket and snapshot.
    for (const c of ['owners', 'edits', 'imports', 'searchchunks', 'snapshots']) expect(after[c], c).toEqual(old[c]);
    expect(after.events.length).toBe(18);

    // The hand edit dropped the association snapshot, so people are computed again from the migrated data.
    expect(old.snapshots).toEqual([]);
    expect(await view(b)).toEqual(seen);
    expect(b.interruptedImport()).toBe(null);
    const settled = await dump(b);
    await b.close();

    // Reopening runs no migration again and changes nothing.
    const again = await Backend.open(storage, 'crosstalk');
    expect(await dump(again)).toEqual(settled);
    expect(await view(again)).toEqual(seen);
    await again.close();
  });

  it('a move into packs cut off before its directories were written resumes on the next open; nothing lost or doubled', { timeout: 60_000 }, async () => {
    const scratch = await Backend.open(getRxStorageMemory(), 'scratch-' + Math.random().toString(36).slice(2));
    await scratch.updateSettings({ region: 'CN', timeZone: 'Asia/Shanghai', me: ['Lin'] });
    await scratch.importFiles(['sms-20261101.xml', 'WhatsApp Chat with Xiao Yang.txt'].map(fx));
    const today = await dump(scratch);
    const seen = await view(scratch);
    await scratch.close();
    const faults: Faults = {
      countdown: 1,
      dead: false,
      failedIn: new Set(),
      only: (collection, rows) => collection === 'searchchunks' && rows.some((r) => (r.document as unknown as { id: string }).id.startsWith('d:'))
    };
    const storage = faulty(getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange }), faults);
    await writePreviousRelease(storage, 'crosstalk', toPreviousRelease(today));

    const cut = await Backend.open(storage, 'crosstalk');
    expect(cut.idUpgradeProblem()).toBe('injected fault');
    expect([...faults.failedIn]).toEqual(['searchchunks']);
    // The packs were written; the events are still in the earlier layout too.
    expect(await cut.db.events.count().exec()).toBe(today.events.length);
    await cut.close();

    const b = await Backend.open(storage, 'crosstalk');
    expect(b.idUpgradeProblem()).toBe(null);
    expect(await b.db.events.count().exec()).toBe(0);
    expect((await dump(b)).events).toEqual(today.events);
    const ids = today.events.map((e) => e.id as string);
    expect([...(await eventsOf(b.db).byIds(ids)).keys()].sort()).toEqual([...ids].sort());
    expect(await view(b)).toEqual(seen);
    await b.close();
  });

  it('opening reports the update as it goes: each phase from 0, with exact counts of exact totals; nothing once done', { timeout: 60_000 }, async () => {
    const scratch = await Backend.open(getRxStorageMemory(), 'scratch-' + Math.random().toString(36).slice(2));
    await scratch.updateSettings({ region: 'CN', timeZone: 'Asia/Shanghai', me: ['Lin'], language: 'zh' });
    await scratch.importFiles(['sms-20261101.xml', 'WhatsApp Chat with Xiao Yang.txt'].map(fx));
    const today = await dump(scratch);
    await scratch.close();
    const old = toPreviousRelease(today);
    const n = old.events.length;
    expect(n).toBe(today.events.length);
    expect(n).toBeGreaterThan(7);
    expect(old.events.filter((e) => (e.id as string).startsWith('ct1-') && e.channel !== 'phone').length).toBeGreaterThan(0);

    // Through Backend.open (as the worker calls it): pages bigger than the database, so one report after each phase's start.
    const storage = getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange });
    await writePreviousRelease(storage, 'crosstalk', old);
    const heard: OpenProgress[] = [];
    const b = await Backend.open(storage, 'crosstalk', (p) => heard.push(p));
    expect(heard).toEqual([
      { phase: 'ids', done: 0, total: n, language: 'zh' },
      { phase: 'ids', done: n, total: n, language: 'zh' },
      { phase: 'move', done: 0, total: n, language: 'zh' },
      { phase: 'move', done: n, total: n, language: 'zh' }
    ]);
    expect(b.idUpgradeProblem()).toBe(null);
    expect((await dump(b)).events).toEqual(today.events);
    await b.close();
    // Opened again: nothing to update, nothing reported.
    const again = await Backend.open(storage, 'crosstalk', (p) => heard.push(p));
    expect(heard).toHaveLength(4);
    await again.close();

    // Page by page: the counts add up each page's events.
    const paged = getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange });
    await writePreviousRelease(paged, 'crosstalk', old);
    const db = await openDatabase(paged, 'crosstalk');
    const checked: number[] = [];
    await upgradeChatIds(db, (await loadSettings(db)).device, (c) => checked.push(c), 5);
    const steps = (page: number) => Array.from({ length: Math.ceil(n / page) }, (_, i) => Math.min(n, (i + 1) * page));
    expect(checked).toEqual(steps(5));
    const moved: number[] = [];
    expect(await moveLegacyEvents(db, (m) => moved.push(m), 7)).toBe(n);
    expect(moved).toEqual(steps(7));
    expect(await db.events.count().exec()).toBe(0);
    const ids = today.events.map((e) => e.id as string);
    expect([...(await eventsOf(db).byIds(ids)).keys()].sort()).toEqual([...ids].sort());
    await db.close();
  });
});
