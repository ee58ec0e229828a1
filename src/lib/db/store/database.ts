import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase, type RxStorage } from 'rxdb';
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
import { withValidation } from './validated-storage';

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
}

export type CrosstalkDatabase = RxDatabase<Collections>;

addRxPlugin(RxDBMigrationSchemaPlugin);

/**
 * Opens (or creates) the database. The browser passes the Dexie storage, Node tests the memory storage; the
 * small collections' writes are validated against their schema (validated-storage.ts).
 */
export async function openDatabase(storage: RxStorage<unknown, unknown>, name = 'crosstalk'): Promise<CrosstalkDatabase> {
  const db = await createRxDatabase<Collections>({
    name,
    storage: withValidation(storage),
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
    snapshots: { schema: snapshotSchema }
  });
  return db;
}
