import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { promisify } from 'node:util';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { Backend } from '../../src/lib/db/backend';

const run = promisify(execFile);
const root = resolve(__dirname, '../..');
const fx = (name: string) => resolve(root, 'tests/fixtures/e2e', name);
const FILES = [fx('sms-20261101.xml'), fx('calls-20261101.xml'), fx('WhatsApp Chat with Xiao Yang.txt'), fx('result.json'), fx('contacts.vcf')];
const OPTS = ['--region', 'CN', '--tz', 'Asia/Shanghai', '--me', 'Lin'];

async function cli(...args: string[]) {
  return cliWith({}, ...args);
}
async function cliWith(env: Record<string, string>, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(resolve(root, 'node_modules/.bin/tsx'), [resolve(root, 'src/cli/main.ts'), ...args], { cwd: root, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('CLI', () => {
  it('people: one friend with calls and messages from all three channels', async () => {
    const { code, stdout } = await cli('people', ...OPTS, ...FILES);
    expect(code).toBe(0);
    const people = JSON.parse(stdout);
    const yang = people.filter((p: { name: string }) => p.name === 'Xiao Yang');
    expect(yang).toHaveLength(1);
    expect(yang[0].numbers).toEqual(['+8613800138000']);
    expect(yang[0].handles).toEqual([
      { channel: 'telegram', handle: 'user7010203040' },
      { channel: 'whatsapp', handle: 'Xiao Yang' }
    ]);
    expect(Object.keys(yang[0].counts).sort()).toEqual(['phone', 'telegram', 'whatsapp']);
    expect(yang[0].counts.phone.call).toBe(3);
    expect(yang[0].counts.whatsapp).toEqual({ call: 1, message: 4 });
    expect(people.map((p: { name: string }) => p.name)).not.toContain('Lin');
  }, 60_000);

  it('writeback: exactly the chat-app events of that person, with the E.164 number', async () => {
    const { code, stdout } = await cli('writeback', ...OPTS, ...FILES);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe('v,channel,kind,direction,status,number,name,start,duration_sec,video,body,attachments,crosstalk_id,source_id');
    const rows = lines.slice(1);
    expect(rows.every((r) => /^1,(whatsapp|telegram),/.test(r) && r.includes(',+8613800138000,Xiao Yang,'))).toBe(true);
    expect(rows.filter((r) => r.startsWith('1,whatsapp,'))).toHaveLength(5);
    expect(rows[0]).toMatch(/^1,whatsapp,sms,in,received,\+8613800138000,Xiao Yang,2026-10-20T01:00:00\.000Z,,,\[WhatsApp\] Morning! Did you get the photos from the hike\?,,ct2-[0-9a-f]{16},$/);
  }, 60_000);

  it('parse: importing the overlapping phone files twice changes no count', async () => {
    const once = await cli('parse', ...OPTS, fx('sms-20261101.xml'), fx('calls-20261101.xml'));
    const twice = await cli('parse', ...OPTS, fx('sms-20261101.xml'), fx('calls-20261101.xml'), fx('sms-20261101.xml'), fx('calls-20261101.xml'));
    expect(once.code).toBe(0);
    expect(twice.stdout).toBe(once.stdout);
    expect(twice.stderr).toContain('sms-20261101.xml: 5 events (0 new, 5 already present), 0 contacts, 1 skipped');
    const first = JSON.parse(once.stdout.split('\n')[0]);
    expect(Object.keys(first)).toEqual(expect.arrayContaining(['id', 'channel', 'kind', 'direction', 'status', 'handle', 'number', 'start', 'durationSec', 'body', 'attachments']));
    expect(first.start).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  }, 60_000);

  it('fails with one clear line on unknown input', async () => {
    const missing = await cli('parse', 'no-such-file.xml');
    expect([missing.code, missing.stderr]).toEqual([1, 'crosstalk: no-such-file.xml: no such file\n']);
    const unknown = await cli('parse', resolve(root, 'package.json'));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^crosstalk: package\.json: unknown format \(expected .*\)\n$/);
    const usage = await cli('frobnicate', 'x');
    expect(usage.code).toBe(2);
    expect(usage.stderr.split('\n')[0]).toBe('crosstalk: unknown command "frobnicate"');
  }, 60_000);

  it('every failure is one line naming the file, exit 1; usage errors exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crosstalk-cli-'));
    const file = (name: string, bytes: Uint8Array | string) => {
      writeFileSync(join(dir, name), bytes);
      return join(dir, name);
    };
    const vcf = gzipSync(readFileSync(fx('contacts.vcf')));
    const failures: [string[], string][] = [
      [[file('bad.gz', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, ...Buffer.from('garbage, not deflate')]))], 'crosstalk: bad.gz: not valid gzip data (invalid block type)\n'],
      [[file('cut.vcf.gz', vcf.subarray(0, 60))], 'crosstalk: cut.vcf.gz: the gzip checksum does not match: the file is damaged or incomplete\n'],
      [[file('cut.json', readFileSync(fx('result.json')).subarray(0, 3000))], 'crosstalk: cut.json, character 2992: the JSON ends early (truncated file?): the JSON ends before its closing brace\n'],
      [['/proc/self/mem'], 'crosstalk: mem: EIO: i/o error, read\n'],
      [[(mkdirSync(join(dir, 'folder')), join(dir, 'folder'))], 'crosstalk: folder: not a file\n']
    ];
    for (const [args, stderr] of failures) expect(await cli('parse', ...args)).toEqual({ code: 1, stdout: '', stderr });
    const zz = await cli('parse', '--region', 'ZZ', fx('contacts.vcf'));
    expect([zz.code, zz.stderr.split('\n')[0]]).toEqual([2, 'crosstalk: --region must be a supported two-letter country code such as CN or US, not "ZZ"']);
    const option = await cli('parse', '--frobnicate', fx('contacts.vcf'));
    // Node's own wording after the option's name differs between versions.
    expect([option.code, option.stderr.split('\n')[0].split('. ')[0]]).toEqual([2, "crosstalk: Unknown option '--frobnicate'"]);
  }, 180_000);

  it('reads an encrypted sync file with the passphrase from a file or the environment, and names the file otherwise', async () => {
    const dir = await mkdtemp(resolve(tmpdir(), 'crosstalk-cli-'));
    const sealed = resolve(dir, 'copy.ctsync.enc');
    const b = await Backend.open(getRxStorageMemory(), 'cli-enc');
    try {
      await b.updateSettings({ region: 'CN', me: ['Lin'], timeZone: 'Asia/Shanghai' });
      const inputs = await Promise.all(FILES.map(async (path) => ({ path, bytes: new Uint8Array(await readFile(path)) })));
      const reports = await b.importFiles(inputs.map(({ path, bytes }) => ({ name: path.slice(path.lastIndexOf('/') + 1), size: bytes.length, chunks: async function* () { yield bytes; } })));
      expect(reports.map((r) => r.status)).toEqual(['done', 'done', 'done', 'done', 'done']);
      await writeFile(sealed, new Uint8Array(await (await b.exportSync('secret passphrase 1')).blob.arrayBuffer()));
    } finally {
      await b.close();
    }
    await writeFile(resolve(dir, 'pass.txt'), 'secret passphrase 1\n');
    const fromFile = await cli('parse', ...OPTS, '--passphrase-file', resolve(dir, 'pass.txt'), sealed);
    const fromEnv = await cliWith({ CROSSTALK_PASSPHRASE: 'secret passphrase 1' }, 'parse', ...OPTS, sealed);
    expect(fromFile.code).toBe(0);
    const ids = (out: string) => out.trimEnd().split('\n').map((l) => JSON.parse(l).id).sort();
    expect(ids(fromFile.stdout)).toHaveLength(18);
    expect(ids(fromEnv.stdout)).toEqual(ids(fromFile.stdout));
    const none = await cli('parse', ...OPTS, sealed);
    expect([none.code, none.stderr]).toEqual([1, 'crosstalk: copy.ctsync.enc: the file is encrypted: enter its passphrase\n']);
    const wrong = await cliWith({ CROSSTALK_PASSPHRASE: 'not it at all' }, 'parse', ...OPTS, sealed);
    expect([wrong.code, wrong.stderr]).toEqual([1, 'crosstalk: copy.ctsync.enc: wrong passphrase (or the file header was altered)\n']);
  }, 180_000);
});
