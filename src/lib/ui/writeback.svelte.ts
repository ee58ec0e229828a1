import type { WritebackFormat, WritebackPreview, WritebackStatus } from '$lib/db/writeback/service';
import { backend } from './backend';
import { downloadBlob } from './download';


/**
 * The write-back page's state: the preview for the people selected, the format, and the user's consent.
 * The file is built (and its records marked as handed to the phone, pending) only after consent; any change of what the file
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
  /** What was handed to the phone and is not confirmed yet; the newest file, which can be taken back. */
  status = $state.raw<WritebackStatus | null>(null);
  /** The outcome of the last confirm / undo, for the status line. */
  settled = $state.raw<{ action: 'confirmed' | 'undone'; records: number } | null>(null);
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
      const [preview, status] = await Promise.all([backend().writebackPreview([...this.excluded]), backend().writebackStatus()]);
      if (gen !== this.generation) return;
      this.preview = preview;
      this.status = status;
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

  /** The phone has imported every file handed to it: its records stop being offered. */
  async confirm(): Promise<void> {
    await this.settle('confirmed', () => backend().confirmWriteback());
  }

  /** The newest file was not used (or was removed from the phone): its records are offered again. */
  async undoLast(): Promise<void> {
    await this.settle('undone', () => backend().undoLastWriteback());
  }

  private async settle(action: 'confirmed' | 'undone', run: () => Promise<number>): Promise<void> {
    this.error = null;
    try {
      this.settled = { action, records: await run() };
      this.created = null;
      this.consent = false;
    } catch (err) {
      this.error = (err as Error).message;
    }
    await this.load();
  }

  /** Builds the file, downloads it, and refreshes the preview (its records stay pending until confirmed). */
  async create(): Promise<void> {
    if (!this.canCreate) return;
    this.creating = true;
    this.error = null;
    try {
      const { fileName, blob, rows } = await backend().writebackExport([...this.excluded], this.format);
      downloadBlob(blob, fileName);
      this.created = { fileName, rows };
      this.settled = null;
      this.consent = false;
    } catch (err) {
      this.error = (err as Error).message;
    } finally {
      this.creating = false;
    }
    await this.load();
  }
}
