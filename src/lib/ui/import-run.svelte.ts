import type { ImportProgress } from '$lib/db/import-service';
import type { ImportReport } from '$lib/db/schema';
import { app } from './app-state.svelte';
import { backend } from './backend';
import { pwa } from './pwa.svelte';

export interface FileProgress {
  name: string;
  bytesRead: number;
  bytesTotal: number;
  stored: number;
  alreadyPresent: number;
  skipped: number;
}

/** One import run at a time; lives outside the page so navigating away does not lose it. */
class ImportRun {
  running = $state(false);
  cancelling = $state(false);
  files = $state<FileProgress[]>([]);
  reports = $state.raw<ImportReport[] | null>(null);
  error = $state<string | null>(null);

  async start(list: File[]): Promise<void> {
    if (this.running || !list.length) return;
    this.running = true;
    this.cancelling = false;
    this.error = null;
    this.reports = null;
    this.files = list.map((f) => ({ name: f.name, bytesRead: 0, bytesTotal: f.size, stored: 0, alreadyPresent: 0, skipped: 0 }));
    try {
      const reports = await backend().importFiles(list, (p: ImportProgress) => {
        const f = this.files[p.fileIndex];
        if (!f) return;
        f.bytesRead = p.bytesRead;
        f.bytesTotal = p.bytesTotal;
        f.stored = p.stored;
        f.alreadyPresent = p.alreadyPresent;
        f.skipped = p.skipped;
      });
      this.reports = reports;
      if (reports.some((r) => r.status === 'done' && r.imported > 0)) void pwa.persist();
    } catch (err) {
      this.error = (err as Error).message;
    } finally {
      this.running = false;
      this.cancelling = false;
      app.bump();
    }
  }

  cancel(): void {
    if (!this.running) return;
    this.cancelling = true;
    backend().cancelImport();
  }

  clear(): void {
    if (this.running) return;
    this.reports = null;
    this.files = [];
    this.error = null;
  }
}

export const importRun = new ImportRun();
