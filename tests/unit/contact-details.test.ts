import { describe, expect, it } from 'vitest';
import { gunzipSync, gzipSync } from 'fflate';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { Backend } from '../../src/lib/db/backend';
import type { InputFile } from '../../src/lib/db/import/service';

/** A contact listed again — by an older copy's sync file, or another vCard — keeps what each record said about it. */

const text = (name: string, body: string | Uint8Array): InputFile => {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  return { name, size: bytes.length, async *chunks() { yield bytes; } };
};
const card = (extra: string[]) => ['BEGIN:VCARD', 'VERSION:3.0', 'FN:Xiao Yang', 'N:Yang;Xiao;;;', 'TEL;TYPE=CELL:+86 138 0013 8000', ...extra, 'END:VCARD', ''].join('\r\n');
const open = () => Backend.open(getRxStorageMemory(), 'details-' + Math.random().toString(36).slice(2));
const details = async (b: Backend) => (await b.db.contacts.find().exec()).map((c) => c.toMutableJSON().details);

describe('contact details', () => {
  it('an older copy’s sync file listing the contact without details leaves the details stored', async () => {
    const a = await open();
    await a.updateSettings({ region: 'CN' });
    await a.importFiles([text('contacts.vcf', card(['NICKNAME:小杨', 'ORG:Hotpot Co', 'EMAIL:xy@example.com']))]);
    const lines = new TextDecoder().decode(gunzipSync(new Uint8Array(await (await a.exportSync()).blob.arrayBuffer()))).trim().split('\n');
    await a.close();
    // What a copy of before the vCard details (contacts v1) writes for the same contact.
    const older = lines.map((line, i) => {
      if (i === 0 || !line.includes('"contact"')) return line;
      const record = JSON.parse(line) as { contact: Record<string, unknown> };
      delete record.contact.details;
      return JSON.stringify(record);
    });
    expect(older.filter((l) => l.includes('"contact"') && !l.includes('details'))).toHaveLength(1);

    const b = await open();
    await b.updateSettings({ region: 'CN' });
    await b.importFiles([text('contacts.vcf', card(['NICKNAME:小杨', 'ORG:Hotpot Co', 'EMAIL:xy@example.com']))]);
    const [report] = await b.importFiles([text('old.ctsync.gz', gzipSync(new TextEncoder().encode(older.join('\n') + '\n')))]);
    expect(report).toMatchObject({ status: 'done', skippedCount: 0 });
    expect(await details(b)).toEqual([{ family: 'Yang', given: 'Xiao', nicknames: ['小杨'], org: 'Hotpot Co', emails: ['xy@example.com'], usernames: [] }]);
    await b.close();
  });

  it('two vCards of one contact (same name and number) give it both e-mail addresses; the one imported last names the organisation', async () => {
    const b = await open();
    await b.updateSettings({ region: 'CN' });
    await b.importFiles([text('old.vcf', card(['ORG:Hotpot Co', 'EMAIL:xy@example.com']))]);
    await b.importFiles([text('new.vcf', card(['ORG:Noodle Ltd', 'EMAIL:yang@example.org', 'EMAIL:xy@example.com']))]);
    expect(await details(b)).toEqual([{ family: 'Yang', given: 'Xiao', nicknames: [], org: 'Noodle Ltd', emails: ['yang@example.org', 'xy@example.com'], usernames: [] }]);
    await b.close();
  });
});
