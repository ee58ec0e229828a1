import type { ImportItem, ImportOptions, Importer } from '../../src/lib/import/types';
import type { DraftEvent } from '../../src/lib/model/event';
import type { InputFile } from '../../src/lib/db/import/service';
import { CSV_COLUMNS } from '../../src/lib/formats/crosstalk-csv/columns';
import { chunksOf, fromStrings } from '../../src/lib/util/text-stream';
import { IdAssigner } from '../../src/lib/model/ids';
import type { CrosstalkDatabase } from '../../src/lib/db/store/database';
import type { EventDoc } from '../../src/lib/db/store/schema';
import { eventsOf, OUTSIDE_PACKS } from '../../src/lib/db/store/event-packs';

export const OPTIONS: ImportOptions = { fileName: 'test', region: 'CN', timeZone: 'Asia/Shanghai', me: ['Lin'] };

export async function collect(importer: Importer, text: string | Uint8Array, options: Partial<ImportOptions> = {}, chunk?: number) {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const items: ImportItem[] = [];
  const stream = chunk ? chunksOf(bytes, chunk) : fromStrings(new TextDecoder().decode(bytes));
  for await (const batch of importer.parse(stream, { ...OPTIONS, ...options })) items.push(...batch);
  const assigner = new IdAssigner();
  return {
    items,
    events: items.flatMap((i) => (i.type === 'event' ? [i.event] : [])) as DraftEvent[],
    /** The ids the importer itself gives (a Crosstalk CSV's crosstalk_id), null where it gives none. */
    ids: items.flatMap((i) => (i.type === 'event' ? [i.id ?? null] : [])),
    /** The ids the import pipeline stores the events under. */
    storedIds: items.flatMap((i) => (i.type === 'event' ? [i.id ?? assigner.assign({ ...i.event }).id] : [])),
    skips: items.flatMap((i) => (i.type === 'skip' ? [i.skip] : []))
  };
}

export const iso = (ms: number) => new Date(ms).toISOString();

/** A Crosstalk CSV of these rows (header added) as a file to import, streamed in `chunk`-byte pieces when given. */
export function csvInput(name: string, rows: string[], chunk?: number): InputFile {
  const bytes = new TextEncoder().encode([CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n');
  return { name, size: bytes.length, chunks: () => (chunk ? chunksOf(bytes, chunk) : fromStrings(new TextDecoder().decode(bytes))) };
}

/** Every stored event (from the packs), in no particular order. */
export async function storedEvents(db: CrosstalkDatabase): Promise<EventDoc[]> {
  const all: EventDoc[] = [];
  for await (const page of eventsOf(db).pages()) all.push(...page);
  return all;
}

export const eventCount = async (db: CrosstalkDatabase) => (await storedEvents(db)).length;

export const storedEvent = async (db: CrosstalkDatabase, id: string) => (await eventsOf(db).byIds([id])).get(id);

/**
 * Every document of every collection, sorted by id, as the app sees them: events read from their packs (the
 * `events` collection holds only an earlier release's), the texts without the packs (the search buckets).
 */
export async function dumpCollections(db: CrosstalkDatabase): Promise<Record<string, Record<string, unknown>[]>> {
  const out: Record<string, Record<string, unknown>[]> = {};
  const byKey = (key: string) => (x: Record<string, unknown>, y: Record<string, unknown>) => (String(x[key]) < String(y[key]) ? -1 : 1);
  for (const name of Object.keys(db.collections)) {
    const collection = db.collections[name as keyof typeof db.collections];
    const key = collection.schema.primaryPath as string;
    const docs = ((await collection.find().exec()) as { toJSON(): unknown }[]).map((d) => d.toJSON() as Record<string, unknown>);
    out[name] = (name === 'searchchunks' ? docs.filter((d) => OUTSIDE_PACKS.some(([from, to]) => (d.id as string) >= from && (d.id as string) < to)) : docs).sort(byKey(key));
  }
  out.events = ((await storedEvents(db)) as unknown as Record<string, unknown>[]).sort(byKey('id'));
  return out;
}
