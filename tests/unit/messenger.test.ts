import { describe, expect, it } from 'vitest';
import { associate } from '../../src/lib/association/associate';
import { PartyTally } from '../../src/lib/association/party-tally';
import { instagramImporter, messengerImporter, parseMessenger, repairMojibake, type MessengerTally } from '../../src/lib/formats/messenger/read';
import { telegramImporter } from '../../src/lib/formats/telegram/read';
import { importFile } from '../../src/lib/import/pipeline';
import { ImportError, type ImportItem } from '../../src/lib/import/types';
import type { CommEvent, DraftEvent } from '../../src/lib/model/event';
import { chunksOf, fromStrings } from '../../src/lib/util/text-stream';
import { collect, iso, OPTIONS } from './helpers';

/** What Facebook writes for a string: each UTF-8 byte as its own `\u00XX` escape. */
function mojibake(s: string): string {
  return [...new TextEncoder().encode(s)].map((b) => (b < 0x80 ? String.fromCharCode(b) : `\\u00${b.toString(16).padStart(2, '0')}`)).join('');
}
/** JSON text with every non-ASCII character written as Facebook does. */
const facebookJson = (value: unknown) => JSON.stringify(value, null, 2).replace(/[^\x00-\x7f]+/g, (s) => mojibake(s));

const T0 = Date.parse('2024-03-01T08:00:00Z');
const at = (minutes: number) => T0 + minutes * 60_000;

/** A legacy one-to-one thread, newest first, with the title after the messages as Facebook writes it. */
const ONE_TO_ONE = {
  participants: [{ name: 'Zoë Wang' }, { name: 'Lin Chen' }],
  messages: [
    { sender_name: 'Lin Chen', timestamp_ms: at(9), content: 'See you 😀', type: 'Generic' },
    { sender_name: 'Zoë Wang', timestamp_ms: at(8), content: 'Lin unsent a message', type: 'Generic', is_unsent: true },
    { sender_name: 'Zoë Wang', timestamp_ms: at(7), type: 'Generic', photos: [{ uri: 'messages/inbox/zoewang_123/photos/a.jpg', creation_timestamp: 1 }], videos: [{ uri: 'messages/inbox/zoewang_123/videos/b.mp4' }], reactions: [{ reaction: '❤', actor: 'Lin Chen' }, { reaction: '👍', actor: 'Zoë Wang' }] },
    { sender_name: 'Lin Chen', timestamp_ms: at(6), type: 'Generic', audio_files: [{ uri: 'x/audio/c.aac' }], files: [{ uri: 'x/files/d.pdf' }], gifs: [{ uri: 'x/gifs/e.gif' }] },
    { sender_name: 'Lin Chen', timestamp_ms: at(5), type: 'Generic', sticker: { uri: 'messages/stickers_used/s.png' } },
    { sender_name: 'Zoë Wang', timestamp_ms: at(4), type: 'Share', content: 'Zoë sent a link.', share: { link: 'https://example.com/a', share_text: 'A' } },
    { sender_name: 'Lin Chen', timestamp_ms: at(3), type: 'Call', content: 'You called Zoë.', call_duration: 125 },
    { sender_name: 'Lin Chen', timestamp_ms: at(2), type: 'Call', content: 'Zoë missed your call.', call_duration: 0 },
    { sender_name: 'Zoë Wang', timestamp_ms: at(1), type: 'Call', call_duration: 0, missed: true },
    { sender_name: 'Zoë Wang', timestamp_ms: at(0), content: 'Café? 你好', type: 'Generic' },
    { sender_name: 'Zoë Wang', timestamp_ms: 1e18, content: 'far future', type: 'Generic' },
    { timestamp_ms: at(0), content: 'no author', type: 'Generic' },
    { sender_name: 'Zoë Wang', timestamp_ms: at(0), type: 'Generic', is_geoblocked_for_viewer: true }
  ],
  title: 'Zoë Wang',
  is_still_participant: true,
  thread_type: 'Regular',
  thread_path: 'inbox/zoewang_123'
};

const rows = (events: DraftEvent[]) =>
  events.map((e) => [e.kind, e.direction, e.handle, e.conversation, iso(e.start), e.kind === 'message' ? e.body : `${e.status} ${e.durationSec}s`, e.source.record]);

async function read(json: string, options: Partial<typeof OPTIONS> = {}, channel: 'messenger' | 'instagram' = 'messenger', chunk = 64 * 1024) {
  const tally: MessengerTally = { reactions: 0, unsent: 0, systemMessages: 0 };
  const items: ImportItem[] = [];
  for await (const b of parseMessenger(chunksOf(new TextEncoder().encode(json), chunk), { ...OPTIONS, fileName: 'message_1.json', me: [], ...options }, channel, tally)) items.push(...b);
  return { items, tally, events: items.flatMap((i) => (i.type === 'event' ? [i.event] : [])), skips: items.flatMap((i) => (i.type === 'skip' ? [i.skip] : [])) };
}

describe('Messenger mojibake', () => {
  it('decodes UTF-8 bytes written as \\u00XX and leaves real text alone', () => {
    expect(repairMojibake('caf\u00c3\u00a9')).toBe('café');
    expect(repairMojibake('\u00f0\u009f\u0098\u00a2')).toBe('😢');
    expect(repairMojibake('\u00e2\u009d\u00a4')).toBe('❤');
    // A character above U+00FF: already text (re-encoding would corrupt it).
    expect(repairMojibake('“caf\u00c3\u00a9”')).toBe('“caf\u00c3\u00a9”');
    // Latin-1 that is not UTF-8 bytes stays as it is.
    expect(repairMojibake('café')).toBe('café');
    expect(repairMojibake('plain')).toBe('plain');
  });
});

describe('Messenger legacy JSON', () => {
  it('reads a one-to-one thread: owner = the participant who is not the title; calls, media, shares, stickers', async () => {
    const { events, items, tally, skips } = await read(facebookJson(ONE_TO_ONE));
    expect(rows(events)).toEqual([
      ['message', 'out', 'Zoë Wang', null, '2024-03-01T08:09:00.000Z', 'See you 😀', 'messages[0]'],
      ['message', 'in', 'Zoë Wang', null, '2024-03-01T08:07:00.000Z', '', 'messages[2]'],
      ['message', 'out', 'Zoë Wang', null, '2024-03-01T08:06:00.000Z', '', 'messages[3]'],
      ['message', 'out', 'Zoë Wang', null, '2024-03-01T08:05:00.000Z', '', 'messages[4]'],
      ['message', 'in', 'Zoë Wang', null, '2024-03-01T08:04:00.000Z', 'Zoë sent a link.', 'messages[5]'],
      ['call', 'out', 'Zoë Wang', null, '2024-03-01T08:03:00.000Z', 'answered 125s', 'messages[6]'],
      ['call', 'out', 'Zoë Wang', null, '2024-03-01T08:02:00.000Z', 'unanswered 0s', 'messages[7]'],
      ['call', 'in', 'Zoë Wang', null, '2024-03-01T08:01:00.000Z', 'missed 0s', 'messages[8]'],
      ['message', 'in', 'Zoë Wang', null, '2024-03-01T08:00:00.000Z', 'Café? 你好', 'messages[9]']
    ]);
    expect(events.map((e) => (e.kind === 'message' ? e.attachments : null))).toEqual([
      [],
      [{ name: 'a.jpg', type: 'image' }, { name: 'b.mp4', type: 'video' }],
      [{ name: 'c.aac', type: 'audio' }, { name: 'e.gif', type: 'image' }, { name: 'd.pdf', type: 'file' }],
      [{ name: 's.png', type: 'sticker' }],
      [{ name: 'https://example.com/a', type: 'link' }],
      null,
      null,
      null,
      []
    ]);
    expect(events[0]).toMatchObject({ channel: 'messenger', name: 'Zoë Wang', phone: null, transport: null, source: { format: 'messenger-json', file: 'message_1.json' } });
    expect(events[5]).toMatchObject({ video: false });
    expect(tally).toEqual({ reactions: 2, unsent: 1, systemMessages: 0 });
    expect(skips).toEqual([
      { file: 'message_1.json', where: 'messages[10]', reason: 'the time 1000000000000000000 ms is outside 1900–2199' },
      { file: 'message_1.json', where: 'messages[11]', reason: 'no sender_name' },
      { file: 'message_1.json', where: 'messages[12]', reason: 'no text, attachment or call' }
    ]);
    expect(items.filter((i) => i.type === 'owner')).toEqual([{ type: 'owner', owner: { name: 'Lin Chen', phone: null, identity: { channel: 'messenger', handle: 'Lin Chen' } } }]);
  });

  it('reads the same one byte at a time', async () => {
    const json = facebookJson(ONE_TO_ONE);
    expect((await read(json, {}, 'messenger', 1)).items).toEqual((await read(json)).items);
  });

  it('streams when options.me names the owner: messages come before the title is read', async () => {
    const json = facebookJson(ONE_TO_ONE);
    const cut = json.indexOf('"title"');
    const batches: ImportItem[][] = [];
    const parts = async function* () {
      yield new TextEncoder().encode(json.slice(0, cut));
      batches.push([]); // marks the point where the title has not been read yet
      yield new TextEncoder().encode(json.slice(cut));
    };
    const seen: number[] = [];
    for await (const b of parseMessenger(parts(), { ...OPTIONS, fileName: 'm.json', me: ['lin chen'] })) seen.push(batches.length, b.filter((i) => i.type === 'event').length);
    expect(seen).toEqual([0, 9]);
    const withoutMe: number[] = [];
    batches.length = 0;
    for await (const b of parseMessenger(parts(), { ...OPTIONS, fileName: 'm.json', me: [] })) withoutMe.push(batches.length, b.filter((i) => i.type === 'event').length);
    expect(withoutMe).toEqual([1, 9]);
  });

  it('reads a group: title = conversation, the owner (from options.me) writes to the group, join notices dropped', async () => {
    const group = {
      participants: [{ name: 'A' }, { name: 'B' }, { name: 'Lin Chen' }],
      messages: [
        { sender_name: 'Lin Chen', timestamp_ms: at(2), content: 'hi all', type: 'Generic' },
        { sender_name: 'A', timestamp_ms: at(1), content: 'A added B to the group.', type: 'Subscribe', users: [{ name: 'B' }] },
        { sender_name: 'B', timestamp_ms: at(0), content: 'yo', type: 'Generic' }
      ],
      title: 'Trip 2024',
      thread_path: 'inbox/trip2024_99'
    };
    const withMe = await read(facebookJson(group), { me: ['Lin Chen'] });
    expect(rows(withMe.events)).toEqual([
      ['message', 'out', null, 'Trip 2024', '2024-03-01T08:02:00.000Z', 'hi all', 'messages[0]'],
      ['message', 'in', 'B', 'Trip 2024', '2024-03-01T08:00:00.000Z', 'yo', 'messages[2]']
    ]);
    expect(withMe.tally.systemMessages).toBe(1);
    // Without options.me one file cannot tell the owner in a group: every line is incoming.
    const { title: _title, ...untitled } = group;
    const without = await read(facebookJson(untitled));
    expect(rows(without.events).map((r) => r.slice(1, 4))).toEqual([
      ['in', 'Lin Chen', 'inbox/trip2024_99'],
      ['in', 'B', 'inbox/trip2024_99']
    ]);
    expect(without.items.filter((i) => i.type === 'owner')).toEqual([]);
    // An empty title is no title.
    expect((await read(facebookJson({ ...group, title: '' }))).events.map((e) => e.conversation)).toEqual(['inbox/trip2024_99', 'inbox/trip2024_99']);
  });

  it('refuses broken JSON and JSON without a thread', async () => {
    const broken = await read('{"participants": [{"name": "A"}], "messages": [{"sender_name": ').catch((e) => e);
    expect(broken).toBeInstanceOf(ImportError);
    expect(broken.message).toBe('message_1.json, character 63: the JSON ends early (truncated file?): the JSON ends before its closing brace');
    const bad = await read('{"messages": [}').catch((e) => e);
    expect(bad.message).toBe('message_1.json, character 14: malformed JSON: expected a value at "}"');
    const empty = await read('{"other": 1}').catch((e) => e);
    expect(empty.message).toBe('message_1.json: no Messenger or Instagram thread (participants, messages) found in the JSON');
  });
});

describe('Messenger end-to-end-encrypted export', () => {
  it('reads camelCase fields, string participants, media kinds by extension', async () => {
    const e2ee = {
      participants: ['Lin Chen', 'Zoë Wang'],
      threadName: 'Zoë Wang',
      messages: [
        { senderName: 'Zoë Wang', text: 'caf\u00c3\u00a9', timestamp: at(0), type: 'text', isUnsent: false, media: [], reactions: [{ actor: 'Lin Chen', reaction: '😆' }] },
        { senderName: 'Lin Chen', text: '', timestamp: at(1), type: 'media', isUnsent: false, media: [{ uri: 'media/IMG_1.JPG' }, { uri: 'media/v.mov' }, { uri: 'media/note.m4a' }, { uri: 'media/doc.zip' }], reactions: [] },
        { senderName: 'Lin Chen', text: '', timestamp: at(2), type: 'placeholder', isUnsent: false, media: [], reactions: [] },
        { senderName: 'Lin Chen', text: 'oops', timestamp: at(3), type: 'text', isUnsent: true, media: [], reactions: [] }
      ]
    };
    const { events, tally, skips } = await read(JSON.stringify(e2ee));
    expect(rows(events)).toEqual([
      ['message', 'in', 'Zoë Wang', null, '2024-03-01T08:00:00.000Z', 'café', 'messages[0]'],
      ['message', 'out', 'Zoë Wang', null, '2024-03-01T08:01:00.000Z', '', 'messages[1]']
    ]);
    expect(events[1].kind === 'message' && events[1].attachments).toEqual([
      { name: 'IMG_1.JPG', type: 'image' },
      { name: 'v.mov', type: 'video' },
      { name: 'note.m4a', type: 'audio' },
      { name: 'doc.zip', type: 'file' }
    ]);
    expect(tally).toEqual({ reactions: 1, unsent: 1, systemMessages: 0 });
    expect(skips.map((s) => [s.where, s.reason])).toEqual([['messages[2]', 'no text, attachment or call']]);
  });
});

describe('Instagram DMs', () => {
  const thread = {
    participants: [{ name: 'zoe.w' }, { name: 'lin_chen' }],
    messages: [
      { sender_name: 'zoe.w', timestamp_ms: at(3), content: 'Reacted 😂 to your message', reactions: [] },
      { sender_name: 'zoe.w', timestamp_ms: at(2), content: 'Liked a message' },
      { sender_name: 'lin_chen', timestamp_ms: at(1), share: { link: 'https://www.instagram.com/p/abc/', share_text: 'Nice 🌊', original_content_owner: 'someone' } },
      { sender_name: 'zoe.w', timestamp_ms: at(0), content: 'Olá 👋' }
    ],
    title: 'zoe.w',
    is_still_participant: true,
    thread_path: 'inbox/zoew_17841400000000000',
    magic_words: []
  };

  it('reads the legacy schema on the instagram channel, reaction lines counted, not messages', async () => {
    const { events, tally } = await read(facebookJson(thread), {}, 'instagram');
    expect(rows(events)).toEqual([
      ['message', 'out', 'zoe.w', null, '2024-03-01T08:01:00.000Z', 'Nice 🌊', 'messages[2]'],
      ['message', 'in', 'zoe.w', null, '2024-03-01T08:00:00.000Z', 'Olá 👋', 'messages[3]']
    ]);
    expect(events[0]).toMatchObject({ channel: 'instagram', source: { format: 'instagram-json' }, attachments: [{ name: 'https://www.instagram.com/p/abc/', type: 'link' }] });
    expect(tally.reactions).toBe(2);
  });

  it('is told from Messenger by its path inside the Takeout zip', async () => {
    const { zipSync, strToU8 } = await import('fflate');
    const zip = zipSync({
      'your_instagram_activity/messages/inbox/zoew_1784/message_1.json': strToU8(facebookJson(thread)),
      'your_activity_across_facebook/messages/inbox/zoewang_123/message_1.json': strToU8(facebookJson(ONE_TO_ONE))
    });
    const seen: [string, string, number][] = [];
    for await (const b of importFile('facebook-lin.zip', chunksOf(zip, 500), { region: 'US', timeZone: 'UTC', me: [] })) {
      if (b.events.length) seen.push([b.format, b.events[0].channel, b.events.length]);
    }
    expect(seen).toEqual([
      ['instagram-json', 'instagram', 2],
      ['messenger-json', 'messenger', 9]
    ]);
  });
});

describe('Messenger detection and association', () => {
  it('detects both schemas from the head, and claims a broken message_N.json by its name', () => {
    const legacy = facebookJson(ONE_TO_ONE).slice(0, 4096);
    expect(messengerImporter.detect(legacy, 'message_1.json')).toBe(true);
    expect(messengerImporter.detect('{"participants": ["A", "B"], "threadName": "B", "messages": []}', 'b_1.json')).toBe(true);
    expect(messengerImporter.detect('{"messages": [{"senderName": "A"', 'x.json')).toBe(true);
    expect(messengerImporter.detect('{this is not json', 'msgvault__corrupt_broken_message_1.json')).toBe(true);
    expect(messengerImporter.detect('{"messages": [{"creator": {"name": "A"}}]}', 'messages.json')).toBe(false);
    expect(messengerImporter.detect('[{"sender_name": "a", "timestamp_ms": 1}]', 'message_1.json')).toBe(false);
    expect(instagramImporter.detect(legacy, 'message_1.json')).toBe(false);
    expect(instagramImporter.detect(legacy, 'your_instagram_activity/messages/inbox/zoew_1/message_1.json')).toBe(true);
    expect(telegramImporter.detect(legacy, 'message_1.json')).toBe(false);
  });

  it('keeps the owner found in a one-to-one thread out of people when their group lines come in as incoming', async () => {
    const group = { participants: [{ name: 'A' }, { name: 'B' }, { name: 'Lin Chen' }], messages: [{ sender_name: 'Lin Chen', timestamp_ms: at(2), content: 'hi' }, { sender_name: 'A', timestamp_ms: at(1), content: 'yo' }], title: 'G' };
    const events: CommEvent[] = [];
    const owners = [];
    for (const json of [facebookJson(ONE_TO_ONE), facebookJson(group)]) {
      for await (const b of importFile('message_1.json', fromStrings(json), { region: 'US', timeZone: 'UTC', me: [] })) {
        events.push(...b.events);
        owners.push(...b.owners);
      }
    }
    const tally = new PartyTally();
    for (const e of events) tally.add(e);
    const a = associate({ parties: tally.parties.values(), contacts: [], owners, edits: [], settings: { region: 'US', me: [] } });
    expect(a.people.map((p) => [p.name, p.total])).toEqual([
      ['Zoë Wang', 9],
      ['A', 1]
    ]);
  });

  it('reads through the pipeline like any file', async () => {
    const { events } = await collect(messengerImporter, facebookJson(ONE_TO_ONE), { fileName: 'message_1.json', me: [] });
    expect(events).toHaveLength(9);
  });
});
