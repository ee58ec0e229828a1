import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase, type RxStorage } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import {
  contactSchema,
  editSchema,
  eventSchema,
  importSchema,
  ownerSchema,
  partySchema,
  searchChunkSchema,
  settingsMigrations,
  settingsSchema,
  snapshotSchema,
  writebackMigrations,
  writebackSchema,
  type ContactDoc,
  type EditDoc,
  type EventDoc,
  type ImportDoc,
  type OwnerDoc,
  type PartyDoc,
  type SettingsDoc,
  type TextDoc,
  type WritebackDoc
} from './schema';

export interface Collections {
  events: RxCollection<EventDoc>;
  parties: RxCollection<PartyDoc>;
  contacts: RxCollection<ContactDoc>;
  owners: RxCollection<OwnerDoc>;
  edits: RxCollection<EditDoc>;
  settings: RxCollection<SettingsDoc>;
  imports: RxCollection<ImportDoc>;
  writebacks: RxCollection<WritebackDoc>;
  searchchunks: RxCollection<TextDoc>;
  snapshots: RxCollection<TextDoc>;
}

export type CrosstalkDatabase = RxDatabase<Collections>;

addRxPlugin(RxDBMigrationSchemaPlugin);

/** Opens (or creates) the database. The browser passes the Dexie storage, Node tests the memory storage. */
export async function openDatabase(storage: RxStorage<unknown, unknown>, name = 'crosstalk'): Promise<CrosstalkDatabase> {
  const db = await createRxDatabase<Collections>({
    name,
    storage,
    // One worker owns the database; no cross-tab change broadcasting is needed.
    multiInstance: false,
    eventReduce: true,
    closeDuplicates: true
  });
  await db.addCollections({
    events: { schema: eventSchema },
    parties: { schema: partySchema },
    contacts: { schema: contactSchema },
    owners: { schema: ownerSchema },
    edits: { schema: editSchema },
    settings: { schema: settingsSchema, migrationStrategies: settingsMigrations },
    imports: { schema: importSchema },
    writebacks: { schema: writebackSchema, migrationStrategies: writebackMigrations },
    searchchunks: { schema: searchChunkSchema },
    snapshots: { schema: snapshotSchema }
  });
  return db;
}
