import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gunzipSync } from 'fflate';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { Backend } from '../../src/lib/db/backend';
import type { InputFile } from '../../src/lib/db/import/service';
import { contentId } from '../../src/lib/model/ids';
import type { DraftEvent } from '../../src/lib/model/event';
import { fromStrings } from '../../src/lib/util/text-stream';

const HEADER = JSON.stringify({ format: 'crosstalk-sync', version: 1, device: 'dev1', exportedAt: '2026-12-01T00:00:00Z' });
const file = (name: string, text: string): InputFile => ({ name, size: text.length, chunks: () => fromStrings(text) });
const syncFile = (...records: unknown[]) => file('peer.ctsync', [HEADER, ...records.map((r) => JSON.stringify(r))].join('\n') + '\n');

const sms: DraftEvent = {
  channel: 'phone', kind: 'message', direction: 'in', handle: '+8613800138000', name: 'Xiao Yang', phone: '+8613800138000',
  conversation: null, thread: null, start: Date.UTC(2026, 0, 2, 3, 4, 5), body: '你好', attachments: [], transport: 'sms',
  source: { format: 'sbr-xml', file: 'sms.xml', record: 'line 3' }
};
const SBR = `<?xml version="1.0"?>\n<smses count="1">\n<sms address="+8613800138000" date="${sms.start}" type="1" body="你好" />\n</smses>\n`;

let backend: Backend;
beforeEach(async () => {
  backend = await Backend.open(getRxStorageMemory(), 'b' + Math.random().toString(36).slice(2));
  await backend.updateSettings({ region: 'CN', me: ['Lin'] });
});
afterEach(() => backend.close());

async function importSync(...records: unknown[]) {
  const [report] = await backend.importFiles([syncFile(...records)]);
  return report;
}

describe('sync records pass the boundary', () => {
  it('incomplete or mistyped settings are rejected per record; the copy keeps its own', async () => {
    const report = await importSync(
      { settings: { region: 'US', clock: 99, device: 'dev1' } },
      { settings: { region: 42, me: [], clock: 99, device: 'dev1' } },
      { settings: { region: 'ZZ', me: [], clock: 99, device: 'dev1' } }
    );
    expect(report.status).toBe('done');
    expect(report.skipped).toEqual([
      { where: 'line 2', reason: 'rejected: me is not a list' },
      { where: 'line 3', reason: 'rejected: region is not text' },
      { where: 'line 4', reason: 'rejected: region ZZ is not a country code' }
    ]);
    expect([backend.settings().region, backend.settings().me]).toEqual(['CN', ['Lin']]);
    expect((await backend.importFiles([file('sms.xml', SBR)]))[0].imported).toBe(1);
  });

  it('an event whose id is not its content cannot shadow a real SMS', async () => {
    const forged = { ...sms, body: 'forged', id: contentId(sms) };
    const report = await importSync({ event: forged });
    expect(report.skipped).toEqual([{ where: 'line 2', reason: `rejected: id ${contentId(sms)} does not match the event's content` }]);
    const [real] = await backend.importFiles([file('sms.xml', SBR)]);
    expect([real.imported, real.alreadyPresent]).toEqual([1, 0]);
    const page = await backend.timeline({});
    expect(page.events.map((e) => ('body' in e ? e.body : ''))).toEqual(['你好']);
  });

  it('clocks must be finite whole numbers in range', async () => {
    const edit = (clock: unknown) => ({ edit: { a: 'phone:+8613800138000', b: 'whatsapp:Xiao Yang', op: 'bind', clock, device: 'dev1' } });
    const report = await importSync(edit(1e308), edit('Infinity'), edit('abc'), edit(-1), edit(2.5), edit(7));
    expect(report.skipped.map((s) => s.reason)).toEqual([
      'rejected: clock 1e+308 is outside 0…1099511627776',
      'rejected: clock is not a whole number',
      'rejected: clock is not a whole number',
      'rejected: clock -1 is outside 0…1099511627776',
      'rejected: clock is not a whole number'
    ]);
    expect(await backend.db.edits.count().exec()).toBe(1);
  });

  it('unknown fields are dropped, never stored or passed on', async () => {
    const event = { ...sms, id: contentId(sms), evil: '<script>', source: { ...sms.source, extra: 1 } };
    const report = await importSync({ event });
    expect([report.status, report.imported, report.skipped]).toEqual(['done', 1, []]);
    const { blob } = await backend.exportSync();
    const text = new TextDecoder().decode(gunzipSync(new Uint8Array(await blob.arrayBuffer())));
    expect(text).toContain('"body":"你好"');
    expect(text).not.toContain('evil');
    expect(text).not.toContain('extra');
  });

  it('a broken header or a record that is not JSON is a diagnostic naming the file and line', async () => {
    const [bad] = await backend.importFiles([file('peer.ctsync', '{"format":"crosstalk-sync","version":1,\n')]);
    expect([bad.status, bad.error]).toEqual(['failed', 'peer.ctsync, line 1: not a Crosstalk sync file header']);
    const [newer] = await backend.importFiles([file('peer.ctsync', '{"format":"crosstalk-sync","version":2}\n')]);
    expect(newer.error).toBe('peer.ctsync, line 1: sync file version 2 is newer than this app');
    const report = await backend.importFiles([file('peer.ctsync', HEADER + '\n{"event": {"kind":\n[1,2]\n{"a":1,"b":2}\n')]);
    expect(report[0].skipped.map((s) => s.where + ': ' + s.reason.replace(/\(.*\)/, '(…)'))).toEqual([
      'line 2: not a JSON record (…)',
      'line 3: rejected: line is not an object',
      'line 4: rejected: a record has one kind, not 2 (…)'
    ]);
  });
});
