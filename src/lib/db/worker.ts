/// <reference lib="webworker" />
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { Backend } from './backend';
import { blobInput } from './import/blob-input';
import type { Request, Response } from './worker-protocol';

const backend = Backend.open(getRxStorageDexie());
let signal = { aborted: false };

function post(message: Response) {
  (self as unknown as DedicatedWorkerGlobalScope).postMessage(message);
}

async function call(method: string, args: unknown[]): Promise<unknown> {
  const b = await backend;
  if (method === 'importFiles') {
    signal = { aborted: false };
    const files = (args[0] as File[]).map(blobInput);
    return b.importFiles(files, (progress) => post({ progress }), signal, (args[1] as { skipSeen?: boolean; mappings?: unknown[] }) ?? {});
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
  try {
    post({ id: req.id, ok: true, result: await call(req.method, req.args) });
  } catch (err) {
    post({ id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
};
