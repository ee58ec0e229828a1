import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = resolve(__dirname, '../..');
const fx = (name: string) => resolve(root, 'tests/fixtures/mapped-csv', name);

async function cli(...args: string[]) {
  try {
    const { stdout, stderr } = await run(resolve(root, 'node_modules/.bin/tsx'), [resolve(root, 'src/cli/main.ts'), ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('CLI --mapping', () => {
  it('reads a CSV no importer knows through a mapping file', async () => {
    const { code, stdout, stderr } = await cli('parse', '--region', 'CN', '--mapping', fx('mapping.json'), fx('zalo-november.csv'));
    expect(code).toBe(0);
    const events = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(events.map((e) => [e.channel, e.kind, e.direction, e.handle, e.number, e.name, e.start, e.body ?? e.durationSec, e.source])).toEqual([
      ['other', 'message', 'out', '+8613800138000', '+8613800138000', 'Xiao Yang', '2026-11-03T01:15:00.000Z', '明天见 at 7', { format: 'mapped-csv', file: 'zalo-november.csv', record: 'line 2' }],
      ['other', 'call', 'in', '+8613800138000', '+8613800138000', 'Xiao Yang', '2026-11-03T10:40:00.000Z', 125, { format: 'mapped-csv', file: 'zalo-november.csv', record: 'line 3' }]
    ]);
    expect(stderr).toBe('skipped: zalo-november.csv, line 4: Message: the message is empty\nzalo-november.csv: 2 events (2 new, 0 already present), 0 contacts, 1 skipped\n');
  });

  it('without the mapping the file is an unknown format; a wrong mapping is a usage error naming the field', async () => {
    const bare = await cli('parse', fx('zalo-november.csv'));
    expect([bare.code, bare.stderr.startsWith('crosstalk: zalo-november.csv: unknown format (expected ')]).toEqual([1, true]);
    const wrong = await cli('parse', '--mapping', fx('zalo-november.csv'), fx('zalo-november.csv'));
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.split('\n')[0]).toBe('crosstalk: --mapping zalo-november.csv: Unexpected token \'D\', "Date,Conta"... is not valid JSON');
  });
});
