/**
 * The bench page: starts the bench worker (Backend + Dexie, like the app's data worker) and records long
 * tasks on this page's main thread. The Node driver (bench/browser/driver.ts) calls window.bench.call().
 */
const longTasks: { start: number; duration: number }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
}).observe({ type: 'longtask', buffered: true });

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
let nextId = 1;
const ready = new Promise<void>((resolve) => {
  worker.addEventListener('message', function first(e) {
    if (e.data?.ready) {
      worker.removeEventListener('message', first);
      resolve();
    }
  });
});
worker.addEventListener('message', (e) => {
  const m = e.data as { id?: number; ok: boolean; result?: unknown; error?: string };
  if (m.id === undefined) return;
  const p = pending.get(m.id);
  pending.delete(m.id);
  if (m.ok) p?.resolve(m.result);
  else p?.reject(new Error(m.error));
});
worker.addEventListener('error', (e) => console.error('bench worker error', e.message));

// Something for the main thread to do while the worker imports, like a progress bar would.
let frames = 0;
const el = document.getElementById('ticker')!;
function tick() {
  frames++;
  if (frames % 10 === 0) el.textContent = String(frames);
  requestAnimationFrame(tick);
}
requestAnimationFrame(tick);

async function call(method: string, args: unknown): Promise<any> {
  await ready;
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, method, args });
  });
}

// As the raw sink (a window of the other origin opened by the bench page; a cross-site iframe gets no IndexedDB): forward the parent's calls to this origin's worker.
if (new URLSearchParams(location.search).has('sink')) {
  window.addEventListener('message', async (e: MessageEvent<{ id: number; method: string; args: unknown }>) => {
    try {
      (e.source as Window).postMessage({ id: e.data.id, ok: true, result: await call(e.data.method, e.data.args) }, e.origin);
    } catch (err) {
      (e.source as Window).postMessage({ id: e.data.id, ok: false, error: String(err) }, e.origin);
    }
  });
  (window.opener as Window | null)?.postMessage({ sinkReady: true }, '*');
}

/** The raw comparison: read here, bulkPut in the sink window of `sinkOrigin` (its own IndexedDB). */
async function rawBulkPut(dbName: string, sinkOrigin: string, chunk = 2000) {
  const sinkReady = new Promise<void>((resolve) => {
    window.addEventListener('message', function once(e) {
      if (e.data?.sinkReady) {
        window.removeEventListener('message', once);
        resolve();
      }
    });
  });
  const sinkWindow = window.open(`${sinkOrigin}/__bench/index.html?sink`, 'sink');
  if (!sinkWindow) throw new Error('could not open the sink window');
  await sinkReady;
  const replies = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  let seq = 1;
  const onReply = (e: MessageEvent) => {
    const m = e.data as { id?: number; ok: boolean; result?: unknown; error?: string };
    if (e.origin !== sinkOrigin || m.id === undefined) return;
    const p = replies.get(m.id);
    replies.delete(m.id);
    if (m.ok) p?.resolve(m.result);
    else p?.reject(new Error(m.error));
  };
  window.addEventListener('message', onReply);
  const sinkCall = (method: string, args: unknown) =>
    new Promise<any>((resolve, reject) => {
      const id = seq++;
      replies.set(id, { resolve, reject });
      sinkWindow.postMessage({ id, method, args }, sinkOrigin);
    });
  try {
    const { schema } = await call('rawSource', { dbName });
    await sinkCall('rawOpen', { name: `raw-${dbName}`, schema });
    let ms = 0;
    let docs = 0;
    let readMs = 0;
    for (;;) {
      const r0 = performance.now();
      const page = (await call('rawRead', { chunk })) as unknown[];
      readMs += performance.now() - r0;
      if (!page.length) break;
      ms += (await sinkCall('rawPut', { docs: page })) as number;
      docs += page.length;
    }
    await sinkCall('rawClose', {});
    return { docs, ms, readMs, chunk, schema, sinkOrigin };
  } finally {
    window.removeEventListener('message', onReply);
    sinkWindow.close();
  }
}

(window as unknown as { bench: unknown }).bench = {
  rawBulkPut,
  ready: () => ready,
  call,
  /** Long tasks since the last call. */
  takeLongTasks() {
    return longTasks.splice(0);
  }
};
