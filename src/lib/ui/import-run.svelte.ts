import type { ImportProgress } from '$lib/db/import/service';
import type { ImportReport } from '$lib/db/store/schema';
import { app } from './app-state.svelte';
import { backend } from './backend';
import { pwa } from './pwa.svelte';
import type { CsvMapping } from '$lib/formats/mapped-csv/mapping';

export interface FileProgress {
  name: string;
  bytesRead: number;
  bytesTotal: number;
  stored: number;
  alreadyPresent: number;
  skipped: number;
}

/** Which part of the app started a run: the Import page, the sync file import, or the sync folder. */
export type ImportSource = 'import' | 'sync' | 'folder';

export interface ImportOptions {
  source?: ImportSource;
  /** Report files whose content was imported before as 'seen', without reading them (the sync folder). */
  skipSeen?: boolean;
  /** For encrypted sync files (asked for when a run reports one as locked). */
  passphrase?: string;
  /** A column mapping the user just made, for CSVs no importer knows. */
  mappings?: CsvMapping[];
}

/**
 * One import run at a time; lives outside the page so navigating
 * away does not lose it. Pages show the run when it is theirs (`source`).
 */
class ImportRun {
  running = $state(false);
  source = $state<ImportSource>('import');
  cancelling = $state(false);
  files = $state<FileProgress[]>([]);
  reports = $state.raw<ImportReport[] | null>(null);
  error = $state<string | null>(null);
  /** The last run's files and options, kept to import its encrypted files again with a passphrase. */
  private last: { list: File[]; options: ImportOptions } | null = null;
  /** The CSV whose columns the user is mapping. */
  mapping = $state.raw<File | null>(null);
  private abort: AbortController | null = null;

  /** Imports the files; resolves with the reports, or null when another run is going on (or nothing to do). */
  async start(list: File[], options: ImportOptions = {}): Promise<ImportReport[] | null> {
    if (this.running || !list.length) return null;
    this.running = true;
    this.source = options.source ?? 'import';
    this.cancelling = false;
    this.error = null;
    this.reports = null;
    this.last = { list, options };
    this.mapping = null;
    this.files = list.map((f) => ({ name: f.name, bytesRead: 0, bytesTotal: f.size, stored: 0, alreadyPresent: 0, skipped: 0 }));
    try {
      const progress = (p: ImportProgress) => {
        const f = this.files[p.fileIndex];
        if (!f) return;
        f.bytesRead = p.bytesRead;
        f.bytesTotal = p.bytesTotal;
        f.stored = p.stored;
        f.alreadyPresent = p.alreadyPresent;
        f.skipped = p.skipped;
      };
      this.abort = new AbortController();
      const reports = await backend().importFiles(list, {
        skipSeen: options.skipSeen ?? false,
        passphrase: options.passphrase,
        mappings: options.mappings ?? [],
        onProgress: progress,
        signal: this.abort.signal
      });
      this.reports = reports;
      if (reports.some((r) => r.status === 'done' && r.imported > 0)) void pwa.persist();
      return reports;
    } catch (err) {
      this.error = (err as Error).message;
      return null;
    } finally {
      this.running = false;
      this.cancelling = false;
      this.abort = null;
      app.bump();
    }
  }

  /** Imports the last run's encrypted files again, with the passphrase the user entered. */
  unlock(passphrase: string): Promise<ImportReport[] | null> {
    const last = this.last;
    const locked = new Set((this.reports ?? []).filter((r) => r.passphrase).map((r) => r.file));
    if (!last || this.running) return Promise.resolve(null);
    return this.start(
      last.list.filter((f) => locked.has(f.name)),
      { ...last.options, passphrase }
    );
  }

  /** Opens the column mapping for a file of the last run. */
  mapColumns(fileName: string): void {
    this.mapping = (this.last?.list ?? []).find((f) => f.name === fileName) ?? null;
  }

  cancel(): void {
    if (!this.running) return;
    this.cancelling = true;
    this.abort?.abort();
  }

  clear(): void {
    if (this.running) return;
    this.reports = null;
    this.files = [];
    this.error = null;
    this.mapping = null;
  }
}

export const importRun = new ImportRun();
