/**
 * Drives Debian's Chromium (playwright-core) through the browser measurements:
 * 1. bench page (/__bench/): each data set imported by the app's Backend + Dexie storage in a Worker; worker JS
 *    heap sampled over CDP every 50 ms; long tasks on the page's main thread;
 * 2. query latencies on the largest mixed (Crosstalk CSV) database, and the app's timeline on it (3.);
 *    then the stored events bulkPut raw, one record each, into a fresh IndexedDB (the physical limit);
 * 3. the real app (build/): the same CSV imported through /import (long tasks on the UI thread, the data
 *    worker's heap), then the timeline route: time to the first rendered row and frames over 50 ms while scrolling.
 */
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { relative } from 'node:path';
import type { Dataset } from '../generate/datasets';
import { DATA_DIR } from '../generate/datasets';
import { QUERIES } from '../generate/corpus';
import { startServer } from './server';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run', '--enable-precise-memory-info'];

type Log = (s: string) => void;
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

async function attempt<T>(label: string, log: Log, f: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await f() };
  } catch (err) {
    const error = err instanceof Error ? err.message.split('\n').slice(0, 3).join(' | ') : String(err);
    log(`  ERROR ${label}: ${error}`);
    return { ok: false, error };
  }
}

/** Polls the JS heap of worker targets (and optionally a page) over the browser's CDP session. */
/** Samples between forced collections (at 50 ms a sample: every 10 s). */
const RETAINED_EVERY = 200;

class HeapSampler {
  private sessions = new Map<string, string>();
  private pending = new Map<number, (m: { result?: any }) => void>();
  private nextId = 1;
  private timer: NodeJS.Timeout | null = null;
  /** JS objects and the backing stores of array buffers (file chunks, typed arrays), which V8 keeps outside. */
  peak = 0;
  /** JS objects alone (what this row measured before 2026-12-03, round five). */
  objectsPeak = 0;
  samples = 0;
  /** When the peak was sampled, ms after `start`. */
  peakAt = 0;
  /** The highest sample in each 10 s since `start` (where in an import the heap grows). */
  tenSecondPeaks: number[] = [];
  private startedAt = 0;
  /**
   * With `retained`: the peak of what stays after a full collection, forced every RETAINED_EVERY samples
   * (usedSize also counts garbage a busy worker has not collected yet, which V8 lets grow where memory allows).
   */
  retainedPeak = 0;
  constructor(
    private readonly cdp: CDPSession,
    private readonly isSampled: (url: string) => boolean,
    private readonly retained = false,
    /** With `retained`: also samples allocations and hands over, after each forced collection, what of them stays. */
    private readonly onProfile: ((profile: unknown) => void) | null = null
  ) {
    cdp.on('Target.receivedMessageFromTarget', (e: { message: string }) => {
      const m = JSON.parse(e.message) as { id?: number; result?: any };
      if (m.id !== undefined) {
        this.pending.get(m.id)?.(m);
        this.pending.delete(m.id);
      }
    });
  }
  private async attachAll() {
    const { targetInfos } = (await this.cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
    for (const t of targetInfos) {
      if (t.type !== 'worker' || !this.isSampled(t.url) || this.sessions.has(t.targetId)) continue;
      const { sessionId } = (await this.cdp.send('Target.attachToTarget', { targetId: t.targetId, flatten: false })) as { sessionId: string };
      this.sessions.set(t.targetId, sessionId);
      if (this.onProfile) await this.send(sessionId, 'HeapProfiler.startSampling', 2000, { samplingInterval: 32768 });
    }
  }
  /** One CDP call to a worker; null when it does not answer within `timeoutMs` (a worker that went away). */
  private send(sessionId: string, method: string, timeoutMs: number, params: object = {}): Promise<{ result?: any } | null> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timeout = setTimeout(() => resolve(null), timeoutMs);
      this.pending.set(id, (m) => {
        clearTimeout(timeout);
        resolve(m);
      });
      void this.cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(() => resolve(null));
    });
  }
  private async heap(sessionId: string): Promise<{ objects: number; buffers: number }> {
    const usage = (await this.send(sessionId, 'Runtime.getHeapUsage', 2000))?.result as { usedSize: number; backingStorageSize?: number } | undefined;
    return { objects: usage?.usedSize ?? 0, buffers: usage?.backingStorageSize ?? 0 };
  }
  private async keptAfterCollection(sessionId: string): Promise<number> {
    // A full collection of a large heap takes longer than a sample's 2 s.
    await this.send(sessionId, 'HeapProfiler.collectGarbage', 10_000);
    if (this.onProfile) this.onProfile((await this.send(sessionId, 'HeapProfiler.getSamplingProfile', 30_000))?.result?.profile);
    const { objects, buffers } = await this.heap(sessionId);
    return objects + buffers;
  }
  async start() {
    this.peak = 0;
    this.objectsPeak = 0;
    this.samples = 0;
    this.retainedPeak = 0;
    this.peakAt = 0;
    this.tenSecondPeaks = [];
    this.startedAt = Date.now();
    await this.attachAll();
    let busy = false;
    let ticks = 0;
    this.timer = setInterval(async () => {
      if (busy) return;
      busy = true;
      try {
        if (++ticks % 20 === 0) await this.attachAll();
        let total = 0;
        let objects = 0;
        for (const s of this.sessions.values()) {
          const heap = await this.heap(s);
          total += heap.objects + heap.buffers;
          objects += heap.objects;
        }
        this.samples++;
        const at = Date.now() - this.startedAt;
        if (total > this.peak) [this.peak, this.peakAt] = [total, at];
        const window = Math.floor(at / 10_000);
        this.tenSecondPeaks[window] = Math.max(this.tenSecondPeaks[window] ?? 0, total);
        this.objectsPeak = Math.max(this.objectsPeak, objects);
        if (this.retained && ticks % RETAINED_EVERY === 0) {
          let kept = 0;
          for (const s of this.sessions.values()) kept += await this.keptAfterCollection(s);
          this.retainedPeak = Math.max(this.retainedPeak, kept);
        }
      } catch {
        /* a worker that went away */
      } finally {
        busy = false;
      }
    }, 50);
  }
  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return this.peak;
  }
  /** A peak of 0 from no worker at all would read as a measurement. */
  checkMeasured() {
    if (this.sessions.size === 0) throw new Error('heap sampler: no worker target matched, nothing was measured');
  }
}

export interface BrowserPlan {
  /** Data sets to import through the Backend (and compare with raw bulkPut). */
  imports: Dataset[];
  /** Whether to run the raw bulkPut comparison for each. */
  raw: boolean;
  /** The mixed data set whose database the query metrics use (imported above). */
  queryDataset: Dataset | null;
  /** Data set imported through the real app's /import page (long tasks on the UI thread during an import). */
  uiDataset: Dataset | null;
  /** Measure the app's timeline route on the query data set's database (stored under the app's name). */
  uiRender: boolean;
  /** Big XML imported for the heap metric only. */
  heapOnly: Dataset[];
  queryReps: number;
  /** `--second FORMAT`: after each import, this data set imported onto the database it left (rate and heap). */
  second?: (first: Dataset) => Promise<Dataset>;
  /** `--retained-heap`: also force a full collection in the worker every 10 s and report what stays (slows the import). */
  retainedHeap?: boolean;
  /** `--heap-profile`: with retainedHeap, the allocation sites of what stays after each forced collection (folder for JSON files). */
  heapProfileDir?: string;
  /**
   * `--first-row`: instead of the query metrics and the scroll, the first row only, on each of these builds
   * of the app (served in turn from the same origin, so they open the same database), `rounds` times.
   */
  firstRow?: { builds: { label: string; dir: string }[]; rounds: number };
}

/** Every stored event put raw as a record of its own: keyed by its id alone (`ms`), and by an auto-incremented key (`limitMs`). */
export interface RawResult {
  docs: number;
  ms: number;
  limitMs: number;
  readMs: number;
}

export interface ImportResult {
  dataset: string;
  events: number;
  bytes: number;
  ms: number;
  openMs: number;
  status: string;
  error: string | null;
  heapPeak: number;
  /** The JS objects' own peak (heapPeak adds array buffers' backing stores). */
  heapObjectsPeak: number;
  /** With plan.retainedHeap, after a forced full collection every 10 s (else, or for an import shorter than that, 0). */
  heapRetainedPeak: number;
  heapSamples: number;
  pageLongTaskMax: number;
  raw?: Outcome<RawResult>;
}

export interface BrowserResults {
  chromium: string;
  imports: Outcome<ImportResult>[];
  queries?: Outcome<Record<string, unknown>>;
  ui?: Outcome<Record<string, unknown>>;
  uiRender?: Outcome<Record<string, unknown>>;
  firstRow?: Outcome<FirstRowResult>;
}

function dataUrl(origin: string, d: Dataset): string {
  return `${origin}/__data/${relative(DATA_DIR, d.path).split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * A persistent profile in a temporary folder, as a real user's browser has: Playwright's default (incognito)
 * contexts keep IndexedDB in memory, where bulk writes measured ~4× slower than on disk.
 */
async function launch(options: Parameters<typeof chromium.launchPersistentContext>[1] = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'crosstalk-bench-'));
  const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, args: ARGS, serviceWorkers: 'block', ...options });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

export async function runBrowser(plan: BrowserPlan, log: Log): Promise<BrowserResults> {
  const { server, origin, setBuild } = await startServer();
  /** The raw sinks run in other origins (another site, another port), so each IndexedDB is a store of its own. */
  const sinkOrigin = origin.replace('127.0.0.1', 'localhost');
  const limitServer = await startServer();
  const limitOrigin = limitServer.origin.replace('127.0.0.1', 'localhost');
  const results: BrowserResults = { chromium: '?', imports: [] };
  try {
    // A fresh profile per data set: Chromium keeps an origin's IndexedDB databases in one LevelDB, and deleted
    // databases slow later writes down (measured: 2,100 → 790 ev/s over four 100k imports in one profile).
    for (const d of [...plan.imports, ...plan.heapOnly]) {
      const heapOnly = plan.heapOnly.includes(d);
      const bench = await launch();
      try {
        results.chromium = bench.context.browser()?.version() ?? results.chromium;
        const benchPage = async () => {
          const p = bench.context.pages()[0] ?? (await bench.context.newPage());
          p.on('console', (m) => {
            if (m.type() === 'error') log(`  [page] ${m.text().slice(0, 300)}`);
          });
          await p.goto(`${origin}/__bench/index.html`);
          await p.evaluate(() => (window as any).bench.ready());
          return p;
        };
        const page = await benchPage();
        const cdp = await bench.context.newCDPSession(page);
        const withTimeout = <T>(p: Promise<T>, what: string, timeoutMs: number) =>
          Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} timed out after ${Math.round(timeoutMs / 1000)} s`)), timeoutMs))]);
        const call = <T>(method: string, args: unknown, timeoutMs: number) =>
          withTimeout(page.evaluate(([m, a]) => (window as any).bench.call(m, a), [method, args] as const) as Promise<T>, method, timeoutMs);
        let profiles = 0;
        const profileDir = plan.heapProfileDir;
        const sampler = new HeapSampler(cdp, (url) => url.includes('/__bench/'), plan.retainedHeap, profileDir ? (p) => ++profiles % 6 === 1 && writeFileSync(join(profileDir, `${d.id.replace(/\W/g, '_')}-${profiles}.heapprofile`), JSON.stringify(p)) : null);
        // The query data set is stored under the app's own database name, so the app's timeline can show it.
        const dbName = d === plan.queryDataset ? 'crosstalk' : `bench_${d.format}_${d.label}`.replace(/[^a-z0-9_]/gi, '_');
        log(`  browser import ${d.id} (${(d.bytes / 1e6).toFixed(0)} MB, ${d.events} events)…`);
        const timeout = 120_000 + d.events * 5;
        /** One import through the bench worker, its heap sampled; `onto` keeps the database the last one left. */
        const imported = async (ds: Dataset, label: string, onto: boolean): Promise<ImportResult> => {
          await page.evaluate(() => (window as any).bench.takeLongTasks());
          await sampler.start();
          let imp: { ms: number; openMs: number; report: { imported: number; status: string; error: string | null } };
          try {
            imp = await call('importFile', { url: dataUrl(origin, ds), name: ds.importName, size: ds.bytes, dbName, onto }, 120_000 + ds.events * 5);
          } finally {
            sampler.stop();
          }
          sampler.checkMeasured();
          const lts = (await page.evaluate(() => (window as any).bench.takeLongTasks())) as { duration: number }[];
          log(`    ${imp.report.status} ${imp.report.imported} events in ${(imp.ms / 1000).toFixed(1)} s = ${Math.round(imp.report.imported / (imp.ms / 1000))} ev/s, worker heap peak ${(sampler.peak / 1e6).toFixed(0)} MB at ${(sampler.peakAt / 1000).toFixed(1)} s (JS objects ${(sampler.objectsPeak / 1e6).toFixed(0)} MB; per 10 s: ${Array.from(sampler.tenSecondPeaks, (b) => Math.round((b ?? 0) / 1e6)).join(' ')})${imp.report.error ? ' — ' + imp.report.error : ''}`);
          if (imp.report.status !== 'done') throw new Error(`import ${imp.report.status}: ${imp.report.error}`);
          return {
            dataset: label,
            events: imp.report.imported,
            bytes: ds.bytes,
            ms: imp.ms,
            openMs: imp.openMs,
            status: imp.report.status,
            error: imp.report.error,
            heapPeak: sampler.peak,
            heapObjectsPeak: sampler.objectsPeak,
            heapRetainedPeak: sampler.retainedPeak,
            heapSamples: sampler.samples,
            pageLongTaskMax: Math.max(0, ...lts.map((l) => l.duration))
          };
        };
        const r = await attempt(`import ${d.id}`, log, () => imported(d, d.id, false));
        results.imports.push(r);
        if (plan.second && r.ok && !heapOnly) {
          const then = await plan.second(d);
          log(`  browser import ${then.id} onto ${d.id}…`);
          results.imports.push(await attempt(`import ${then.id} onto ${d.id}`, log, () => imported(then, `${then.id} onto ${d.id}`, true)));
        }
        if (d === plan.queryDataset && plan.firstRow) {
          await attempt('close bench backend', log, () => call('close', { dbName }, 600_000));
          await page.close();
          results.firstRow = await measureFirstRows(bench.context, origin, setBuild, plan.firstRow, log);
        } else if (d === plan.queryDataset) {
          log(`  queries on ${d.id}…`);
          results.queries = await attempt('queries', log, () =>
            call<Record<string, unknown>>('queries', { dbName, zh: QUERIES.zh, en: QUERIES.en, reps: plan.queryReps, budgetMs: 240_000 }, 3_600_000)
          );
          if (plan.uiRender) {
            if (!existsSync('build/index.html')) results.uiRender = { ok: false, error: 'build/index.html missing (the app build failed)' };
            else {
              await attempt('close bench backend', log, () => call('close', { dbName }, 600_000));
              await page.close();
              results.uiRender = await measureTimeline(bench.context, origin, d, log);
            }
          }
        }
        // Last: writing and deleting a copy of every event leaves the browser compacting its storage for a while,
        // which slowed the queries measured after it (Chinese search p95 105-108 ms, 30 ms without it).
        if (plan.raw && !heapOnly && r.ok) {
          const rawPage = page.isClosed() ? await benchPage() : page;
          r.value.raw = await attempt(`raw bulkPut ${d.id}`, log, () =>
            withTimeout(rawPage.evaluate(([n, o, l]) => (window as any).bench.rawBulkPut(n, o, l), [dbName, sinkOrigin, limitOrigin] as const) as Promise<RawResult>, 'raw bulkPut', 2 * timeout)
          );
          if (r.value.raw.ok) {
            const { docs, ms, limitMs } = r.value.raw.value;
            log(`    raw bulkPut ${docs} events keyed by id in ${(ms / 1000).toFixed(1)} s = ${Math.round(docs / (ms / 1000))} docs/s; auto-incremented key: ${(limitMs / 1000).toFixed(1)} s = ${Math.round(docs / (limitMs / 1000))} docs/s`);
          }
        }
      } finally {
        await bench.close();
      }
    }

    if (plan.uiDataset) {
      if (!existsSync('build/index.html')) results.ui = { ok: false, error: 'build/index.html missing (the app build failed)' };
      else results.ui = await runUiImport(origin, plan.uiDataset, log);
    }
    return results;
  } finally {
    server.close();
    limitServer.server.close();
  }
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

function topSelfTime(p: CpuProfile, n: number): string {
  const byId = new Map(p.nodes.map((x) => [x.id, x]));
  const self = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}`.trim();
    const dt = p.timeDeltas[i] ?? 0;
    total += dt;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  return [...self]
    .filter(([k]) => !k.startsWith('(idle)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, t]) => `${k} ${Math.round(t / 1000)} ms (${Math.round((100 * t) / total)}%)`)
    .join('; ');
}

/** Scrolls the timeline for 8 s, 300 px per frame, and records frame intervals (a string: no bundler helpers). */
const SCROLL_SCRIPT = `new Promise((resolve) => {
  const el = document.querySelector('[data-testid="scroller"]');
  const deltas = [];
  let last = performance.now();
  const end = last + 8000;
  window.__lt = [];
  function frame(now) {
    deltas.push(now - last);
    last = now;
    el.scrollTop += 300;
    if (now < end) requestAnimationFrame(frame);
    else resolve({ frames: deltas.length, over50: deltas.filter((x) => x > 50).length, max: Math.max(...deltas), rows: document.querySelectorAll('[data-testid="event"]').length, scrollTop: el.scrollTop, longTasks: window.__lt.length, longTaskMax: Math.max(0, ...window.__lt.map((l) => l.duration)) });
  }
  requestAnimationFrame(frame);
})`;

const INIT_SCRIPT = `
  window.__calls = [];
  const NativeWorker = window.Worker;
  window.Worker = function (url, options) {
    window.__workerAt ??= performance.now();
    const w = new NativeWorker(url, options);
    const sent = new Map();
    w.addEventListener('message', (e) => {
      const m = e.data;
      if (m && (m.type === 'result' || m.type === 'error') && sent.has(m.id)) {
        const c = sent.get(m.id);
        window.__calls.push({ method: c.method, sent: Math.round(c.at), done: Math.round(performance.now()) });
        sent.delete(m.id);
      }
    });
    const post = w.postMessage.bind(w);
    w.postMessage = (m, t) => {
      if (m && m.method) sent.set(m.id, { method: m.method, at: performance.now() });
      return post(m, t);
    };
    return w;
  };
  window.Worker.prototype = NativeWorker.prototype;
  window.__lt = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push({ start: e.startTime, duration: e.duration }); })
    .observe({ type: 'longtask', buffered: true });
  window.__firstRow = null;
  new MutationObserver((_, obs) => {
    if (document.querySelector('[data-testid="event"]')) { window.__firstRow = performance.now(); obs.disconnect(); }
  }).observe(document, { childList: true, subtree: true });
`;

/** The real app, its own profile: the data set imported through /import; long tasks on the UI thread. */
async function runUiImport(origin: string, d: Dataset, log: Log): Promise<Outcome<Record<string, unknown>>> {
  const app = await launch({ viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'Asia/Shanghai' });
  try {
    await app.context.addInitScript(INIT_SCRIPT);
    const page: Page = app.context.pages()[0] ?? (await app.context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error') log(`  [app] ${m.text().slice(0, 300)}`);
    });
    const cdp = await app.context.newCDPSession(page);
    log(`  app UI import of ${d.id} through /import…`);
    return await attempt('app UI import', log, async () => {
      await page.goto(`${origin}/import`);
      await page.locator('main h1').waitFor();
      // The data worker is a blob: worker when build/index.html starts it early (scripts/early-worker.js).
      const sampler = new HeapSampler(cdp, (url) => url.includes('/_app/') || url.startsWith('blob:'));
      await sampler.start();
      await page.evaluate(() => ((window as any).__lt = []));
      const t0 = Date.now();
      await page.getByTestId('file-input').setInputFiles(d.path);
      const cell = page.locator(`tr[data-file="${d.path.split('/').pop()}"] td[data-col="imported"]`);
      await cell.waitFor({ timeout: 120_000 + d.events * 5 });
      const ms = Date.now() - t0;
      sampler.stop();
      sampler.checkMeasured();
      const imported = Number((await cell.textContent())?.replace(/\D/g, '') ?? 0);
      const lts = (await page.evaluate(() => (window as any).__lt)) as { duration: number }[];
      const max = Math.max(0, ...lts.map((l) => l.duration));
      log(`    imported ${imported} in ${(ms / 1000).toFixed(1)} s; UI thread: ${lts.length} long tasks, max ${Math.round(max)} ms; data worker heap peak ${(sampler.peak / 1e6).toFixed(0)} MB`);
      return { dataset: d.id, imported, ms, longTasks: lts.length, longTaskMax: max, over100: lts.filter((l) => l.duration > 100).length, workerHeapPeak: sampler.peak };
    });
  } finally {
    await app.close();
  }
}

/** The app's timeline route on a filled database: first rendered row after navigation, then scrolling. */
async function measureTimeline(context: BrowserContext, origin: string, d: Dataset, log: Log): Promise<Outcome<Record<string, unknown>>> {
  await context.addInitScript(INIT_SCRIPT);
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  page.on('console', (m) => {
    if (m.type() === 'error') log(`  [app] ${m.text().slice(0, 300)}`);
  });
  const cdp = await context.newCDPSession(page);
  log(`  app timeline with ${d.id} stored: first row, scrolling…`);
  return attempt('app timeline render/scroll', log, async () => {
      // The first visit loads and compiles the app's code. Chromium keeps a script's compiled code from its
      // second load on and uses it from the third: a returning user's visit (measured third, against the
      // target) finds the code in the HTTP and V8 code caches.
      const visit = async () => {
        await page.goto(`${origin}/`);
        await page.locator('[data-testid="event"]').first().waitFor({ timeout: 600_000 });
        return (await page.evaluate(() => (window as any).__firstRow)) as number;
      };
      const firstVisitRow = await visit();
      log(`    first row on the first visit (code not cached yet): ${Math.round(firstVisitRow)} ms after navigation`);
      await visit();
      const firstRow = await visit();
      // The app's calls to its data worker until the first row: what the first row waited for.
      const calls = ((await page.evaluate(() => (window as any).__calls)) as { method: string; sent: number; done: number }[])
        .filter((c) => c.sent <= firstRow)
        .map((c) => `${c.method} ${c.sent}→${c.done} ms`)
        .join(', ');
      log(`    worker calls before the first row: ${calls}`);
      const nav = (await page.evaluate(() => {
        const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        return { domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd };
      })) as { domContentLoaded: number; load: number };
      // A CPU profile of the main thread while scrolling says where long frames go (top self-time functions).
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
      const scroll = (await page.evaluate(SCROLL_SCRIPT)) as { frames: number; over50: number; max: number; scrollTop: number };
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
      const hot = topSelfTime(profile, 8);
      const loaded = await page.getByTestId('scroller').getByRole('status').textContent().catch(() => null);
      log(`    first row at ${Math.round(firstRow)} ms after navigation; scrolling: ${scroll.frames} frames, ${scroll.over50} over 50 ms (max ${Math.round(scroll.max)} ms); ${loaded}`);
      log(`    main thread while scrolling, top self time: ${hot}`);
      return { dataset: d.id, firstRowMs: firstRow, firstVisitRowMs: firstVisitRow, ...nav, scroll, loaded, hot, calls };
  });
}

export interface FirstRowVisit {
  build: string;
  firstRowMs: number;
  domContentLoaded: number;
  /** When the page constructed the data worker, ms after navigation. */
  workerAt: number;
  /** The data worker's performance marks (ct:…), ms after the page's navigation. */
  marks: Record<string, number>;
  calls: string;
}

export interface FirstRowResult {
  firstVisits: FirstRowVisit[];
  visits: FirstRowVisit[];
}

/** The data worker's `ct:` marks, on the page's clock (both clocks from their time origins). */
async function workerMarks(page: Page): Promise<Record<string, number>> {
  const pageOrigin = (await page.evaluate(() => performance.timeOrigin)) as number;
  for (const w of page.workers().reverse()) {
    const marks = await w
      .evaluate(() => ({ origin: performance.timeOrigin, marks: performance.getEntriesByType('mark').filter((m) => m.name.startsWith('ct:')).map((m) => [m.name, m.startTime] as const) }))
      .catch(() => null);
    // A dedicated worker's time origin is when it was created.
    if (marks?.marks.length) return Object.fromEntries([['ct:created', Math.round(marks.origin - pageOrigin)], ...marks.marks.map(([name, t]) => [name, Math.round(marks.origin + t - pageOrigin)])]);
  }
  return {};
}

/**
 * The first row on each build in turn, `rounds` times (the order alternates each round): what the timeline's
 * first row waits for, without the query metrics. Each round visits a build first with the browser's cache
 * emptied (a first visit), then returning; after one visit not counted (see below).
 */
async function measureFirstRows(context: BrowserContext, origin: string, setBuild: (dir: string) => void, plan: NonNullable<BrowserPlan['firstRow']>, log: Log): Promise<Outcome<FirstRowResult>> {
  await context.addInitScript(INIT_SCRIPT);
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  page.on('console', (m) => {
    if (m.type() === 'error') log(`  [app] ${m.text().slice(0, 300)}`);
  });
  const visit = async (build: { label: string; dir: string }): Promise<FirstRowVisit> => {
    setBuild(build.dir);
    await page.goto(`${origin}/`);
    await page.locator('[data-testid="event"]').first().waitFor({ timeout: 600_000 });
    const v = (await page.evaluate(() => {
      const w = window as any;
      const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return { firstRow: w.__firstRow as number, workerAt: (w.__workerAt ?? NaN) as number, dcl: n.domContentLoadedEventEnd, calls: w.__calls as { method: string; sent: number; done: number }[] };
    })) as { firstRow: number; workerAt: number; dcl: number; calls: { method: string; sent: number; done: number }[] };
    const calls = v.calls.filter((c) => c.sent <= v.firstRow).map((c) => `${c.method} ${c.sent}→${c.done}`).join(', ');
    const marks = await workerMarks(page);
    return { build: build.label, firstRowMs: Math.round(v.firstRow), domContentLoaded: Math.round(v.dcl), workerAt: Math.round(v.workerAt), marks, calls };
  };
  const show = (r: FirstRowVisit) =>
    `${r.build}: first row ${r.firstRowMs} ms (DCL ${r.domContentLoaded}, worker constructed ${r.workerAt}; ${r.calls}; worker ${Object.entries(r.marks).map(([k, t]) => `${k.slice(3)} ${t}`).join(', ')}) load ${loadavg()[0].toFixed(2)}`;
  return attempt('first row', log, async () => {
    const cdp = await context.newCDPSession(page);
    const firstVisits: FirstRowVisit[] = [];
    const visits: FirstRowVisit[] = [];
    // Not counted: right after the import the browser is still busy with its writes (a first visit then took twice as long).
    await visit(plan.builds[0]);
    for (let round = 0; round < plan.rounds; round++) {
      const order = round % 2 ? [...plan.builds].reverse() : plan.builds;
      for (const build of order) {
        // None of its code cached (builds share most chunks, named by their content), then once more to bring
        // it into the caches (Chromium uses compiled code from a script's third load), then measured.
        await cdp.send('Network.clearBrowserCache');
        const first = await visit(build);
        firstVisits.push(first);
        await visit(build);
        const r = await visit(build);
        visits.push(r);
        log(`    round ${round + 1} first visit ${show(first)}`);
        log(`    round ${round + 1} ${show(r)}`);
      }
    }
    return { firstVisits, visits };
  });
}
