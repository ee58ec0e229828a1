import { describe, expect, it } from 'vitest';
import { kakaotalkCsvImporter, kakaotalkImporter, parseKakaoTalk } from '../../src/lib/formats/kakaotalk/read';
import { newTally } from '../../src/lib/formats/chat/draft';
import { ImportError } from '../../src/lib/import/types';
import { fromStrings } from '../../src/lib/util/text-stream';
import { OPTIONS, collect, iso } from './helpers';

const SEOUL = { timeZone: 'Asia/Seoul' };
const rows = (r: Awaited<ReturnType<typeof collect>>) =>
  r.events.map((e) => [e.direction, e.handle, e.conversation, iso(e.start), e.kind === 'message' ? e.body : e.kind, e.source.record]);

describe('KakaoTalk text exports', () => {
  it('Android (Korean and dotted dates): names, multi-line text, invites as system lines', async () => {
    const text = [
      '친구들 카카오톡 대화',
      '저장한 날짜 : 2026년 4월 25일 오후 4:40',
      '',
      '2026년 4월 25일 오후 3:20',
      '2026년 4월 25일 오후 3:20, 지민 : 안녕',
      '둘째 줄',
      '2026년 4월 25일 오후 3:22, 수아님을 초대하였습니다.',
      '2026. 4. 26. 오전 12:05, 민수 : 자정 넘음',
      '2026년 4월 25일 오후 3:23, 나 : 시간: 3시 : 괜찮아'
    ].join('\n');
    const r = await collect(kakaotalkImporter, text, { ...SEOUL, me: ['나'] });
    expect(rows(r)).toEqual([
      ['in', '지민', '친구들', '2026-04-25T06:20:00.000Z', '안녕\n둘째 줄', 'line 5'],
      ['in', '민수', '친구들', '2026-04-25T15:05:00.000Z', '자정 넘음', 'line 8'],
      ['out', '친구들', '친구들', '2026-04-25T06:23:00.000Z', '시간: 3시 : 괜찮아', 'line 9']
    ]);
  });

  it('English Android and iOS lines with full dates', async () => {
    const text = 'KakaoTalk Chats with Amy\nDate Saved : Apr 25, 2026 at 10:38\n\nApril 25, 2026, 3:20 PM, Amy : hi\nDec 31, 2014 at 19:12, Ben : hello\n';
    const r = await collect(kakaotalkImporter, text, { ...SEOUL, me: [] });
    expect(rows(r)).toEqual([
      ['in', 'Amy', null, '2026-04-25T06:20:00.000Z', 'hi', 'line 4'],
      ['out', 'Amy', null, '2014-12-31T10:12:00.000Z', 'hello', 'line 5']
    ]);
  });

  it('iOS Korean: date lines, time-only messages, empty names and leave notices', async () => {
    const text = '팀 카카오톡 대화\n저장한 날짜 : 2021년 12월 18일 오후 7:17\n\n\n2021년 12월 29일 수요일\n오전 12:05,  : 시스템 알림\n오후 8:36, 테스트 : ㅎㅇ\n오후 8:38, 테스트님이 나갔습니다.\n';
    const tally = newTally();
    const items = [];
    for await (const b of parseKakaoTalk(fromStrings(text), { ...OPTIONS, ...SEOUL, fileName: 'k.txt' }, tally)) items.push(...b);
    expect(items.map((i) => (i.type === 'event' ? [i.event.handle, iso(i.event.start)] : i.type))).toEqual([['테스트', '2021-12-29T11:36:00.000Z']]);
    expect(tally.systemLines).toBe(2);
  });

  it('Windows: separators in both locales, 12/24 h brackets, system lines without brackets', async () => {
    const text = [
      '테스트 님과 카카오톡 대화',
      '저장한 날짜 : 2019-08-14 13:25:39',
      '',
      '--------------- 2017년 10월 29일 일요일 ---------------',
      '[테스트] [오후 10:10] 첫째',
      '이어서',
      '테스트님이 들어왔습니다.',
      '--------------- Monday, October 30, 2017 ---------------',
      '[나] [9:05 AM] 둘째',
      '[나] [23:59] 셋째'
    ].join('\r\n');
    const r = await collect(kakaotalkImporter, text, { ...SEOUL, me: [] });
    expect(rows(r)).toEqual([
      ['in', '테스트', null, '2017-10-29T13:10:00.000Z', '첫째\n이어서', 'line 5'],
      ['out', '테스트', null, '2017-10-30T00:05:00.000Z', '둘째', 'line 9'],
      ['out', '테스트', null, '2017-10-30T14:59:00.000Z', '셋째', 'line 10']
    ]);
  });

  it('skips a message before any date line and refuses a file without messages', async () => {
    const r = await collect(kakaotalkImporter, 'x 님과 카카오톡 대화\n\n[x] [10:00] hi\n', { fileName: 'k.txt' });
    expect(r.skips).toEqual([{ file: 'k.txt', where: 'line 3', reason: 'a message before any date line' }]);
    await expect(collect(kakaotalkImporter, 'x 카카오톡 대화\n\n')).rejects.toBeInstanceOf(ImportError);
  });

  it('ids do not depend on options.me', async () => {
    const text = '방 카카오톡 대화\n\n2026년 4월 25일 오후 3:20, 지민 : 안녕\n2026년 4월 25일 오후 3:21, 나 : 응\n';
    const a = await collect(kakaotalkImporter, text, { me: [] });
    const b = await collect(kakaotalkImporter, text, { me: ['나'] });
    expect(a.events.map((e) => [e.direction, e.handle])).toEqual([['in', '지민'], ['in', '나']]);
    expect(b.events.map((e) => [e.direction, e.handle])).toEqual([['in', '지민'], ['out', '지민']]);
    expect(b.storedIds).toEqual(a.storedIds);
  });

  it('detects titles and message lines, not other chats', () => {
    expect(kakaotalkImporter.detect('P2 님과 카카오톡 대화\n', 'a.txt')).toBe(true);
    expect(kakaotalkImporter.detect('whatever\nDate Saved : Apr 25, 2026 at 10:38\n', 'a.txt')).toBe(true);
    expect(kakaotalkImporter.detect('[2020-03-04, 12:12:29] Fish: hi\n', 'a.txt')).toBe(false);
  });
});

describe('KakaoTalk for Mac CSV', () => {
  const CSV = 'Date,User,Message\r\n2021-12-29 20:36:00,"테스트","ㅎㅇ\r\n""인용"" 포함"\r\n2021-12-29 20:37:30,"","시스템 알림"\r\n2021-12-29 20:40:00,"Stewie","Stewie left this chatroom."\r\n2021-12-29 20:41:00,"나","다시"\r\nyesterday,"나","?"\r\n';

  it('reads rows, drops system rows, skips bad dates', async () => {
    const r = await collect(kakaotalkCsvImporter, CSV, { ...SEOUL, me: ['나'], fileName: 'KakaoTalk_Chat.csv' });
    expect(rows(r)).toEqual([
      ['in', '테스트', null, '2021-12-29T11:36:00.000Z', 'ㅎㅇ\n"인용" 포함', 'record 1'],
      ['out', '테스트', null, '2021-12-29T11:41:00.000Z', '다시', 'record 4']
    ]);
    expect(r.skips).toEqual([{ file: 'KakaoTalk_Chat.csv', where: 'record 5', reason: 'bad date "yesterday"' }]);
    expect(r.events.every((e) => e.channel === 'kakaotalk' && e.source.format === 'kakaotalk-csv')).toBe(true);
  });

  it('reads the same in 1-byte chunks; detects only its header', async () => {
    expect((await collect(kakaotalkCsvImporter, CSV, {}, 1)).items).toEqual((await collect(kakaotalkCsvImporter, CSV)).items);
    expect(kakaotalkCsvImporter.detect('\ufeffDate,User,Message\n', 'a.csv')).toBe(true);
    expect(kakaotalkCsvImporter.detect('Date,User,Message,Extra\n', 'a.csv')).toBe(false);
  });
});
