import type { LiveStatus } from '$lib/db/backend';
import { backend } from './backend';

/** Where the page keeps the live sync server's origin for its Content-Security-Policy (read by src/app.html). */
export const LIVE_ORIGIN_KEY = 'crosstalk-live-origin';
const POLL_MS = 1000;

export interface LiveForm {
  url: string;
  db: string;
  username: string;
  password: string;
  passphrase: string;
}

/** The origin this page's policy lets requests go to besides its own (set by src/app.html before any script). */
function allowedOrigin(): string | null {
  return document.querySelector('meta[data-live-origin]')?.getAttribute('data-live-origin') || null;
}

/** The next page load allows the server only while one is set up (a refused connect leaves none). */
function keepOrigin({ configured, state, url }: LiveStatus) {
  if (configured && url) localStorage.setItem(LIVE_ORIGIN_KEY, new URL(url).origin);
  else if (state === 'error' || state === 'off') localStorage.removeItem(LIVE_ORIGIN_KEY);
}

/**
 * The Sync page's live sync panel: the status from the data worker (polled while the page is open) and the
 * actions. Connecting to a server the page's policy does not allow yet keeps the settings in the worker,
 * allows the server's origin and reloads; the worker connects when it starts again.
 */
export class LiveSyncPanel {
  status = $state.raw<LiveStatus | null>(null);
  busy = $state(false);
  error = $state<string | null>(null);
  private timer: ReturnType<typeof setInterval> | null = null;

  open(): () => void {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), POLL_MS);
    return () => {
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
    };
  }

  async refresh(): Promise<void> {
    try {
      this.status = await backend().liveStatus();
      keepOrigin(this.status);
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  async connect(form: LiveForm): Promise<void> {
    await this.act(async () => {
      let origin: string;
      try {
        origin = new URL(form.url.trim()).origin;
      } catch {
        origin = '';
      }
      if (!origin || origin === allowedOrigin()) return backend().liveConnect({ ...form });
      const status = await backend().livePrepare({ ...form });
      localStorage.setItem(LIVE_ORIGIN_KEY, origin);
      location.reload();
      return status;
    });
  }

  pause = () => this.act(() => backend().livePause());
  resume = () => this.act(() => backend().liveResume());

  async stop(): Promise<void> {
    await this.act(() => backend().liveStop());
    if (this.status) keepOrigin(this.status);
  }

  private async act(run: () => Promise<LiveStatus>): Promise<void> {
    this.busy = true;
    this.error = null;
    try {
      this.status = await run();
      keepOrigin(this.status);
    } catch (err) {
      this.error = (err as Error).message;
    } finally {
      this.busy = false;
    }
  }
}
