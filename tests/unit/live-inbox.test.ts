import { afterEach, describe, expect, it } from 'vitest';
import type { SyncLine } from '../../src/lib/formats/crosstalk-sync/read';
import type { ImportReport } from '../../src/lib/db/store/schema';
import { Inbox, INBOX_HOLD, INBOX_RETRY, type Pulled, type VaultCheckpoint, type VaultPage } from '../../src/lib/db/sync/live/inbox';
import { sealRecord } from '../../src/lib/db/sync/live/sealed-record';
import { KEY_RECORD_ID, newKeyRecord, type VaultKeys } from '../../src/lib/db/sync/live/vault-keys';

const hold = { ...INBOX_HOLD };
const retry = { ...INBOX_RETRY };
afterEach(() => {
  Object.assign(INBOX_HOLD, hold);
  Object.assign(INBOX_RETRY, retry);
});

const DEVICE = 'd'.repeat(8) + '1';
const edit = (i: number): SyncLine => ({ edit: { a: `id:whatsapp:+86138000${String(i).padStart(5, '0')}`, b: `num:+86138000${String(i).padStart(5, '0')}`, op: 'bind', clock: i + 1, device: DEVICE } });
const numberOf = (line: SyncLine) => Number(('edit' in line ? line.edit.a : '').slice(-5));
const after = (d: VaultCheckpoint, from: VaultCheckpoint) => d.lwt > from.lwt || (d.lwt === from.lwt && d.id > from.id);

/** An in-memory vault read in pages of 4, and an inbox over it whose imports wait until `release`. */
async function rig(keys?: VaultKeys) {
  keys ??= (await newKeyRecord('inbox 家', 100_000)).keys;
  const vault: Pulled[] = [];
  const imported: number[][] = [];
  const reads: VaultCheckpoint[] = [];
  let through: VaultCheckpoint | null = null;
  let maxHeld = 0;
  let open: () => void = () => {};
  let gate = Promise.resolve();
  const block = () => (gate = new Promise<void>((resolve) => (open = resolve)));
  let onRead: (() => void) | null = null;
  let failReads = 0;
  let failImports = 0;
  const waits: (number | null | 'none')[] = [];
  const inbox = new Inbox(keys, {
    importLines: async (lines) => {
      await gate;
      if (failImports > 0 && failImports--) return { status: 'failed', error: 'injected import fault', skipped: [], skippedCount: 0 } as unknown as ImportReport;
      imported.push(lines.map(numberOf));
      return { status: 'done', skipped: [], skippedCount: 0 } as unknown as ImportReport;
    },
    readVault: async (from): Promise<VaultPage | null> => {
      reads.push(from);
      if (failReads > 0 && failReads--) throw new Error('injected read fault');
      const docs = vault.filter((d) => after(d, from)).slice(0, 4);
      const last = docs[docs.length - 1];
      const page = last ? { docs: docs.map((d) => ({ ...d, local: false })), through: { id: last.id, lwt: last.lwt } } : null;
      if (!page) onRead?.();
      return page;
    },
    applied: (_applied, at) => (through = at),
    waiting: (w) => void waits.push(w === null ? 'none' : w.records)
  });
  const seal = async (from: number, to: number, local = false) => {
    const docs: Pulled[] = [];
    for (let i = from; i < to; i++) docs.push({ ...(await sealRecord(keys, edit(i))), lwt: 1000 + i, local });
    return docs;
  };
  /** Writes sealed records to the vault and hands them to the inbox at once, as the vault's changes do. */
  const put = (docs: Pulled[]) => {
    vault.push(...docs);
    inbox.take(docs);
    maxHeld = Math.max(maxHeld, inbox.held);
  };
  const write = async (from: number, to: number, local = false) => put(await seal(from, to, local));
  const settled = async (last: number) => {
    for (let i = 0; i < 200 && through?.lwt !== 1000 + last; i++) await new Promise((r) => setTimeout(r, 10));
    return through;
  };
  return { keys, inbox, vault, imported, reads, waits, seal, put, write, settled, failReads: (n: number) => (failReads = n), failImports: (n: number) => (failImports = n), block, release: () => open(), maxHeld: () => maxHeld, onRead: (f: () => void) => (onRead = f) };
}

async function until(done: () => boolean) {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('live sync inbox', () => {
  it('holds at most INBOX_HOLD records: what a pull brings past that is read back from the vault, and every record is applied, in order', async () => {
    INBOX_HOLD.records = 6;
    const r = await rig();
    r.block();
    await r.write(0, 3); // pulled before the app opened: read from the vault, past the kept checkpoint
    r.inbox.start({ id: '', lwt: 0 });
    for (let i = 3; i < 30; i += 3) await r.write(i, i + 3); // the import is still waiting: the pull outruns it
    expect(r.maxHeld()).toBe(0);
    r.release();
    expect(await r.settled(29)).toMatchObject({ lwt: 1029 });
    expect(r.imported.flat()).toEqual(Array.from({ length: 30 }, (_, i) => i));
    // Read a page at a time (4), never more than a page or a batch at once.
    expect(Math.max(...r.imported.map((b) => b.length))).toBe(4);
    expect(r.reads.length).toBeGreaterThanOrEqual(8);

    // Caught up: what comes now is held and applied as it comes, without reading the vault.
    const readsBefore = r.reads.length;
    await r.write(30, 33);
    expect(await r.settled(32)).toMatchObject({ lwt: 1032 });
    expect(r.imported.at(-1)).toEqual([30, 31, 32]);
    expect(r.reads.length).toBe(readsBefore);

    // The import stalls again: up to six are held, the seventh is left in the vault and read back from there.
    r.block();
    await r.write(33, 36); // taken at once into a batch, which waits for the import
    await r.write(36, 39);
    await r.write(39, 42);
    expect(r.maxHeld()).toBe(6);
    await r.write(42, 43);
    expect(r.maxHeld()).toBe(6);
    r.release();
    expect(await r.settled(42)).toMatchObject({ lwt: 1042 });
    expect(r.imported.flat().slice(30)).toEqual(Array.from({ length: 13 }, (_, i) => 30 + i));
    expect(r.reads.length).toBeGreaterThan(readsBefore);
  });

  it('reads the vault again when a record was taken while a read found nothing new', async () => {
    const r = await rig();
    const late = await r.seal(0, 1);
    // The record is written after the read looked and handed over before the read answers "nothing".
    let once = false;
    r.onRead(() => {
      if (once) return;
      once = true;
      r.put(late);
    });
    r.inbox.start({ id: '', lwt: 0 });
    expect(await r.settled(0)).toMatchObject({ lwt: 1000 });
    expect(r.imported.flat()).toEqual([0]);
  });

  it('tries a vault read that failed again after a pause, telling that received records wait', async () => {
    INBOX_RETRY.firstMs = 50;
    const r = await rig();
    await r.write(0, 2);
    r.failReads(1);
    r.inbox.start({ id: '', lwt: 0 });
    expect(await r.settled(1)).toMatchObject({ lwt: 1001 });
    expect(r.imported.flat()).toEqual([0, 1]);
    expect(r.waits).toEqual([null, 'none']);

    // A read that fails, then finds nothing to apply: the Sync page no longer says records wait.
    const empty = await rig(r.keys);
    empty.failReads(1);
    empty.inbox.start({ id: '', lwt: 0 });
    for (let i = 0; i < 100 && empty.waits.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(empty.waits).toEqual([null, 'none']);
    expect(empty.reads.length).toBe(2);
  });

  it('counts as waiting only the received records of a batch whose import failed: not its own, not the key record', async () => {
    INBOX_RETRY.firstMs = 50;
    const r = await rig();
    r.failImports(1);
    const docs = [{ id: KEY_RECORD_ID, data: '{}', lwt: 999, local: false }, ...(await r.seal(0, 2)), ...(await r.seal(2, 3, true))];
    r.inbox.start({ id: '', lwt: 0 });
    await until(() => r.reads.length === 1); // caught up with the empty vault: what comes now is held as it comes
    r.put(docs);
    expect(await r.settled(2)).toMatchObject({ lwt: 1002 });
    expect(r.waits).toEqual([2, 'none']);
    expect(r.imported).toEqual([[0, 1]]);
  });

  it("skips this copy's own records as they are written, and applies them again (idempotent) when read back from the vault", async () => {
    const r = await rig();
    r.inbox.start({ id: '', lwt: 0 });
    await r.write(0, 2, true);
    expect(await r.settled(1)).toMatchObject({ lwt: 1001 });
    expect(r.imported).toEqual([]);
    const fresh = await rig(r.keys);
    for (const d of r.vault) fresh.vault.push(d);
    fresh.inbox.start({ id: '', lwt: 0 });
    expect(await fresh.settled(1)).toMatchObject({ lwt: 1001 });
    expect(fresh.imported.flat()).toEqual([0, 1]);
  });
});
