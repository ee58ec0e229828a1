import workerUrl from '../db/worker.ts?worker&url';
import { ApiError, handlers, type Api, type ApiRequest, type ApiResponse, type Method, type Port } from '../db/api';
import type { OpenProgress } from '../db/backend';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  onProgress: ((p: unknown) => void) | null;
  /** Stops listening to the call's signal once it has settled. */
  release: () => void;
}

/** The progress callback and cancel signal of a call stay here; the rest of its options object is sent. */
function splitCallOptions(args: unknown[]): { args: unknown[]; onProgress: ((p: unknown) => void) | null; signal: AbortSignal | null } {
  const last = args.at(-1);
  if (typeof last !== 'object' || last === null || Object.getPrototypeOf(last) !== Object.prototype || !('onProgress' in last || 'signal' in last)) {
    return { args, onProgress: null, signal: null };
  }
  const { onProgress, signal, ...rest } = last as { onProgress?: (p: unknown) => void; signal?: AbortSignal };
  return { args: [...args.slice(0, -1), rest], onProgress: onProgress ?? null, signal: signal ?? null };
}

/** The API, and the data worker's hold on the database (one tab at a time; see worker.ts). */
export type Client = Api & {
  /** Takes the database over from another tab (which then says so). */
  takeOver(): void;
  /** Called when another tab takes the database over. */
  onLockLost(listener: () => void): void;
  /**
   * Called with how far the database's opening has got while it updates what an earlier release stored
   * (calls wait until it has opened); at once with the last such report, if the listener is set while it is still opening.
   */
  onOpening(listener: (progress: OpenProgress) => void): void;
};

/** The API over a port: one function per method of the handler table, each returning a Promise. */
export function connectApi(port: Port): Client {
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let onLockLost = () => {};
  let onOpening: ((progress: OpenProgress) => void) | null = null;
  let lastOpening: OpenProgress | null = null;

  port.onmessage = (event: MessageEvent<ApiResponse>) => {
    const msg = event.data;
    if (msg.type === 'lockLost') {
      onLockLost();
      return;
    }
    if (msg.type === 'opening') {
      lastOpening = msg.progress;
      onOpening?.(msg.progress);
      return;
    }
    // An answer comes only once the database has opened (or failed to).
    if (msg.type !== 'progress') lastOpening = null;
    const p = pending.get(msg.id);
    if (!p) return;
    if (msg.type === 'progress') {
      p.onProgress?.(msg.progress);
      return;
    }
    pending.delete(msg.id);
    p.release();
    if (msg.type === 'result') p.resolve(msg.value);
    else p.reject(new ApiError(msg.error));
  };

  const call = (method: Method, all: unknown[]) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      const { args, onProgress, signal } = splitCallOptions(all);
      const cancel = () => port.postMessage({ type: 'cancel', id } satisfies ApiRequest);
      pending.set(id, { resolve, reject, onProgress, release: () => signal?.removeEventListener('abort', cancel) });
      port.postMessage({ type: 'call', id, method, args, aborted: signal?.aborted === true } satisfies ApiRequest);
      if (!signal?.aborted) signal?.addEventListener('abort', cancel, { once: true });
    });

  const api: Partial<Record<Method, (...args: unknown[]) => Promise<unknown>>> = {};
  for (const method of Object.keys(handlers) as Method[]) api[method] = (...args) => call(method, args);
  return {
    ...(api as Api),
    takeOver: () => port.postMessage({ type: 'takeOver' } satisfies ApiRequest),
    onLockLost: (listener) => (onLockLost = listener),
    onOpening(listener) {
      onOpening = listener;
      if (lastOpening) listener(lastOpening);
    }
  };
}

/**
 * The worker's boot source: a static import of the bundled worker (not `import()`: the worker's messages wait
 * for a static import's code to run, so none arrive before it listens). scripts/early-worker.js writes the
 * same into build/index.html.
 */
function workerSource(url: string): string {
  return `import ${JSON.stringify(url)};`;
}

/**
 * Starts the data worker and connects to its API. The worker is started from a blob: URL that imports the
 * bundled worker: a blob: worker runs under the page's Content-Security-Policy (a worker loaded from its own
 * URL would get the policy of that response, and a static host sends none), so the page's `connect-src`
 * — this origin, plus the live sync server the user configured (src/app.html) — governs its requests too.
 * The built app's page has usually started it already, from an inline script in its head, before this code
 * loaded (scripts/early-worker.js): that worker is taken, once.
 */
export function connectBackend(): Client {
  const scope = globalThis as { __crosstalkWorker?: Worker };
  const early = scope.__crosstalkWorker;
  delete scope.__crosstalkWorker;
  if (early) return connectApi(early);
  const source = workerSource(new URL(workerUrl, location.href).href);
  return connectApi(new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })), { type: 'module' }));
}
