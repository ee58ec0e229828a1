import { describe, expect, it } from 'vitest';
import { chatNameFromFileName, parseWeChatCsv, wechatCsvImporter } from '../../src/lib/formats/wechat/read';
import { newTally } from '../../src/lib/formats/chat/draft';
import { ImportError } from '../../src/lib/import/types';
import { fromStrings } from '../../src/lib/util/text-stream';
import { OPTIONS, collect, iso } from './helpers';

const HEADER = 'localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender';
const VOIP = '"<voipmsg type=""VoIPBubbleMsg""><VoIPBubbleMsg><msg><![CDATA[通话时长 01:05]]></msg><room_type>0</room_type></VoIPBubbleMsg></voipmsg>"';
const ROWS = [
  '1001,5,1,0,0,1628863878,2,你好,2021-08-13 22:11:18,张三,San,wxid_abc123',
  '1002,5,1,0,1,1628863900,2,"在的,""怎么了""",2021-08-13 22:11:40,林,Lin,wxid_me',
  '1003,5,3,0,0,1628863901,2,<img/>,2021-08-13 22:11:41,张三,San,wxid_abc123',
  `1004,5,50,0,1,1628864000,2,${VOIP},2021-08-13 22:13:20,林,Lin,wxid_me`,
  '1005,5,50,0,0,1628864100,2,已取消,2021-08-13 22:15:00,张三,San,wxid_abc123',
  '1006,5,10000,0,0,1628864200,2,"""张三"" 撤回了一条消息",2021-08-13 22:16:40,,,',
  '1007,5,49,5,0,1628864300,2,"<msg><appmsg><title>文章&amp;标题</title><url>https://mp.weixin.qq.com/s/x</url></appmsg></msg>",2021-08-13 22:18:20,张三,San,wxid_abc123',
  '1008,5,48,0,0,1628864400,2,<location/>,2021-08-13 22:20:00,张三,San,wxid_abc123',
  '1009,5,1,0,0,,2,多行\n消息,2021-08-13 22:21:00,张三,San,wxid_abc123',
  '1010,5,1,0,2,1628864500,2,?,2021-08-13 22:21:40,张三,San,wxid_abc123'
];
const CSV = '\ufeff' + [HEADER, ...ROWS.map((r) => r.replace('多行\n消息', '"多行\r\n消息"'))].join('\r\n') + '\r\n';

describe('WeChat CSV (WeChatMsg / MemoTrace)', () => {
  it('reads direction, types, calls and times with exact values', async () => {
    const { events, skips } = await collect(wechatCsvImporter, CSV, { fileName: '张三_utf8.csv', me: [] });
    expect(events.map((e) => [e.kind, e.direction, e.handle, e.name, e.conversation, iso(e.start), e.source.record])).toEqual([
      ['message', 'in', 'wxid_abc123', '张三', null, '2021-08-13T14:11:18.000Z', 'record 1'],
      ['message', 'out', 'wxid_abc123', '张三', null, '2021-08-13T14:11:40.000Z', 'record 2'],
      ['message', 'in', 'wxid_abc123', '张三', null, '2021-08-13T14:11:41.000Z', 'record 3'],
      ['call', 'out', 'wxid_abc123', '张三', null, '2021-08-13T14:13:20.000Z', 'record 4'],
      ['call', 'in', 'wxid_abc123', '张三', null, '2021-08-13T14:15:00.000Z', 'record 5'],
      ['message', 'in', 'wxid_abc123', '张三', null, '2021-08-13T14:18:20.000Z', 'record 7'],
      ['message', 'in', 'wxid_abc123', '张三', null, '2021-08-13T14:21:00.000Z', 'record 9']
    ]);
    expect(events.map((e) => (e.kind === 'message' ? [e.body, e.attachments] : [e.status, e.durationSec, e.video]))).toEqual([
      ['你好', []],
      ['在的,"怎么了"', []],
      ['', [{ name: '', type: 'image' }]],
      ['answered', 65, true],
      ['missed', 0, false],
      ['文章&标题\nhttps://mp.weixin.qq.com/s/x', []],
      ['多行\n消息', []]
    ]);
    expect(skips).toEqual([
      { file: '张三_utf8.csv', where: 'record 8', reason: 'unsupported message type 48' },
      { file: '张三_utf8.csv', where: 'record 10', reason: 'IsSender must be 0 or 1, not "2"' }
    ]);
    expect(events.every((e) => e.channel === 'wechat' && e.source.format === 'wechat-csv')).toBe(true);
  });

  it('tallies system notices and recalls', async () => {
    const tally = newTally();
    for await (const _ of parseWeChatCsv(fromStrings(CSV), { ...OPTIONS, fileName: 'a.csv' }, tally));
    expect(tally.systemLines).toBe(1);
  });

  it('makes a group of a chat with two incoming senders, named after the file', async () => {
    const csv = [HEADER, '1,9,1,0,0,1700000000,2,早,,王五,,wxid_w5', '2,9,1,0,0,1700000001,2,早安,,赵六,,wxid_z6', '3,9,1,0,1,1700000002,2,大家好,,林,,wxid_me'].join('\n');
    const { events } = await collect(wechatCsvImporter, csv, { fileName: '同学群_utf8.csv' });
    expect(events.map((e) => [e.direction, e.handle, e.conversation])).toEqual([
      ['in', 'wxid_w5', '同学群'],
      ['in', 'wxid_z6', '同学群'],
      ['out', '同学群', '同学群']
    ]);
  });

  it('ids do not depend on options.me', async () => {
    const a = await collect(wechatCsvImporter, CSV, { fileName: 'x.csv', me: [] });
    const b = await collect(wechatCsvImporter, CSV, { fileName: 'x.csv', me: ['林', 'San'] });
    expect(b.storedIds).toEqual(a.storedIds);
    expect(new Set(a.storedIds).size).toBe(7);
  });

  it('reads the same in 1-byte chunks', async () => {
    expect((await collect(wechatCsvImporter, CSV, {}, 1)).items).toEqual((await collect(wechatCsvImporter, CSV)).items);
  });

  it('detects the header and refuses a file without one', async () => {
    expect(wechatCsvImporter.detect(CSV.slice(1), 'a.csv')).toBe(true);
    expect(wechatCsvImporter.detect('Date,User,Message\n', 'a.csv')).toBe(false);
    await expect(collect(wechatCsvImporter, '')).rejects.toBeInstanceOf(ImportError);
    expect(chatNameFromFileName('data/聊天记录/张三/张三_utf8.csv')).toBe('张三');
  });
});
