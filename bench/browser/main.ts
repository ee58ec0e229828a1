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

/** A window of another origin forwarding calls to that origin's bench worker (its own IndexedDB). */
async function openSink(origin: string, name: string) {
  const sinkReady = new Promise<void>((resolve) => {
    window.addEventListener('message', function once(e) {
      if (e.origin === origin && e.data?.sinkReady) {
        window.removeEventListener('message', once);
        resolve();
      }
    });
  });
  const sinkWindow = window.open(`${origin}/__bench/index.html?sink`, name);
  if (!sinkWindow) throw new Error(`could not open the ${name} window`);
  await sinkReady;
  const replies = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  let seq = 1;
  const onReply = (e: MessageEvent) => {
    const m = e.data as { id?: number; ok: boolean; result?: unknown; error?: string };
    if (e.origin !== origin || m.id === undefined) return;
    const p = replies.get(m.id);
    replies.delete(m.id);
    if (m.ok) p?.resolve(m.result);
    else p?.reject(new Error(m.error));
  };
  window.addEventListener('message', onReply);
  return {
    call: (method: string, args: unknown) =>
      new Promise<any>((resolve, reject) => {
        const id = seq++;
        replies.set(id, { resolve, reject });
        sinkWindow.postMessage({ id, method, args }, origin);
      }),
    close() {
      window.removeEventListener('message', onReply);
      sinkWindow.close();
    }
  };
}

/**
 * The physical limit: every stored event as one record of its own (the same bytes), read here about 2,000 at
 * a time, `bulkPut` into a fresh IndexedDB database keyed by the event's id with no other index (in
 * `sinkOrigin`: the limit), and into one with an auto-incremented key (in `limitOrigin`: cheaper
 * still, keys in insertion order). Each origin has a LevelDB of its own; the two puts of a chunk alternate
 * which goes first.
 */
async function rawBulkPut(dbName: string, sinkOrigin: string, limitOrigin: string, chunk = 2000) {
  const sink = await openSink(sinkOrigin, 'sink');
  const limit = await openSink(limitOrigin, 'limit');
  try {
    const schema = 'id';
    await call('rawSource', { dbName, chunk });
    await sink.call('rawOpen', { name: `raw-${dbName}`, schema });
    await limit.call('rawOpen', { name: `limit-${dbName}`, schema: '++' });
    let ms = 0;
    let limitMs = 0;
    let docs = 0;
    let readMs = 0;
    for (let n = 0; ; n++) {
      const r0 = performance.now();
      const page = (await call('rawRead', {})) as unknown[];
      readMs += performance.now() - r0;
      if (!page.length) break;
      if (n % 2) limitMs += (await limit.call('rawPut', { docs: page })) as number;
      ms += (await sink.call('rawPut', { docs: page })) as number;
      if (!(n % 2)) limitMs += (await limit.call('rawPut', { docs: page })) as number;
      docs += page.length;
    }
    await sink.call('rawClose', {});
    await limit.call('rawClose', {});
    return { docs, ms, limitMs, readMs, chunk, schema, sinkOrigin };
  } finally {
    sink.close();
    limit.close();
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
