import { handlers, isMethod, type ApiRequest, type ApiResponse, type Call, type ErrorData, type Port } from './api';
import type { Backend } from './backend';
import { ImportError } from '../import/types';

function errorData(err: unknown): ErrorData {
  if (err instanceof ImportError) return { message: err.message, file: err.file };
  return { message: err instanceof Error ? err.message : String(err), file: null };
}

/**
 * Answers API calls arriving on `port` (in the browser, the data worker's global scope) from the handler
 * table. Each call gets its own AbortController, aborted by a cancel message carrying the call's id.
 */
export function serveApi(port: Port, backend: Promise<Backend>): void {
  const running = new Map<number, AbortController>();
  const post = (message: ApiResponse) => port.postMessage(message);

  async function run(id: number, method: unknown, args: unknown, aborted: boolean): Promise<void> {
    const controller = new AbortController();
    if (aborted) controller.abort();
    running.set(id, controller);
    try {
      if (!isMethod(method)) throw new Error(`unknown method ${String(method).slice(0, 60)}`);
      if (!Array.isArray(args)) throw new Error(`${method}: arguments are not a list`);
      const call: Call<unknown> = { signal: controller.signal, progress: (progress) => post({ type: 'progress', id, progress }) };
      const handler = handlers[method] as (b: Backend, call: Call<unknown>, ...a: unknown[]) => unknown;
      post({ type: 'result', id, value: await handler(await backend, call, ...args) });
    } catch (err) {
      post({ type: 'error', id, error: errorData(err) });
    } finally {
      running.delete(id);
    }
  }

  port.onmessage = (event: MessageEvent<ApiRequest>) => {
    const req = event.data;
    if (req.type === 'cancel') running.get(req.id)?.abort();
    else if (req.type === 'call') void run(req.id, req.method, req.args, req.aborted === true);
  };
}
