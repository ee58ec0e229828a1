import type { ImportItem, ImportOptions, Importer } from '../../src/lib/import/types';
import type { DraftEvent } from '../../src/lib/model/event';
import type { InputFile } from '../../src/lib/db/import/service';
import { CSV_COLUMNS } from '../../src/lib/formats/crosstalk-csv/columns';
import { chunksOf, fromStrings } from '../../src/lib/util/text-stream';
import { IdAssigner } from '../../src/lib/model/ids';

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
