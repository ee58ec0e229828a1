import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Papa from 'papaparse';
import { CSV_HEADER, csvRowLine } from '../../src/lib/formats/crosstalk-csv/write';
import type { CsvRow } from '../../src/lib/formats/crosstalk-csv/columns';

const run = promisify(execFile);
const root = resolve(__dirname, '../..');
const fx = (name: string) => resolve(root, 'tests/fixtures/e2e', name);
const FILES = [fx('sms-20261101.xml'), fx('calls-20261101.xml'), fx('WhatsApp Chat with Xiao Yang.txt'), fx('result.json'), fx('contacts.vcf')];
const OPTS = ['--region', 'CN', '--tz', 'Asia/Shanghai', '--me', 'Lin'];

async function writeback(...extra: string[]) {
  const { stdout, stderr } = await run(resolve(root, 'node_modules/.bin/tsx'), [resolve(root, 'src/cli/main.ts'), 'writeback', ...OPTS, ...FILES, ...extra], { cwd: root });
  return { rows: Papa.parse<CsvRow>(stdout, { header: true, skipEmptyLines: true }).data, stderr };
}

const xmlAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/\n/g, '&#10;');

describe('CLI writeback leaves out what the dumps show is on the phone', () => {
  it('a phone copy of a written row (SBR) and our own row read back by the exporter (CSV with our id) are left out', async () => {
    const before = await writeback();
    const messages = before.rows.filter((r) => r.kind === 'sms');
    expect(messages.length).toBeGreaterThanOrEqual(2);
    const [copied, tagged] = messages;

    const dir = mkdtempSync(join(tmpdir(), 'ct-cli-'));
    const sbr = join(dir, 'sms-after-writeback.xml');
    writeFileSync(
      sbr,
      `<?xml version="1.0" encoding="UTF-8"?>\n<smses count="1">\n<sms address="${copied.number}" date="${Date.parse(copied.start)}" type="${copied.direction === 'in' ? 1 : 2}" body="${xmlAttr(copied.body)}" />\n</smses>\n`
    );
    const dump = join(dir, 'crosstalk-phone-dump.csv');
    writeFileSync(dump, CSV_HEADER + csvRowLine({ ...tagged, source_id: 'sms:9' }));

    const after = await writeback(sbr, dump);
    expect(after.rows.map((r) => r.crosstalk_id)).toEqual(before.rows.map((r) => r.crosstalk_id).filter((id) => id !== copied.crosstalk_id && id !== tagged.crosstalk_id));
    expect(after.stderr).toContain(`writeback: ${before.rows.length - 2} rows (2 already on the phone left out)`);
  }, 60_000);

  it('a write-back set given back as input is not mistaken for the phone (its rows name no phone row)', async () => {
    const before = await writeback();
    const dir = mkdtempSync(join(tmpdir(), 'ct-cli-'));
    const set = join(dir, 'crosstalk-writeback.csv');
    writeFileSync(set, CSV_HEADER + before.rows.map(csvRowLine).join(''));
    const after = await writeback(set);
    expect(after.rows.length).toBe(before.rows.length);
  }, 60_000);
});
