/**
 * `npx tsx bench/browser/idb-probe.ts [--events N] [--layouts random,ordered,packs,indexed,lean,ordered-lean]`:
 * what IndexedDB itself can take in Debian Chromium, without RxDB or Dexie: N event-sized records (~600
 * bytes, like a stored event) put in transactions of 2,000, in these layouts — one record per event under
 * random 43-character keys (our ids are hashes) or keys in insertion order, with no secondary index; packs of
 * 25 events per record; and one record per event with the events collection's seven indexes as RxDB's Dexie
 * storage makes them (`indexed`), without the two bookkeeping ones, `importId` and `seq` (`lean`), and the
 * same under ordered keys (`ordered-lean`); and `party-packs`, the design of bench/README.md "Packs: which order":
 * events gathered 50,000 at a time, sorted by party then time and merged into packs of up to 64 (each party's
 * last pack read back and rewritten), stored as text under RxDB's own three indexes, then pages of 50 events
 * at random (party, moment) keys read back, each in one transaction. Each layout runs in a fresh profile;
 * prints events/s per fifth of the run, so the slowdown as the database grows shows. The evidence behind
 * bench/README.md "Import at 1M".
 */
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM } from './driver';

type Layout = 'random' | 'ordered' | 'packs' | 'indexed' | 'lean' | 'ordered-lean' | 'party-packs';

/** Runs in a worker of the probe page (plain JavaScript: sent as text): the same records as stored events, put raw. */
const WORKER = `
function probe(n, layout) {
  const PACK = 25;
  const CHUNK = 2000;
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let seed = 20261202;
  const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const text = (k) => Array.from({ length: k }, () => alphabet[(random() * 36) | 0]).join('');
  const base = Date.UTC(2026, 0, 1);
  const event = (i) => ({
    id: layout.startsWith('ordered') ? 'ct3-' + i.toString(36).padStart(8, '0') + text(31) : text(43),
    channel: 'phone', kind: 'message', direction: i % 2 ? 'in' : 'out', status: 'received', handle: null, name: '王小明',
    phone: '+86138001' + String(i % 300).padStart(5, '0'), conversation: null, thread: null, start: base - i * 60_000,
    startInv: 1e14 - (base - i * 60_000), durationSec: 0, video: false, body: '周末一起去吃火锅吧 dinner at the usual place ' + text(20),
    attachments: [], transport: 'sms', source: { format: 'crosstalk-csv', file: 'phone-dump.csv', line: i + 2 },
    party: 'phone:+86138001' + String(i % 300).padStart(5, '0'), importId: 'import-1', seq: i, onPhone: false,
    _deleted: '0', _meta: { lwt: base + i }, _rev: '1-a', _attachments: {}
  });
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('probe-' + layout, 1);
    open.onupgradeneeded = () => {
      const store = open.result.createObjectStore('docs', { keyPath: 'id' });
      const rxdb = [['_deleted', 'id'], ['_meta.lwt', 'id'], '_meta.lwt'];
      const ours = [['_deleted', 'startInv', 'id'], ['_deleted', 'party', 'startInv', 'id']];
      const bookkeeping = [['_deleted', 'importId', 'id'], ['_deleted', 'seq', 'id']];
      const indexes = layout === 'indexed' ? [...rxdb, ...ours, ...bookkeeping] : layout.endsWith('lean') ? [...rxdb, ...ours] : layout === 'party-packs' ? rxdb : [];
      indexes.forEach((keyPath, k) => store.createIndex('i' + k, keyPath));
    };
    open.onerror = () => reject(open.error);
    open.onsuccess = async () => {
      const db = open.result;
      const put = (docs) =>
        new Promise((done, fail) => {
          const t = db.transaction('docs', 'readwrite');
          for (const d of docs) t.objectStore('docs').put(d);
          t.oncomplete = () => done();
          t.onerror = () => fail(t.error);
        });
      if (layout === 'party-packs') return resolve(await partyPacks(db, n, event));
      const fifths = [];
      const t0 = performance.now();
      let mark = t0;
      let counted = 0;
      for (let i = 0; i < n; i += CHUNK) {
        const events = Array.from({ length: Math.min(CHUNK, n - i) }, (_, k) => event(i + k));
        const docs = layout === 'packs' ? Array.from({ length: Math.ceil(events.length / PACK) }, (_, p) => ({ id: 'p' + String(i + p * PACK).padStart(9, '0'), events: events.slice(p * PACK, (p + 1) * PACK) })) : events;
        await put(docs);
        const done = Math.min(n, i + CHUNK);
        if (done * 5 >= (fifths.length + 1) * n) {
          const now = performance.now();
          fifths.push(Math.round((done - counted) / ((now - mark) / 1000)));
          mark = now;
          counted = done;
        }
      }
      db.close();
      resolve({ ms: performance.now() - t0, fifths });
    };
  });
}

async function partyPacks(db, n, event) {
  const GATHER = 50000;
  const PACK = 64;
  const pad = (x) => String(x).padStart(15, '0');
  const keyOf = (e) => e.party + '\\u0000' + pad(e.startInv) + e.id;
  const tail = (party) => party + '\\u0000~';
  const doc = (id, events) => ({ id, data: JSON.stringify(events), _deleted: '0', _meta: { lwt: Date.now() }, _rev: '1-a', _attachments: {} });
  const request = (r) => new Promise((done, fail) => { r.onsuccess = () => done(r.result); r.onerror = () => fail(r.error); });
  const fifths = [];
  const t0 = performance.now();
  let mark = t0;
  let counted = 0;
  let records = 0;
  const sample = [];
  for (let i = 0; i < n; i += GATHER) {
    const events = Array.from({ length: Math.min(GATHER, n - i) }, (_, k) => event(i + k));
    // Keys to read back later (ids are random, so they are kept as written).
    for (let k = 0; k < events.length; k += 97) sample.push(keyOf(events[k]));
    const byParty = new Map();
    for (const e of events) {
      if (!byParty.has(e.party)) byParty.set(e.party, []);
      byParty.get(e.party).push(e);
    }
    const t = db.transaction('docs', 'readwrite');
    const store = t.objectStore('docs');
    const tails = await Promise.all([...byParty.keys()].map((party) => request(store.get(tail(party)))));
    [...byParty.entries()].forEach(([party, fresh], p) => {
      // Each key made once, not once per comparison.
      const keyed = (tails[p] ? JSON.parse(tails[p].data) : []).concat(fresh).map((e) => [keyOf(e), e]);
      keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      for (let k = 0; k < keyed.length; k += PACK) {
        const part = keyed.slice(k, k + PACK);
        store.put(doc(k + PACK >= keyed.length ? tail(party) : part[part.length - 1][0], part.map((x) => x[1])));
        records++;
      }
    });
    await new Promise((done, fail) => { t.oncomplete = done; t.onerror = () => fail(t.error); });
    const done = Math.min(n, i + GATHER);
    const now = performance.now();
    fifths.push(Math.round((done - counted) / ((now - mark) / 1000)));
    mark = now;
    counted = done;
  }
  const ms = performance.now() - t0;
  // Pages of 50 events at random (party, moment) keys: the pack holding each is the first at or after its key.
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const pages = [];
  for (let rep = 0; rep < 21; rep++) {
    const keys = Array.from({ length: 50 }, () => sample[Math.floor(random() * sample.length)]);
    const r0 = performance.now();
    const t = db.transaction('docs', 'readonly');
    const store = t.objectStore('docs');
    const found = await Promise.all(keys.map((k) => request(store.getAll(IDBKeyRange.lowerBound(k), 1))));
    let hits = 0;
    for (const [j, [d]] of found.entries()) if (JSON.parse(d.data).some((e) => keyOf(e) === keys[j])) hits++;
    if (hits !== 50) throw new Error('a page found ' + hits + ' of 50 events');
    pages.push(performance.now() - r0);
  }
  pages.shift();
  pages.sort((a, b) => a - b);
  return { ms, fifths, records, pageMs: { p50: pages[9], p95: pages[18], max: pages[19] } };
}

onmessage = (e) => probe(e.data.n, e.data.layout).then(postMessage, (err) => postMessage({ error: String(err && err.stack || err) }));
`;

const args = process.argv.slice(2);
const at = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : null);
const n = Number(at('--events') ?? 200_000);
const layouts = (at('--layouts') ?? 'random,ordered,packs,indexed,lean,ordered-lean').split(',') as Layout[];
const server = createServer((req, res) => {
  const isWorker = req.url?.endsWith('probe.js');
  res.setHeader('content-type', isWorker ? 'text/javascript' : 'text/html');
  res.end(isWorker ? WORKER : '<!doctype html><title>probe</title>');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
console.log(`IndexedDB probe, ${n} events per layout, Chromium ${CHROMIUM}`);
for (const layout of layouts) {
  const dir = mkdtempSync(join(tmpdir(), 'crosstalk-probe-'));
  const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('crash', () => console.log(`${layout}: the page crashed`));
    await page.goto(origin + '/');
    const r = await page.evaluate(
      ([count, l]) => new Promise<{ ms: number; fifths: number[]; records?: number; pageMs?: { p50: number; p95: number; max: number } }>((resolve) => {
        const w = new Worker('/probe.js');
        w.onmessage = (e) => resolve(e.data);
        w.onerror = (e) => resolve({ error: e.message } as never);
        w.postMessage({ n: count, layout: l });
      }),
      [n, layout] as const
    );
    if ('error' in r) throw new Error(`the probe failed: ${(r as { error: string }).error}`);
    const per = layout === 'party-packs' ? 'each gathering' : 'each fifth of the run';
    console.log(`${layout.padEnd(8)} ${Math.round(n / (r.ms / 1000))} events/s over ${(r.ms / 1000).toFixed(1)} s; as the database grows (${per}): ${r.fifths.join(', ')} events/s`);
    if (r.records !== undefined && r.pageMs) {
      const f = (x: number) => x.toFixed(1);
      console.log(`         ${r.records} records written; a page of 50 events at random keys: p50 ${f(r.pageMs.p50)} ms, p95 ${f(r.pageMs.p95)} ms, max ${f(r.pageMs.max)} ms`);
    }
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
server.close();
