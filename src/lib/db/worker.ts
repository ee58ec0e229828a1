/// <reference lib="webworker" />
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { Backend } from './backend';
import { blobInput } from './import/blob-input';
import { DATABASE_IN_OTHER_TAB, type Request, type Response } from './worker-protocol';

/** Held by the worker that owns the database: two tabs writing one IndexedDB would corrupt it. */
const LOCK = 'crosstalk-database';

let signal = { aborted: false };
let backend = acquire(false);

function post(message: Response) {
  (self as unknown as DedicatedWorkerGlobalScope).postMessage(message);
}

/**
 * Opens the database once this worker holds the lock; without `steal`, fails at once when another tab's
 * worker holds it. With `steal` the other tab loses the lock, closes its database and says so.
 */
function acquire(steal: boolean): Promise<Backend> {
  let opened: Promise<Backend> | null = null;
  return new Promise<Backend>((resolve, reject) => {
    navigator.locks
      .request(LOCK, steal ? { steal: true } : { ifAvailable: true }, async (lock) => {
        if (!lock) return reject(new Error(DATABASE_IN_OTHER_TAB));
        opened = Backend.open(getRxStorageDexie());
        resolve(opened);
        await opened;
        // Held until the tab closes or another tab steals it.
        await new Promise(() => {});
      })
      .catch(async () => {
        backend = Promise.reject(new Error(DATABASE_IN_OTHER_TAB));
        backend.catch(() => {});
        signal.aborted = true;
        post({ lockLost: true });
        await (await opened)?.close();
      });
  });
}

async function call(method: string, args: unknown[]): Promise<unknown> {
  const b = await backend;
  if (method === 'importFiles') {
    signal = { aborted: false };
    const files = (args[0] as File[]).map(blobInput);
    return b.importFiles(files, (progress) => post({ progress }), signal, (args[1] as { skipSeen?: boolean }) ?? {});
  }
  const fn = (b as unknown as Record<string, (...a: unknown[]) => unknown>)[method];
  if (typeof fn !== 'function' || method.startsWith('_')) throw new Error(`unknown method ${method}`);
  return fn.apply(b, args);
}

self.onmessage = async (event: MessageEvent<Request>) => {
  const req = event.data;
  if ('cancel' in req) {
    signal.aborted = true;
    return;
  }
  if ('takeOver' in req) {
    backend = acquire(true);
    backend.catch(() => {});
    return;
  }
  try {
    post({ id: req.id, ok: true, result: await call(req.method, req.args) });
  } catch (err) {
    post({ id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
};
