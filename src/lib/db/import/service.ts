import { PartyTally, type Party } from '../../association/party-tally';
import type { SyncRecord } from '../../formats/crosstalk-sync/records';
import { applySyncRecords } from '../sync/merge';
import { ASSOCIATION_SNAPSHOT } from '../people/association-cache';
import { frontPageDoc } from '../timeline/front-page';
import { ImportJournal, recoverInterruptedImport } from './journal';
import { contactsToStore } from './contacts';
import { contentId } from '../../model/ids';
import { ByteHasher } from '../../model/hash';
import type { Contact, OwnerIdentity } from '../../model/contact';
import type { CsvMapping } from '../../formats/mapped-csv/mapping';
import { UnknownFormatError } from '../../import/types';
import { importFile, type KeyedEvent } from '../../import/pipeline';
import { ImportError, PassphraseError } from '../../import/types';
import type { SearchIndex } from '../../search/search-index';
import { indexEvent } from '../timeline/index-event';
import type { CrosstalkDatabase } from '../store/database';
import { isQuotaError, STORAGE_FULL } from '../store/storage-errors';
import { emptyImportReport, START_INV_BASE, type EventDoc, type ImportReport } from '../store/schema';
import { randomId, type Settings } from '../store/settings';
import { contactId, ownerId } from './record-ids';
import type { SearchStore } from '../timeline/search-store';
import type { AssociationCache } from '../people/association-cache';
import { recogniseWrittenBack } from '../writeback/service';
import { eventsOf } from '../store/event-packs';
import type { EventWriter, Stored } from '../store/event-store';
import { ownTexts, ownedText } from '../../util/owned-text';

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

export interface ImportRunOptions {
  /** Report files whose content was imported before as 'seen', without reading them (the sync folder). */
  skipSeen?: boolean;
  /** For encrypted sync files. */
  passphrase?: string;
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
  options: ImportRunOptions & { mappings?: readonly CsvMapping[] }
): Promise<ImportReport[]> {
  const roundTrip: RoundTrip = { recognise: (events) => recogniseWrittenBack(db, events) };
  const reports: ImportReport[] = [];
  // An import whose rollback could not write (the storage was full) is undone first.
  if (await recoverInterruptedImport(db)) searchStore.index.discard();
  const search = await searchStore.loaded();
  for (const [i, file] of files.entries()) {
    if (signal.aborted) {
      reports.push({ ...emptyImportReport(file), status: 'cancelled' });
      continue;
    }
    if (options.skipSeen && (await db.imports.count({ selector: { contentHash: await contentHash(file) } }).exec()) > 0) {
      reports.push({ ...emptyImportReport(file), status: 'seen' });
      continue;
    }
    // The import itself removes the association snapshot (through its journal); the memory copy goes here.
    people.forgetInMemory();
    reports.push(await importOne(db, search, settings, file, i, onProgress, signal, roundTrip, options.passphrase, options.mappings));
    people.forgetInMemory();
  }
  return reports;
}

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

export function toEventDoc(e: KeyedEvent): EventDoc {
  // Not `{ ...e, startInv, … }`: Node 20's V8 took ~20 µs a document for fields written after a spread, Object.assign ~1.4 µs.
  // Texts copied (~0.75 µs an event): a batch of events waiting for its packs would otherwise keep alive every chunk
  // of the file its fields were cut from (~440 MB for the two batches of the 1 GB SBR XML, util/owned-text.ts).
  return Object.assign({}, ownTexts(e), { startInv: START_INV_BASE - e.start, onPhone: false });
}

/** Hooks the write-back round trip plugs into: a phone record that is a written-back chat-app event. */
export interface RoundTrip {
  /** Returns the chat-app event id a phone record stands for, if it was written back by Crosstalk. */
  recognise(events: KeyedEvent[]): Promise<Map<string, string>>;
}

/** An id a file gave an event instead of the one its content gives (only Crosstalk CSV rows carry ours). */
function claimsId(e: KeyedEvent): boolean {
  if (e.source.format !== 'crosstalk-csv') return false; // no other format can: its content id is not computed twice
  const own = contentId(e);
  return e.id !== own && !e.id.startsWith(own + '-');
}

/**
 * Imports one file, all or nothing. New events are inserted as they stream in, tagged with this import's
 * id; everything else (party statistics, contacts, owner identities, sync records, settings, the search
 * index, the import record) is written only when the whole file has been read, each write recorded in the
 * import's journal first. A file that fails or is cancelled — or a tab closed meanwhile, rolled back when
 * the app opens again — leaves the database as it was. `settings` is updated only when the file committed.
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
  passphrase?: string,
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
  const skip = (where: string, reason: string) => {
    report.skippedCount++;
    if (report.skipped.length < MAX_REPORTED_SKIPS) report.skipped.push({ where: ownedText(where), reason: ownedText(reason) });
  };
  const next: Settings = structuredClone(settings);
  const tally = new PartyTally();
  const contacts: Contact[] = [];
  const owners: OwnerIdentity[] = [];
  const recognisedIds: string[] = [];
  const sync: SyncRecord[] = [];
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
  let journal: ImportJournal | null = null;
  let writer: EventWriter | null = null;
  try {
    const begun = (journal = await ImportJournal.begin(db, importId, file.name));
    writer = eventsOf(db).writer(begun);
    const stored = async ({ added, present, twice = 0 }: Stored) => {
      report.alreadyPresent += present + twice;
      report.imported -= twice;
      for (const e of added) {
        tally.add(e, e.party);
        indexEvent(search, e);
        report.imported++;
      }
      if (search.overBudget) await search.setAside(begun.scratch);
    };
    const { region, timeZone, me, csvPresets } = next.preferences;
    const options = { region, timeZone, me, passphrase, mappings: [...mappings, ...csvPresets.map((p) => p.mapping)] };
    for await (const batch of importFile(file.name, hashed(), options)) {
      if (signal.aborted) throw new ImportCancelled();
      bytesRead = batch.bytesRead;
      report.format ??= batch.format;
      // What is held until the file ends is copied out of the file's text (util/owned-text.ts).
      for (const s of batch.skips) skip(s.where, s.reason);
      contacts.push(...batch.contacts.map(ownTexts));
      owners.push(...batch.owners.map(ownTexts));
      // Only another copy's own records say what is on the phone; a CSV row's claim goes through the marks.
      sync.push(...batch.sync.filter((r) => r.kind !== 'on-phone' || batch.format === 'crosstalk-sync').map(ownTexts));
      let events = batch.events;
      if (roundTrip && events.some((e) => e.channel === 'phone' || claimsId(e))) {
        const recognised = await roundTrip.recognise(events);
        if (recognised.size) {
          recognisedIds.push(...recognised.values());
          report.recognised += recognised.size;
          events = events.filter((e) => !recognised.has(e.id));
        }
        // An id no mark vouches for is not believed: the row is stored under its content's id.
        events = events.map((e) => (claimsId(e) ? { ...e, id: contentId(e) } : e));
      }
      await stored(await writer.add(events.map(toEventDoc)));
      if (signal.aborted) throw new ImportCancelled();
      progress();
    }
    await stored(await writer.finish());
    bytesRead = file.size;
    await writeParties(db, journal, tally.parties.values());
    await journal.upsert('contacts', await contactsToStore(db, contacts, contactId));
    await journal.upsert('owners', owners.map((o) => ({ ...o, id: ownerId(o) })));
    await applySyncRecords(db, journal, next, sync, skip);
    // One by one: a sync file may hold more on-phone records than a call takes arguments.
    for (const r of sync) if (r.kind === 'on-phone') recognisedIds.push(r.id);
    await markOnPhone(db, journal, recognisedIds);
    if (report.imported || recognisedIds.length) await journal.upsert('snapshots', [await frontPageDoc(db)]);
    await search.save(begun.buckets);
    // What association read has changed: its snapshot goes with this import (and comes back with a rollback).
    await journal.remove('snapshots', [ASSOCIATION_SNAPSHOT]);
    report.contacts = contacts.length;
    await journal.upsert('device', [next.device]);
    await journal.upsert('settings', [next.preferences]);
    await journal.upsert('imports', [{ ...report, id: importId, contentHash: hasher.digest(hashedBytes), at: Date.now() }]);
    await journal.commit();
    Object.assign(settings.device, next.device);
    Object.assign(settings.preferences, next.preferences);
    progress();
    return report;
  } catch (err) {
    // The batch being stored finishes first, so that the rollback undoes all of it.
    await writer?.idle().catch(() => {});
    // A rollback that cannot write (the storage is full) is retried from the journal later (see Backend).
    const undone = await (journal?.rollback() ?? Promise.resolve()).then(
      () => true,
      () => false
    );
    search.discard();
    report.imported = 0;
    report.alreadyPresent = 0;
    report.recognised = 0;
    report.status = err instanceof ImportCancelled ? 'cancelled' : 'failed';
    report.error = err instanceof ImportCancelled ? null : err instanceof ImportError ? err.message : `${file.name}: ${isQuotaError(err) ? `${STORAGE_FULL}. ${STORAGE_FULL_ADVICE}` : (err as Error).message}`;
    if (!undone) report.error = `${report.error ?? file.name}${NOT_YET_UNDONE}`;
    if (err instanceof PassphraseError) report.passphrase = err.reason;
    if (err instanceof UnknownFormatError) report.unknown = err.csv ? 'csv' : 'file';
    return report;
  }
}

const STORAGE_FULL_ADVICE = 'Free some disk space (or allow this site more storage) and import it again.';
const NOT_YET_UNDONE = ' What was stored of it is removed when the app next opens or imports.';

async function writeParties(db: CrosstalkDatabase, journal: ImportJournal, parties: Iterable<Party>) {
  const fresh = [...parties];
  if (!fresh.length) return;
  const existing = await db.parties.findByIds(fresh.map((p) => p.key)).exec();
  const merged = fresh.map((p) => {
    const old = existing.get(p.key);
    if (!old) return p;
    const tally = new PartyTally();
    tally.merge(old.toMutableJSON());
    tally.merge(p);
    return tally.parties.get(p.key)!;
  });
  await journal.upsert('parties', merged);
}

async function markOnPhone(db: CrosstalkDatabase, journal: ImportJournal, ids: string[]) {
  if (!ids.length) return;
  const docs = await eventsOf(db).byIds(ids);
  const patched = [...docs.values()].filter((d) => !d.onPhone).map((d) => ({ ...d, onPhone: true }));
  await eventsOf(db).put(patched, journal);
}
