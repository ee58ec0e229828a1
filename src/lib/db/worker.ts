/// <reference lib="webworker" />
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { DATABASE_IN_OTHER_TAB } from './api';
import { Backend } from './backend';
import { serveApi } from './serve';

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
        server.lockLost();
        await (await opened)?.close();
      });
  });
}
