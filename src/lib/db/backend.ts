import type { RxStorage } from 'rxdb';
import type { Association, Person } from '../association/associate';
import type { Party } from '../association/party-tally';
import { BUCKET_PREFIX, SearchIndex } from '../search/search-index';
import { indexEvent } from './timeline/index-event';
import { openDatabase, type CrosstalkDatabase } from './store/database';
import { eventPages } from './store/event-pages';
import type { ImportProgress, InputFile, RoundTrip } from './import/service';
import { computeAssociation, decodeAssociation, encodeAssociation, loadParties, personDetail, writeEdits, type EditAction, type PersonDetail } from './people/service';
import type { EventDoc, ImportReport, SettingsDoc } from './store/schema';
import { loadSettings, saveSettings, type Settings } from './store/settings';
import { timelinePage, type Cursor, type TimelineFilter } from './timeline/page';
import { timelineCsvHeader, timelineCsvLine } from '../formats/timeline-csv/write';
import { folderSyncFileName } from './sync/folder-name';
import { blobInput } from './import/blob-input';
import { withPreset } from './import/presets';
import { checkMapping, headerKey, type CsvMapping, type CsvPreset } from '../formats/mapped-csv/mapping';
import type { PreviewRow } from '../formats/mapped-csv/read';
import { FieldProblem } from '../boundary/fields';
import {
  confirmWriteback,
  planWriteback,
  recogniseWrittenBack,
  recordWriteback,
  undoLastWriteback,
  writebackCsv,
  writebackStatus,
  type WritebackPreview,
  type WritebackStatus
} from './writeback/service';

export interface TimelineQuery extends Omit<TimelineFilter, 'parties'> {
  person?: string;
}

export type EventView = EventDoc & { person: { id: string; name: string } | null };

export interface TimelineResult {
  events: EventView[];
  next: Cursor | null;
}

const UNDO_LIMIT = 50;
const PREVIEW_ROWS = 8;

/** A mapping from the page or a peer, checked; a wrong one is an error naming the field. */
function validMapping(value: unknown): CsvMapping {
  try {
    return checkMapping(value);
  } catch (err) {
    if (err instanceof FieldProblem) throw new Error(`column mapping: ${err.message}`);
    throw err;
  }
}

/** The importers (parsers, unzip, gunzip) are loaded when a file is first imported, not when the app opens. */
const importing = () => import('./import/service');

/** Present once the search index in the current format holds every stored event. */
const INDEX_MARKER = BUCKET_PREFIX + 'complete';
const ASSOCIATION_SNAPSHOT = 'association';

function emptyReport(file: InputFile): ImportReport {
  return { file: file.name, format: null, bytes: file.size, imported: 0, alreadyPresent: 0, recognised: 0, contacts: 0, skipped: [], skippedCount: 0, status: 'done', error: null };
}

export type PersonSummary = Pick<Person, 'id' | 'name' | 'numbers' | 'handles' | 'counts' | 'total' | 'last'>;

/**
 * Everything the app does with its data, behind one object. In the browser it lives in a Web Worker
 * (see worker.ts); Node tests and the benchmark use it directly with the memory storage.
 */
export class Backend {
  /** People as associated from the stored data; kept in the snapshots collection between sessions. */
  private association: Promise<Association> | null = null;
  private parties: Promise<Map<string, Party>> | null = null;
  /** Bumped by every change to what association reads, so a result computed meanwhile is not kept. */
  private associationGeneration = 0;

  private readonly search: SearchIndex;
  private searchReady: Promise<SearchIndex> | null = null;

  private constructor(
    readonly db: CrosstalkDatabase,
    private settingsDoc: SettingsDoc
  ) {
    this.search = new SearchIndex({
      read: async (ids) => new Map([...(await db.searchchunks.findByIds(ids).exec())].map(([id, d]) => [id, d.data])),
      write: async (buckets) => void (await db.searchchunks.bulkUpsert(buckets))
    });
  }

  static async open(storage: RxStorage<unknown, unknown>, name = 'crosstalk'): Promise<Backend> {
    const db = await openDatabase(storage, name);
    return new Backend(db, await loadSettings(db));
  }

  /**
   * The full-text index, whose buckets are read as queries need them. A database written by an older
   * version (another index format, or none) has its index rebuilt from the stored events once.
   */
  private loadedSearch(): Promise<SearchIndex> {
    return (this.searchReady ??= (async () => {
      if (!(await this.db.searchchunks.findOne(INDEX_MARKER).exec())) await this.rebuildSearchIndex();
      return this.search;
    })());
  }

  private async rebuildSearchIndex(): Promise<void> {
    await this.db.searchchunks.find().remove();
    for await (const page of eventPages(this.db)) for (const e of page) indexEvent(this.search, e);
    await this.saveSearchIndex();
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  settings(): SettingsDoc {
    return { ...this.settingsDoc };
  }

  async updateSettings(patch: Partial<Settings>): Promise<SettingsDoc> {
    const before = this.settingsDoc;
    const next = { ...before, ...patch };
    const associationChanged = before.region !== next.region || before.me.join('\n') !== next.me.join('\n');
    this.settingsDoc = next;
    if (associationChanged) {
      next.clock++;
      next.assocClock = next.clock;
      next.assocDevice = next.deviceId;
      await this.changingPeople(() => saveSettings(this.db, next));
    } else {
      await saveSettings(this.db, next);
    }
    return this.settings();
  }

  /**
   * Imports files one after another; each is all-or-nothing. With `skipSeen` (the sync folder), a file whose
   * content was imported before is reported as 'seen' and not read again; `mappings` are column mappings
   * (unchecked, from the page) tried besides the saved presets on CSVs no importer knows.
   */
  async importFiles(
    files: InputFile[],
    onProgress: (p: ImportProgress) => void = () => {},
    signal: { aborted: boolean } = { aborted: false },
    options: { skipSeen?: boolean; mappings?: unknown[] } = {}
  ): Promise<ImportReport[]> {
    const mappings = (options.mappings ?? []).map(validMapping);
    const roundTrip: RoundTrip = { recognise: (events) => recogniseWrittenBack(this.db, events) };
    const reports: ImportReport[] = [];
    const search = await this.loadedSearch();
    // Until the index is saved again it may lack this import's events: an interrupted session rebuilds it.
    await this.db.searchchunks.findOne(INDEX_MARKER).remove();
    await this.forgetAssociation();
    for (const [i, file] of files.entries()) {
      if (signal.aborted) {
        reports.push({ ...emptyReport(file), status: 'cancelled' });
        continue;
      }
      if (options.skipSeen && (await this.seen(file))) {
        reports.push({ ...emptyReport(file), status: 'seen' });
        continue;
      }
      const { importOne } = await importing();
      const report = await importOne(this.db, search, this.settingsDoc, file, i, onProgress, signal, roundTrip, mappings);
      reports.push(report);
      if (report.status === 'done') await saveSettings(this.db, this.settingsDoc);
      await this.forgetAssociation();
    }
    await this.saveSearchIndex();
    return reports;
  }

  /**
   * The header and first rows of a CSV as `mapping` reads them (only the cells without one), for the
   * column-mapping form. Reads no further than the rows it shows.
   */
  async csvPreview(file: Blob & { name: string }, mapping: unknown | null, limit = PREVIEW_ROWS): Promise<{ header: string[]; rows: PreviewRow[] }> {
    const checked = mapping === null ? null : validMapping(mapping);
    const { previewMappedCsv } = await import('../formats/mapped-csv/read');
    return previewMappedCsv(blobInput(file).chunks(), file.name, this.settingsDoc.timeZone, checked, limit);
  }

  /** Saves a column mapping as the preset for its header (replacing the one saved before); returns the presets. */
  async saveCsvPreset(mapping: unknown): Promise<CsvPreset[]> {
    const checked = validMapping(mapping);
    const clock = ++this.settingsDoc.clock;
    const preset = { key: headerKey(checked.header), mapping: checked, clock, device: this.settingsDoc.deviceId };
    this.settingsDoc.csvPresets = withPreset(this.settingsDoc.csvPresets, preset);
    await saveSettings(this.db, this.settingsDoc);
    return this.settingsDoc.csvPresets;
  }

  private async seen(file: InputFile): Promise<boolean> {
    const hash = await (await importing()).contentHash(file);
    return (await this.db.imports.count({ selector: { contentHash: hash } }).exec()) > 0;
  }

  /** Past imports, newest first. */
  async importHistory(): Promise<(ImportReport & { at: number })[]> {
    return (await this.db.imports.find().exec()).map((d) => d.toMutableJSON()).sort((a, b) => b.at - a.at);
  }

  private async saveSearchIndex(): Promise<void> {
    await this.search.save();
    await this.db.searchchunks.upsert({ id: INDEX_MARKER, data: '' });
  }

  /**
   * The association, from its snapshot when nothing it reads has changed since it was computed (opening the
   * app reads one document instead of every party), else computed and snapshotted.
   */
  associationState(): Promise<Association> {
    return (this.association ??= (async () => {
      const generation = this.associationGeneration;
      const saved = await this.db.snapshots.findOne(ASSOCIATION_SNAPSHOT).exec();
      if (saved) return decodeAssociation(saved.data);
      const { association, parties } = await computeAssociation(this.db, this.settingsDoc);
      if (generation === this.associationGeneration) {
        this.parties ??= Promise.resolve(parties);
        await this.db.snapshots.upsert({ id: ASSOCIATION_SNAPSHOT, data: encodeAssociation(association) });
      }
      return association;
    })());
  }

  /** Per-party tallies (activity months, counts), read once until the data changes. */
  private partyMap(): Promise<Map<string, Party>> {
    return (this.parties ??= loadParties(this.db));
  }

  private async forgetAssociation(): Promise<void> {
    this.associationGeneration++;
    this.association = null;
    this.parties = null;
    await this.db.snapshots.findOne(ASSOCIATION_SNAPSHOT).remove();
  }

  /** Runs a write to what association reads; the snapshot is dropped before (a crash leaves none) and after. */
  private async changingPeople<T>(write: () => Promise<T>): Promise<T> {
    await this.forgetAssociation();
    try {
      return await write();
    } finally {
      await this.forgetAssociation();
    }
  }

  async people(): Promise<PersonSummary[]> {
    const association = await this.associationState();
    return association.people.map(({ id, name, numbers, handles, counts, total, last }) => ({ id, name, numbers, handles, counts, total, last }));
  }

  async person(id: string): Promise<PersonDetail | null> {
    const [association, parties] = await Promise.all([this.associationState(), this.partyMap()]);
    return personDetail(association, parties, id);
  }

  async timeline(query: TimelineQuery, cursor: Cursor | null = null, limit = 50): Promise<TimelineResult> {
    const { person, ...rest } = query;
    const filter: TimelineFilter = { ...rest };
    const associated = this.associationState();
    if (person) filter.parties = (await associated).people.find((p) => p.id === person)?.parties ?? [];
    // Without a person the page does not depend on the association: it is read meanwhile.
    const [association, { events: docs, next }] = await Promise.all([associated, timelinePage(this.db, () => this.loadedSearch(), filter, cursor, limit)]);
    const people = new Map(association.people.map((p) => [p.id, p]));
    const events = docs.map((e) => {
      const p = people.get(association.personOfParty.get(e.party) ?? '');
      return { ...e, person: p ? { id: p.id, name: p.name } : null };
    });
    return { events, next };
  }

  /**
   * How many events and people are stored. Events are counted from the party tallies (every stored event is
   * tallied once, in the same all-or-nothing import): IndexedDB counts an index by walking it, which took
   * 50 s for a million events.
   */
  async stats(): Promise<{ events: number; people: number }> {
    const [association, parties] = await Promise.all([this.associationState(), this.partyMap()]);
    let events = 0;
    for (const p of parties.values()) events += p.counts.call + p.counts.message;
    return { events, people: association.people.length };
  }

  // --- Write-back and sync ------------------------------------------------------------------------

  async writebackPreview(excluded: string[] = []): Promise<WritebackPreview> {
    const association = await this.associationState();
    return (await planWriteback(this.db, association, new Set(excluded), this.settingsDoc.labelWriteback)).preview;
  }

  /**
   * Builds the write-back set for the people not excluded and marks its records as handed to the phone,
   * pending until the user confirms. Called only after the user's explicit consent.
   */
  async writebackExport(excluded: string[], format: 'csv' | 'sbr-xml'): Promise<{ fileName: string; blob: Blob; rows: number }> {
    const association = await this.associationState();
    const { rows } = await planWriteback(this.db, association, new Set(excluded), this.settingsDoc.labelWriteback);
    const stamp = new Date().toISOString().slice(0, 10);
    const file =
      format === 'csv'
        ? { fileName: `crosstalk-writeback-${stamp}.csv`, blob: new Blob([writebackCsv(rows)], { type: 'text/csv;charset=utf-8' }) }
        : { fileName: `crosstalk-writeback-${stamp}-sbr.zip`, blob: new Blob([(await import('../formats/sbr-xml/write')).sbrZip(rows, this.settingsDoc.timeZone) as BlobPart], { type: 'application/zip' }) };
    const at = Date.now();
    await recordWriteback(this.db, rows, at, `wb-${at.toString(36)}-${Math.random().toString(36).slice(2, 8)}`);
    return { ...file, rows: rows.length };
  }

  async writebackStatus(): Promise<WritebackStatus> {
    return writebackStatus(this.db);
  }

  /** The user says the phone has every record handed to it so far. */
  async confirmWriteback(): Promise<number> {
    return confirmWriteback(this.db);
  }

  /** Takes back the newest write-back file: its records are offered again. */
  async undoLastWriteback(): Promise<number> {
    return undoLastWriteback(this.db);
  }

  /** The filtered timeline as a spreadsheet-safe CSV (every matching event, newest first). */
  async exportTimelineCsv(query: TimelineQuery): Promise<{ fileName: string; blob: Blob; rows: number }> {
    const parts = [timelineCsvHeader()];
    let cursor: Cursor | null = null;
    let rows = 0;
    do {
      const page = await this.timeline(query, cursor, 1000);
      for (const e of page.events) parts.push(timelineCsvLine(e, e.person?.name ?? null, this.settingsDoc.timeZone));
      rows += page.events.length;
      cursor = page.next;
    } while (cursor);
    const stamp = new Date().toISOString().slice(0, 10);
    return { fileName: `crosstalk-timeline-${stamp}.csv`, blob: new Blob(parts, { type: 'text/csv;charset=utf-8' }), rows };
  }

  /** The whole database as a sync file for another copy of Crosstalk. */
  async exportSync(): Promise<{ fileName: string; blob: Blob }> {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    return { fileName: `crosstalk-sync-${stamp}.ctsync.gz`, blob: await this.syncBlob() };
  }

  /**
   * This copy's sync file for a shared folder: one name per device, rewritten on each scan, so the folder
   * holds one current file per copy and the others import it when its content changed.
   */
  async folderSyncFile(): Promise<{ fileName: string; blob: Blob }> {
    return { fileName: folderSyncFileName(this.settingsDoc.deviceId), blob: await this.syncBlob() };
  }

  private async syncBlob(): Promise<Blob> {
    const parts: Uint8Array[] = [];
    const { syncFileChunks } = await import('./sync/export');
    for await (const chunk of syncFileChunks(this.db, this.settingsDoc)) parts.push(chunk);
    return new Blob(parts as BlobPart[], { type: 'application/gzip' });
  }

  // --- Binding edits: every action is undoable -------------------------------------------------------

  private async applyEdits(label: string, changes: { a: string; b: string; op: 'bind' | 'unbind' | 'auto' }[]): Promise<void> {
    if (!changes.length) return;
    const before = await this.changingPeople(() => writeEdits(this.db, this.settingsDoc, changes));
    const action: EditAction = { label, before };
    this.settingsDoc.undo = [...this.settingsDoc.undo, action].slice(-UNDO_LIMIT);
    await this.changingPeople(() => saveSettings(this.db, this.settingsDoc));
  }

  /** Edges that currently hold `node` to other nodes of its person (found in files or bound by the user). */
  private async edgesWithin(node: string, personNodes: Set<string>) {
    const association = await this.associationState();
    const edits = await this.db.edits.find().exec();
    const edges = [...association.autoEdges.values(), ...edits.filter((e) => e.op === 'bind')];
    return edges.filter((e) => (e.a === node && personNodes.has(e.b)) || (e.b === node && personNodes.has(e.a)));
  }

  /** Binds a chat identity or number node to a person. */
  async attach(personId: string, node: string): Promise<void> {
    await this.applyEdits('attach', [{ a: personId, b: node, op: 'bind' }]);
  }

  /** Detaches a node (chat identity or number) from its person. */
  async detach(personId: string, node: string): Promise<void> {
    await this.split(personId, [node]);
  }

  async merge(personA: string, personB: string): Promise<void> {
    await this.applyEdits('merge', [{ a: personA, b: personB, op: 'bind' }]);
  }

  /** Splits `nodes` off a person: every edge between them and the rest of the person is unbound. */
  async split(personId: string, nodes: string[]): Promise<void> {
    const association = await this.associationState();
    const person = association.people.find((p) => p.id === personId);
    if (!person) return;
    const moving = new Set(nodes);
    const staying = new Set(person.nodes.filter((n) => !moving.has(n)));
    const changes = new Map<string, { a: string; b: string; op: 'unbind' }>();
    for (const n of moving) {
      for (const e of await this.edgesWithin(n, staying)) changes.set(e.a + '\u0000' + e.b, { a: e.a, b: e.b, op: 'unbind' });
    }
    await this.applyEdits('split', [...changes.values()]);
  }

  canUndo(): string | null {
    return this.settingsDoc.undo.at(-1)?.label ?? null;
  }

  async undo(): Promise<boolean> {
    const action = this.settingsDoc.undo.at(-1);
    if (!action) return false;
    this.settingsDoc.undo = this.settingsDoc.undo.slice(0, -1);
    await this.changingPeople(async () => {
      await writeEdits(this.db, this.settingsDoc, action.before);
      await saveSettings(this.db, this.settingsDoc);
    });
    return true;
  }
}
