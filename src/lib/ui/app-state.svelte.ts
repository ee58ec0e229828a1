import type { OpenProgress, PersonSummary } from '$lib/db/backend';
import type { Preferences } from '$lib/model/preferences';
import { i18n } from '$lib/i18n/i18n.svelte';
import { backend } from './backend';
import { DATABASE_IN_OTHER_TAB } from '$lib/db/api';

/**
 * App-wide state: the settings, and a data version that every view watches. Anything that changes the data
 * (an import, new settings, a binding edit) bumps the version so lists and pages reload.
 */
class AppState {
  settings = $state<Preferences | null>(null);
  version = $state(0);
  error = $state<string | null>(null);
  /** Another tab's worker holds the database (from the start, or it took it over). */
  elsewhere = $state(false);
  /** The file whose import was cut off when the app last ran (rolled back on open), until dismissed. */
  interrupted = $state<string | null>(null);
  /** Why stored chat ids could not be moved to the current scheme when the app opened (imports wait), until dismissed. */
  idUpgradeProblem = $state<string | null>(null);
  /** How far the one-time update of what an earlier release stored has got, while the database opens. */
  upgrade = $state<OpenProgress | null>(null);
  /** People summaries for pickers and contact links, reloaded on every data change. */
  people = $state.raw<PersonSummary[]>([]);
  private peopleVersion = -1;
  private loading: Promise<void> | null = null;

  get timeZone(): string {
    return this.settings?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  }

  load(): Promise<void> {
    this.loading ??= (async () => {
      backend().onLockLost(() => {
        this.elsewhere = true;
        this.loading = null;
      });
      backend().onOpening((p) => {
        // This tab's worker holds the database now and is opening it.
        this.elsewhere = false;
        i18n.set(p.language);
        this.upgrade = p;
      });
      try {
        const s = await backend().settings();
        this.upgrade = null;
        this.settings = s;
        i18n.set(s.language);
        this.elsewhere = false;
        this.interrupted = await backend().interruptedImport();
        this.idUpgradeProblem = await backend().idUpgradeProblem();
      } catch (err) {
        this.upgrade = null;
        if ((err as Error).message === DATABASE_IN_OTHER_TAB) {
          this.elsewhere = true;
          this.loading = null;
        } else this.error = (err as Error).message;
      }
    })();
    return this.loading;
  }

  /** Uses the database in this tab; the tab that had it says so. */
  async takeOver(): Promise<void> {
    backend().takeOver();
    await this.load();
    if (!this.elsewhere) this.bump();
  }

  async update(patch: Partial<Preferences>): Promise<Preferences> {
    const before = this.settings;
    const s = await backend().updateSettings(patch);
    this.settings = s;
    i18n.set(s.language);
    if (!before || before.region !== s.region || before.me.join('\n') !== s.me.join('\n') || before.timeZone !== s.timeZone) this.bump();
    return s;
  }

  bump(): void {
    this.version++;
  }

  /** People summaries for the current data version (cached per version). */
  async loadPeople(): Promise<PersonSummary[]> {
    const v = this.version;
    if (this.peopleVersion !== v) {
      const people = await backend().people();
      if (v === this.version) {
        this.people = people;
        this.peopleVersion = v;
      }
      return people;
    }
    return this.people;
  }
}

export const app = new AppState();
