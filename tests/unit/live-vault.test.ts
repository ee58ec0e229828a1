import { afterEach, describe, expect, it, vi } from 'vitest';
import { CouchClient, LiveSyncError } from '../../src/lib/db/sync/live/couch';
import type { SyncLine } from '../../src/lib/formats/crosstalk-sync/read';
import { mergeLines, vaultConflictHandler } from '../../src/lib/db/sync/live/conflict';
import { openRecord, sealRecord } from '../../src/lib/db/sync/live/sealed-record';
import { newKeyRecord, unlockKeyRecord, WrongPassphrase } from '../../src/lib/db/sync/live/vault-keys';
import { FieldProblem } from '../../src/lib/boundary/fields';
import { contentId as eventId } from '../../src/lib/model/ids';
import type { DraftEvent } from '../../src/lib/model/event';
import { checkEvent } from '../../src/lib/boundary/event';

const PASS = 'family history 家';
const draft: DraftEvent = {
  channel: 'whatsapp', kind: 'message', direction: 'in', status: 'received', handle: '+8613800138000', phone: '+8613800138000', name: 'Xiao Yang',
  conversation: null, start: Date.UTC(2026, 0, 2, 3, 4, 5), body: 'meet at 5 at the noodle place', attachments: [], transport: null,
  source: { format: 'whatsapp-txt', file: 'WhatsApp Chat with Xiao Yang.txt', record: 'line 3' }
} as unknown as DraftEvent;
const checked = checkEvent(draft);
const event: SyncLine = { event: { ...checked, id: eventId(checked), onPhone: false } as never };
const edit = (op: 'bind' | 'unbind', clock: number, device: string): SyncLine => ({ edit: { a: 'id:whatsapp:+8613800138000', b: 'num:+8613800138000', op, clock, device } });
const D1 = 'd'.repeat(8) + '1';
const D2 = 'd'.repeat(8) + '2';

describe('live sync vault', () => {
  it('key record: the same passphrase unlocks the same keys; a wrong one is refused before use', async () => {
    const { record, keys } = await newKeyRecord(PASS, 100_000);
    expect([record.version, record.kdf.name, record.kdf.iterations]).toEqual([1, 'PBKDF2-SHA-256', 100_000]);
    const again = await unlockKeyRecord(JSON.parse(JSON.stringify(record)), PASS);
    const sealed = await sealRecord(keys, event);
    expect(await openRecord(again, sealed)).toEqual(event);
    await expect(unlockKeyRecord(record, PASS + '!')).rejects.toBeInstanceOf(WrongPassphrase);
    await expect(unlockKeyRecord({ ...record, kdf: { ...record.kdf, iterations: 1e9 } }, PASS)).rejects.toThrow('iterations 1000000000 is outside 100000…10000000');
  });

  it('seals records so the server sees no number, name, body or event id; ids are stable per record', async () => {
    const { keys } = await newKeyRecord(PASS, 100_000);
    const a = await sealRecord(keys, event);
    const b = await sealRecord(keys, { event: { ...(event as { event: object }).event, onPhone: true } as never });
    expect(a.id).toBe(b.id);
    expect(a.id).toMatch(/^r[A-Za-z0-9_-]{22}$/);
    expect(a.data).not.toBe(b.data);
    const visible = JSON.stringify(a);
    for (const secret of ['8613800138000', '13800138000', 'Xiao', 'noodle', eventId(checked)]) expect(visible.includes(secret), secret).toBe(false);
    expect((await sealRecord(keys, edit('bind', 1, D1))).id).toBe((await sealRecord(keys, edit('unbind', 5, D2))).id);
  });

  it('rejects a record that was altered, moved to another id, or fails the sync-file boundary', async () => {
    const { keys } = await newKeyRecord(PASS, 100_000);
    const sealed = await sealRecord(keys, event);
    const other = await sealRecord(keys, edit('bind', 1, D1));
    const flipped = sealed.data.slice(0, 30) + (sealed.data[30] === 'A' ? 'B' : 'A') + sealed.data.slice(31);
    await expect(openRecord(keys, { ...sealed, data: flipped })).rejects.toThrow(`record ${sealed.id} does not authenticate`);
    await expect(openRecord(keys, { id: other.id, data: sealed.data })).rejects.toThrow(`record ${other.id} does not authenticate`);
    await expect(openRecord(keys, { id: sealed.id, data: 'AAAA' })).rejects.toThrow(`record ${sealed.id} has no sealed data`);
    // Sealed with the right key but content the boundary refuses (an event whose id does not match it).
    const forged = await sealRecord(keys, { event: { ...(event as { event: object }).event, body: 'changed' } as never });
    await expect(openRecord(keys, forged)).rejects.toBeInstanceOf(FieldProblem);
    const badEdit = await sealRecord(keys, { edit: { a: 'x', b: 'y', op: 'bind', clock: -1, device: D1 } });
    await expect(openRecord(keys, badEdit)).rejects.toThrow('clock -1 is outside');
  });

  it('merges by the sync-file rules, commutatively and idempotently', () => {
    const both = (a: SyncLine, b: SyncLine) => {
      const ab = mergeLines(a, b);
      expect(mergeLines(b, a)).toEqual(ab);
      expect(mergeLines(ab, ab)).toEqual(ab);
      return ab;
    };
    const onPhone = { event: { ...(event as { event: object }).event, onPhone: true } as never };
    expect(both(event, onPhone)).toEqual(onPhone);
    // Last writer by Lamport clock, then device id; an unbind is a tombstone that wins when newer.
    expect(both(edit('bind', 3, D2), edit('unbind', 4, D1))).toEqual(edit('unbind', 4, D1));
    expect(both(edit('bind', 4, D2), edit('unbind', 4, D1))).toEqual(edit('bind', 4, D2));
    const preferences = (clock: number, device: string, region: string): SyncLine => ({
      preferences: { region, timeZone: 'Asia/Shanghai', me: ['Lin'], language: 'en', labelWriteback: false, clock, device }
    });
    expect(both(preferences(2, D1, 'CN'), preferences(2, D2, 'US'))).toEqual(preferences(2, D2, 'US'));
    const mark = (at: number, pending: boolean): SyncLine => ({ writeback: { id: eventId(checked), phoneId: eventId(checked), at, batch: 'b1', pending, number: '+8613800138000' } });
    expect(both(mark(5, true), mark(9, false))).toEqual(mark(9, false));
    expect(both(mark(5, false), mark(9, false))).toEqual(mark(5, false));
  });

  it("as RxDB's conflict handler: keeps the master when it already wins, else seals the merge; an unreadable side loses", async () => {
    const { keys } = await newKeyRecord(PASS, 100_000);
    const handler = vaultConflictHandler(keys);
    const doc = async (line: SyncLine) => ({ ...(await sealRecord(keys, line)), _deleted: false });
    const older = await doc(edit('bind', 3, D1));
    const newer = await doc(edit('unbind', 4, D2));
    expect(handler.isEqual(older, { ...older }, '')).toBe(true);
    expect(handler.isEqual(older, newer, '')).toBe(false);
    expect(await handler.resolve({ newDocumentState: older, realMasterState: newer }, '')).toBe(newer);
    const resolved = await handler.resolve({ newDocumentState: newer, realMasterState: older }, '');
    expect(await openRecord(keys, resolved)).toEqual(edit('unbind', 4, D2));
    const garbage = { ...newer, data: newer.data.slice(0, 20) + (newer.data[20] === 'A' ? 'B' : 'A') + newer.data.slice(21) };
    expect(await handler.resolve({ newDocumentState: older, realMasterState: garbage }, '')).toBe(older);
    const merged = await handler.resolve({ newDocumentState: await doc({ event: { ...(event as { event: object }).event, onPhone: true } as never }), realMasterState: await doc(event) }, '');
    expect(await openRecord(keys, merged)).toEqual({ event: { ...(event as { event: object }).event, onPhone: true } });
  });
});

describe('connecting to the server', () => {
  const config = { url: 'http://127.0.0.1:5984', db: 'crosstalk', username: 'me', password: 'secret', passphrase: PASS };
  const keyUrl = 'http://127.0.0.1:5984/crosstalk/crosstalk-vault-key';

  /** A server with no key record yet; the first `dropped` requests to store one fail without an answer. */
  function serverDropping(dropped: number) {
    const asked: string[] = [];
    let stored: string | null = null;
    vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
      const method = init.method ?? 'GET';
      asked.push(`${method} ${url}`);
      if (url === keyUrl && method === 'PUT') {
        if (dropped-- > 0) throw new TypeError('fetch failed', { cause: new Error('other side closed') });
        stored = String(init.body);
        return new Response('{"ok":true}', { status: 201 });
      }
      if (url === keyUrl) return stored ? new Response(stored, { status: 200 }) : new Response('{}', { status: 404 });
      return new Response('{}', { status: 200 });
    });
    return asked;
  }
  afterEach(() => vi.unstubAllGlobals());

  it('a request the server drops without an answer (a reused connection it had closed) is tried again', async () => {
    const asked = serverDropping(1);
    const { keys, keyRecord } = await new CouchClient(config).unlock(PASS);
    expect(asked).toEqual([`GET ${keyUrl}`, 'GET http://127.0.0.1:5984/crosstalk/', `PUT ${keyUrl}`, `PUT ${keyUrl}`]);
    expect(await openRecord(await unlockKeyRecord(JSON.parse(keyRecord), PASS), await sealRecord(keys, event))).toEqual(event);
  });

  it('a server that drops it twice cannot be reached: an error that says so, and nothing asked after it', async () => {
    const asked = serverDropping(2);
    await expect(new CouchClient(config).unlock(PASS)).rejects.toThrow(
      new LiveSyncError("cannot reach the server (fetch failed); check the address and that it allows this app's origin (CORS)")
    );
    expect(asked).toEqual([`GET ${keyUrl}`, 'GET http://127.0.0.1:5984/crosstalk/', `PUT ${keyUrl}`, `PUT ${keyUrl}`]);
  });
});
