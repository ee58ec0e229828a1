import { addRxPlugin, createRxDatabase, type RxCollection, type RxConflictHandler, type RxDatabase, type RxStorage } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import {
  contactMigrations,
  deviceStateMigrations,
  eventMigrations,
  contactSchema,
  editSchema,
  eventSchema,
  importSchema,
  ownerSchema,
  partyMigrations,
  partySchema,
  searchChunkSchema,
  preferencesSchema,
  deviceStateSchema,
  snapshotSchema,
  writebackMigrations,
  writebackSchema,
  vaultSchema,
  liveSyncSchema,
  type LiveSyncDoc,
  type ContactDoc,
  type EditDoc,
  type EventDoc,
  type ImportDoc,
  type OwnerDoc,
  type PartyDoc,
  type DeviceStateDoc,
  type PreferencesDoc,
  type TextDoc,
  type WritebackDoc
} from './schema';
import { settingsMigrations } from './settings';

export interface Collections {
  events: RxCollection<EventDoc>;
  parties: RxCollection<PartyDoc>;
  contacts: RxCollection<ContactDoc>;
  owners: RxCollection<OwnerDoc>;
  edits: RxCollection<EditDoc>;
  /** One document: the user's preferences. */
  settings: RxCollection<PreferencesDoc>;
  /** One document: this device's own state. */
  device: RxCollection<DeviceStateDoc>;
  imports: RxCollection<ImportDoc>;
  writebacks: RxCollection<WritebackDoc>;
  searchchunks: RxCollection<TextDoc>;
  snapshots: RxCollection<TextDoc>;
  vault: RxCollection<TextDoc>;
  livesync: RxCollection<LiveSyncDoc>;
}

export type CrosstalkDatabase = RxDatabase<Collections>;

addRxPlugin(RxDBMigrationSchemaPlugin);

/**
 * Opens (or creates) the database. The browser passes the Dexie storage, Node tests the memory storage.
 * `vaultConflicts` resolves live sync's conflicts (it needs the keys, known only once live sync connects).
 */
export async function openDatabase(
  storage: RxStorage<unknown, unknown>,
  name = 'crosstalk',
  vaultConflicts?: RxConflictHandler<TextDoc>
): Promise<CrosstalkDatabase> {
  const db = await createRxDatabase<Collections>({
    name,
    storage,
    // One worker owns the database; no cross-tab change broadcasting is needed.
    multiInstance: false,
    eventReduce: true,
    closeDuplicates: true
  });
  // Before settings: migrating settings from version 0 moves the device state there.
  await db.addCollections({ device: { schema: deviceStateSchema, migrationStrategies: deviceStateMigrations } });
  await db.addCollections({
    events: { schema: eventSchema, migrationStrategies: eventMigrations },
    parties: { schema: partySchema, migrationStrategies: partyMigrations },
    contacts: { schema: contactSchema, migrationStrategies: contactMigrations },
    owners: { schema: ownerSchema },
    edits: { schema: editSchema },
    settings: { schema: preferencesSchema, migrationStrategies: settingsMigrations },
    imports: { schema: importSchema },
    writebacks: { schema: writebackSchema, migrationStrategies: writebackMigrations },
    searchchunks: { schema: searchChunkSchema },
    snapshots: { schema: snapshotSchema },
    vault: { schema: vaultSchema, conflictHandler: vaultConflicts },
    livesync: { schema: liveSyncSchema }
  });
  return db;
}
