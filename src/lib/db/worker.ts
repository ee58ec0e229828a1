/// <reference lib="webworker" />
import './worker-start';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { DATABASE_IN_OTHER_TAB } from './api';
import { Backend } from './backend';
import { serveApi } from './serve';
import { mark } from './marks';

mark('worker');

/** Held by the worker that owns the database: two tabs writing one IndexedDB would corrupt it. */
const LOCK = 'crosstalk-database';

let backend = acquire(false);

const server = serveApi(self as unknown as DedicatedWorkerGlobalScope, {
  current: () => backend,
  takeOver() {
    backend = acquire(true);
    backend.catch(() => {});
  }
});

/**
 * A reloaded tab's new worker can start before the old one has let go of the lock: it waits this long
 * before saying another tab holds the database.
 */
const LOCK_WAIT_MS = 3_000;

/**
 * Opens the database once this worker holds the lock; without `steal`, fails when another tab's worker
 * still holds it after LOCK_WAIT_MS. With `steal` the other tab loses the lock, closes its database and
 * says so.
 */
function acquire(steal: boolean): Promise<Backend> {
  let opened: Promise<Backend> | null = null;
  return new Promise<Backend>((resolve, reject) => {
    navigator.locks
      .request(LOCK, steal ? { steal: true } : { signal: AbortSignal.timeout(LOCK_WAIT_MS) }, async () => {
        mark('lock');
        // Updating what an earlier release stored can take minutes: the page is told how it goes.
        opened = Backend.open(getRxStorageDexie(), undefined, (p) => server.opening(p)).finally(() => server.opening(null));
        resolve(opened);
        // A database that cannot open reports why (through `opened`), not that another tab has it.
        if (!(await opened.then(() => true, () => false))) return;
        // Held until the tab closes or another tab steals it.
        await new Promise(() => {});
      })
      .catch(async () => {
        if (!opened) return reject(new Error(DATABASE_IN_OTHER_TAB));
        backend = Promise.reject(new Error(DATABASE_IN_OTHER_TAB));
        backend.catch(() => {});
        server.lockLost();
        await (await opened)?.close();
      });
  });
}
