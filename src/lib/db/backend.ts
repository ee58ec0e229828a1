import type { RxStorage } from 'rxdb';
import type { Preferences } from '../model/preferences';
import type { ImportProgress, ImportRunOptions, InputFile } from './import/service';
import { recoverInterruptedImport } from './import/journal';
import { AssociationCache } from './people/association-cache';
import { BindingEdits } from './people/binding-edits';
import { SuggestionCache, type SuggestionView } from './people/suggestions';
import { personDetail, personSummaries, storedEventCount, type PersonDetail, type PersonSummary } from './people/service';
import { addPreset, validMapping } from './import/presets';
import type { CsvPreset } from '../formats/mapped-csv/mapping';
import type { PreviewRow } from '../formats/mapped-csv/read';
import { openDatabase, type CrosstalkDatabase } from './store/database';
import { mark } from './marks';
import { idUpgradePendingReport, tryChatIdUpgrade, UPGRADE_JOURNAL_FILE, type UpgradeProgress } from './store/chat-id-upgrade';
import { VaultConflicts } from './sync/live/conflict';
import { LiveSync, type LiveStatus } from './sync/live/replication';
import { folderSyncFile, syncFile } from './sync/export';
import type { SyncLine } from '../formats/crosstalk-sync/read';
import type { ImportReport } from './store/schema';
import { isQuotaError, STORAGE_FULL } from './store/storage-errors';
import { changedPreferences, loadSettings, preferencesOf, saveDeviceState, savePreferences, type Settings } from './store/settings';
import type { Cursor } from './timeline/page';
import { SearchStore } from './timeline/search-store';
import { timelineTallies, type TimelineTallies } from './timeline/tallies';
import { timelineCsvFile, timelineView, type TimelineQuery, type TimelineResult } from './timeline/view';
import {
  confirmWriteback,
  planWriteback,
  undoLastWriteback,
  writebackFile,
  writebackStatus,
  type WritebackFormat,
  type WritebackPreview,
  type WritebackStatus
} from './writeback/service';

export type { ImportRunOptions } from './import/service';
export type { PersonSummary } from './people/service';
export type { SuggestionView } from './people/suggestions';
export type { EventView, TimelineQuery, TimelineResult } from './timeline/view';
export type { LiveStatus } from './sync/live/replication';
export type { UpgradeProgress } from './store/chat-id-upgrade';

/** How far opening a database written by an earlier release has got, in the language its preferences name. */
export type OpenProgress = UpgradeProgress & { language: Preferences['language'] };

const PREVIEW_ROWS = 8;

/** The importers (parsers, unzip, gunzip) are loaded when a file is first imported, not when the app opens. */
const importing = () => import('./import/service');

/**
 * Everything the app does with its data, behind one object: each method hands over to its feature folder.
 * In the browser it lives in the data worker, reached through the API table (api.ts); Node tests and the
 * benchmark use it directly with the memory storage.
 */
export class Backend {
  private readonly search: SearchStore;
  private readonly association: AssociationCache;
  private readonly edits: BindingEdits;
  private readonly suggested: SuggestionCache;
  readonly live: LiveSync;
  /** Imports, and live sync's reads of what they write, one at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly db: CrosstalkDatabase,
    private readonly state: Settings,
    private readonly interrupted: string | null,
    conflicts: VaultConflicts,
    /** Why the one-time move of stored chat ids to the current scheme failed when the app opened; null: done. */
    private idUpgradeFailure: string | null
  ) {
    this.search = new SearchStore(db);
    this.association = new AssociationCache(db, () => this.state.preferences);
    this.edits = new BindingEdits(db, this.association, state);
    this.suggested = new SuggestionCache(db, this.association, () => this.state.preferences);
    this.live = new LiveSync({
      db,
      settings: state,
      conflicts,
      importLines: (lines) => this.importLines(lines),
      exclusive: (fn) => this.exclusive(fn)
    });
  }

  /**
   * Opens the database, recovering an interrupted import and updating what an earlier release stored.
   * `onProgress` hears how that one-time update goes (minutes at a million events); nothing when there is none.
   */
  static async open(storage: RxStorage<unknown, unknown>, name = 'crosstalk', onProgress: (p: OpenProgress) => void = () => {}): Promise<Backend> {
    const conflicts = new VaultConflicts();
    const db = await openDatabase(storage, name, conflicts.handler).catch((err: unknown) => {
      // A schema migration (after an update) that cannot write; RxDB resumes it on the next open.
      const why = isQuotaError(err) ? `${STORAGE_FULL}. Free some disk space and reload the app.` : (err as Error).message;
      throw new Error(`Crosstalk could not open its database: ${why}`);
    });
    mark('opened');
    const interrupted = await recoverInterruptedImport(db);
    mark('recovered');
    const settings = await loadSettings(db);
    mark('settings');
    const failure = await tryChatIdUpgrade(db, settings, (p) => onProgress({ ...p, language: settings.preferences.language }));
    mark('upgraded');
    const backend = new Backend(db, settings, interrupted === UPGRADE_JOURNAL_FILE ? null : interrupted, conflicts, failure);
    // In the background: connecting may wait for the server.
    void backend.live.restore();
    return backend;
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => {});
    return run;
  }

  /** The file whose import was cut off when the app last ran (the tab was closed); it was rolled back. */
  interruptedImport(): string | null {
    return this.interrupted;
  }

  /**
   * Why stored chat ids could not be moved to the current id scheme (each batch rolled back whole); null
   * when they were. The app opens and shows everything meanwhile; imports wait (see importFiles).
   */
  idUpgradeProblem(): string | null {
    return this.idUpgradeFailure;
  }

  async close(): Promise<void> {
    await this.live.close();
    await this.db.close();
  }

  // --- Preferences --------------------------------------------------------------------------------

  /** The user's preferences (what the Settings page shows). */
  settings(): Preferences {
    return preferencesOf(this.state.preferences);
  }

  /**
   * Changes preferences; each value is checked first (a wrong one is refused with the reason). A change is
   * stamped with the next Lamport clock value, so sync carries it to the other copies.
   */
  async updateSettings(patch: Partial<Preferences>): Promise<Preferences> {
    const before = this.state.preferences;
    const next = changedPreferences(this.state, patch);
    if (!next) return this.settings();
    const save = async () => {
      await saveDeviceState(this.db, this.state.device);
      await savePreferences(this.db, next);
      this.state.preferences = next;
    };
    const associationChanged = before.region !== next.region || before.me.join('\n') !== next.me.join('\n');
    await (associationChanged ? this.association.changing(save) : save());
    return this.settings();
  }

  // --- Import ---------------------------------------------------------------------------------------

  /**
   * Imports files one after another; each is all-or-nothing. With `skipSeen` (the sync folder), a file whose
   * content was imported before is reported as 'seen' and not read again; `mappings` are column mappings
   * (unchecked, from the page) tried besides the saved presets on CSVs no importer knows.
   */
  async importFiles(
    files: InputFile[],
    onProgress: (p: ImportProgress) => void = () => {},
    signal: { aborted: boolean } = { aborted: false },
    options: ImportRunOptions & { mappings?: unknown[] } = {}
  ): Promise<ImportReport[]> {
    const mappings = (options.mappings ?? []).map(validMapping);
    // A file imported before the move would store its chat events a second time, under the new ids.
    if (this.idUpgradeFailure) this.idUpgradeFailure = await tryChatIdUpgrade(this.db, this.state);
    if (this.idUpgradeFailure) return files.map((file) => idUpgradePendingReport(file, this.idUpgradeFailure!));
    const { importFiles } = await importing();
    const reports = await this.exclusive(() =>
      importFiles(this.db, this.search, this.association, this.state, files, onProgress, signal, { skipSeen: options.skipSeen, passphrase: options.passphrase, mappings })
    );
    // Computed now, in the worker, so the review screen opens on them; a failure shows when they are asked for.
    this.suggested.all().catch(() => {});
    return reports;
  }

  /**
   * The header and first rows of a CSV as `mapping` reads them (only the cells without one), for the
   * column-mapping form. Reads no further than the rows it shows.
   */
  async csvPreview(file: InputFile, mapping: unknown | null, limit = PREVIEW_ROWS): Promise<{ header: string[]; rows: PreviewRow[] }> {
    const checked = mapping === null ? null : validMapping(mapping);
    const [{ previewMappedCsv }, { readText }] = await Promise.all([import('../formats/mapped-csv/read'), import('../import/pipeline')]);
    return readText(file.name, file.chunks(), (utf8) => previewMappedCsv(utf8, file.name, this.state.preferences.timeZone, checked, limit));
  }

  /** Saves a column mapping as the preset for its header (replacing the one saved before); returns the presets. */
  async saveCsvPreset(mapping: unknown): Promise<CsvPreset[]> {
    addPreset(this.state, validMapping(mapping));
    await saveDeviceState(this.db, this.state.device);
    await savePreferences(this.db, this.state.preferences);
    return this.state.preferences.csvPresets;
  }

  /** Past imports, newest first. */
  async importHistory(): Promise<(ImportReport & { at: number })[]> {
    return (await this.db.imports.find().exec()).map((d) => d.toMutableJSON()).sort((a, b) => b.at - a.at);
  }

  // --- People and timeline --------------------------------------------------------------------------

  /** The association (people, which party is whose, edges found in the files). */
  associationState() {
    return this.association.current();
  }

  async people(): Promise<PersonSummary[]> {
    return personSummaries(await this.association.current());
  }

  async person(id: string): Promise<PersonDetail | null> {
    const [association, parties] = await Promise.all([this.association.current(), this.association.partyMap()]);
    return personDetail(association, parties, id);
  }

  timeline(query: TimelineQuery, cursor: Cursor | null = null, limit = 50): Promise<TimelineResult> {
    return timelineView(this.db, () => this.search.loaded(), this.association.current(), query, cursor, limit);
  }

  /** Events per channel and per month, of everyone or of one person (from the party tallies, not the events). */
  async tallies(person?: string): Promise<TimelineTallies> {
    const [association, parties] = await Promise.all([this.association.current(), this.association.partyMap()]);
    if (!person) return timelineTallies(parties.values());
    const keys = association.people.find((p) => p.id === person)?.parties ?? [];
    return timelineTallies(keys.map((k) => parties.get(k)).filter((p) => p !== undefined));
  }

  /** How many events and people are stored. */
  async stats(): Promise<{ events: number; people: number }> {
    const [association, parties] = await Promise.all([this.association.current(), this.association.partyMap()]);
    return { events: storedEventCount(parties), people: association.people.length };
  }

  /** The filtered timeline as a spreadsheet-safe CSV (every matching event, newest first). */
  exportTimelineCsv(query: TimelineQuery): Promise<{ fileName: string; blob: Blob; rows: number }> {
    return timelineCsvFile((cursor) => this.timeline(query, cursor, 1000), this.state.preferences.timeZone);
  }

  // --- Suggested matches ----------------------------------------------------------------------------

  /** Every suggested match, best first (recomputed when what association reads changes). */
  suggestions(): Promise<SuggestionView[]> {
    return this.suggested.all();
  }

  /** The suggestions that involve a person: as the suggested person, or as the identity without a number. */
  async suggestionsFor(personId: string): Promise<SuggestionView[]> {
    return (await this.suggested.all()).filter((s) => s.person.id === personId || s.subject === personId);
  }

  /** How many suggestions wait for review, in all and per person involved (for the People list's badges). */
  async suggestionCounts(): Promise<{ total: number; byPerson: Record<string, number> }> {
    const all = await this.suggested.all();
    const byPerson: Record<string, number> = {};
    for (const s of all) for (const id of new Set([s.person.id, s.subject])) byPerson[id] = (byPerson[id] ?? 0) + 1;
    return { total: all.length, byPerson };
  }

  /** The user says the identity is this person: a binding edit, undoable and synced like attach. */
  acceptSuggestion(node: string, anchor: string): Promise<void> {
    return this.edits.accept('accept', [{ node, anchor }]);
  }

  /** The user says the identity is not this person: remembered, so never offered again. */
  rejectSuggestion(node: string, anchor: string): Promise<void> {
    return this.edits.reject(node, anchor);
  }

  /** Accepts every strong suggestion in one undoable step; returns how many. */
  async acceptStrongSuggestions(): Promise<number> {
    const strong = (await this.suggested.all()).filter((s) => s.strong);
    await this.edits.accept('acceptStrong', strong);
    return strong.length;
  }

  // --- Binding edits: every action is undoable ------------------------------------------------------

  /** Binds a chat identity or number node to a person. */
  attach(personId: string, node: string): Promise<void> {
    return this.edits.attach(personId, node);
  }

  /** Detaches a node (chat identity or number) from its person. */
  detach(personId: string, node: string): Promise<void> {
    return this.edits.split(personId, [node]);
  }

  merge(personA: string, personB: string): Promise<void> {
    return this.edits.merge(personA, personB);
  }

  /** Splits `nodes` off a person: every edge between them and the rest of the person is unbound. */
  split(personId: string, nodes: string[]): Promise<void> {
    return this.edits.split(personId, nodes);
  }

  /** The label of the action undo would take back, if any. */
  canUndo(): string | null {
    return this.edits.canUndo();
  }

  undo(): Promise<boolean> {
    return this.edits.undo();
  }

  // --- Write-back and sync ------------------------------------------------------------------------

  async writebackPreview(excluded: string[] = []): Promise<WritebackPreview> {
    const plan = await planWriteback(this.db, await this.association.current(), new Set(excluded), this.state.preferences.labelWriteback);
    return plan.preview;
  }

  /** The write-back file; its records are marked as handed to the phone. Only after the user's explicit consent. */
  async writebackExport(excluded: string[], format: WritebackFormat): Promise<{ fileName: string; blob: Blob; rows: number }> {
    return writebackFile(this.db, await this.association.current(), new Set(excluded), format, this.state.preferences);
  }

  writebackStatus(): Promise<WritebackStatus> {
    return writebackStatus(this.db);
  }

  /** The user says the phone has every record handed to it so far. */
  confirmWriteback(): Promise<number> {
    return confirmWriteback(this.db);
  }

  /** Takes back the newest write-back file: its records are offered again. */
  undoLastWriteback(): Promise<number> {
    return undoLastWriteback(this.db);
  }

  /** The whole database as a sync file for another copy of Crosstalk; with a passphrase, encrypted. */
  async exportSync(passphrase?: string): Promise<{ fileName: string; blob: Blob }> {
    return syncFile(this.db, this.state, passphrase);
  }

  // --- Live sync through the user's CouchDB -------------------------------------------------------

  liveStatus(): LiveStatus {
    return this.live.status();
  }

  /** Connects live sync (the form's values are checked first); a wrong passphrase is an error in the status. */
  liveConnect(config: unknown): Promise<LiveStatus> {
    return this.live.connect(config);
  }

  /** Keeps live sync settings to connect with when the app next opens (after the page allowed the server). */
  livePrepare(config: unknown): Promise<LiveStatus> {
    return this.live.prepare(config);
  }

  livePause(): Promise<LiveStatus> {
    return this.live.pause();
  }

  liveResume(): Promise<LiveStatus> {
    return this.live.resume();
  }

  liveStop(): Promise<LiveStatus> {
    return this.live.stop();
  }

  /** Records pulled by live sync, imported as a sync file of those lines (same boundary, same merge, all or nothing). */
  private async importLines(lines: SyncLine[]): Promise<ImportReport> {
    const header = { format: 'crosstalk-sync', version: 1, device: this.state.device.deviceId, exportedAt: new Date().toISOString() };
    const bytes = new TextEncoder().encode([header, ...lines].map((l) => JSON.stringify(l) + '\n').join(''));
    const file = {
      name: 'live sync',
      size: bytes.length,
      async *chunks() {
        yield bytes;
      }
    };
    const [report] = await this.importFiles([file]);
    return report;
  }

  /** This copy's sync file for a shared folder (one name per device). */
  async folderSyncFile(): Promise<{ fileName: string; blob: Blob }> {
    return folderSyncFile(this.db, this.state);
  }
}
