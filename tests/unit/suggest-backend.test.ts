import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { Backend } from '../../src/lib/db/backend';
import type { InputFile } from '../../src/lib/db/import/service';

const fx = (name: string): InputFile => {
  const bytes = new Uint8Array(readFileSync(resolve(__dirname, '../fixtures/e2e', name)));
  return { name, size: bytes.length, chunks: async function* () { yield bytes; } };
};
const FILES = ['qq-export.txt', '李雷_utf8.csv', 'suggest-contacts.vcf', 'suggest-sms.xml'];
const QQ = 'id:qq:10001';
const WECHAT = 'id:wechat:wxid_lilei';
const HAN = 'num:+8613700137000';
const LI = 'num:+8613900139000';

async function open(): Promise<Backend> {
  const b = await Backend.open(getRxStorageMemory(), 'suggest' + Math.random().toString(36).slice(2));
  await b.updateSettings({ region: 'CN', timeZone: 'Asia/Shanghai', me: ['Lin', '林'] });
  await b.importFiles(FILES.map(fx));
  return b;
}
const pending = async (b: Backend) => (await b.suggestions()).map((s) => [s.node, s.anchor, s.score, s.strong]);

describe('suggestions in the backend', () => {
  it('are computed after an import, with sentences in both languages and badges per person', async () => {
    const b = await open();
    expect(await pending(b)).toEqual([
      [QQ, HAN, 0.92, true],
      [WECHAT, LI, 0.86, true]
    ]);
    const [, li] = await b.suggestions();
    expect(li.sentences).toEqual({ en: ['Li Lei is the pinyin of 李雷'], zh: ['Li Lei 是 李雷 的拼音'] });
    expect(await b.suggestionCounts()).toEqual({ total: 2, byPerson: { [QQ]: 1, [HAN]: 1, [WECHAT]: 1, [LI]: 1 } });
    expect((await b.suggestionsFor(LI)).map((s) => s.node)).toEqual([WECHAT]);
    await b.close();
  });

  it('accept binds the identity to the person, reject is remembered, both undo', async () => {
    const b = await open();
    await b.acceptSuggestion(WECHAT, LI);
    const li = (await b.people()).find((p) => p.numbers[0] === '+8613900139000')!;
    expect(li.handles).toEqual([{ channel: 'wechat', handle: 'wxid_lilei' }]);
    expect((await b.timeline({ person: li.id })).events.map((e) => e.channel)).toEqual(['wechat', 'wechat', 'wechat', 'phone', 'phone']);
    await b.rejectSuggestion(QQ, HAN);
    expect(await pending(b)).toEqual([]);
    expect(b.canUndo()).toBe('reject');
    await b.undo();
    expect(await pending(b)).toEqual([[QQ, HAN, 0.92, true]]);
    expect(b.canUndo()).toBe('accept');
    await b.undo();
    expect(await pending(b)).toEqual([
      [QQ, HAN, 0.92, true],
      [WECHAT, LI, 0.86, true]
    ]);
    await b.close();
  });

  it('accepts every strong suggestion in one undoable step, and a rejection travels in the sync file', async () => {
    const a = await open();
    await a.rejectSuggestion(QQ, HAN);
    const sync = await a.exportSync();
    expect(await a.acceptStrongSuggestions()).toBe(1);
    expect((await a.people()).find((p) => p.numbers[0] === '+8613900139000')!.handles).toEqual([{ channel: 'wechat', handle: 'wxid_lilei' }]);
    await a.undo();
    expect(await pending(a)).toEqual([[WECHAT, LI, 0.86, true]]);
    await a.close();

    const other = await open();
    const bytes = new Uint8Array(await sync.blob.arrayBuffer());
    await other.importFiles([{ name: sync.fileName, size: bytes.length, chunks: async function* () { yield bytes; } }]);
    expect(await pending(other)).toEqual([[WECHAT, LI, 0.86, true]]);
    await other.close();
  });
});
