import { describe, expect, it } from 'vitest';
import { gunzipSync } from 'fflate';
import { createRxDatabase, type RxCollection, type RxJsonSchema, type RxStorage } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { Backend } from '../../src/lib/db/backend';
import type { InputFile } from '../../src/lib/db/import/service';
import { defaultPreferences, settingsMigrations } from '../../src/lib/db/store/settings';
import { preferencesSchema } from '../../src/lib/db/store/schema';
import { fromStrings } from '../../src/lib/util/text-stream';
import { settingsSchema } from '../fixtures/previous-release/schema';
import type { Preferences } from '../../src/lib/model/preferences';

// RxDB's free tier allows 13 open collections in a process: one database is open at a time, over one storage.
const storage = getRxStorageMemory();
/** The browser's storage (IndexedDB through Dexie), for the migration. */
const dexie = getRxStorageDexie({ indexedDB, IDBKeyRange });
let n = 0;
const fresh = () => `split${n++}`;
async function on<T>(name: string, fn: (b: Backend) => Promise<T>, where: RxStorage<unknown, unknown> = storage): Promise<T> {
  const b = await Backend.open(where, name);
  try {
    return await fn(b);
  } finally {
    await b.close();
  }
}

/** The settings collection as the previous release wrote it: one document, schema version 0. */
const legacySchema = settingsSchema as unknown as RxJsonSchema<Record<string, unknown>>;

async function writeLegacy(name: string, doc: Record<string, unknown>, where: RxStorage<unknown, unknown> = storage) {
  const db = await createRxDatabase<{ settings: RxCollection<Record<string, unknown>> }>({ name, storage: where, multiInstance: false });
  await db.addCollections({ settings: { schema: legacySchema } });
  await db.settings.insert({ id: 'settings', ...doc });
  await db.close();
}

/** The settings document written past the schema validation, as a release without it could have. */
async function writeUnchecked(name: string, doc: Record<string, unknown>) {
  const db = await createRxDatabase<{ settings: RxCollection<Record<string, unknown>> }>({ name, storage, multiInstance: false });
  await db.addCollections({ settings: { schema: preferencesSchema as unknown as RxJsonSchema<Record<string, unknown>>, migrationStrategies: settingsMigrations } });
  await db.settings.upsert(doc);
  await db.close();
}

const stored = async (b: Backend) => ({
  preferences: (await b.db.settings.find().exec()).map((d) => d.toJSON()),
  device: (await b.db.device.find().exec()).map((d) => d.toJSON())
});

const HEADER = JSON.stringify({ format: 'crosstalk-sync', version: 1, device: 'peer', exportedAt: '2026-12-01T00:00:00Z' });
const syncFile = (...records: unknown[]): InputFile => {
  const text = [HEADER, ...records.map((r) => JSON.stringify(r))].join('\n') + '\n';
  return { name: 'peer.ctsync', size: text.length, chunks: () => fromStrings(text) };
};
const SHANGHAI: Preferences = { region: 'CN', timeZone: 'Asia/Shanghai', me: ['Lin'], language: 'zh', labelWriteback: false };

describe('settings split into preferences and device state', () => {
  it.each([
    ['memory', storage],
    ['Dexie (IndexedDB)', dexie]
  ])('a database of the previous release is migrated once (%s storage)', async (_, where) => {
    const name = fresh();
    const undo = [{ label: 'merge', before: [{ a: 'id:telegram:user1', b: 'num:+8613800138000', op: 'auto' }] }];
    await writeLegacy(name, { ...SHANGHAI, deviceId: 'devold', clock: 7, nextSeq: 42, assocClock: 5, assocDevice: 'devother', undo }, where);
    const expected = {
      preferences: [{ id: 'preferences', ...SHANGHAI, clock: 5, device: 'devother', csvPresets: [] }],
      device: [{ id: 'device', deviceId: 'devold', clock: 7, nextSeq: 42, undo, idScheme: 2 }]
    };
    await on(
      name,
      async (b) => {
        expect(b.settings()).toEqual(SHANGHAI);
        expect(b.canUndo()).toBe('merge');
        expect((await b.folderSyncFile()).fileName).toBe('crosstalk-sync-devold.ctsync.gz');
        expect(await stored(b)).toEqual(expected);
      },
      where
    );
    await on(name, async (b) => expect(await stored(b)).toEqual(expected), where);
  });

  it('a previous release’s document with missing or unusable values opens with defaults for them', async () => {
    const name = fresh();
    await writeLegacy(name, { region: 42, timeZone: 'Mars/Olympus', me: ['Lin', 7], language: 'fr', deviceId: 'devold', clock: 3, nextSeq: 9 });
    const d = defaultPreferences();
    await on(name, async (b) => {
      expect(b.settings()).toEqual({ region: d.region, timeZone: d.timeZone, me: [], language: d.language, labelWriteback: true });
      expect(await stored(b)).toEqual({
        preferences: [{ id: 'preferences', region: d.region, timeZone: d.timeZone, me: [], language: d.language, labelWriteback: true, clock: 0, device: 'devold', csvPresets: [] }],
        device: [{ id: 'device', deviceId: 'devold', clock: 3, nextSeq: 9, undo: [], idScheme: 2 }]
      });
      expect(await b.updateSettings({ region: 'CN', me: ['Lin'] })).toEqual({ ...d, region: 'CN', me: ['Lin'] });
    });
  });

  it('stored preferences a bug left unusable are repaired on open, and editable', async () => {
    const name = fresh();
    const saved = await on(name, async (b) => {
      await b.updateSettings(SHANGHAI);
      return (await b.db.settings.findOne('preferences').exec())!.toMutableJSON();
    });
    // The app's own writes are validated now (a `me` that is no list is refused); a release before that stored it.
    await expect(on(name, (b) => b.db.settings.upsert({ ...saved, me: 'Lin' as never }))).rejects.toThrow(/VD2/);
    await writeUnchecked(name, { ...saved, region: 'ZZ', me: 'Lin' });
    await on(name, async (b) => {
      expect(b.settings()).toEqual({ ...SHANGHAI, region: defaultPreferences().region, me: [] });
      expect(await b.updateSettings({ region: 'CN', me: ['Lin'] })).toEqual({ ...SHANGHAI, me: ['Lin'] });
    });
  });

  it('a change is checked before it is saved', async () => {
    await on(fresh(), async (b) => {
      await b.updateSettings(SHANGHAI);
      const attempts = [{ region: 'ZZ' }, { timeZone: 'Nowhere/Else' }, { me: [''] }, { language: 'fr' }, { deviceId: 'x' }];
      const errors = await Promise.all(attempts.map((p) => b.updateSettings(p as never).then(() => 'saved', (e: Error) => e.message)));
      expect(errors).toEqual([
        'preferences not saved: region ZZ is not a country code',
        'preferences not saved: timeZone Nowhere/Else is not a time zone',
        'preferences not saved: me[0] is not text',
        'preferences not saved: language is not one of en, zh',
        'preferences not saved: deviceId is not a preference'
      ]);
      expect(b.settings()).toEqual({ ...SHANGHAI, me: ['Lin'] });
    });
  });

  it('a sync file carries the preferences with their stamp and nothing of the device', async () => {
    await on(fresh(), async (b) => {
      await b.updateSettings(SHANGHAI);
      const deviceId = (await b.db.device.findOne('device').exec())!.deviceId;
      const text = new TextDecoder().decode(gunzipSync(new Uint8Array(await (await b.exportSync()).blob.arrayBuffer())));
      const lines = text.trim().split('\n').map((l) => JSON.parse(l));
      expect(lines[1]).toEqual({ preferences: { ...SHANGHAI, me: ['Lin'], clock: 1, device: deviceId } });
      expect(lines.slice(1).filter((l) => JSON.stringify(l).includes(deviceId))).toEqual([lines[1]]);
      expect(text).not.toMatch(/nextSeq|undo|deviceId/);
    });
  });

  it('preferences from a sync file are adopted whole when newer; an incomplete record is refused', async () => {
    await on(fresh(), async (b) => {
      await b.updateSettings(SHANGHAI);
      const newer = { region: 'US', timeZone: 'America/New_York', me: ['Lin', 'Lin Tao'], language: 'en', labelWriteback: true };
      const [report] = await b.importFiles([
        syncFile({ preferences: { ...newer, language: 'fr', clock: 50, device: 'peer' } }, { preferences: { region: 'US', clock: 50, device: 'peer' } }, { preferences: { ...newer, clock: 9, device: 'peer' } })
      ]);
      expect(report.skipped).toEqual([
        { where: 'line 2', reason: 'rejected: language is not one of en, zh' },
        { where: 'line 3', reason: 'rejected: timeZone is not text' }
      ]);
      expect(b.settings()).toEqual(newer);
      const [older] = await b.importFiles([syncFile({ preferences: { ...SHANGHAI, clock: 8, device: 'peer' } })]);
      expect(older.status).toBe('done');
      expect(b.settings()).toEqual(newer);
      // The clock moved past every stamp seen: the next local change wins over them.
      await b.updateSettings({ language: 'zh' });
      expect((await b.db.settings.findOne('preferences').exec())!.clock).toBe(10);
    });
  });

  it('the settings record of an older sync file still imports: its region and owner names', async () => {
    await on(fresh(), async (b) => {
      await b.updateSettings(SHANGHAI);
      const [report] = await b.importFiles([syncFile({ settings: { region: 'US', me: ['Lin Tao'], clock: 30, device: 'peer' } })]);
      expect([report.status, report.skipped]).toEqual(['done', []]);
      expect(b.settings()).toEqual({ ...SHANGHAI, region: 'US', me: ['Lin Tao'] });
      const [bad] = await b.importFiles([syncFile({ settings: { region: 'US', clock: 40, device: 'peer' } })]);
      expect(bad.skipped).toEqual([{ where: 'line 2', reason: 'rejected: me is not a list' }]);
      expect(b.settings()).toEqual({ ...SHANGHAI, region: 'US', me: ['Lin Tao'] });
    });
  });
});
