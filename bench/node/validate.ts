/**
 * What RxDB's schema validation costs (issue 10), in Node's memory storage, in one process:
 *   npx tsx bench/node/validate.ts [--events N]
 * - events: bulkInsert of the N events of the Crosstalk CSV data set (default 10k, `bench/data/10k`, made by
 *   `npx tsx bench/generate/cli.ts --smoke`), 2,000 a call as the import writes them, into a fresh events
 *   collection: the plain storage, then the same storage wrapped by z-schema (what the app uses) and by ajv
 *   (for comparison: the app's CSP forbids the eval ajv compiles with);
 * - small collections: 200 binding edits, 200 write-back marks and the settings document 200 times, upserted
 *   one at a time (as the UI writes them), with and without z-schema.
 * Variants alternate, median of 5 rounds; ratio = the variant's time ÷ the plain storage's in the same round
 * set. Prints Markdown rows for bench/RESULTS.md.
 */
import { addRxPlugin, createRxDatabase, type MigrationStrategies, type RxCollectionCreator, type RxStorage } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { wrappedValidateZSchemaStorage } from 'rxdb/plugins/validate-z-schema';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { importFile, type KeyedEvent } from '../../src/lib/import/pipeline';
import { toEventDoc } from '../../src/lib/db/import/service';
import { editSchema, eventMigrations, eventSchema, preferencesSchema, writebackMigrations, writebackSchema, type LegacyEventDoc } from '../../src/lib/db/store/schema';
import { settingsMigrations } from '../../src/lib/db/store/settings';
import { chunksOf } from '../../src/lib/util/text-stream';
import { IMPORT_OPTIONS } from '../generate/corpus';
import { DATA_DIR } from '../generate/datasets';

const at = process.argv.indexOf('--events');
const label = at >= 0 ? process.argv[at + 1] : '10k';
const ROUNDS = 5;
const INSERT_CHUNK = 2000;
const SMALL_WRITES = 200;
const SMALL = ['edits', 'writebacks', 'settings'] as const;
type SmallCollection = (typeof SMALL)[number];

type Storage = RxStorage<unknown, unknown>;
const plain = () => getRxStorageMemory() as Storage;
const VARIANTS: [string, () => Storage][] = [
  ['plain', plain],
  ['z-schema', () => wrappedValidateZSchemaStorage({ storage: plain() }) as Storage],
  ['ajv', () => wrappedValidateAjvStorage({ storage: plain() }) as Storage]
];

addRxPlugin(RxDBMigrationSchemaPlugin);
/** Never run on these fresh databases, but RxDB wants them for schemas past version 0. */
const MIGRATIONS: Record<string, MigrationStrategies> = { events: eventMigrations, writebacks: writebackMigrations, settings: settingsMigrations };

let dbCount = 0;
async function database(storage: Storage, collections: Record<string, RxCollectionCreator['schema']>) {
  const db = await createRxDatabase({ name: `validate${dbCount++}`, storage, multiInstance: false });
  await db.addCollections(Object.fromEntries(Object.entries(collections).map(([name, schema]) => [name, { schema, migrationStrategies: MIGRATIONS[name] }])));
  return db;
}

async function eventDocs() {
  const bytes = readFileSync(`${DATA_DIR}${label}/phone-dump.csv`);
  const events: KeyedEvent[] = [];
  for await (const b of importFile('crosstalk-phone-dump.csv', chunksOf(bytes, 1 << 20), IMPORT_OPTIONS)) events.push(...b.events);
  return events.map((e, i) => ({ ...toEventDoc(e), importId: 'bench', seq: i }));
}

async function timeEvents(storage: Storage, docs: LegacyEventDoc[]): Promise<number> {
  const db = await database(storage, { events: eventSchema });
  const t0 = performance.now();
  for (let i = 0; i < docs.length; i += INSERT_CHUNK) {
    const r = await db.events.bulkInsert(docs.slice(i, i + INSERT_CHUNK));
    if (r.error.length) throw new Error(`insert failed: ${JSON.stringify(r.error[0]).slice(0, 300)}`);
  }
  const ms = performance.now() - t0;
  await db.remove();
  return ms;
}

/** ms for SMALL_WRITES upserts, one at a time, per small collection. */
async function timeSmall(storage: Storage): Promise<Record<SmallCollection, number>> {
  const db = await database(storage, { edits: editSchema, writebacks: writebackSchema, settings: preferencesSchema });
  const docs: Record<SmallCollection, (i: number) => object> = {
    edits: (i) => ({ id: `e${i}`, a: `phone:13800138${i}`, b: `person:${i}`, op: 'bind', clock: i, device: 'bench' }),
    writebacks: (i) => ({ id: `ct2-${i}`, phoneId: `ct1-${i}`, number: '+8613800138000', at: i, batch: 'b1', pending: true }),
    settings: (i) => ({ id: 'preferences', region: 'CN', timeZone: 'Asia/Shanghai', me: ['Lin'], language: 'en', labelWriteback: true, clock: i, device: 'bench', csvPresets: [] })
  };
  const ms = {} as Record<SmallCollection, number>;
  for (const name of SMALL) {
    const t0 = performance.now();
    for (let i = 0; i < SMALL_WRITES; i++) await db[name].upsert(docs[name](i));
    ms[name] = performance.now() - t0;
  }
  await db.remove();
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const docs = await eventDocs();
const events = new Map<string, number[]>(VARIANTS.map(([name]) => [name, []]));
const small = new Map<string, Record<SmallCollection, number>[]>([['plain', []], ['z-schema', []]]);
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, make] of VARIANTS) {
    events.get(name)!.push(await timeEvents(make(), docs));
    small.get(name)?.push(await timeSmall(make()));
  }
}
const base = events.get('plain')!;
const runs = (xs: number[]) => xs.map(Math.round).join(', ');
console.log(`| metric | measured | baseline / detail | ratio | target | result | note |\n|---|---|---|---|---|---|---|`);
for (const [name] of VARIANTS.slice(1)) {
  const t = events.get(name)!;
  console.log(
    `| bulkInsert of ${docs.length} events (${INSERT_CHUNK} a call), memory storage, ${name} validation | ${median(t).toFixed(0)} ms (median of ${ROUNDS}) | no validation: ${median(base).toFixed(0)} ms | ${(median(t) / median(base)).toFixed(2)}× the time | report | info | runs ${runs(t)} vs ${runs(base)} ms |`
  );
}
for (const name of SMALL) {
  const z = small.get('z-schema')!.map((r) => r[name]);
  const p = small.get('plain')!.map((r) => r[name]);
  const more = (median(z) - median(p)) / SMALL_WRITES;
  console.log(
    `| ${SMALL_WRITES} ${name} upserts one at a time, z-schema validation | ${median(z).toFixed(0)} ms (median of ${ROUNDS}) | no validation: ${median(p).toFixed(0)} ms | ${(median(z) / median(p)).toFixed(2)}× the time | report | info | ${more.toFixed(2)} ms more a write |`
  );
}
console.log(`\n_load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}_`);
