/// <reference lib="webworker" />
/**
 * The bench page's data worker: runs the app's Backend with the Dexie storage in a Worker, as the app does
 * (src/lib/db/worker.ts), and the raw-IndexedDB comparison in the same worker.
 */
import { Dexie } from 'dexie';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { Backend, type TimelineQuery } from '../../src/lib/db/backend';
import type { InputFile } from '../../src/lib/db/import/service';
import { eventsOf } from '../../src/lib/db/store/event-packs';
import type { EventDoc } from '../../src/lib/db/store/schema';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const open = new Map<string, Backend>();

async function backendFor(dbName: string): Promise<Backend> {
  let b = open.get(dbName);
  if (!b) {
    b = await Backend.open(getRxStorageDexie(), dbName);
    open.set(dbName, b);
  }
  return b;
}

async function closeBackend(dbName: string) {
  const b = open.get(dbName);
  open.delete(dbName);
  if (b) await b.close();
}

function fetchInput(url: string, name: string, size: number): InputFile {
  return {
    name,
    size,
    async *chunks() {
      const res = await fetch(url);
      if (!res.ok || !res.body) throw new Error(`fetch ${url}: ${res.status}`);
      const reader = res.body.getReader();
      for (let r = await reader.read(); !r.done; r = await reader.read()) yield r.value;
    }
  };
}

async function deleteDb(dbName: string) {
  await closeBackend(dbName);
  const all = await indexedDB.databases();
  for (const d of all) {
    if (d.name && (d.name.startsWith(`rxdb-dexie-${dbName}--`) || d.name === `raw-${dbName}`)) await Dexie.delete(d.name);
  }
}

/** With `onto`, into the database as an earlier import left it (else into a fresh one). */
async function importFile(a: { url: string; name: string; size: number; dbName: string; onto?: boolean }) {
  if (!a.onto) await deleteDb(a.dbName);
  const t0 = performance.now();
  const backend = await backendFor(a.dbName);
  const tOpen = performance.now();
  let progressCalls = 0;
  const [report] = await backend.importFiles([fetchInput(a.url, a.name, a.size)], () => progressCalls++);
  const t1 = performance.now();
  // RxDB's free tier allows 13 open collections per realm (this database has 9): close before the next one.
  await closeBackend(a.dbName);
  return { openMs: tOpen - t0, ms: t1 - tOpen, totalMs: t1 - t0, report: { ...report, skipped: report.skipped.slice(0, 3) }, progressCalls };
}

/**
 * The physical limit, in two halves that run in different origins (so the raw database lives in a LevelDB of
 * its own, as empty as the one the import started with): this origin reads back every stored event from its
 * pack, each one a record of its own (the same bytes as the event), about 2,000 at a time (the app's insert
 * chunk before packs); the sink page of the other origin puts them into a fresh IndexedDB database. Only the
 * puts are timed.
 */
let reading: { dbName: string; pages: AsyncGenerator<EventDoc[]> } | null = null;

async function rawSource(a: { dbName: string; chunk: number }) {
  const backend = await backendFor(a.dbName);
  reading = { dbName: a.dbName, pages: eventsOf(backend.db).pages(a.chunk) };
  return true;
}

async function rawRead(): Promise<EventDoc[]> {
  if (!reading) throw new Error('rawSource first');
  const next = await reading.pages.next();
  if (!next.done) return next.value;
  await closeBackend(reading.dbName);
  reading = null;
  return [];
}

let sink: Dexie | null = null;

async function rawOpen(a: { name: string; schema: string }) {
  await Dexie.delete(a.name);
  sink = new Dexie(a.name);
  sink.version(1).stores({ docs: a.schema });
  await sink.open();
  return true;
}

async function rawPut(a: { docs: unknown[] }) {
  const t0 = performance.now();
  await sink!.table('docs').bulkPut(a.docs);
  return performance.now() - t0;
}

async function rawClose() {
  const name = sink?.name;
  sink?.close();
  sink = null;
  if (name) await Dexie.delete(name);
  return true;
}

function percentile(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

async function timed<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await f();
  return [performance.now() - t0, r];
}

/** Query latencies on a filled database: cold open + first page, search (zh/en), filters, paging. */
async function queries(a: { dbName: string; zh: string[]; en: string[]; reps: number; budgetMs: number }) {
  // The association right after a data change (no snapshot yet): people from every party, contact and edit.
  await closeBackend(a.dbName);
  const [assocMs] = await timed(async () => (await backendFor(a.dbName)).associationState());
  // The app opened again: Backend.open, then the first page (association read from its snapshot meanwhile).
  await closeBackend(a.dbName);
  const [openMs, backend] = await timed(() => backendFor(a.dbName));
  const [firstPageColdMs, first] = await timed(() => backend.timeline({}, null, 50));
  const firstWarm: number[] = [];
  // RxDB caches a query's results until the collection changes: a different limit makes each run a new query.
  for (let i = 1; i <= a.reps; i++) firstWarm.push((await timed(() => backend.timeline({}, null, 50 + i)))[0]);
  const [countMs, stats] = await timed(() => backend.stats());

  const search = async (qs: string[]) => {
    const times: number[] = [];
    const hits: Record<string, number> = {};
    // Each query once: a repeat would be answered from RxDB's query cache, not the search path.
    // A time budget keeps a pathologically slow search from running for hours at 1M: the rest are skipped.
    const budget = performance.now() + a.budgetMs;
    for (const q of qs) {
      if (times.length >= 2 && performance.now() > budget) break;
      const [ms, page] = await timed(() => backend.timeline({ text: q }, null, 50));
      times.push(ms);
      hits[q] = page.events.length;
    }
    return { p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times), n: times.length, of: qs.length, firstPageHits: hits };
  };
  const zh = await search(a.zh);
  const en = await search(a.en);

  // Reading a search page's hits again (each query's first page, 50 events): the moment directory, then the packs.
  const reads: number[] = [];
  for (const q of [...a.zh, ...a.en]) {
    const moments = [...new Set((await backend.timeline({ text: q }, null, 50)).events.map((e) => e.startInv))];
    reads.push((await timed(() => eventsOf(backend.db).atMoments(moments)))[0]);
  }
  const pageRead = { p50: percentile(reads, 50), p95: percentile(reads, 95), n: reads.length };

  const newest = first.events[0]?.start ?? Date.now();
  const people = await backend.people();
  const filters: Record<string, TimelineQuery> = {
    'channel=whatsapp': { channels: ['whatsapp'] },
    'kind=call': { kinds: ['call'] },
    'direction=in + kind=message': { directions: ['in'], kinds: ['message'] },
    'status=missed': { kinds: ['call'], statuses: ['missed'] },
    '30-day range, 1 year back': { from: newest - 395 * 86400_000, to: newest - 365 * 86400_000 },
    'person (most events)': people[0] ? { person: people[0].id } : {},
    'person + status=missed': { person: people[0]?.id, kinds: ['call'], statuses: ['missed'] },
    'Chinese search + channel=whatsapp': { text: a.zh[0], channels: ['whatsapp'] }
  };
  const filterTimes: number[] = [];
  const perFilter: Record<string, { p50: number; rows: number }> = {};
  for (const [label, q] of Object.entries(filters)) {
    const ts: number[] = [];
    let rows = 0;
    for (let i = 1; i <= a.reps; i++) {
      const [ms, page] = await timed(() => backend.timeline(q, null, 50 + i));
      ts.push(ms);
      rows = page.events.length;
    }
    filterTimes.push(...ts);
    perFilter[label] = { p50: percentile(ts, 50), rows };
  }
  const [personSearchMs, personSearch] = await timed(() => backend.timeline(people[0] ? { person: people[0].id, text: a.zh[1] } : { text: a.zh[1] }, null, 50));
  // Scrolling at the backend level: 20 pages down from the top.
  const pageTimes: number[] = [];
  let cursor = first.next;
  for (let i = 0; i < 20 && cursor; i++) {
    const [ms, page] = await timed(() => backend.timeline({}, cursor, 50));
    pageTimes.push(ms);
    cursor = page.next;
  }
  return {
    events: stats.events,
    people: stats.people,
    openMs,
    firstPageColdMs,
    assocMs,
    firstPageWarmP50: percentile(firstWarm, 50),
    statsMs: countMs,
    zh,
    en,
    filter: { p50: percentile(filterTimes, 50), p95: percentile(filterTimes, 95), max: Math.max(...filterTimes), perFilter },
    personSearch: { ms: personSearchMs, rows: personSearch.events.length },
    pageRead,
    nextPage: { p50: percentile(pageTimes, 50), p95: percentile(pageTimes, 95) }
  };
}

const methods: Record<string, (a: never) => Promise<unknown>> = {
  importFile,
  rawSource,
  rawRead,
  rawOpen,
  rawPut,
  rawClose,
  queries,
  deleteDb: (a: { dbName: string }) => deleteDb(a.dbName),
  close: (a: { dbName: string }) => closeBackend(a.dbName)
};

scope.onmessage = async (e: MessageEvent<{ id: number; method: string; args: never }>) => {
  const { id, method, args } = e.data;
  try {
    scope.postMessage({ id, ok: true, result: await methods[method](args) });
  } catch (err) {
    scope.postMessage({ id, ok: false, error: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) });
  }
};
scope.postMessage({ ready: true });
