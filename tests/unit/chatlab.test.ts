import { describe, expect, it } from 'vitest';
import { chatlabImporter, parseChatLab } from '../../src/lib/formats/chatlab/read';
import { newTally } from '../../src/lib/formats/chat/draft';
import { ImportError } from '../../src/lib/import/types';
import { fromStrings } from '../../src/lib/util/text-stream';
import { OPTIONS, collect, iso } from './helpers';

const MESSAGES = [
  { sender: '123456789', accountName: '我', timestamp: 1703001600, type: 0, content: '在吗？' },
  { sender: '987654321', accountName: '小明', timestamp: 1703001660, type: 1, content: '[图片]' },
  { sender: '987654321', accountName: '小明', timestamp: 1703001720, type: 23, content: '语音通话 02:05' },
  { sender: '123456789', accountName: '我', timestamp: 1703001780, type: 23, content: '已取消' },
  { sender: '987654321', accountName: '小明', timestamp: 1703001790, type: 81, content: '撤回了一条消息' },
  { sender: '987654321', timestamp: '1703001800', type: 0, content: 'x' },
  { sender: '987654321', accountName: '小明', timestamp: 1703001840, type: 4, content: '报告.pdf' }
];
const PRIVATE = {
  chatlab: { version: '0.0.2', exportedAt: 1703001600 },
  meta: { name: '与小明的对话', platform: 'qq', type: 'private', ownerId: '123456789' },
  members: [
    { platformId: '123456789', accountName: '我' },
    { platformId: '987654321', accountName: '小明' }
  ],
  messages: MESSAGES
};
const JSON_TEXT = JSON.stringify(PRIVATE, null, 2);
const JSONL = [
  '# exported by a test',
  JSON.stringify({ _type: 'header', chatlab: PRIVATE.chatlab, meta: PRIVATE.meta }),
  ...PRIVATE.members.map((m) => JSON.stringify({ _type: 'member', ...m })),
  ...MESSAGES.map((m) => JSON.stringify({ _type: 'message', ...m })),
  '{broken'
].join('\n');

const EXPECTED = [
  ['message', 'out', '987654321', '小明', '2023-12-19T16:00:00.000Z'],
  ['message', 'in', '987654321', '小明', '2023-12-19T16:01:00.000Z'],
  ['call', 'in', '987654321', '小明', '2023-12-19T16:02:00.000Z'],
  ['call', 'out', '987654321', '小明', '2023-12-19T16:03:00.000Z'],
  ['message', 'in', '987654321', '小明', '2023-12-19T16:04:00.000Z']
];

describe('ChatLab JSON and JSONL', () => {
  it('reads a private QQ chat from JSON with exact values', async () => {
    const { events, skips } = await collect(chatlabImporter, JSON_TEXT, { fileName: 'c.json', me: [] });
    expect(events.map((e) => [e.kind, e.direction, e.handle, e.name, iso(e.start)])).toEqual(EXPECTED);
    expect(events.map((e) => (e.kind === 'message' ? [e.body, e.attachments] : [e.status, e.durationSec, e.video]))).toEqual([
      ['在吗？', []],
      ['', [{ name: '', type: 'image' }]],
      ['answered', 125, false],
      ['unanswered', 0, false],
      ['', [{ name: '报告.pdf', type: 'file' }]]
    ]);
    expect(events.map((e) => [e.channel, e.source.format, e.source.record])).toEqual(
      [0, 1, 2, 3, 6].map((i) => ['qq', 'chatlab-json', `messages[${i}]`])
    );
    expect(skips).toEqual([{ file: 'c.json', where: 'messages[5]', reason: 'timestamp is not a number: "1703001800"' }]);
  });

  it('reads the same chat from JSONL with line numbers, skipping a broken line', async () => {
    const tally = newTally();
    const items = [];
    for await (const b of parseChatLab(fromStrings(JSONL), { ...OPTIONS, fileName: 'c.jsonl' }, tally)) items.push(...b);
    const events = items.flatMap((i) => (i.type === 'event' ? [i.event] : []));
    expect(events.map((e) => [e.kind, e.direction, e.handle, e.name, iso(e.start)])).toEqual(EXPECTED);
    expect(events.map((e) => e.source.record)).toEqual(['line 5', 'line 6', 'line 7', 'line 8', 'line 11']);
    expect(items.flatMap((i) => (i.type === 'skip' ? [i.skip.where] : []))).toEqual(['line 10', 'line 12']);
    expect(tally.systemLines).toBe(1);
  });

  it('without ownerId, options.me decides; ids stay the same', async () => {
    const noOwner = JSON.stringify({ ...PRIVATE, meta: { ...PRIVATE.meta, ownerId: undefined } });
    const named = await collect(chatlabImporter, noOwner, { me: ['我'] });
    const unnamed = await collect(chatlabImporter, noOwner, { me: [] });
    expect(named.events.map((e) => e.direction)).toEqual(['out', 'in', 'in', 'out', 'in']);
    expect(unnamed.events.map((e) => [e.direction, e.handle])).toEqual([
      ['in', '123456789'],
      ['in', '987654321'],
      ['in', '987654321'],
      ['in', '123456789'],
      ['in', '987654321']
    ]);
    expect(unnamed.storedIds).toEqual(named.storedIds);
  });

  it('a group: counterpart per sender, conversation = meta.name, channel from the platform', async () => {
    const group = { ...PRIVATE, meta: { name: '技术交流群', platform: 'wechat', type: 'group', groupId: '389' } };
    const { events } = await collect(chatlabImporter, JSON.stringify(group), { me: ['我'] });
    expect(events.slice(0, 2).map((e) => [e.channel, e.direction, e.handle, e.conversation])).toEqual([
      ['wechat', 'out', '技术交流群', '技术交流群'],
      ['wechat', 'in', '987654321', '技术交流群']
    ]);
  });

  it('refuses platforms without a channel and files without meta', async () => {
    const discord = JSON.stringify({ ...PRIVATE, meta: { ...PRIVATE.meta, platform: 'discord' } });
    await expect(collect(chatlabImporter, discord, { fileName: 'd.json' })).rejects.toThrow(new ImportError('d.json', 'meta', 'ChatLab platform "discord" is not an app Crosstalk reads'));
    await expect(collect(chatlabImporter, '{"messages": []}', { fileName: 'e.json' })).rejects.toThrow('e.json: no ChatLab meta found');
  });

  it('reads the same in 1-byte chunks and detects both forms', async () => {
    expect((await collect(chatlabImporter, JSON_TEXT, {}, 1)).items).toEqual((await collect(chatlabImporter, JSON_TEXT)).items);
    expect((await collect(chatlabImporter, JSONL, {}, 1)).items).toEqual((await collect(chatlabImporter, JSONL)).items);
    expect(chatlabImporter.detect(JSON_TEXT, 'a.json')).toBe(true);
    expect(chatlabImporter.detect(JSONL.split('\n').slice(1).join('\n'), 'a.jsonl')).toBe(true);
    expect(chatlabImporter.detect('{"messages": []}', 'a.json')).toBe(false);
  });
});
