import type { Association } from '../../association/associate';
import { CSV_HEADER, csvRowLine } from '../../formats/crosstalk-csv/write';
import { writebackRows } from '../../writeback/rows';
import { phoneIdOfReadBack, phoneIdOfRow } from '../../writeback/fingerprint';
import type { Channel } from '../../model/event';
import type { CsvRow } from '../../formats/crosstalk-csv/columns';
import type { CrosstalkDatabase } from '../store/database';
import type { KeyedEvent } from '../../import/pipeline';
import type { WritebackDoc } from '../store/schema';
import { eventsOf } from '../store/event-packs';
import { ALL_MOMENTS } from '../store/event-store';
import type { Preferences } from '../../model/preferences';

export interface WritebackPersonPreview {
  id: string;
  name: string;
  number: string;
  counts: Partial<Record<Channel, { call: number; message: number }>>;
  /** ms; null when nothing is left to write for this person. */
  from: number | null;
  to: number | null;
  excluded: boolean;
}

export interface WritebackPreview {
  people: WritebackPersonPreview[];
  calls: number;
  messages: number;
  /** Chat-app records left out because they were written back before or came back from the phone. */
  alreadyOnPhone: number;
  /** Records in the set that went out in an earlier write-back not yet confirmed (sent again: the exporter skips what the phone has). */
  pending: number;
  /** The phone's own records of these people: never written back. */
  phoneRecords: number;
}

export interface WritebackPlan {
  preview: WritebackPreview;
  rows: CsvRow[];
}

/** Chat-app events of people with a bound number, minus those the phone already has. */
export async function planWriteback(
  db: CrosstalkDatabase,
  association: Association,
  excluded: ReadonlySet<string>,
  label: boolean
): Promise<WritebackPlan> {
  const marks = (await db.writebacks.find().exec()).map((w) => w.toJSON());
  const written = new Set(marks.filter((w) => !w.pending).map((w) => w.id));
  const pending = new Set(marks.filter((w) => w.pending).map((w) => w.id));
  const preview: WritebackPreview = { people: [], calls: 0, messages: 0, alreadyOnPhone: 0, pending: 0, phoneRecords: 0 };
  const events: KeyedEvent[] = [];
  for (const person of association.people) {
    const number = person.numbers.find((n) => n.startsWith('+'));
    const chatParties = person.parties.filter((p) => !p.startsWith('phone:'));
    if (!number || !chatParties.length) continue;
    const entry: WritebackPersonPreview = { id: person.id, name: person.name, number, counts: {}, from: null, to: null, excluded: excluded.has(person.id) };
    preview.phoneRecords += person.counts.phone ? person.counts.phone.call + person.counts.phone.message : 0;
    for (const party of chatParties) {
      for (const e of await eventsOf(db).ofParty(party, ALL_MOMENTS, null, Infinity)) {
        if (e.conversation !== null) continue;
        if (e.onPhone || written.has(e.id)) {
          preview.alreadyOnPhone++;
          continue;
        }
        const c = (entry.counts[e.channel] ??= { call: 0, message: 0 });
        c[e.kind]++;
        entry.from = Math.min(entry.from ?? e.start, e.start);
        entry.to = Math.max(entry.to ?? e.start, e.start);
        if (!entry.excluded) {
          preview[e.kind === 'call' ? 'calls' : 'messages']++;
          if (pending.has(e.id)) preview.pending++;
          events.push(e);
        }
      }
    }
    if (entry.from !== null) preview.people.push(entry);
  }
  const rows = writebackRows(events, association, { label, excludedPeople: excluded });
  return { preview, rows };
}

/**
 * Records what was handed to the phone, pending: recognised when it comes back, offered again until the
 * user confirms the phone has it. A record already confirmed stays confirmed.
 */
export async function recordWriteback(db: CrosstalkDatabase, rows: CsvRow[], at: number, batch: string): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    const slice = rows.slice(i, i + 2000);
    const confirmed = await db.writebacks.findByIds(slice.map((r) => r.crosstalk_id)).exec();
    const docs: WritebackDoc[] = slice
      .filter((r) => confirmed.get(r.crosstalk_id)?.pending !== false)
      .map((r) => ({ id: r.crosstalk_id, phoneId: phoneIdOfRow(r), number: r.number, at, batch, pending: true }));
    await db.writebacks.bulkUpsert(docs);
  }
}

export interface WritebackStatus {
  /** Records handed to the phone and not yet confirmed. */
  pending: number;
  /** The newest write-back file, while its records can still be taken back. */
  last: { batch: string; at: number; records: number } | null;
}

export async function writebackStatus(db: CrosstalkDatabase): Promise<WritebackStatus> {
  // Not count(): pending is not indexed, and IndexedDB counts only over an index.
  const pending = (await db.writebacks.find({ selector: { pending: true } }).exec()).length;
  let last: WritebackStatus['last'] = null;
  for (const d of await db.writebacks.find({ selector: { batch: { $gt: '' } } }).exec()) {
    if (!last || d.at > last.at) last = { batch: d.batch, at: d.at, records: 0 };
  }
  if (last) last.records = await db.writebacks.count({ selector: { batch: last.batch } }).exec();
  return { pending, last };
}

/** The user says the phone has everything handed to it: pending marks become confirmed. */
export async function confirmWriteback(db: CrosstalkDatabase): Promise<number> {
  const docs = await db.writebacks.find({ selector: { pending: true } }).exec();
  await db.writebacks.bulkUpsert(docs.map((d) => ({ ...d.toJSON(), pending: false })));
  return docs.length;
}

/**
 * Takes back the newest write-back (the user removed it from the phone with the exporter's Undo, or never
 * used the file): its records are offered again and no longer count as on the phone.
 */
export async function undoLastWriteback(db: CrosstalkDatabase): Promise<number> {
  const { last } = await writebackStatus(db);
  if (!last) return 0;
  const docs = await db.writebacks.find({ selector: { batch: last.batch } }).exec();
  const ids = docs.map((d) => d.id);
  await db.writebacks.bulkRemove(ids);
  await eventsOf(db).setOnPhone(ids, false);
  return ids.length;
}

export function writebackCsv(rows: CsvRow[]): string {
  return CSV_HEADER + rows.map(csvRowLine).join('');
}

export type WritebackFormat = 'csv' | 'sbr-xml';

/**
 * The write-back file for the people not excluded; its records are marked as handed to the phone, pending
 * until the user confirms. Called only after the user's explicit consent.
 */
export async function writebackFile(
  db: CrosstalkDatabase,
  association: Association,
  excluded: ReadonlySet<string>,
  format: WritebackFormat,
  { labelWriteback, timeZone }: Pick<Preferences, 'labelWriteback' | 'timeZone'>
): Promise<{ fileName: string; blob: Blob; rows: number }> {
  const { rows } = await planWriteback(db, association, excluded, labelWriteback);
  const stamp = new Date().toISOString().slice(0, 10);
  const file =
    format === 'csv'
      ? { fileName: `crosstalk-writeback-${stamp}.csv`, blob: new Blob([writebackCsv(rows)], { type: 'text/csv;charset=utf-8' }) }
      : { fileName: `crosstalk-writeback-${stamp}-sbr.zip`, blob: new Blob([(await import('../../formats/sbr-xml/write')).sbrZip(rows, timeZone) as BlobPart], { type: 'application/zip' }) };
  const at = Date.now();
  await recordWriteback(db, rows, at, `wb-${at.toString(36)}-${Math.random().toString(36).slice(2, 8)}`);
  return { ...file, rows: rows.length };
}

/**
 * Phone records, and chat rows read back from the phone with our id, that are written-back chat-app events:
 * their id → the original event's id. A read-back row's id is believed only when a mark for it exists and
 * the row is what that mark says was written (same number, instant, direction and body).
 */
export async function recogniseWrittenBack(db: CrosstalkDatabase, events: KeyedEvent[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const phoneIds = events.filter((e) => e.channel === 'phone').map((e) => e.id);
  for (let i = 0; i < phoneIds.length; i += 1000) {
    const docs = await db.writebacks.find({ selector: { phoneId: { $in: phoneIds.slice(i, i + 1000) } } }).exec();
    for (const d of docs) found.set(d.phoneId, d.id);
  }
  const readBack = new Map(events.filter(isReadBack).map((e) => [e.id, e]));
  if (readBack.size) {
    for (const [id, mark] of await db.writebacks.findByIds([...readBack.keys()]).exec()) {
      if (mark.phoneId === phoneIdOfReadBack(readBack.get(id)!)) found.set(id, id);
    }
  }
  return found;
}

/** A chat-app row of a Crosstalk CSV: the exporter read it back from the phone, where Crosstalk wrote it. */
export function isReadBack(e: KeyedEvent): boolean {
  return e.channel !== 'phone' && e.source.format === 'crosstalk-csv';
}
