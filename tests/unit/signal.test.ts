import { describe, expect, it } from 'vitest';
import { parseSignal, signalImporter, signalVariant } from '../../src/lib/formats/signal/read';
import { readSigtopTime } from '../../src/lib/formats/signal/sigtop-text';
import { readCallBody } from '../../src/lib/formats/signal/json';
import { readMarkdownBody } from '../../src/lib/formats/signal/markdown';
import { whatsappImporter } from '../../src/lib/formats/whatsapp/read';
import { detectImporter } from '../../src/lib/import/registry';
import type { DraftEvent } from '../../src/lib/model/event';
import { chunksOf } from '../../src/lib/util/text-stream';
import { collect, iso } from './helpers';

const UTC = { timeZone: 'UTC', me: [] as string[] };

function rows(events: DraftEvent[]) {
  return events.map((e) => [
    e.kind,
    e.direction,
    e.handle,
    e.name,
    e.phone,
    e.conversation,
    iso(e.start),
    e.kind === 'message' ? e.body : `${e.status} ${e.durationSec}s${e.video ? ' video' : ''}`,
    e.kind === 'message' ? e.attachments.map((a) => `${a.name}:${a.type}`).join(',') : '',
    e.source.record
  ]);
}

const SIGTOP_TEXT = `Conversation: Alice Smith (+31612345678)

From: Alice Smith (+31612345678)
Type: incoming
Sent: Mon, 2 Jan 2023 15:04:05 +0100
Received: Mon, 2 Jan 2023 15:04:07 +0100
Reaction: 👍 from You

Hi there
From: nobody, this is body text

Type: outgoing
Sent: Mon, 2 Jan 2023 15:10:00 +0100
Attachment: IMG_0001.jpg (image/jpeg, 52311 bytes)
Attachment: no filename (audio/aac, 100 bytes)

>From: Alice Smith (+31612345678)
>Sent: Mon, 2 Jan 2023 15:04:05 +0100
>
> Hi there

Look at this

From: Alice Smith (+31612345678)
Type: group-v2-change
Sent: Mon, 2 Jan 2023 15:11:00 +0100
Received: Mon, 2 Jan 2023 15:11:00 +0100

From: Alice Smith (+31612345678)
Type: incoming
Sent: Tue, 3 Jan 2023 09:00:00 -0500
Received: Tue, 3 Jan 2023 09:00:01 -0500
Edited: 2 versions

| Version: 2
| Sent: Tue, 3 Jan 2023 09:01:00 -0500
|
| Fixed text
|  second line
|
| Version: 1
| Sent: Tue, 3 Jan 2023 09:00:00 -0500
|
| Fixd text

`;

const SIGTOP_GROUP = `Conversation: Climbing (group)

From: Bob (+447700900123)
Type: incoming
Sent: Wed, 4 Jan 2023 10:00:00 +0000
Received: Wed, 4 Jan 2023 10:00:00 +0000

Who is in?

From: You
Type: outgoing
Sent: Wed, 4 Jan 2023 10:05:00 +0000

Me

From: carol.42 (carol.42)
Type: incoming
Sent: Wed, 4 Jan 2023 10:06:00 +0000
Received: Wed, 4 Jan 2023 10:06:00 +0000

Me too
`;

const SIGTOP_JSON = JSON.stringify([
  { id: 'a', conversationId: 'c1', type: 'incoming', body: 'Hallo', sent_at: 1672668245000, source: '+31612345678', attachments: [] },
  { id: 'b', conversationId: 'c1', type: 'outgoing', body: 'Hoi', sent_at: 1672668300000, attachments: [{ contentType: 'image/png', fileName: 'x.png', size: 3 }] },
  { id: 'c', conversationId: 'c1', type: 'keychange', sent_at: 1672668400000 },
  {
    id: 'd',
    conversationId: 'c1',
    type: 'call-history',
    sent_at: 1672668500000,
    callHistoryDetails: { wasIncoming: true, wasVideoCall: true, acceptedTime: 1672668501000, endedTime: 1672668626000 }
  },
  { id: 'e', conversationId: 'c1', type: 'call-history', sent_at: 1672668600000, callHistoryDetails: { wasIncoming: true, wasDeclined: false } },
  { id: 'f', conversationId: 'c1', type: 'incoming', body: 'no time' }
]);

const SIGNAL_EXPORT_JSON = [
  '{"date": "2024-01-05T14:03:22", "sender": "Alice", "body": "hi  ", "quote": "", "sticker": null, "reactions": [["Me", "👍"]], "attachments": [], "deleted": false, "call": false, "missed": false}',
  '{"date": "2024-01-05T14:04:00", "sender": "Me", "body": "photo  ", "quote": "hi", "sticker": null, "reactions": [], "attachments": [{"name": "x.jpg", "path": "media/x.jpg", "missing_kind": null}], "deleted": false, "call": false, "missed": false}',
  '{"date": "2024-01-05T15:00:00", "sender": "Alice", "body": "Incoming voice call (accepted, 2m 5s)  ", "quote": "", "sticker": null, "reactions": [], "attachments": [], "deleted": false, "call": true, "missed": false}',
  '{"date": "2024-01-05T16:00:00", "sender": "Me", "body": "Outgoing video call (unanswered)  ", "quote": "", "sticker": null, "reactions": [], "attachments": [], "deleted": false, "call": true, "missed": false}',
  '{"date": "2024-01-05T17:00:00", "sender": "Alice", "body": "", "quote": "", "sticker": null, "reactions": [], "attachments": [], "deleted": true, "call": false, "missed": false}',
  '{"date": "2024-02-30T17:00:00", "sender": "Alice", "body": "bad date  ", "quote": "", "sticker": null, "reactions": [], "attachments": [], "deleted": false, "call": false, "missed": false}',
  'not json',
  '{"date": "2024-01-06T08:00:00", "sender": "Alice", "body": "  ", "quote": "", "sticker": {"id": 1, "packId": "p", "packKey": "k", "emoji": "😀", "extension": "webp"}, "reactions": [], "attachments": [], "deleted": false, "call": false, "missed": false}'
].join('\n');

const SIGNAL_EXPORT_MD = `[2024-01-05 14:03:22] Alice: hi  
(- Me: 👍 -)
[2024-01-05 14:04:00] Me: 

> hi

photo  
![x.jpg](./media/x.jpg)  
[2024-01-05 14:05:00] Alice: (This message was deleted)
[2024-01-05 15:00:00] Alice: Missed voice call  
[2024-01-06 08:00:00] Alice: two
lines  
`;

describe('Signal detection', () => {
  it('tells the four export shapes apart and refuses other text', () => {
    expect(signalVariant(SIGTOP_TEXT)).toBe('sigtop-text');
    expect(signalVariant(SIGTOP_JSON)).toBe('sigtop-json');
    expect(signalVariant(SIGNAL_EXPORT_JSON)).toBe('signal-export-json');
    expect(signalVariant(SIGNAL_EXPORT_MD)).toBe('signal-export-md');
    expect(signalVariant('[2019-12-24, 12:23] Jane Doe: Hello John!\n')).toBe('signal-export-md');
    // WhatsApp's own shapes stay WhatsApp's: iOS brackets with seconds after a comma, Android's " - ".
    expect(signalVariant('[2019-12-24, 12:23:45] Jane: Hi\n')).toBeNull();
    expect(signalVariant('2019-12-24, 12:23 - Jane: Hi\n')).toBeNull();
    expect(signalVariant('[12/24/19, 12:23:45 PM] Jane: Hi\n')).toBeNull();
    expect(signalVariant('{"messages": []}')).toBeNull();
    expect(signalVariant('[{"id": 1}]')).toBeNull();
  });

  it('is picked before WhatsApp for signal-export lines, though WhatsApp would read them too', () => {
    const head = '[2019-12-24, 12:23] Jane Doe: Hello John!\n';
    expect(whatsappImporter.detect(head, 'chat.md')).toBe(true);
    expect(detectImporter(head, 'chat.md')).toBe(signalImporter);
    expect(detectImporter('[2019-12-24, 12:23:45] Jane: Hi\n', 'x.txt')).toBe(whatsappImporter);
  });
});

describe('sigtop text', () => {
  it('reads blocks: incoming with phone, outgoing with quote and attachments, system types tallied, edits', async () => {
    const tally = { systemRecords: 0 };
    const items = [];
    for await (const b of parseSignal(chunksOf(new TextEncoder().encode(SIGTOP_TEXT), 7), { fileName: 'Alice Smith (+31612345678).txt', region: 'NL', ...UTC }, tally)) items.push(...b);
    const events = items.flatMap((i) => (i.type === 'event' ? [i.event] : []));
    expect(rows(events)).toEqual([
      ['message', 'in', '+31612345678', 'Alice Smith', '+31612345678', null, '2023-01-02T14:04:05.000Z', 'Hi there\nFrom: nobody, this is body text', '', 'line 3'],
      ['message', 'out', '+31612345678', 'Alice Smith', '+31612345678', null, '2023-01-02T14:10:00.000Z', 'Look at this', 'IMG_0001.jpg:image/jpeg,:audio/aac', 'line 12'],
      ['message', 'in', '+31612345678', 'Alice Smith', '+31612345678', null, '2023-01-03T14:00:00.000Z', 'Fixed text\n second line', '', 'line 29']
    ]);
    expect(events[0]).toMatchObject({ channel: 'signal', transport: null, source: { format: 'signal', file: 'Alice Smith (+31612345678).txt' } });
    expect(tally.systemRecords).toBe(1);
    expect(items.filter((i) => i.type === 'skip')).toEqual([]);
  });

  it('reads a group: conversation is the group, authors keep their numbers or usernames', async () => {
    const { events } = await collect(signalImporter, SIGTOP_GROUP, { fileName: 'Climbing (group).txt', ...UTC });
    expect(rows(events)).toEqual([
      ['message', 'in', '+447700900123', 'Bob', '+447700900123', 'Climbing', '2023-01-04T10:00:00.000Z', 'Who is in?', '', 'line 3'],
      ['message', 'out', 'Climbing', 'Climbing', null, 'Climbing', '2023-01-04T10:05:00.000Z', 'Me', '', 'line 10'],
      ['message', 'in', 'carol.42', 'carol.42', null, 'Climbing', '2023-01-04T10:06:00.000Z', 'Me too', '', 'line 16']
    ]);
  });

  it('reads the same in any chunking', async () => {
    const whole = await collect(signalImporter, SIGTOP_TEXT, { fileName: 'a.txt', ...UTC });
    expect((await collect(signalImporter, SIGTOP_TEXT, { fileName: 'a.txt', ...UTC }, 1)).items).toEqual(whole.items);
  });

  it('reads Go time stamps with their offsets, and refuses malformed ones', () => {
    expect(iso(readSigtopTime('Sun, 31 Dec 2023 23:59:59 -0930') as number)).toBe('2024-01-01T09:29:59.000Z');
    expect(readSigtopTime('Sun, 31 Foo 2023 23:59:59 -0930')).toBe('"Sun, 31 Foo 2023 23:59:59 -0930" is not a sigtop time');
    expect(readSigtopTime('2023-12-31 23:59')).toBe('"2023-12-31 23:59" is not a sigtop time');
    expect(readSigtopTime('Sun, 31 Feb 2023 23:59:59 +0000')).toBe('2023-02-31 is not a date');
    expect(readSigtopTime('Sun, 31 Dec 0023 23:59:59 +0000')).toBe('the year of 0023-12-31 is outside 1900–2199');
  });

  it('explains a block without a time', async () => {
    const { events, skips } = await collect(signalImporter, 'Conversation: Bob (+15551234567)\n\nFrom: You\nType: outgoing\n\nhello\n', { fileName: 'b.txt', ...UTC });
    expect(events).toEqual([]);
    expect(skips).toEqual([{ file: 'b.txt', where: 'line 3', reason: 'no readable "Sent:" or "Received:" time' }]);
  });
});

describe('sigtop JSON', () => {
  it('reads messages, legacy calls and attachments; the partner and number come from the file name', async () => {
    const tally = { systemRecords: 0 };
    const items = [];
    for await (const b of parseSignal(chunksOf(new TextEncoder().encode(SIGTOP_JSON), 5), { fileName: 'Alice Smith (+31612345678).json', region: 'NL', ...UTC }, tally)) items.push(...b);
    const events = items.flatMap((i) => (i.type === 'event' ? [i.event] : []));
    expect(rows(events)).toEqual([
      ['message', 'in', '+31612345678', 'Alice Smith', '+31612345678', null, '2023-01-02T14:04:05.000Z', 'Hallo', '', 'record 1'],
      ['message', 'out', '+31612345678', 'Alice Smith', '+31612345678', null, '2023-01-02T14:05:00.000Z', 'Hoi', 'x.png:image/png', 'record 2'],
      ['call', 'in', '+31612345678', 'Alice Smith', '+31612345678', null, '2023-01-02T14:08:20.000Z', 'answered 125s video', '', 'record 4'],
      ['call', 'in', '+31612345678', 'Alice Smith', '+31612345678', null, '2023-01-02T14:10:00.000Z', 'missed 0s', '', 'record 5']
    ]);
    expect(items.filter((i) => i.type === 'skip').map((i) => i.type === 'skip' && i.skip)).toEqual([
      { file: 'Alice Smith (+31612345678).json', where: 'record 6', reason: 'no sent_at or timestamp' }
    ]);
    expect(tally.systemRecords).toBe(1);
  });

  it('without a name in the file name, the sender number is the counterpart', async () => {
    const { events } = await collect(signalImporter, SIGTOP_JSON, { fileName: 'export.json', ...UTC });
    expect(events.map((e) => [e.direction, e.handle, e.name, e.phone])).toEqual([
      ['in', '+31612345678', null, '+31612345678'],
      ['out', '+31612345678', null, '+31612345678'],
      ['in', '+31612345678', null, '+31612345678'],
      ['in', '+31612345678', null, '+31612345678']
    ]);
  });

  it('refuses truncated JSON', async () => {
    await expect(collect(signalImporter, SIGTOP_JSON.slice(0, 200), { fileName: 't.json', ...UTC })).rejects.toThrow('t.json, character 200: the JSON ends early (truncated file?): the JSON ends before its closing bracket');
  });
});

describe('signal-export data.json', () => {
  it('reads JSON lines: local times in the chosen zone, Me as owner, calls, stickers; deleted ones tallied', async () => {
    const tally = { systemRecords: 0 };
    const items = [];
    for await (const b of parseSignal(chunksOf(new TextEncoder().encode(SIGNAL_EXPORT_JSON), 64), { fileName: 'data.json', region: 'DE', timeZone: 'Europe/Berlin', me: [] }, tally)) items.push(...b);
    const events = items.flatMap((i) => (i.type === 'event' ? [i.event] : []));
    expect(rows(events)).toEqual([
      ['message', 'in', 'Alice', 'Alice', null, null, '2024-01-05T13:03:22.000Z', 'hi', '', 'line 1'],
      ['message', 'out', 'Alice', 'Alice', null, null, '2024-01-05T13:04:00.000Z', 'photo', 'x.jpg:file', 'line 2'],
      ['call', 'in', 'Alice', 'Alice', null, null, '2024-01-05T14:00:00.000Z', 'answered 125s', '', 'line 3'],
      ['call', 'out', 'Alice', 'Alice', null, null, '2024-01-05T15:00:00.000Z', 'unanswered 0s video', '', 'line 4'],
      ['message', 'in', 'Alice', 'Alice', null, null, '2024-01-06T07:00:00.000Z', '', ':sticker', 'line 8']
    ]);
    expect(items.flatMap((i) => (i.type === 'skip' ? [i.skip] : []))).toEqual([
      { file: 'data.json', where: 'line 6', reason: '2024-02-30 is not a date' },
      { file: 'data.json', where: 'line 7', reason: 'not a JSON object' }
    ]);
    expect(tally.systemRecords).toBe(1);
  });

  it('reads call descriptions', () => {
    expect(readCallBody('Incoming video call (declined)', false)).toEqual({ kind: 'call', status: 'rejected', durationSec: 0, video: true, direction: 'in' });
    expect(readCallBody('Missed voice call', true)).toEqual({ kind: 'call', status: 'missed', durationSec: 0, video: false, direction: 'in' });
    expect(readCallBody('Outgoing voice call (accepted, 1h 2m 3s)', false)).toEqual({ kind: 'call', status: 'answered', durationSec: 3723, video: false, direction: 'out' });
    expect(readCallBody('Hello', false)).toBeNull();
  });
});

describe('signal-export chat.md', () => {
  it('reads entries with quotes, media links, reactions, deleted messages and calls', async () => {
    const tally = { systemRecords: 0 };
    const items = [];
    for await (const b of parseSignal(chunksOf(new TextEncoder().encode(SIGNAL_EXPORT_MD), 3), { fileName: 'chat.md', region: 'US', ...UTC }, tally)) items.push(...b);
    const events = items.flatMap((i) => (i.type === 'event' ? [i.event] : []));
    expect(rows(events)).toEqual([
      ['message', 'in', 'Alice', 'Alice', null, null, '2024-01-05T14:03:22.000Z', 'hi', '', 'line 1'],
      ['message', 'out', 'Alice', 'Alice', null, null, '2024-01-05T14:04:00.000Z', 'photo', 'x.jpg:image', 'line 3'],
      ['call', 'in', 'Alice', 'Alice', null, null, '2024-01-05T15:00:00.000Z', 'missed 0s', '', 'line 10'],
      ['message', 'in', 'Alice', 'Alice', null, null, '2024-01-06T08:00:00.000Z', 'two\nlines', '', 'line 11']
    ]);
    expect(tally.systemRecords).toBe(1);
  });

  it('the older comma form without seconds; the owner by name from the settings', async () => {
    const text = '[2019-12-24, 12:23] Jane Doe: Hello John!\n[2020-01-17, 21:49] John Doe: Hello\nJane!';
    const { events } = await collect(signalImporter, text, { fileName: 'chat.md', timeZone: 'UTC', me: ['John Doe'] });
    expect(rows(events)).toEqual([
      ['message', 'in', 'Jane Doe', 'Jane Doe', null, null, '2019-12-24T12:23:00.000Z', 'Hello John!', '', 'line 1'],
      ['message', 'out', 'Jane Doe', 'Jane Doe', null, null, '2020-01-17T21:49:00.000Z', 'Hello\nJane!', '', 'line 2']
    ]);
  });

  it('several other authors make a group without a title', async () => {
    const text = '[2024-01-05 10:00:00] A: one\n[2024-01-05 10:01:00] Me: two\n[2024-01-05 10:02:00] B: three\n';
    const { events } = await collect(signalImporter, text, { fileName: 'chat.md', ...UTC });
    expect(events.map((e) => [e.direction, e.handle, e.conversation])).toEqual([
      ['in', 'A', null],
      ['out', null, null],
      ['in', 'B', null]
    ]);
  });

  it('body helper drops quote and reaction lines', () => {
    expect(readMarkdownBody(['', '> quoted', '', 'reply  ', '(- Bob: ❤️ -)'])).toEqual({ kind: 'message', body: 'reply', attachments: [] });
    expect(readMarkdownBody(['(( 😀 ))'])).toEqual({ kind: 'message', body: '', attachments: [{ name: '', type: 'sticker' }] });
  });
});
