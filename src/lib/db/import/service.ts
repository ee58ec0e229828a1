import { PartyTally, type Party } from '../../association/party-tally';
import type { SyncRecord } from '../../formats/crosstalk-sync/records';
import { applySyncRecords } from '../sync/merge';
import { ByteHasher, hash64 } from '../../model/hash';
import type { Contact, OwnerIdentity } from '../../model/contact';
import type { CsvMapping } from '../../formats/mapped-csv/mapping';
import { UnknownFormatError } from '../../import/types';
import { importFile, type KeyedEvent } from '../../import/pipeline';
import { ImportError } from '../../import/types';
import type { SearchIndex } from '../../search/search-index';
import { indexEvent } from '../timeline/index-event';
import type { CrosstalkDatabase } from '../store/database';
import { eventPages } from '../store/event-pages';
import { START_INV_BASE, type EventDoc, type ImportReport } from '../store/schema';
import { randomId, saveDeviceState, savePreferences, type Settings } from '../store/settings';
import type { SearchStore } from '../timeline/search-store';
import type { AssociationCache } from '../people/association-cache';
import { recogniseWrittenBack } from '../writeback/service';

export interface InputFile {
  name: string;
  size: number;
  chunks(): AsyncIterable<Uint8Array>;
}

export interface ImportProgress {
  file: string;
  fileIndex: number;
  bytesRead: number;
  bytesTotal: number;
  stored: number;
  alreadyPresent: number;
  skipped: number;
}

export class ImportCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

function emptyReport(file: InputFile): ImportReport {
  return { file: file.name, format: null, bytes: file.size, imported: 0, alreadyPresent: 0, recognised: 0, contacts: 0, skipped: [], skippedCount: 0, status: 'done', error: null };
}

/**
 * Imports files one after another; each is all-or-nothing. With `skipSeen` (the sync folder), a file whose
 * content was imported before is reported as 'seen' and not read again; `mappings` are column mappings
 * (checked) tried besides the saved presets on CSVs no importer knows.
 */
export async function importFiles(
  db: CrosstalkDatabase,
  searchStore: SearchStore,
  people: AssociationCache,
  settings: Settings,
  files: InputFile[],
  onProgress: (p: ImportProgress) => void,
  signal: { aborted: boolean },
  options: { skipSeen?: boolean; mappings?: readonly CsvMapping[] }
): Promise<ImportReport[]> {
  const roundTrip: RoundTrip = { recognise: (events) => recogniseWrittenBack(db, events) };
  const reports: ImportReport[] = [];
  const search = await searchStore.loaded();
  await searchStore.unmark();
  await people.forget();
  for (const [i, file] of files.entries()) {
    if (signal.aborted) {
      reports.push({ ...emptyReport(file), status: 'cancelled' });
      continue;
    }
    if (options.skipSeen && (await db.imports.count({ selector: { contentHash: await contentHash(file) } }).exec()) > 0) {
      reports.push({ ...emptyReport(file), status: 'seen' });
      continue;
    }
    const report = await importOne(db, search, settings, file, i, onProgress, signal, roundTrip, options.mappings);
    reports.push(report);
    if (report.status === 'done') {
      await saveDeviceState(db, settings.device);
      await savePreferences(db, settings.preferences);
    }
    await people.forget();
  }
  await searchStore.save();
  return reports;
}

const INSERT_CHUNK = 2000;
const MAX_REPORTED_SKIPS = 500;

/** The content hash importOne records for a file, computed without importing it. */
export async function contentHash(file: InputFile): Promise<string> {
  const hasher = new ByteHasher();
  let length = 0;
  for await (const chunk of file.chunks()) {
    hasher.update(chunk);
    length += chunk.length;
  }
  return hasher.digest(length);
}

export function toEventDoc(e: KeyedEvent, importId: string, seq: number): EventDoc {
  return { ...e, startInv: START_INV_BASE - e.start, importId, seq, onPhone: false };
}

export function contactId(c: Contact): string {
  return hash64(JSON.stringify([c.name, c.numbers, c.identities]));
}

export function ownerId(o: OwnerIdentity): string {
  return hash64(JSON.stringify([o.name, o.phone, o.identity]));
}

/** Hooks the write-back round trip plugs into: a phone record that is a written-back chat-app event. */
export interface RoundTrip {
  /** Returns the chat-app event id a phone record stands for, if it was written back by Crosstalk. */
  recognise(events: KeyedEvent[]): Promise<Map<string, string>>;
}

/**
 * Imports one file. New events are inserted as they stream in, tagged with this import's id; everything
 * else (party statistics, contacts, owner identities, the search index snapshot) is written only when the
 * whole file has been read. A file that fails or is cancelled therefore removes its own new events and
 * leaves the database as it was.
 */
export async function importOne(
  db: CrosstalkDatabase,
  search: SearchIndex,
  settings: Settings,
  file: InputFile,
  fileIndex: number,
  onProgress: (p: ImportProgress) => void,
  signal: { aborted: boolean },
  roundTrip: RoundTrip | null,
  /** Column mappings to try besides the saved presets (one the user just made). */
  mappings: readonly CsvMapping[] = []
): Promise<ImportReport> {
  const importId = randomId();
  const report: ImportReport = {
    file: file.name,
    format: null,
    bytes: file.size,
    imported: 0,
    alreadyPresent: 0,
    recognised: 0,
    contacts: 0,
    skipped: [],
    skippedCount: 0,
    status: 'done',
    error: null
  };
  const tally = new PartyTally();
  const contacts: Contact[] = [];
  const owners: OwnerIdentity[] = [];
  const addedMoments: number[] = [];
  const recognisedIds: string[] = [];
  const sync: SyncRecord[] = [];
  let seq = settings.device.nextSeq;
  let bytesRead = 0;
  const progress = () =>
    onProgress({ file: file.name, fileIndex, bytesRead, bytesTotal: file.size, stored: report.imported, alreadyPresent: report.alreadyPresent, skipped: report.skippedCount });

  const hasher = new ByteHasher();
  let hashedBytes = 0;
  async function* hashed() {
    for await (const chunk of file.chunks()) {
      hasher.update(chunk);
      hashedBytes += chunk.length;
      yield chunk;
    }
  }
  try {
    const { region, timeZone, me, csvPresets } = settings.preferences;
    const options = { region, timeZone, me, mappings: [...mappings, ...csvPresets.map((p) => p.mapping)] };
    for await (const batch of importFile(file.name, hashed(), options)) {
      if (signal.aborted) throw new ImportCancelled();
      bytesRead = batch.bytesRead;
      report.format ??= batch.format;
      for (const s of batch.skips) {
        report.skippedCount++;
        if (report.skipped.length < MAX_REPORTED_SKIPS) report.skipped.push({ where: s.where, reason: s.reason });
      }
      contacts.push(...batch.contacts);
      owners.push(...batch.owners);
      sync.push(...batch.sync);
      let events = batch.events;
      if (roundTrip && events.some((e) => e.channel === 'phone')) {
        const recognised = await roundTrip.recognise(events);
        if (recognised.size) {
          recognisedIds.push(...recognised.values());
          report.recognised += recognised.size;
          events = events.filter((e) => !recognised.has(e.id));
        }
      }
      for (let i = 0; i < events.length; i += INSERT_CHUNK) {
        const slice = events.slice(i, i + INSERT_CHUNK);
        const docs = slice.map((e) => toEventDoc(e, importId, seq++));
        const result = await db.events.bulkInsert(docs);
        report.alreadyPresent += result.error.filter((err) => err.status === 409).length;
        const failed = result.error.find((err) => err.status !== 409);
        if (failed) throw new Error(`database write failed (status ${failed.status})`);
        const byId = new Map(docs.map((d) => [d.id, d]));
        for (const doc of result.success) {
          const e = byId.get(doc.primary)!;
          tally.add(e, e.party);
          indexEvent(search, e);
          addedMoments.push(e.startInv);
        }
        report.imported += result.success.length;
        if (signal.aborted) throw new ImportCancelled();
      }
      progress();
    }
    bytesRead = file.size;
    await commit(db, tally.parties.values(), contacts, owners);
    await applySyncRecords(db, settings, sync);
    recognisedIds.push(...sync.flatMap((r) => (r.kind === 'on-phone' ? [r.id] : [])));
    if (recognisedIds.length) await markOnPhone(db, recognisedIds);
    report.contacts = contacts.length;
    settings.device.nextSeq = seq;
    await db.imports.insert({ ...report, id: importId, contentHash: hasher.digest(hashedBytes), at: Date.now() });
    progress();
    return report;
  } catch (err) {
    await rollback(db, search, importId, addedMoments);
    report.imported = 0;
    report.alreadyPresent = 0;
    report.recognised = 0;
    report.status = err instanceof ImportCancelled ? 'cancelled' : 'failed';
    report.error = err instanceof ImportCancelled ? null : err instanceof ImportError ? err.message : `${file.name}: ${(err as Error).message}`;
    if (err instanceof UnknownFormatError) report.unknown = err.csv ? 'csv' : 'file';
    return report;
  }
}

async function commit(db: CrosstalkDatabase, parties: Iterable<Party>, contacts: Contact[], owners: OwnerIdentity[]) {
  const fresh = [...parties];
  if (fresh.length) {
    const existing = await db.parties.findByIds(fresh.map((p) => p.key)).exec();
    const merged = fresh.map((p) => {
      const old = existing.get(p.key);
      if (!old) return p;
      const tally = new PartyTally();
      tally.merge(old.toMutableJSON());
      tally.merge(p);
      return tally.parties.get(p.key)!;
    });
    await db.parties.bulkUpsert(merged);
  }
  if (contacts.length) await db.contacts.bulkUpsert(contacts.map((c) => ({ ...c, id: contactId(c) })));
  if (owners.length) await db.owners.bulkUpsert(owners.map((o) => ({ ...o, id: ownerId(o) })));
}

async function markOnPhone(db: CrosstalkDatabase, ids: string[]) {
  const docs = await db.events.findByIds(ids).exec();
  await Promise.all([...docs.values()].filter((d) => !d.onPhone).map((d) => d.incrementalPatch({ onPhone: true })));
}

/** Up to this many moments, a rollback re-reads each by its own query; past it, one pass over all events is cheaper. */
const MOMENT_QUERY_LIMIT = 2000;

async function rollback(db: CrosstalkDatabase, search: SearchIndex, importId: string, moments: number[]) {
  await db.events.find({ selector: { importId } }).remove();
  const gone = new Set(moments);
  await search.removeMoments(gone);
  // A moment may also hold events that were there before this import: index their text again.
  if (gone.size <= MOMENT_QUERY_LIMIT) {
    const found = await Promise.all([...gone].map((startInv) => db.events.find({ selector: { startInv } }).exec()));
    for (const docs of found) for (const d of docs) indexEvent(search, d.toJSON() as EventDoc);
  } else {
    for await (const page of eventPages(db)) for (const e of page) if (gone.has(e.startInv)) indexEvent(search, e);
  }
}
