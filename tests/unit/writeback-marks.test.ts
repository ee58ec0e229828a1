import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { Backend, type EventView } from '../../src/lib/db/backend';
import type { InputFile } from '../../src/lib/db/import/service';
import { markProblem } from '../../src/lib/boundary/writeback-mark';
import { phoneIdOfReadBack, phoneIdsOfEvent } from '../../src/lib/writeback/fingerprint';
import type { WritebackRecord } from '../../src/lib/formats/crosstalk-sync/records';
import { csvInput, storedEvent } from './helpers';

const fx = (name: string): InputFile => {
  const bytes = new Uint8Array(readFileSync(resolve(__dirname, '../fixtures/e2e', name)));
  return { name, size: bytes.length, async *chunks() { yield bytes; } };
};
const textFile = (name: string, text: string): InputFile => {
  const bytes = new TextEncoder().encode(text);
  return { name, size: bytes.length, async *chunks() { yield bytes; } };
};
const NUMBER = '+8613800138000';
const storage = getRxStorageMemory();

// One copy open at a time (RxDB's free tier opens 13 collections per process).
async function withCopy<T>(files: string[], fn: (b: Backend, lunch: EventView) => Promise<T>): Promise<T> {
  const b = await Backend.open(storage, 'marks-' + Math.random().toString(36).slice(2));
  try {
    await b.updateSettings({ region: 'CN', timeZone: 'Asia/Shanghai', me: ['Lin'] });
    await b.importFiles(files.map(fx));
    const lunch = (await b.timeline({ text: 'lunch' })).events.find((e) => e.channel === 'whatsapp')!;
    return await fn(b, lunch);
  } finally {
    await b.close();
  }
}

/** The SMS Xiao Yang sent on 2026-10-20 12:10 UTC (sms-20261101.xml): what a forged mark tries to hide. */
const HOTPOT = { kind: 'message', direction: 'in', phone: NUMBER, handle: NUMBER, start: 1792661400000, body: '今晚一起吃火锅吗？' } as const;
const hotpotId = phoneIdOfReadBack(HOTPOT as never);

const syncFile = (marks: object[]) =>
  textFile(
    'marks.ctsync',
    [JSON.stringify({ format: 'crosstalk-sync', version: 1, device: 'peer1', exportedAt: '2026-11-01T00:00:00.000Z' }), ...marks.map((m) => JSON.stringify({ writeback: m }))].join('\n') + '\n'
  );

describe('write-back marks are checked against their event', () => {
  it('markProblem: the phoneId must be the event written to the number, with or without the label', async () => {
    await withCopy(['WhatsApp Chat with Xiao Yang.txt'], async (_, lunch) => {
      const [labelled, plain] = phoneIdsOfEvent(lunch, NUMBER);
      const mark = (m: Partial<WritebackRecord>): WritebackRecord => ({ id: lunch.id, phoneId: labelled, number: NUMBER, at: 1, batch: 'b', pending: false, ...m });
      expect(markProblem(mark({}), lunch)).toBe(null);
      expect(markProblem(mark({ phoneId: plain }), lunch)).toBe(null);
      expect(markProblem(mark({ phoneId: hotpotId }), lunch)).toBe(`write-back mark for ${lunch.id}: phoneId ${hotpotId} is not that event written to ${NUMBER}`);
      expect(markProblem(mark({ number: '+8613900139000' }), lunch)).toBe(`write-back mark for ${lunch.id}: phoneId ${labelled} is not that event written to +8613900139000`);
      expect(markProblem(mark({ number: '' }), lunch)).toBe(`write-back mark for ${lunch.id}: no number, so it cannot be verified`);
      expect(markProblem(mark({}), undefined)).toBe(`write-back mark for ${lunch.id}: no such event`);
      expect(markProblem(mark({}), { ...lunch, conversation: 'group' })).toBe(`write-back mark for ${lunch.id}: that event is never written back`);
    });
  });

  it('a sync file mark that would hide an SMS is a skip naming its line; the SMS is then stored', async () => {
    await withCopy(['WhatsApp Chat with Xiao Yang.txt', 'contacts.vcf'], async (b, lunch) => {
      const [labelled] = phoneIdsOfEvent(lunch, NUMBER);
      const forged = { id: lunch.id, phoneId: hotpotId, number: NUMBER, at: 1, batch: '', pending: false };
      const honest = { ...forged, phoneId: labelled };
      const legacy = { id: lunch.id, phoneId: labelled, at: 1 };
      const [report] = await b.importFiles([syncFile([forged, legacy, honest])]);
      expect(report).toMatchObject({ status: 'done', skippedCount: 2 });
      expect(report.skipped).toEqual([
        { where: 'line 2', reason: `write-back mark for ${lunch.id}: phoneId ${hotpotId} is not that event written to ${NUMBER}` },
        { where: 'line 3', reason: `write-back mark for ${lunch.id}: no number, so it cannot be verified` }
      ]);
      expect((await b.db.writebacks.find().exec()).map((d) => [d.id, d.phoneId])).toEqual([[lunch.id, labelled]]);
      const [sms] = await b.importFiles([fx('sms-20261101.xml')]);
      expect(sms).toMatchObject({ status: 'done', imported: 5, recognised: 0 });
      expect(await storedEvent(b.db, hotpotId)).toMatchObject({ channel: 'phone', body: '今晚一起吃火锅吗？' });
    });
  });
});

describe("a Crosstalk CSV row's crosstalk_id is believed only when a mark vouches for the row", () => {
  const FILES = ['sms-20261101.xml', 'WhatsApp Chat with Xiao Yang.txt', 'contacts.vcf'];
  const row = (lunch: EventView, body: string) => `1,whatsapp,sms,out,sent,${NUMBER},Xiao Yang,${new Date(lunch.start).toISOString()},,,"${body}",,${lunch.id},sms:99`;

  it('without a mark: stored under its content id; the event it names is not marked as on the phone', async () => {
    await withCopy(FILES, async (b, lunch) => {
      const [report] = await b.importFiles([csvInput('dump.csv', [row(lunch, '[WhatsApp] Not yet, will look at lunch 👍')])]);
      expect(report).toMatchObject({ status: 'done', imported: 1, recognised: 0 });
      expect((await storedEvent(b.db, lunch.id))?.onPhone).toBe(false);
      const stored = (await b.timeline({ text: '[WhatsApp]' })).events.map((e) => [e.id === lunch.id, e.kind === 'message' && e.body]);
      expect(stored).toEqual([[false, '[WhatsApp] Not yet, will look at lunch 👍']]);
    });
  });

  it('with a mark: recognised only when the row is what was written', async () => {
    await withCopy(FILES, async (b, lunch) => {
      await b.writebackExport([], 'csv');
      const [tampered] = await b.importFiles([csvInput('dump.csv', [row(lunch, '[WhatsApp] something else')])]);
      expect(tampered).toMatchObject({ status: 'done', imported: 1, recognised: 0 });
      expect((await storedEvent(b.db, lunch.id))?.onPhone).toBe(false);
      const [honest] = await b.importFiles([csvInput('dump.csv', [row(lunch, '[WhatsApp] Not yet, will look at lunch 👍')])]);
      expect(honest).toMatchObject({ status: 'done', imported: 0, recognised: 1 });
      expect((await storedEvent(b.db, lunch.id))?.onPhone).toBe(true);
    });
  });
});
