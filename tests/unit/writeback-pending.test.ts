import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { Backend } from '../../src/lib/db/backend';
import type { InputFile } from '../../src/lib/db/import/service';

const fx = (name: string): InputFile => {
  const bytes = new Uint8Array(readFileSync(resolve(__dirname, '../fixtures/e2e', name)));
  return { name, size: bytes.length, async *chunks() { yield bytes; } };
};
const FILES = ['sms-20261101.xml', 'calls-20261101.xml', 'WhatsApp Chat with Xiao Yang.txt', 'result.json', 'contacts.vcf'].map(fx);
const storage = getRxStorageMemory();

async function open(name: string) {
  const b = await Backend.open(storage, name);
  await b.updateSettings({ region: 'CN', timeZone: 'Asia/Shanghai', me: ['Lin'] });
  return b;
}
const size = async (b: Backend) => {
  const p = await b.writebackPreview();
  return { records: p.calls + p.messages, pending: p.pending, alreadyOnPhone: p.alreadyOnPhone };
};

describe('write-back marks are pending until confirmed', () => {
  it('a file that was never used loses nothing; confirm and undo do what they say', async () => {
    const b = await open('wb-pending-' + Math.random().toString(36).slice(2));
    await b.importFiles(FILES);
    const total = (await size(b)).records;
    expect(total).toBeGreaterThan(3);
    expect(await b.writebackStatus()).toEqual({ pending: 0, last: null });

    const first = await b.writebackExport([], 'csv');
    expect(first.rows).toBe(total);
    const status = await b.writebackStatus();
    expect([status.pending, status.last?.records]).toEqual([total, total]);
    // Not confirmed: the next set still holds every record, and says they went out before.
    expect(await size(b)).toEqual({ records: total, pending: total, alreadyOnPhone: 0 });

    // Taken back: as if the file had never been made.
    expect(await b.undoLastWriteback()).toBe(total);
    expect(await b.writebackStatus()).toEqual({ pending: 0, last: null });
    expect(await size(b)).toEqual({ records: total, pending: 0, alreadyOnPhone: 0 });

    await b.writebackExport([], 'sbr-xml');
    expect(await b.confirmWriteback()).toBe(total);
    expect((await b.writebackStatus()).pending).toBe(0);
    expect(await size(b)).toEqual({ records: 0, pending: 0, alreadyOnPhone: total });
    // A later file of the same records (none left) changes no confirmed mark back to pending.
    expect((await b.writebackExport([], 'csv')).rows).toBe(0);
    expect((await b.writebackStatus()).pending).toBe(0);
    await b.close();
  });

  it('marks travel in sync files: a confirmed mark confirms a pending one on the other copy', async () => {
    // RxDB's free tier opens 13 collections per process: one copy at a time.
    const aName = 'wb-a-' + Math.random().toString(36).slice(2);
    const bName = 'wb-b-' + Math.random().toString(36).slice(2);
    const asFile = async (blob: Blob): Promise<InputFile> => {
      const bytes = new Uint8Array(await blob.arrayBuffer());
      return { name: 'a.ctsync.gz', size: bytes.length, async *chunks() { yield bytes; } };
    };
    let a = await open(aName);
    await a.importFiles(FILES);
    await a.writebackExport([], 'csv');
    const pendingSync = await asFile((await a.exportSync()).blob);
    const total = (await a.writebackStatus()).pending;
    await a.close();

    let b = await open(bName);
    await b.importFiles([...FILES, pendingSync]);
    expect((await b.writebackStatus()).pending).toBe(total);
    expect((await size(b)).records).toBe(total);
    await b.close();

    a = await open(aName);
    await a.confirmWriteback();
    const confirmedSync = await asFile((await a.exportSync()).blob);
    await a.close();

    b = await open(bName);
    await b.importFiles([confirmedSync]);
    expect((await b.writebackStatus()).pending).toBe(0);
    expect((await size(b)).records).toBe(0);
    await b.close();
  });
});
