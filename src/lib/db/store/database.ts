import {
  addRxPlugin,
  clone,
  createRxDatabase,
  getPrimaryKeyOfInternalDocument,
  INTERNAL_CONTEXT_MIGRATION_STATUS,
  writeSingle,
  type InternalStoreDocType,
  type RxCollection,
  type RxCollectionCreator,
  type RxConflictHandler,
  type RxDocumentData,
  type RxDatabase,
  type RxStorage
} from 'rxdb';
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
  type LegacyEventDoc,
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
import { mark } from '../marks';

export interface Collections {
  /** Events as earlier releases stored them (legacy-events.ts); the app keeps events in packs (event-packs.ts). */
  events: RxCollection<LegacyEventDoc>;
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
 * Opens (or creates) the database. The browser passes the Dexie storage, Node tests the memory storage; the
 * small collections' writes are validated against their schema (validated-storage.ts). `vaultConflicts`
 * resolves live sync's conflicts (it needs the keys, known only once live sync connects).
 */
export async function openDatabase(
  storage: RxStorage<unknown, unknown>,
  name = 'crosstalk',
  vaultConflicts?: RxConflictHandler<TextDoc>
): Promise<CrosstalkDatabase> {
  const db = await createRxDatabase<Collections>({
    name,
    storage: withValidation(storage),
    // One worker owns the database; no cross-tab change broadcasting is needed.
    multiInstance: false,
    eventReduce: true,
    closeDuplicates: true
  });
  mark('rxdb');
  try {
    await addCollections(db, vaultConflicts);
  } catch (err) {
    // A migration that could not write: closed, so that opening again resumes it.
    await db.close();
    throw err;
  }
  return db;
}

/** The device state first: migrating settings from version 0 moves the device state there. */
const DEVICE: Record<string, RxCollectionCreator> = { device: { schema: deviceStateSchema, migrationStrategies: deviceStateMigrations } };
const COLLECTIONS: Record<string, RxCollectionCreator> = {
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
};

async function addCollections(db: CrosstalkDatabase, vaultConflicts?: RxConflictHandler<TextDoc>): Promise<void> {
  const live: Record<string, RxCollectionCreator> = {
    vault: { schema: vaultSchema, conflictHandler: vaultConflicts },
    livesync: { schema: liveSyncSchema }
  };
  const groups = [DEVICE, { ...COLLECTIONS, ...live }];
  await retryFailedMigrations(db, Object.assign({}, ...groups));
  mark('retried');
  for (const group of groups) {
    await db.addCollections(group);
    mark(`added:${Object.keys(group)[0]}`);
  }
  for (const c of [db.searchchunks, db.snapshots]) c._changeEventBuffer.limit = LARGE_TEXT_CHANGES_KEPT;
}

/**
 * RxDB keeps a collection's last 100 changes, each with the document before and after, so that its live
 * queries can be updated without a read. The search buckets and snapshots (the import journal, the
 * association) are large texts read by id, never through a live query: at the end of the 1M import the buckets'
 * last 100 changes held ~90 MB of the 119 MB it kept (bench/README.md, "Heap at 1M, round five").
 */
const LARGE_TEXT_CHANGES_KEPT = 1;

/**
 * RxDB records a schema migration that failed (a full disk) as failed and, on every later open, reports
 * that failure again without running it. Its old data is still there and the migration can resume: the
 * record goes back to running.
 */
async function retryFailedMigrations(db: CrosstalkDatabase, collections: Record<string, RxCollectionCreator>): Promise<void> {
  const ids = Object.entries(collections).map(([name, { schema }]) => getPrimaryKeyOfInternalDocument(`${name}-v-${schema.version}`, INTERNAL_CONTEXT_MIGRATION_STATUS));
  // One read for all of them (the app's start waits for it).
  const found = (await db.internalStore.findDocumentsById(ids, false)) as RxDocumentData<InternalStoreDocType<{ status: string; error?: unknown }>>[];
  for (const previous of found) {
    if (previous.data.status !== 'ERROR') continue;
    const document = clone(previous);
    document.data.status = 'RUNNING';
    delete document.data.error;
    await writeSingle(db.internalStore, { previous, document }, INTERNAL_CONTEXT_MIGRATION_STATUS);
  }
}
