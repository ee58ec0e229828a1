import { handlers, isMethod, type ApiRequest, type ApiResponse, type Call, type ErrorData, type Port } from './api';
import type { Backend, OpenProgress } from './backend';
import { ImportError } from '../import/types';
import { mark } from './marks';

function errorData(err: unknown): ErrorData {
  if (err instanceof ImportError) return { message: err.message, file: err.file };
  return { message: err instanceof Error ? err.message : String(err), file: null };
}

/** Where the served Backend comes from. */
export interface BackendSource {
  /** The Backend; rejected while another tab holds the database. */
  current(): Promise<Backend>;
  /** Takes the database over from the tab holding it (the data worker's Web Lock); absent where there is none. */
  takeOver?(): void;
}

/**
 * Answers API calls arriving on `port` (in the browser, the data worker's global scope) from the handler
 * table. Each call gets its own AbortController, aborted by a cancel message carrying the call's id.
 * `lockLost` is for when another tab took the database over: the running calls are aborted and the UI told.
 * `opening` tells the UI how far opening the database has got (Backend.open's progress), before any call
 * can be answered; null once it has opened or failed.
 */
export function serveApi(port: Port, source: BackendSource): { lockLost(): void; opening(progress: OpenProgress | null): void } {
  const running = new Map<number, AbortController>();
  const post = (message: ApiResponse) => port.postMessage(message);
  /** The last progress of an opening still under way: told again to a page that starts listening late. */
  let openingNow: OpenProgress | null = null;

  async function run(id: number, method: unknown, args: unknown, aborted: boolean): Promise<void> {
    const controller = new AbortController();
    if (aborted) controller.abort();
    running.set(id, controller);
    try {
      if (!isMethod(method)) throw new Error(`unknown method ${String(method).slice(0, 60)}`);
      if (!Array.isArray(args)) throw new Error(`${method}: arguments are not a list`);
      const call: Call<unknown> = { signal: controller.signal, progress: (progress) => post({ type: 'progress', id, progress }) };
      const handler = handlers[method] as (b: Backend, call: Call<unknown>, ...a: unknown[]) => unknown;
      mark(`asked:${method}`);
      const value = await handler(await source.current(), call, ...args);
      mark(`answered:${method}`);
      post({ type: 'result', id, value });
    } catch (err) {
      post({ type: 'error', id, error: errorData(err) });
    } finally {
      running.delete(id);
    }
  }

  port.onmessage = (event: MessageEvent<ApiRequest>) => {
    const req = event.data;
    if (req.type === 'cancel') running.get(req.id)?.abort();
    else if (req.type === 'call') {
      if (openingNow) post({ type: 'opening', progress: openingNow });
      void run(req.id, req.method, req.args, req.aborted === true);
    } else if (req.type === 'takeOver') source.takeOver?.();
  };

  return {
    lockLost() {
      for (const controller of running.values()) controller.abort();
      post({ type: 'lockLost' });
    },
    opening(progress) {
      openingNow = progress;
      if (progress) post({ type: 'opening', progress });
    }
  };
}
