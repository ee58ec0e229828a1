import { expect } from 'vitest';
import { detectImporter } from '../../src/lib/import/registry';
import type { Importer } from '../../src/lib/import/types';
import type { DraftEvent, SourceFormat } from '../../src/lib/model/event';
import { corpusReader, describeCorpus } from './corpus-suite';
import { collect } from '../unit/helpers';

/**
 * The QQ, LINE and KakaoTalk samples, each read by the importer the registry detects for it, in UTC with no
 * owner named: the exact format, events and skips of every file.
 */
const OPTIONS = { timeZone: 'UTC', me: [], region: 'US' };

/** The importer the registry picks for a file, so detection is tested together with reading. */
function detected(folder: string): Importer {
  const { read } = corpusReader(folder);
  const pick = (name: string) => detectImporter(new TextDecoder().decode(read(name).subarray(0, 4096)).replace(/^\ufeff/, ''), name);
  return {
    format: 'qq-txt',
    detect: (head, name) => detectImporter(head.replace(/^\ufeff/, ''), name) !== null,
    parse: (chunks, options) => pick(options.fileName)!.parse(chunks, options)
  };
}

const row = (e: DraftEvent) => [e.direction, e.handle, e.conversation, new Date(e.start).toISOString(), e.kind === 'message' ? e.body : e.status, e.source.record];

function suite(title: string, folder: string, expected: Record<string, { format: SourceFormat; events: unknown[]; skips?: string[] }>) {
  const importer = detected(folder);
  const { read } = corpusReader(folder);
  const load = (name: string, chunk = 64 * 1024) => collect(importer, read(name), { ...OPTIONS, fileName: name }, chunk);
  describeCorpus(title, {
    importer,
    folder,
    load,
    expected: Object.fromEntries(
      Object.entries(expected).map(([file, want]) => [
        file,
        async () => {
          const head = new TextDecoder().decode(read(file).subarray(0, 4096)).replace(/^\ufeff/, '');
          expect(detectImporter(head, file)?.format).toBe(want.format);
          const { events, skips } = await load(file);
          expect(events.map(row)).toEqual(want.events);
          expect(skips.map((s) => `${s.where}: ${s.reason}`)).toEqual(want.skips ?? []);
          expect(new Set(events.map((e) => e.source.format))).toEqual(new Set(events.length ? [want.format] : []));
        }
      ])
    )
  });
}

suite('QQ corpus', 'qq', {
  // 12-hour clock past midnight; nickname(QQ号) and nickname<e-mail>; three authors and no owner: a group.
  'fragment_email_sender.txt': {
    format: 'qq-txt',
    events: [
      ['in', '852649', null, '2020-03-04T00:12:29.000Z', '1', 'line 1'],
      ['in', '100550', null, '2020-03-04T00:12:39.000Z', '2', 'line 4'],
      ['in', 'indo@qq.com', null, '2020-03-04T00:13:41.000Z', '3', 'line 7']
    ]
  },
  // Nicknames without numbers (a friend chat): the nickname is the handle.
  'fragment_private_no_id.txt': {
    format: 'qq-txt',
    events: [
      ['in', '暗夜', null, '2017-01-19T20:20:27.000Z', 'aaa', 'line 1'],
      ['in', 'Fish', null, '2017-01-19T20:22:24.000Z', 'bbb', 'line 4']
    ]
  },
  // A made-up header between `===` lines, and dates in 1883: both messages are outside the storable range.
  'hikariyo_minimal_file.txt': {
    format: 'qq-txt',
    events: [],
    skips: ['line 5: the year of 1883-03-07 is outside 1900–2199', 'line 8: the year of 1883-03-07 is outside 1900–2199']
  }
});

suite('LINE corpus', 'line', {
  // Old desktop layout: spaces instead of tabs, a continuation line, "Photos" as an image.
  'meyfa_readme_space_separated_fragment.txt': {
    format: 'line-txt',
    events: [
      ['in', 'Bob', null, '2017-09-03T16:23:00.000Z', 'Today I found something:\nApparently there is a Node package for parsing chats now!', 'line 2'],
      ['in', 'Alice', null, '2017-09-03T16:25:00.000Z', 'Whaaat', 'line 4'],
      ['in', 'Bob', null, '2017-09-03T16:25:00.000Z', "Yeah, it's called line-chat-parser.", 'line 5'],
      ['in', 'Bob', null, '2017-09-03T16:26:00.000Z', "Here's a screenshot:", 'line 6'],
      ['in', 'Bob', null, '2017-09-03T16:27:00.000Z', '', 'line 7'],
      ['in', 'Alice', null, '2017-09-03T16:30:00.000Z', 'Looks awesome!', 'line 8']
    ]
  }
});

const DEMO = 'KakaoTalk Viewer 데모방';
suite('KakaoTalk corpus', 'kakaotalk', {
  // Android Korean: a date line, an invite (system), a two-line message; three authors make a group.
  'android_demo-chat-android.txt': {
    format: 'kakaotalk-txt',
    events: [
      ['in', '지민', DEMO, '2026-04-25T15:20:00.000Z', '카카오톡 내보내기 파일 바로 볼 수 있는 뷰어 찾았어.', 'line 6'],
      ['in', '나', DEMO, '2026-04-25T15:21:00.000Z', '설치 없이 브라우저에서 되는 거야?', 'line 7'],
      ['in', '지민', DEMO, '2026-04-25T15:21:00.000Z', '응. Windows, macOS, Android, iOS 내보내기 파일을 자동으로 감지한대.', 'line 8'],
      ['in', '수아', DEMO, '2026-04-25T15:22:00.000Z', '검색이랑 날짜 이동도 돼?', 'line 10'],
      ['in', '나', DEMO, '2026-04-25T15:23:00.000Z', '돼. 긴 대화에서 개인정보, 링크, 날짜를 빠르게 찾기 좋겠다.', 'line 11'],
      ['in', '지민', DEMO, '2026-04-25T15:24:00.000Z', '파일은 서버로 업로드되지 않고 로컬 브라우저에서만 렌더링됩니다.', 'line 12'],
      ['in', '수아', DEMO, '2026-04-25T15:25:00.000Z', '여러 줄 메시지도 이렇게 보여주면 좋겠다.\nREADME 스크린샷이랑 OG 이미지에 쓰기 딱 좋게.', 'line 13'],
      ['in', '나', DEMO, '2026-04-25T15:26:00.000Z', '데모 주소는 https://zeikar.github.io/kakaotalk-viewer/', 'line 15']
    ]
  },
  // iOS English with a BOM: the title line is a file name, so no title.
  'ios_en_bom.txt': {
    format: 'kakaotalk-txt',
    events: [['in', '테스트', null, '2014-12-31T19:12:00.000Z', 'hello', 'line 6']]
  },
  // iOS Korean: time-only lines under date lines, an empty-name system line, a leave notice, a repeated date.
  'ios_ko.txt': {
    format: 'kakaotalk-txt',
    events: [
      ['in', '테스트', '팀 채팅방', '2021-12-29T20:36:00.000Z', 'ㅎㅇ\n이어지는 줄', 'line 7'],
      ['in', '나', '팀 채팅방', '2021-12-29T20:37:00.000Z', '반가워', 'line 9'],
      ['in', '테스트', '팀 채팅방', '2021-12-29T20:39:00.000Z', '다시 말함', 'line 13'],
      ['in', '나', '팀 채팅방', '2021-12-30T00:00:00.000Z', '다음날', 'line 15']
    ]
  },
  // Mac CSV: quoted multi-line cell, empty user and five English/Korean notices as system rows.
  'mac_KakaoTalk_Chat.csv': {
    format: 'kakaotalk-csv',
    events: [
      ['in', '테스트', null, '2021-12-29T20:36:00.000Z', 'ㅎㅇ\n"인용" 포함', 'record 1'],
      ['in', '나', null, '2021-12-29T20:37:00.000Z', '반가워', 'record 2'],
      ['in', '테스트', null, '2021-12-29T20:41:00.000Z', '다시 말함', 'record 9'],
      ['in', '수아', null, '2021-12-30T01:02:00.000Z', '다음날 메시지', 'record 10']
    ]
  },
  // Windows, English date separators, a one-to-one title: the other author is the owner.
  'windows_en_date_separators.txt': {
    format: 'kakaotalk-txt',
    events: [
      ['in', '테스트', null, '2023-07-22T23:34:00.000Z', '첫째 날', 'line 5'],
      ['out', '테스트', null, '2023-07-23T00:00:00.000Z', '둘째 날', 'line 7']
    ]
  },
  // Windows, Korean 12-hour brackets and an ISO save date.
  'windows_ko_12h_savedate_iso.txt': {
    format: 'kakaotalk-txt',
    events: [
      ['in', 'P2', null, '2017-10-29T22:10:00.000Z', '저 소가 무슨 소인지가 궁금했음 ?', 'line 5'],
      ['out', 'P2', null, '2017-10-29T00:23:00.000Z', 'ㅇㅇㅇㅇㅇ', 'line 6']
    ]
  }
});
