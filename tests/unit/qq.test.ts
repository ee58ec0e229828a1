import { describe, expect, it } from 'vitest';
import { parseQQ, qqImporter } from '../../src/lib/formats/qq/read';
import { newTally } from '../../src/lib/formats/chat/draft';
import { ImportError, type ImportItem } from '../../src/lib/import/types';
import { fromStrings } from '../../src/lib/util/text-stream';
import { OPTIONS, collect, iso } from './helpers';

const SEP = '='.repeat(64);
const EXPORT = [
  '消息记录（此消息记录为文本格式，不支持重新导入）',
  '',
  SEP,
  '消息分组:我的好友',
  SEP,
  '消息对象:张三',
  SEP,
  '',
  '2024-05-01 9:05:07 张三(10001)',
  '晚上一起吃饭吗[表情]',
  '',
  '2024-05-01 9:06:00 林(20002)',
  '好的',
  '',
  '第二段',
  '',
  '2024-05-01 21:30:00 张三(10001)',
  '[图片]',
  '',
  SEP,
  '消息分组:我的群聊',
  SEP,
  '消息对象:同学群',
  SEP,
  '',
  '2024-05-02 10:00:00 PM 系统消息(10000)',
  '王五(30003)加入本群。',
  '',
  '2024-05-02 10:01:00 PM 王五(30003)',
  '大家好',
  '',
  '2024-05-02 10:02:00 PM 林<lin@example.com>',
  '欢迎',
  '',
  '2024-05-02 10:03:00 PM 王五(30003)',
  '王五撤回了一条消息',
  '',
  '2024-02-30 10:04:00 PM 王五(30003)',
  '不存在的日子',
  ''
].join('\r\n');

describe('QQ message-manager export', () => {
  it('reads sections, senders, bodies and placeholders with exact values', async () => {
    const { events, skips, storedIds: ids } = await collect(qqImporter, EXPORT, { fileName: 'qq.txt', me: ['林'] });
    expect(events.map((e) => [e.direction, e.handle, e.name, e.conversation, iso(e.start)])).toEqual([
      ['in', '10001', '张三', null, '2024-05-01T01:05:07.000Z'],
      ['out', '10001', '张三', null, '2024-05-01T01:06:00.000Z'],
      ['in', '10001', '张三', null, '2024-05-01T13:30:00.000Z'],
      ['in', '30003', '王五', '同学群', '2024-05-02T14:01:00.000Z'],
      ['out', '同学群', '同学群', '同学群', '2024-05-02T14:02:00.000Z']
    ]);
    expect(events.map((e) => (e.kind === 'message' ? [e.body, e.attachments] : null))).toEqual([
      ['晚上一起吃饭吗', [{ name: '', type: 'sticker' }]],
      ['好的\n\n第二段', []],
      ['', [{ name: '', type: 'image' }]],
      ['大家好', []],
      ['欢迎', []]
    ]);
    expect(events.every((e) => e.channel === 'qq' && e.source.format === 'qq-txt')).toBe(true);
    expect(events.map((e) => e.source.record)).toEqual(['line 9', 'line 12', 'line 17', 'line 29', 'line 32']);
    expect(skips).toEqual([{ file: 'qq.txt', where: 'line 38', reason: '2024-02-30 is not a date' }]);
    expect(new Set(ids).size).toBe(5);
  });

  it('counts the system sender and join/recall notices, not as messages', async () => {
    const tally = newTally();
    const items: ImportItem[] = [];
    for await (const b of parseQQ(fromStrings(EXPORT), { ...OPTIONS, fileName: 'qq.txt' }, tally)) items.push(...b);
    expect(tally.systemLines).toBe(2);
    expect(items.filter((i) => i.type === 'event')).toHaveLength(5);
  });

  it('gives the same ids whoever the owner is', async () => {
    const named = await collect(qqImporter, EXPORT, { me: ['林'] });
    const unnamed = await collect(qqImporter, EXPORT, { me: [] });
    expect(unnamed.storedIds).toEqual(named.storedIds);
    expect(unnamed.events[1].direction).toBe('out'); // the one author other than 张三 in a friend chat
  });

  it('reads 12-hour times, e-mail and number-less senders without a header', async () => {
    const text = '2017-01-19 12:20:27 AM 暗夜\naaa\n\n2017-01-19 8:22:24 PM Fish\nbbb\n';
    const { events } = await collect(qqImporter, text, { me: ['Fish'], timeZone: 'UTC' });
    expect(events.map((e) => [e.direction, e.handle, iso(e.start)])).toEqual([
      ['in', '暗夜', '2017-01-19T00:20:27.000Z'],
      ['out', '暗夜', '2017-01-19T20:22:24.000Z']
    ]);
  });

  it('detects the export from its header or message lines, not other text', () => {
    expect(qqImporter.detect(EXPORT, 'x.txt')).toBe(true);
    expect(qqImporter.detect('2020-03-04 12:12:29 AM 礼(852649)\n1\n', 'x.txt')).toBe(true);
    expect(qqImporter.detect('hello\n2020-03-04 12:12:29 AM Fish\n', 'x.txt')).toBe(false);
    expect(qqImporter.detect('[2020-03-04, 12:12:29] Fish: hi\n', 'x.txt')).toBe(false);
  });

  it('refuses a file without any message', async () => {
    await expect(collect(qqImporter, '消息记录（此消息记录为文本格式，不支持重新导入）\n\n')).rejects.toBeInstanceOf(ImportError);
  });

  it('reads the same in 1-byte chunks', async () => {
    const whole = await collect(qqImporter, EXPORT, { me: ['林'] });
    const bytes = await collect(qqImporter, EXPORT, { me: ['林'] }, 1);
    expect(bytes.items).toEqual(whole.items);
  });
});
