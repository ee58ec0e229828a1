import type { WritebackPreview } from '$lib/db/writeback/service';
import { backend } from './backend';
import { downloadBlob } from './download';

export type WritebackFormat = 'csv' | 'sbr-xml';

/**
 * The write-back page's state: the preview for the people selected, the format, and the user's consent.
 * The file is built (and its records marked as written) only after consent; any change of what the file
 * would hold withdraws the consent, so it always refers to the file that will be created.
 */
export class WritebackPlan {
  preview = $state.raw<WritebackPreview | null>(null);
  excluded = $state.raw<string[]>([]);
  format = $state<WritebackFormat>('csv');
  consent = $state(false);
  loading = $state(false);
  creating = $state(false);
  error = $state<string | null>(null);
  /** The last file created on this page. */
  created = $state.raw<{ fileName: string; rows: number } | null>(null);
  private generation = 0;

  get total(): number {
    return this.preview ? this.preview.calls + this.preview.messages : 0;
  }

  get canCreate(): boolean {
    return this.consent && this.total > 0 && !this.creating && !this.loading;
  }

  async load(): Promise<void> {
    const gen = ++this.generation;
    this.loading = true;
    this.error = null;
    try {
      const preview = await backend().writebackPreview([...this.excluded]);
      if (gen !== this.generation) return;
      this.preview = preview;
    } catch (err) {
      if (gen === this.generation) this.error = (err as Error).message;
    } finally {
      if (gen === this.generation) this.loading = false;
    }
  }

  async setIncluded(personId: string, included: boolean): Promise<void> {
    this.excluded = included ? this.excluded.filter((id) => id !== personId) : [...this.excluded.filter((id) => id !== personId), personId];
    this.consent = false;
    await this.load();
  }

  setFormat(format: WritebackFormat): void {
    this.format = format;
    this.consent = false;
  }

  /** Builds the file, downloads it, and refreshes the preview (its records are now written and drop out). */
  async create(): Promise<void> {
    if (!this.canCreate) return;
    this.creating = true;
    this.error = null;
    try {
      const { fileName, blob, rows } = await backend().writebackExport([...this.excluded], this.format);
      downloadBlob(blob, fileName);
      this.created = { fileName, rows };
      this.consent = false;
    } catch (err) {
      this.error = (err as Error).message;
    } finally {
      this.creating = false;
    }
    await this.load();
  }
}
