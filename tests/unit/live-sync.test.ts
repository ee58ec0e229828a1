import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { Backend } from '../../src/lib/db/backend';
import { checkEvent } from '../../src/lib/boundary/event';
import { contentId } from '../../src/lib/model/ids';
import { openRecord, sealRecord } from '../../src/lib/db/sync/live/sealed-record';
import { KEY_RECORD_ID, unlockKeyRecord } from '../../src/lib/db/sync/live/vault-keys';
import { INBOX_RETRY } from '../../src/lib/db/sync/live/inbox';
import type { SyncLine } from '../../src/lib/formats/crosstalk-sync/read';
import { startCouchServer, type CouchServer } from '../support/pouchdb-server';
import { csvInput, eventCount } from './helpers';
import { faulty, type AnyStorage, type Faults } from './faulty-storage';

const PASSPHRASE = 'correct horse battery';
const BODY = 'secret hotpot plans';
const NUMBER = '+8613800138000';
const NAME = 'Xiao Yang';
const ROWS = [
  `1,phone,sms,in,received,${NUMBER},${NAME},2026-10-21T01:00:05.000Z,,,${BODY},,,sms:1`,
  `1,phone,call,out,answered,${NUMBER},${NAME},2026-10-20T01:00:05.000Z,65,0,,,,call:2`
];

let server: CouchServer;
const config = (db: string, passphrase = PASSPHRASE) => ({ url: server.url, db, username: server.username, password: server.password, passphrase });
const opened: Backend[] = [];
async function open(storage: AnyStorage = getRxStorageMemory(), name = 'live' + Math.random().toString(36).slice(2)) {
  const backend = await Backend.open(storage, name);
  opened.push(backend);
  return backend;
}
const retry = { ...INBOX_RETRY };
// A failed test still closes its database (the free RxDB allows 13 open collections in all).
afterEach(async () => {
  for (const b of opened.splice(0)) await b.close().catch(() => {});
  Object.assign(INBOX_RETRY, retry);
});

async function until<T>(what: string, probe: () => Promise<T | null | false>, ms = 45_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function serverDocs(db: string): Promise<{ id: string; doc: Record<string, unknown> }[]> {
  const { body } = await server.request(`/${db}/_all_docs?include_docs=true`);
  return body.rows;
}

beforeAll(async () => {
  server = await startCouchServer();
}, 30_000);
afterAll(() => server.dispose());

describe('live sync with a CouchDB-protocol server', () => {
  it('seals every record for the server, which sees no body, name or number; pulls and opens what another device sealed', async () => {
    const b = await open();
    await b.updateSettings({ region: 'CN' });
    await b.importFiles([csvInput('dump.csv', ROWS)]);
    const status = await b.liveConnect(config('family'));
    expect(status).toMatchObject({ state: 'connecting', url: server.url, db: 'family', username: server.username, error: null });
    // The key record, 2 events, the preferences and the owner… : every record of this copy, sealed.
    const records = await until('the records on the server', async () => {
      const docs = await serverDocs('family');
      return docs.length === 4 && docs;
    });
    expect(records.map((r) => r.id).filter((id) => id !== KEY_RECORD_ID)).toHaveLength(3);
    const text = JSON.stringify(records);
    for (const plain of [BODY, NUMBER, '13800138000', NAME, 'ct1-', 'sms:1']) expect(text).not.toContain(plain);
    const keys = await unlockKeyRecord(records.find((r) => r.id === KEY_RECORD_ID)!.doc, PASSPHRASE);
    const lines = await Promise.all(records.filter((r) => r.id !== KEY_RECORD_ID).map((r) => openRecord(keys, { id: r.id, data: r.doc.data as string })));
    expect(lines.map((l) => Object.keys(l)[0]).sort()).toEqual(['event', 'event', 'preferences']);

    // Another device seals a message and puts it on the server; a tampered record comes with it. (The server
    // lists records by their opaque ids, so which event comes first differs from run to run: pick the SMS.)
    const event = lines.flatMap((l) => ('event' in l ? [(l as Extract<SyncLine, { event: unknown }>).event] : [])).find((e) => e.kind === 'message');
    if (!event) throw new Error('no message among the sealed records');
    const draft = checkEvent({ ...event, body: 'from the tablet', start: event.start + 60_000 });
    const sealed = await sealRecord(keys, { event: { ...draft, id: contentId(draft), onPhone: false } as never });
    expect((await server.request(`/family/${sealed.id}`, { method: 'PUT', body: JSON.stringify({ data: sealed.data }) })).status).toBe(201);
    const forged = { data: sealed.data.slice(0, -8) + 'AAAAAAAA' };
    expect((await server.request('/family/rforged', { method: 'PUT', body: JSON.stringify(forged) })).status).toBe(201);

    const found = await until('the pulled event', async () => {
      const page = await b.timeline({ text: 'tablet' });
      return page.events.length === 1 && page.events;
    });
    expect(found.map((e) => e.kind === 'message' && e.body)).toEqual(['from the tablet']);
    expect(await eventCount(b.db)).toBe(3);
    const after = await until('both pulled', async () => {
      const s = b.liveStatus();
      return s.pulled + s.rejected >= 2 && s;
    });
    expect(after).toMatchObject({ state: 'active', pulled: 1, rejected: 1, rejectedReason: 'record rforged does not authenticate', error: null });
    // Applied here, the pulled record is not sealed again and pushed back (its revision on the server stays the first).
    await new Promise((r) => setTimeout(r, 1500));
    expect((await server.request(`/family/${sealed.id}`)).body._rev).toMatch(/^1-/);
    expect(await serverDocs('family')).toHaveLength(6);
  }, 120_000);

  it('refuses a pulled record that authenticates but fails the boundary, as an imported sync file would; counts it and stores nothing', async () => {
    const b = await open();
    await b.importFiles([csvInput('dump.csv', ROWS)]);
    await b.liveConnect(config('boundary'));
    const records = await until('the records on the server', async () => {
      const docs = await serverDocs('boundary');
      return docs.length === 4 && docs;
    });
    const keys = await unlockKeyRecord(records.find((r) => r.id === KEY_RECORD_ID)!.doc, PASSPHRASE);
    const event = (await Promise.all(records.filter((r) => r.id !== KEY_RECORD_ID).map((r) => openRecord(keys, { id: r.id, data: r.doc.data as string }))))
      .flatMap((l) => ('event' in l ? [(l as Extract<SyncLine, { event: unknown }>).event] : []))
      .find((e) => e.kind === 'message')!;
    // Sealed with the right key by a device that skipped the checks: a direction no importer writes.
    const bad = { event: { ...event, id: 'ct1-sideways', body: 'sent sideways', direction: 'sideways' } };
    const sealed = await sealRecord(keys, bad as never);
    expect((await server.request(`/boundary/${sealed.id}`, { method: 'PUT', body: JSON.stringify({ data: sealed.data }) })).status).toBe(201);

    const after = await until('the rejection', async () => {
      const s = b.liveStatus();
      return s.rejected >= 1 && s;
    });
    expect(after).toMatchObject({ state: 'active', pulled: 0, rejected: 1, error: null });
    expect(await eventCount(b.db)).toBe(2);
    expect((await b.timeline({ text: 'sideways' })).events).toEqual([]);
    // The same line in a sync file is refused for the same reason.
    const header = { format: 'crosstalk-sync', version: 1, device: 'tablet', exportedAt: new Date().toISOString() };
    const bytes = new TextEncoder().encode([header, bad].map((l) => JSON.stringify(l) + '\n').join(''));
    const [report] = await b.importFiles([{ name: 'tablet.ctsync', size: bytes.length, chunks: async function* () { yield bytes; } }]);
    expect(report.skipped.map((k) => k.reason)).toEqual(['rejected: direction is not one of in, out']);
    expect(after.rejectedReason).toBe(`record ${sealed.id}: direction is not one of in, out`);
  }, 120_000);

  it('pauses when the server goes away mid-replication and resumes by itself when it is back; nothing is lost', async () => {
    const N = 3000;
    const rows = Array.from({ length: N }, (_, i) => `1,phone,sms,in,received,${NUMBER},${NAME},${new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString()},,,message ${i},,,sms:${i}`);
    const a = await open();
    await a.updateSettings({ region: 'CN' });
    await a.importFiles([csvInput('dump.csv', rows)]);
    await a.liveConnect(config('outage'));
    // The server stops while records are on their way (the key record and some sealed ones are there).
    const before = await until('the first records on the server', async () => {
      const count: number = (await server.request('/outage')).body?.doc_count ?? 0;
      return count > 1 && count;
    }, 60_000);
    await server.stop();
    expect(before).toBeLessThan(N + 2);
    const stored = await a.db.vault.count().exec();
    await until('paused by the network', async () => {
      const s = a.liveStatus();
      return s.state === 'paused' && s.pausedBy === 'network';
    }, 60_000);
    await server.start();
    await until('active again', async () => a.liveStatus().state === 'active' && a.liveStatus().pausedBy === null, 60_000);
    // Every record of this copy (N events, the preferences; the key record) reaches the server.
    await until('every record on the server', async () => (await server.request('/outage')).body?.doc_count === N + 2);
    expect(stored).toBeLessThanOrEqual(N + 2);
    expect(a.liveStatus()).toMatchObject({ state: 'active', error: null, rejected: 0 });
    await a.close();

    const b = await open();
    await b.liveConnect(config('outage'));
    await until('every event pulled', async () => (await eventCount(b.db)) === N);
    expect(b.liveStatus()).toMatchObject({ rejected: 0, error: null });
    expect((await b.timeline({ text: `message ${N - 1}` })).events.map((e) => e.kind === 'message' && e.body)).toEqual([`message ${N - 1}`]);
  }, 240_000);

  it('seals on the next open what this copy wrote but had not sealed when it closed, and nothing else', async () => {
    const N = 2000;
    const rows = Array.from({ length: N }, (_, i) => `1,phone,sms,in,received,${NUMBER},${NAME},${new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString()},,,message ${i},,,sms:${i}`);
    const storage = getRxStorageMemory();
    const name = 'resealing-' + Math.random().toString(36).slice(2);
    const a = await open(storage, name);
    await a.updateSettings({ region: 'CN' });
    await a.importFiles([csvInput('dump.csv', rows)]);
    await a.liveConnect(config('resealing'));
    await until('every record on the server', async () => (await server.request('/resealing')).body?.doc_count === N + 2, 90_000);
    await until('sealed', async () => a.liveStatus().sealing === null);
    // A new message, and the app closes before its change is sealed (sealing waits 200 ms for more changes).
    await a.importFiles([csvInput('late.csv', [`1,phone,sms,in,received,${NUMBER},${NAME},2026-11-01T08:00:00.000Z,,,written last,,,sms:late`])]);
    await a.close();

    const again = await open(storage, name);
    // Only what changed since the last seal is sealed: no progress over every record, as on the first connect.
    const shown: unknown[] = [];
    await until('the late message on the server', async () => {
      if (again.liveStatus().sealing) shown.push(again.liveStatus().sealing);
      return (await server.request('/resealing')).body?.doc_count === N + 3;
    }, 60_000);
    expect(shown).toEqual([]);
    expect(again.liveStatus()).toMatchObject({ error: null, rejected: 0 });
  }, 180_000);

  /** A has two events and its preferences on the server; B's first write of events (to their packs) fails (a full disk): what B pulled waits. */
  async function pulledIntoFailingCopy(db: string) {
    const a = await open();
    await a.updateSettings({ region: 'CN' });
    await a.importFiles([csvInput('dump.csv', ROWS)]);
    await a.liveConnect(config(db));
    await until('the records on the server', async () => (await serverDocs(db)).length === 4);
    await a.close();
    const storage = getRxStorageMemory();
    const faults: Faults = { countdown: 1, dead: false, failedIn: new Set(), only: (collection, rows) => collection === 'searchchunks' && rows.some((r) => (r.document as unknown as { id: string }).id.startsWith('p:')) };
    const name = 'failing-' + db;
    const b = await open(faulty(storage, faults), name);
    await b.liveConnect(config(db));
    const waiting = await until('the failed batch waiting', async () => b.liveStatus().waiting);
    expect([...faults.failedIn]).toEqual(['searchchunks']);
    expect(await eventCount(b.db)).toBe(0);
    return { b, waiting, storage, name };
  }

  it('keeps pulled records whose import failed as a whole and stores them on a later try, telling when', async () => {
    INBOX_RETRY.firstMs = 1500;
    const started = Date.now();
    const { b, waiting } = await pulledIntoFailingCopy('retry');
    expect(waiting.reason).toBe('live sync: injected fault');
    // The three records come in one write of the replication, or (on a busy machine) in more than one.
    expect(waiting.records).toBeGreaterThanOrEqual(1);
    expect(waiting.records).toBeLessThanOrEqual(3);
    expect(waiting.retryAt).toBeGreaterThanOrEqual(started + 1500);
    await until('stored on the next try', async () => (await eventCount(b.db)) === 2);
    const after = await until('nothing waiting', async () => b.liveStatus().waiting === null && b.liveStatus().pulled === 3 && b.liveStatus());
    expect(after).toMatchObject({ state: 'active', pulled: 3, rejected: 0, rejectedReason: null, error: null });
    expect((await b.timeline({ text: 'hotpot' })).events.map((e) => e.kind === 'message' && e.body)).toEqual([BODY]);
  }, 120_000);

  it('applies records pulled but not applied when the app closed (the replication had moved past them) when it next opens', async () => {
    INBOX_RETRY.firstMs = 600_000;
    const { b, storage, name } = await pulledIntoFailingCopy('reopen');
    await b.close();
    const again = await open(storage, name);
    await until('applied after opening again', async () => (await eventCount(again.db)) === 2);
    expect(again.liveStatus()).toMatchObject({ waiting: null, rejected: 0, error: null });
    expect((await again.timeline({ text: 'hotpot' })).events.map((e) => e.kind === 'message' && e.body)).toEqual([BODY]);
  }, 120_000);

  it('refuses a wrong passphrase before writing anything, here or on the server', async () => {
    const first = await open();
    await first.liveConnect(config('wrongpass'));
    await until('the key record', async () => (await serverDocs('wrongpass')).length === 2);
    await first.liveStop();
    await first.close();

    const second = await open();
    await second.importFiles([csvInput('dump.csv', ROWS)]);
    const before = await serverDocs('wrongpass');
    const status = await second.liveConnect(config('wrongpass', 'not the passphrase'));
    expect(status).toMatchObject({ state: 'error', error: 'wrong passphrase: this sync database was set up with another one. Nothing was changed.' });
    expect(await second.db.vault.count().exec()).toBe(0);
    expect(await second.db.livesync.count().exec()).toBe(0);
    expect(await serverDocs('wrongpass')).toEqual(before);
  }, 120_000);

  it('refuses a server URL that is not http(s) and a database name CouchDB would refuse', async () => {
    const b = await open();
    await expect(b.liveConnect({ ...config('ok'), url: 'ftp://example.com' })).rejects.toThrow('live sync not started: the server address must start with https:// or http://');
    await expect(b.liveConnect({ ...config('Family') })).rejects.toThrow('live sync not started: the database name must start with a–z and hold only a–z, 0–9 and _$()+-/');
    expect(b.liveStatus().state).toBe('off');
  });
});
