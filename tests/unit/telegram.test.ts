import { describe, expect, it } from 'vitest';
import { HexEscapeFixer, parseTelegram, telegramImporter, type TelegramTally } from '../../src/lib/formats/telegram/read';
import { ImportError } from '../../src/lib/import/types';
import type { DraftEvent } from '../../src/lib/model/event';
import { chunksOf } from '../../src/lib/util/text-stream';
import { collect, iso, OPTIONS } from './helpers';

const FILE = 'result.json';
const unix = (isoInstant: string) => String(Date.parse(isoInstant) / 1000);

/** A message at an instant, from (or, for service messages, acted by) a peer. */
function msg(id: number, at: string, fromId: string, from: string | null, rest: object) {
  return { id, type: 'message', date: 'ignored-when-unixtime-present', date_unixtime: unix(at), from, from_id: fromId, ...rest };
}
function call(id: number, at: string, actorId: string, actor: string, rest: object) {
  return { id, type: 'service', date: 'x', date_unixtime: unix(at), actor, actor_id: actorId, action: 'phone_call', ...rest, text: '', text_entities: [] };
}

const FULL = {
  about: "Here is the data you requested. Remember: Telegram is ad free, it doesn't sell your data.",
  personal_information: { user_id: 111, first_name: 'Lin', last_name: 'Chen', phone_number: '+86 139 0000 1111', bio: '' },
  contacts: {
    about: 'This is your contact list.',
    list: [
      { user_id: 222, first_name: '王', last_name: '伟', phone_number: '+86 138 0013 8000', date: '2020-01-01T10:00:00', date_unixtime: '1577844000' },
      { user_id: 0, first_name: 'No', last_name: 'Account', phone_number: '+1 202 555 0123', date: '2020-01-01T10:00:00', date_unixtime: '1577844000' },
      { date: '2020-01-01T10:00:00', date_unixtime: '1577844000' },
      { user_id: 999, first_name: 'Only', last_name: '', phone_number: '', date: '2020-01-01T10:00:00', date_unixtime: '1577844000' }
    ]
  },
  frequent_contacts: { about: 'x', list: [{ id: 222, category: 'people', type: 'user', name: 'Frequent', rating: 1 }] },
  chats: {
    about: 'This page lists all chats from this export.',
    list: [
      {
        name: '王伟',
        type: 'personal_chat',
        id: 222,
        messages: [
          msg(1, '2026-10-20T01:00:05Z', 'user222', '王伟', { text: '你好', text_entities: [{ type: 'plain', text: '你好' }] }),
          msg(2, '2026-10-20T01:01:00Z', 'user111', 'Lin Chen', {
            text: ['See ', { type: 'bold', text: 'this' }, ': ', { type: 'link', text: 'https://t.me/x' }, ' ', { type: 'mention_name', text: 'Wang', user_id: 222 }],
            text_entities: []
          }),
          msg(3, '2026-10-20T01:02:00Z', 'user222', '王伟', { photo: 'photos/photo_3@20-10-2026_09-02-00.jpg', width: 1280, height: 960, text: 'look' }),
          msg(4, '2026-10-20T01:03:00Z', 'user222', '王伟', { photo: '(File not included. Change data exporting settings to download.)', text: '' }),
          msg(5, '2026-10-20T01:04:00Z', 'user111', 'Lin Chen', {
            file: 'voice_messages/audio_1@20-10-2026_09-04-00.ogg',
            media_type: 'voice_message',
            mime_type: 'audio/ogg',
            duration_seconds: 4,
            text: ''
          }),
          msg(6, '2026-10-20T01:05:00Z', 'user222', '王伟', { file: 'stickers/sticker.webp', thumbnail: 'stickers/sticker.webp_thumb.jpg', media_type: 'sticker', sticker_emoji: '😀', mime_type: 'image/webp', text: '' }),
          msg(7, '2026-10-20T01:06:00Z', 'user222', '王伟', { file: '(File exceeds maximum size. Change data exporting settings to download.)', media_type: 'video_file', text: 'clip' }),
          msg(8, '2026-10-20T01:07:00Z', 'user111', 'Lin Chen', { file: 'files/report.pdf', mime_type: 'application/pdf', text: '' }),
          msg(9, '2026-10-20T01:07:30Z', 'user222', '王伟', { file: 'video_files/round.mp4', media_type: 'video_message', text: '' }),
          call(10, '2026-10-20T02:00:00Z', 'user222', '王伟', { duration_seconds: 312, discard_reason: 'hangup' }),
          call(11, '2026-10-20T02:10:00Z', 'user111', 'Lin Chen', { discard_reason: 'busy' }),
          call(12, '2026-10-20T02:20:00Z', 'user222', '王伟', { discard_reason: 'missed' }),
          call(13, '2026-10-20T02:30:00Z', 'user111', 'Lin Chen', { discard_reason: 'missed' }),
          call(14, '2026-10-20T02:40:00Z', 'user222', '王伟', { discard_reason: 'hangup' }),
          call(15, '2026-10-20T02:50:00Z', 'user111', 'Lin Chen', { discard_reason: 'hangup' }),
          call(16, '2026-10-20T03:00:00Z', 'user111', 'Lin Chen', { discard_reason: 'disconnect' }),
          call(17, '2026-10-20T03:10:00Z', 'user111', 'Lin Chen', { is_video: true, duration_seconds: 60, discard_reason: 'hangup' }),
          call(18, '2026-10-20T03:20:00Z', 'user222', '王伟', {}),
          { id: 19, type: 'service', date: '2026-10-20T11:30:00', date_unixtime: unix('2026-10-20T03:30:00Z'), actor: 'Lin Chen', actor_id: 'user111', action: 'pin_message', message_id: 1, text: '' },
          // An export from before date_unixtime existed: local time of the exporting PC (options.timeZone).
          { id: 20, type: 'message', date: '2026-10-20T12:00:00', from: '王伟', from_id: 'user222', text: 'old export' },
          { id: 21, type: 'message', from: '王伟', from_id: 'user222', text: 'no date' },
          { id: 22, type: 'message', date: '2026-02-30T12:00:00', from: '王伟', from_id: 'user222', text: 'impossible date' },
          { id: 23, type: 'unsupported', date: '2026-10-20T12:00:00', date_unixtime: unix('2026-10-20T04:00:00Z') }
        ]
      },
      {
        name: 'Family',
        type: 'private_supergroup',
        id: 333,
        messages: [
          { id: 1, type: 'service', date: 'x', date_unixtime: unix('2026-10-21T00:00:00Z'), actor: 'Lin Chen', actor_id: 'user111', action: 'create_group', title: 'Family', members: [], text: '' },
          msg(2, '2026-10-21T00:01:00Z', 'user222', '王伟', { text: 'hi all' }),
          msg(3, '2026-10-21T00:02:00Z', 'user111', 'Lin Chen', { text: 'hi' }),
          msg(4, '2026-10-21T00:03:00Z', 'user444', null, { text: 'from a deleted account' }),
          { id: 5, type: 'service', date: 'x', date_unixtime: unix('2026-10-21T00:04:00Z'), actor: 'Lin Chen', actor_id: 'user111', action: 'group_call', duration: 60, text: '' }
        ]
      },
      { type: 'saved_messages', id: 111, messages: [msg(1, '2026-10-22T00:00:00Z', 'user111', 'Lin Chen', { text: 'note to self' })] },
      // No name: must not inherit the previous chat's.
      { type: 'private_group', id: 777, messages: [msg(1, '2026-10-22T00:01:00Z', 'user222', '王伟', { text: 'unnamed' })] },
      { name: 'Weather Bot', type: 'bot_chat', id: 555, messages: [msg(1, '2026-10-22T00:02:00Z', 'user555', 'Weather Bot', { text: 'Sunny' })] }
    ]
  },
  left_chats: {
    about: 'This page lists all supergroups and channels from this export that you have left.',
    list: [{ name: 'Old Club', type: 'public_supergroup', id: 888, messages: [msg(7, '2019-01-01T00:00:00Z', 'user999', 'Only', { text: 'bye' })] }]
  }
};

/** Telegram Desktop pretty-prints with one space of indentation. */
const FULL_JSON = JSON.stringify(FULL, null, 1);

type Row = (string | number | boolean | null | object)[];

/** The fields that matter per event, compactly. */
function row(e: DraftEvent): Row {
  const who = [e.direction, e.handle, e.name, e.conversation, iso(e.start)];
  return e.kind === 'call' ? ['call', ...who, e.status, e.durationSec, e.video] : ['msg', ...who, e.body, e.attachments];
}

describe('telegram full export', () => {
  it('reads owner, contacts, messages, calls and chats with exact values', async () => {
    const tally: TelegramTally = { serviceMessages: 0, savedMessages: 0, emptyContacts: 0 };
    const items = [];
    for await (const batch of parseTelegram(chunksOf(new TextEncoder().encode(FULL_JSON), 97), { ...OPTIONS, fileName: FILE, me: [] }, tally)) items.push(...batch);

    expect(items.filter((i) => i.type === 'owner')).toEqual([
      { type: 'owner', owner: { name: 'Lin Chen', phone: '+86 139 0000 1111', identity: { channel: 'telegram', handle: 'user111' } } }
    ]);
    expect(items.flatMap((i) => (i.type === 'contact' ? [i.contact] : []))).toEqual([
      {
        name: '王 伟',
        numbers: ['+86 138 0013 8000'],
        identities: [{ channel: 'telegram', handle: 'user222' }],
        source: { format: 'telegram-json', file: FILE, record: 'contacts.list[0]' }
      },
      { name: 'No Account', numbers: ['+1 202 555 0123'], identities: [], source: { format: 'telegram-json', file: FILE, record: 'contacts.list[1]' } },
      { name: 'Only', numbers: [], identities: [{ channel: 'telegram', handle: 'user999' }], source: { format: 'telegram-json', file: FILE, record: 'contacts.list[3]' } }
    ]);

    const events = items.flatMap((i) => (i.type === 'event' ? [i.event] : []));
    const wang = ['user222', '王伟', null] as const;
    expect(events.map(row)).toEqual([
      ['msg', 'in', ...wang, '2026-10-20T01:00:05.000Z', '你好', []],
      ['msg', 'out', ...wang, '2026-10-20T01:01:00.000Z', 'See this: https://t.me/x Wang', []],
      ['msg', 'in', ...wang, '2026-10-20T01:02:00.000Z', 'look', [{ name: 'photo_3@20-10-2026_09-02-00.jpg', type: 'image' }]],
      ['msg', 'in', ...wang, '2026-10-20T01:03:00.000Z', '', [{ name: '', type: 'image' }]],
      ['msg', 'out', ...wang, '2026-10-20T01:04:00.000Z', '', [{ name: 'audio_1@20-10-2026_09-04-00.ogg', type: 'audio/ogg' }]],
      ['msg', 'in', ...wang, '2026-10-20T01:05:00.000Z', '', [{ name: 'sticker.webp', type: 'sticker' }]],
      ['msg', 'in', ...wang, '2026-10-20T01:06:00.000Z', 'clip', [{ name: '', type: 'video' }]],
      ['msg', 'out', ...wang, '2026-10-20T01:07:00.000Z', '', [{ name: 'report.pdf', type: 'application/pdf' }]],
      ['msg', 'in', ...wang, '2026-10-20T01:07:30.000Z', '', [{ name: 'round.mp4', type: 'video' }]],
      ['call', 'in', ...wang, '2026-10-20T02:00:00.000Z', 'answered', 312, false],
      ['call', 'out', ...wang, '2026-10-20T02:10:00.000Z', 'busy', 0, false],
      ['call', 'in', ...wang, '2026-10-20T02:20:00.000Z', 'missed', 0, false],
      ['call', 'out', ...wang, '2026-10-20T02:30:00.000Z', 'unanswered', 0, false],
      ['call', 'in', ...wang, '2026-10-20T02:40:00.000Z', 'rejected', 0, false],
      ['call', 'out', ...wang, '2026-10-20T02:50:00.000Z', 'unanswered', 0, false],
      ['call', 'out', ...wang, '2026-10-20T03:00:00.000Z', 'unanswered', 0, false],
      ['call', 'out', ...wang, '2026-10-20T03:10:00.000Z', 'answered', 60, true],
      ['call', 'in', ...wang, '2026-10-20T03:20:00.000Z', 'unanswered', 0, false],
      ['msg', 'in', ...wang, '2026-10-20T04:00:00.000Z', 'old export', []],
      ['msg', 'in', 'user222', '王伟', 'Family', '2026-10-21T00:01:00.000Z', 'hi all', []],
      ['msg', 'out', 'Family', 'Family', 'Family', '2026-10-21T00:02:00.000Z', 'hi', []],
      ['msg', 'in', 'user444', null, 'Family', '2026-10-21T00:03:00.000Z', 'from a deleted account', []],
      ['msg', 'in', 'user222', '王伟', null, '2026-10-22T00:01:00.000Z', 'unnamed', []],
      ['msg', 'in', 'user555', 'Weather Bot', null, '2026-10-22T00:02:00.000Z', 'Sunny', []],
      ['msg', 'in', 'user999', 'Only', 'Old Club', '2019-01-01T00:00:00.000Z', 'bye', []]
    ]);
    expect(events.every((e) => e.channel === 'telegram' && e.phone === null)).toBe(true);
    expect(events.every((e) => e.kind === 'call' || e.transport === null)).toBe(true);
    expect(events.map((e) => e.source.record)).toEqual([
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 20].map((id) => `chat "王伟" message ${id}`),
      'chat "Family" message 2',
      'chat "Family" message 3',
      'chat "Family" message 4',
      'chat 777 message 1',
      'chat "Weather Bot" message 1',
      'chat "Old Club" message 7'
    ]);
    expect(events[0].source).toEqual({ format: 'telegram-json', file: FILE, record: 'chat "王伟" message 1' });

    expect(items.flatMap((i) => (i.type === 'skip' ? [i.skip] : []))).toEqual([
      { file: FILE, where: 'chat "王伟" message 21', reason: 'no usable date (date_unixtime or date)' },
      { file: FILE, where: 'chat "王伟" message 22', reason: '2026-02-30 is not a date' },
      { file: FILE, where: 'chat "王伟" message 23', reason: 'message type "unsupported" is not supported' }
    ]);
    // pin_message, create_group, group_call; the Saved Messages note; the contact with only a date.
    expect(tally).toEqual({ serviceMessages: 3, savedMessages: 1, emptyContacts: 1 });
  });

  it('gives the same items whatever the chunking (1 byte per chunk vs the whole file)', async () => {
    const whole = await collect(telegramImporter, FULL_JSON, { fileName: FILE });
    const bytewise = await collect(telegramImporter, FULL_JSON, { fileName: FILE }, 1);
    expect(whole.items.length).toBe(32);
    expect(bytewise.items).toEqual(whole.items);
  });

  it('falls back to options.me for a message without from_id', async () => {
    const text = JSON.stringify({
      personal_information: { user_id: 111, first_name: 'Lin', last_name: '', phone_number: '' },
      chats: { list: [{ name: 'G', type: 'private_group', id: 9, messages: [{ id: 1, type: 'message', date_unixtime: '1', from: 'Lin', text: 'x' }] }] }
    });
    const { events, items } = await collect(telegramImporter, text, { me: ['Lin'] });
    expect(items[0]).toEqual({ type: 'owner', owner: { name: 'Lin', phone: null, identity: { channel: 'telegram', handle: 'user111' } } });
    expect(events.map((e) => [e.direction, e.handle])).toEqual([['out', 'G']]);
  });

  it('names a chat with neither name nor id by its position', async () => {
    const text = JSON.stringify({ chats: { list: [] }, left_chats: { list: [{ type: 'private_group', messages: [{ id: 5, type: 'message', date_unixtime: '1', text: 'x' }] }] } });
    const { events } = await collect(telegramImporter, text);
    expect(events.map((e) => [e.conversation, e.source.record])).toEqual([[null, 'left_chats.list[0] message 5']]);
  });

  it('reads local `date` in options.timeZone when date_unixtime is missing', async () => {
    const text = JSON.stringify({ name: 'A', type: 'personal_chat', id: 2, messages: [{ id: 1, type: 'message', date: '2026-03-08T02:30:00', from: 'A', from_id: 'user2', text: 'x' }] });
    const { events } = await collect(telegramImporter, text, { timeZone: 'America/New_York' });
    // 02:30 does not exist on that day in New York (spring forward): read with the old offset.
    expect(iso(events[0].start)).toBe('2026-03-08T07:30:00.000Z');
  });
});

describe('telegram single-chat export', () => {
  const personal = {
    name: 'Wang Wei',
    type: 'personal_chat',
    id: 222,
    messages: [
      msg(1, '2026-10-20T01:00:00Z', 'user222', 'Wang Wei', { text: 'in' }),
      msg(2, '2026-10-20T01:01:00Z', 'user111', 'Lin', { text: 'out by name' }),
      msg(3, '2026-10-20T01:02:00Z', 'user123', 'Lin on another device', { text: 'out: not the partner' }),
      call(4, '2026-10-20T01:03:00Z', 'user111', 'Lin', { duration_seconds: 5, discard_reason: 'hangup' })
    ]
  };

  it('takes direction from options.me and the personal chat id, counterpart from the chat', async () => {
    const { events, items } = await collect(telegramImporter, JSON.stringify(personal, null, 1), { fileName: FILE, me: ['Lin'] });
    expect(items.some((i) => i.type === 'owner')).toBe(false);
    expect(events.map((e) => [e.direction, e.handle, e.name, e.conversation, e.source.record])).toEqual([
      ['in', 'user222', 'Wang Wei', null, 'messages[0]'],
      ['out', 'user222', 'Wang Wei', null, 'messages[1]'],
      ['out', 'user222', 'Wang Wei', null, 'messages[2]'],
      ['out', 'user222', 'Wang Wei', null, 'messages[3]']
    ]);
    expect(events[3]).toMatchObject({ kind: 'call', status: 'answered', durationSec: 5 });
  });

  it('in a group, only authors in options.me (any case) are out; handle is the author (in) or the chat name (out)', async () => {
    const group = {
      name: 'Family',
      type: 'private_group',
      id: 333,
      messages: [
        msg(1, '2026-10-20T01:00:00Z', 'user222', 'Wang Wei', { text: 'a' }),
        msg(2, '2026-10-20T01:01:00Z', 'user111', 'Lin', { text: 'b' }),
        msg(3, '2026-10-20T01:02:00Z', 'user111', ' LIN ', { text: 'c' })
      ]
    };
    const { events } = await collect(telegramImporter, JSON.stringify(group), { me: ['lin'] });
    expect(events.map((e) => [e.direction, e.handle, e.name, e.conversation])).toEqual([
      ['in', 'user222', 'Wang Wei', 'Family'],
      ['out', 'Family', 'Family', 'Family'],
      ['out', 'Family', 'Family', 'Family']
    ]);
  });

  it('reads old exports whose from_id is a bare number', async () => {
    const old = { name: 'Wang Wei', type: 'personal_chat', id: 222, messages: [{ id: 1, type: 'message', date: '2019-06-04T00:01:59', from: 'Wang Wei', from_id: 222, text: 'hi' }] };
    const { events } = await collect(telegramImporter, JSON.stringify(old), { me: [] });
    expect(events.map((e) => [e.direction, e.handle, iso(e.start)])).toEqual([['in', 'user222', '2019-06-03T16:01:59.000Z']]);
  });
});

describe('telegram \\x escapes', () => {
  // Telegram Desktop writes control characters as \xNN (invalid JSON); `\\x` is an escaped backslash and an x.
  const RAW = '{"name": "A", "type": "personal_chat", "id": 2, "messages": [{"id": 1, "type": "message", "date_unixtime": "1", "from_id": "user2", "text": "bell\\x07, tab\\x09 and \\\\x41 and \\\\\\x1b"}]}';

  it('decodes them as the control character, at any chunk boundary', async () => {
    const whole = await collect(telegramImporter, RAW);
    expect(whole.events[0]).toMatchObject({ body: 'bell\u0007, tab\t and \\x41 and \\\u001b' });
    for (const size of [1, 2, 3, 5, 7]) expect((await collect(telegramImporter, RAW, {}, size)).items).toEqual(whole.items);
  });

  it('maps positions in the rewritten text back to the file', () => {
    const fixer = new HexEscapeFixer();
    const text = '"a\\x01b\\\\x"';
    const fixed = fixer.fix(text);
    expect(fixed).toBe('"a\\u0001b\\\\x"');
    expect(fixer.original(fixed.length - 1)).toBe(text.length - 1);
    expect(fixer.original(2)).toBe(2);
  });
});

describe('telegram errors', () => {
  async function error(text: string, chunk?: number): Promise<ImportError> {
    try {
      await collect(telegramImporter, text, { fileName: FILE }, chunk);
    } catch (e) {
      if (e instanceof ImportError) return e;
      throw e;
    }
    throw new Error('no ImportError');
  }

  it('names the file and the character of a syntax error, the same for any chunking', async () => {
    const text = '{"name": "A\\x01", "messages": [@]}';
    for (const chunk of [undefined, 1, 4]) {
      const e = await error(text, chunk);
      expect(e.file).toBe(FILE);
      expect(e.where).toBe(`character ${text.indexOf('@')}`);
      expect(e.message).toBe(`result.json, character ${text.indexOf('@')}: malformed JSON: Unexpected token '@', "@" is not valid JSON (in "@")`);
    }
  });

  it('names where the value that does not parse starts', async () => {
    const text = '{"messages": [{"type": "message",}]}';
    const e = await error(text);
    expect(e.where).toBe(`character ${text.indexOf('{"type"')}`);
    expect(e.message).toMatch(/^result\.json, character 14: malformed JSON: .*property name/);
  });

  it('reports a truncated file at its end', async () => {
    const text = FULL_JSON.slice(0, 2000);
    const e = await error(text);
    expect(e.where).toBe('character 2000');
    expect(e.message).toContain('the JSON ends early (truncated file?)');
  });

  it('rejects JSON that holds no Telegram data', async () => {
    expect((await error('{"about": "x", "chats": {"list": []}}')).message).toBe('result.json: no Telegram chat, message or contact found in the JSON');
    expect((await error('[1, 2, 3]')).message).toBe('result.json: no Telegram chat, message or contact found in the JSON');
  });
});

describe('telegram detect', () => {
  const detect = (head: string) => telegramImporter.detect(head, 'result.json');

  it('recognises full and single-chat exports from their first bytes', () => {
    expect(detect(FULL_JSON.slice(0, 300))).toBe(true);
    expect(detect('\ufeff{\n "personal_information": {\n  "user_id": 1')).toBe(true);
    expect(detect('{\n "chats": {\n  "about": "This page lists all chats from this export.",')).toBe(true);
    expect(detect('{\n "name": "Jimmeny",\n "type": "personal_chat",\n "id": 5965280513,\n "messages": [\n')).toBe(true);
    expect(detect('{\n "name": "Family",\n "type": "private_supergroup",\n "id": 1,\n "messages": [')).toBe(true);
    expect(detect('{\n    "messages": [\n     {\n      "type": "message",\n      "date_unixtime": "1544006350",')).toBe(true);
  });

  it('rejects other JSON and other formats', () => {
    expect(detect('{\n  "participants": [{"name": "Alice"}],\n  "messages": [\n    {"sender_name": "Alice", "timestamp_ms": 1, "content": "hi"}')).toBe(false);
    expect(detect('{"messages": [{"creator": {"name": "A"}, "created_date": "Monday"}]}')).toBe(false);
    expect(detect('[{"type": "personal_chat"}]')).toBe(false);
    expect(detect('BEGIN:VCARD\r\nVERSION:3.0')).toBe(false);
    expect(detect('20/10/2026, 09:00 - Lin: hi')).toBe(false);
  });
});
