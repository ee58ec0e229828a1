import { persistAndEstimate, registerServiceWorker } from '$lib/pwa/register';

/** Service worker updates and storage information. */
class PwaState {
  /** Set when a new version waits: calling it activates the new version and reloads. */
  activate = $state<(() => void) | null>(null);
  storage = $state<{ persisted: boolean; usage: number; quota: number } | null>(null);
  private registered = false;

  register(): void {
    if (this.registered) return;
    this.registered = true;
    registerServiceWorker((activate) => (this.activate = activate));
  }

  /** Current usage, without asking for anything. */
  async refreshStorage(): Promise<void> {
    const s = navigator.storage;
    const persisted = (await s?.persisted?.()) ?? false;
    const estimate = (await s?.estimate?.()) ?? {};
    this.storage = { persisted, usage: estimate.usage ?? 0, quota: estimate.quota ?? 0 };
  }

  /** Asks the browser to keep the data (after the first successful import, or from Settings). */
  async persist(): Promise<void> {
    try {
      this.storage = await persistAndEstimate();
    } catch {
      /* the browser said no; nothing to do */
    }
  }
}

export const pwa = new PwaState();
