/**
 * A tiny IndexedDB store of the UI's own ('crosstalk-ui', apart from the data worker's database) for values
 * that must survive a reload but are not data: the sync folder's FileSystemDirectoryHandle, which the
 * browser can store by structured clone.
 */
const DB_NAME = 'crosstalk-ui';
const STORE = 'handles';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('indexedDB.open failed'));
  });
}

async function run<T>(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      let req: IDBRequest;
      try {
        req = action(tx.objectStore(STORE));
      } catch (err) {
        reject(err); // e.g. DataCloneError: the value cannot be stored
        return;
      }
      tx.oncomplete = () => resolve(req.result as T);
      tx.onerror = () => reject(tx.error ?? req.error ?? new Error('transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
    });
  } finally {
    db.close();
  }
}

export function getValue<T>(key: string): Promise<T | undefined> {
  return run<T | undefined>('readonly', (s) => s.get(key));
}

export async function setValue(key: string, value: unknown): Promise<void> {
  await run('readwrite', (s) => s.put(value, key));
}

export async function deleteValue(key: string): Promise<void> {
  await run('readwrite', (s) => s.delete(key));
}
