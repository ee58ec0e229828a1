import type { BulkWriteRow, RxStorage } from 'rxdb';

export interface Faults {
  /** The write that fails, counting from 1 after arming; 0: none. */
  countdown: number;
  /** A closed tab: once one write failed, every later one does. */
  dead: boolean;
  /** Collections whose write was the one that failed. */
  failedIn: Set<string>;
  /** What the failing write rejects with (default: a plain error). */
  error?: () => Error;
  /** Only the writes this accepts count (default: every write). */
  only?: (collection: string, rows: BulkWriteRow<unknown>[]) => boolean;
  /** Milliseconds each write waits before it is done (a slow disk). */
  delay?: number;
}

export type AnyStorage = RxStorage<unknown, unknown>;

/** A storage whose n-th write fails (once, or — a closed tab — from then on), for tests of what a failed write leaves. */
export function faulty(inner: AnyStorage, faults: Faults): AnyStorage {
  return {
    name: inner.name,
    rxdbVersion: inner.rxdbVersion,
    async createStorageInstance(params) {
      const instance = await inner.createStorageInstance(params);
      const write = instance.bulkWrite.bind(instance);
      instance.bulkWrite = (rows, context) => {
        if (faults.countdown > 0 && (!faults.only || faults.only(params.collectionName, rows)) && --faults.countdown === 0) {
          faults.failedIn.add(params.collectionName);
          if (faults.dead) faults.countdown = 1;
          return Promise.reject(faults.error?.() ?? new Error('injected fault'));
        }
        if (!faults.delay) return write(rows, context);
        return new Promise((resolve) => setTimeout(resolve, faults.delay)).then(() => write(rows, context));
      };
      return instance;
    }
  };
}
