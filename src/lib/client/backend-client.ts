import type { Backend } from '../db/backend';
import type { ImportProgress } from '../db/import/service';
import type { ImportReport } from '../db/store/schema';
import type { Request, Response } from '../db/worker-protocol';

type Methods = {
  [K in keyof Backend as Backend[K] extends (...args: never[]) => unknown ? K : never]: Backend[K];
};

/** The Backend's methods, called in the worker. Files are passed as File objects. */
export type BackendApi = {
  [K in Exclude<keyof Methods, 'importFiles' | 'close' | 'associationState'>]: Methods[K] extends (...args: infer A) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : never;
} & {
  importFiles(files: File[], onProgress: (p: ImportProgress) => void, options?: { skipSeen?: boolean; mappings?: unknown[] }): Promise<ImportReport[]>;
  cancelImport(): void;
};

/** Starts the data worker and returns a typed proxy to the Backend living in it. */
export function connectBackend(): BackendApi {
  const worker = new Worker(new URL('../db/worker.ts', import.meta.url), { type: 'module' });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let onProgress: ((p: ImportProgress) => void) | null = null;
  let nextId = 1;

  worker.onmessage = (event: MessageEvent<Response>) => {
    const msg = event.data;
    if ('progress' in msg) {
      onProgress?.(msg.progress);
      return;
    }
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(new Error(msg.error));
  };

  const call = (method: string, args: unknown[]) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, method, args } satisfies Request);
    });

  return new Proxy({} as BackendApi, {
    get(_, method: string) {
      if (method === 'then') return undefined;
      if (method === 'cancelImport') return () => worker.postMessage({ cancel: true } satisfies Request);
      if (method === 'importFiles') {
        return async (files: File[], progress: (p: ImportProgress) => void, options: { skipSeen?: boolean; mappings?: unknown[] } = {}) => {
          onProgress = progress;
          try {
            return await call('importFiles', [files, options]);
          } finally {
            onProgress = null;
          }
        };
      }
      return (...args: unknown[]) => call(method, args);
    }
  });
}
