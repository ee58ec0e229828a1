import { describe, expect, it } from 'vitest';
import { lineImporter, parseLine } from '../../src/lib/formats/line/read';
import { newTally } from '../../src/lib/formats/chat/draft';
import { ImportError } from '../../src/lib/import/types';
import { fromStrings } from '../../src/lib/util/text-stream';
import { OPTIONS, collect, iso } from './helpers';

const EN = [
  '\ufeff[LINE] Chat history with Bob',
  'Saved on: 2024/01/16 10:30',
  '',
  '2024/01/15(Mon)',
  '09:05\tBob\tGood morning',
  '09:06\tLin\t"Two',
  'lines with ""quotes""',
  '10:00\tnot a new message"',
  '9:07 PM\tBob\t[Sticker]',
  '21:10\tLin\t☎ Call time 1:02:03',
  '21:20\tBob\t☎ Missed call',
  '21:21\tBob\tBob unsent a message.',
  '21:22\t\tBob changed the name.',
  '',
  'Wed, 17/01/2567 BE',
  '24:30\tBob\tafter midnight',
  '2024/02/30(Fri)',
  '10:00\tBob\tno such day'
].join('\n');

describe('LINE chat history', () => {
  it('reads an English export with exact values', async () => {
    const { events, skips } = await collect(lineImporter, EN, { fileName: 'line.txt', me: [], timeZone: 'Asia/Tokyo' });
    expect(events.map((e) => [e.kind, e.direction, e.handle, e.conversation, iso(e.start), e.source.record])).toEqual([
      ['message', 'in', 'Bob', null, '2024-01-15T00:05:00.000Z', 'line 5'],
      ['message', 'out', 'Bob', null, '2024-01-15T00:06:00.000Z', 'line 6'],
      ['message', 'in', 'Bob', null, '2024-01-15T12:07:00.000Z', 'line 9'],
      ['call', 'out', 'Bob', null, '2024-01-15T12:10:00.000Z', 'line 10'],
      ['call', 'in', 'Bob', null, '2024-01-15T12:20:00.000Z', 'line 11'],
      ['message', 'in', 'Bob', null, '2024-01-17T15:30:00.000Z', 'line 16']
    ]);
    expect(events.map((e) => (e.kind === 'message' ? [e.body, e.attachments] : [e.status, e.durationSec, e.video]))).toEqual([
      ['Good morning', []],
      ['Two\nlines with "quotes"\n10:00\tnot a new message', []],
      ['', [{ name: '', type: 'sticker' }]],
      ['answered', 3723, false],
      ['missed', 0, false],
      ['after midnight', []]
    ]);
    expect(skips).toEqual([{ file: 'line.txt', where: 'line 18', reason: '2024-02-30 is not a date' }]);
  });

  it('tallies unsent notices and system lines', async () => {
    const tally = newTally();
    for await (const _ of parseLine(fromStrings(EN), { ...OPTIONS, fileName: 'l.txt' }, tally));
    expect(tally.systemLines).toBe(2);
  });

  it('tallies the unsent notices of every language, wherever the phrase stands, and keeps a text that only shares a character', async () => {
    const notices = ['Bobがメッセージの送信を取り消しました', 'Bob已收回訊息', 'Bob收回了讯息', 'Bob已收回讯息', 'Bob撤回了一条消息'];
    const lines = ['[LINE] Chat history with Bob', '', '2024/01/15(Mon)', ...notices.map((n) => `10:30\tBob\t${n}`), '10:31\tBob\t回来了'];
    const tally = newTally();
    const events = [];
    for await (const items of parseLine(fromStrings(lines.join('\n')), { ...OPTIONS, fileName: 'l.txt' }, tally)) events.push(...items);
    expect(tally.systemLines).toBe(5);
    expect(events.map((i) => (i.type === 'event' && i.event.kind === 'message' ? i.event.body : i.type))).toEqual(['回来了']);
  });

  it('reads Japanese, Traditional and Simplified Chinese headers, dates and clocks', async () => {
    const ja = '[LINE] 友達グループのトーク履歴\n保存日時：2018/04/17 10:00\n\n2018/04/16(月)\n午後1:05\t太郎\t[写真]\n午前0:10\t花子\tおはよう\nR7/02/11(火)\n13:00\t太郎\t令和\n';
    const jaEvents = (await collect(lineImporter, ja, { me: ['花子'], timeZone: 'Asia/Tokyo' })).events;
    expect(jaEvents.map((e) => [e.direction, e.handle, e.conversation, iso(e.start)])).toEqual([
      ['in', '太郎', '友達グループ', '2018-04-16T04:05:00.000Z'],
      ['out', '友達グループ', '友達グループ', '2018-04-15T15:10:00.000Z'],
      ['in', '太郎', '友達グループ', '2025-02-11T04:00:00.000Z']
    ]);
    const tw = '[LINE] 與小美的聊天記錄\n儲存日期：2024/01/05 12:34\n\n2024/01/05（五）\n下午03:15\t小美\t[貼圖]\n2024/1/6週六\n上午10:00\t阿明\t早\n';
    const twEvents = (await collect(lineImporter, tw, { me: [], timeZone: 'Asia/Taipei' })).events;
    expect(twEvents.map((e) => [e.direction, e.handle, iso(e.start)])).toEqual([
      ['in', '小美', '2024-01-05T07:15:00.000Z'],
      ['out', '小美', '2024-01-06T02:00:00.000Z']
    ]);
    const cn = '[LINE] 与小王的聊天记录\n保存日期: 2023/12/02 08:00\n\n2023/12/01(週五)\n04:35PM\t小王\t☎ 视频通话 通话时间 0:15\n';
    const cnEvents = (await collect(lineImporter, cn, { timeZone: 'Asia/Shanghai' })).events;
    expect(cnEvents.map((e) => [e.kind, iso(e.start), e.kind === 'call' ? [e.status, e.durationSec, e.video] : null])).toEqual([
      ['call', '2023-12-01T08:35:00.000Z', ['answered', 15, true]]
    ]);
  });

  it('reads the old desktop layout with spaces and continuation lines', async () => {
    const text = '2017.09.03 Sunday\n16:23 Bob Today I found something:\nmore text\n16:27 Bob Photos\n16:30 Alice Looks awesome!\n';
    const { events } = await collect(lineImporter, text, { me: ['Alice'], timeZone: 'UTC' });
    expect(events.map((e) => [e.direction, e.handle, iso(e.start), e.kind === 'message' ? [e.body, e.attachments.length] : null])).toEqual([
      ['in', 'Bob', '2017-09-03T16:23:00.000Z', ['Today I found something:\nmore text', 0]],
      ['in', 'Bob', '2017-09-03T16:27:00.000Z', ['', 1]],
      ['out', 'Bob', '2017-09-03T16:30:00.000Z', ['Looks awesome!', 0]]
    ]);
  });

  it('ids do not depend on options.me', async () => {
    const text = '2017.09.03 Sunday\n16:23 Bob Hi\n16:30 Alice Hello\n';
    const a = await collect(lineImporter, text, { me: [] });
    const b = await collect(lineImporter, text, { me: ['Alice'] });
    expect(a.events.map((e) => [e.direction, e.handle])).toEqual([['in', 'Bob'], ['in', 'Alice']]);
    expect(b.events.map((e) => [e.direction, e.handle])).toEqual([['in', 'Bob'], ['out', 'Bob']]);
    expect(b.storedIds).toEqual(a.storedIds);
  });

  it('reads the same in 1-byte chunks; detects; refuses a file without messages', async () => {
    expect((await collect(lineImporter, EN, {}, 1)).items).toEqual((await collect(lineImporter, EN)).items);
    expect(lineImporter.detect(EN.slice(1), 'a.txt')).toBe(true);
    expect(lineImporter.detect('2017.09.03 Sunday\n16:23 Bob Hi\n', 'a.txt')).toBe(true);
    expect(lineImporter.detect('hello\n16:23 Bob Hi\n', 'a.txt')).toBe(false);
    await expect(collect(lineImporter, '[LINE] Chat history with Bob\n\n')).rejects.toBeInstanceOf(ImportError);
  });
});
