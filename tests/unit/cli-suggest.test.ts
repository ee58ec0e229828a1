import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = resolve(__dirname, '../..');
const fx = (name: string) => resolve(root, 'tests/fixtures/e2e', name);
const FILES = ['sms-20261101.xml', 'calls-20261101.xml', 'WhatsApp Chat with Xiao Yang.txt', 'result.json', 'contacts.vcf', 'qq-export.txt', '李雷_utf8.csv', 'suggest-contacts.vcf', 'suggest-sms.xml'].map(fx);

async function cli(...args: string[]) {
  const { stdout } = await run(resolve(root, 'node_modules/.bin/tsx'), [resolve(root, 'src/cli/main.ts'), ...args], { cwd: root });
  return JSON.parse(stdout);
}

describe('CLI suggest', () => {
  it('prints every number-less identity with a candidate, best first, with score, tier and evidence', async () => {
    expect(await cli('suggest', '--region', 'CN', '--tz', 'Asia/Shanghai', '--me', 'Lin', ...FILES)).toEqual([
      {
        identity: { channel: 'qq', handle: '10001' },
        person: { name: '韩梅梅', numbers: ['+8613700137000'] },
        score: 0.92,
        strong: true,
        evidence: ['same name as the vCard contact 韩梅梅']
      },
      {
        identity: { channel: 'wechat', handle: 'wxid_lilei' },
        person: { name: 'Li Lei', numbers: ['+8613900139000'] },
        score: 0.86,
        strong: true,
        evidence: ['Li Lei is the pinyin of 李雷']
      }
    ]);
  }, 60_000);

  it('never suggests the owner’s identities', async () => {
    const out = await cli('suggest', '--region', 'CN', '--tz', 'Asia/Shanghai', '--me', '韩梅梅', ...FILES);
    expect(out.map((s: { identity: { handle: string } }) => s.identity.handle)).toEqual(['wxid_lilei']);
  }, 60_000);
});
