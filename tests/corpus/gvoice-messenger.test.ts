import { describe, expect, it } from 'vitest';
import { gvoiceImporter } from '../../src/lib/formats/gvoice/read';
import { instagramImporter, messengerImporter } from '../../src/lib/formats/messenger/read';
import { ImportError } from '../../src/lib/import/types';
import type { Importer } from '../../src/lib/import/types';
import type { DraftEvent } from '../../src/lib/model/event';
import { corpusReader, describeCorpus } from './corpus-suite';
import { collect, iso } from '../unit/helpers';

const OWNER_ITEM = { type: 'owner', owner: { name: null, phone: '+17323210011', identity: null } };

function loader(importer: Importer, folder: string) {
  const { read } = corpusReader(folder);
  return (name: string, me: string[] = [], chunk = 64 * 1024) => collect(importer, read(name), { fileName: name, me, region: 'US', timeZone: 'UTC' }, chunk);
}

function rows(events: DraftEvent[]) {
  return events.map((e) => [e.kind, e.direction, e.handle, e.name, e.conversation, iso(e.start), e.kind === 'message' ? e.body : `${e.status} ${e.durationSec}s`, e.source.record]);
}
const attachments = (events: DraftEvent[]) => events.flatMap((e) => (e.kind === 'message' ? e.attachments : []));
const contacts = (items: Awaited<ReturnType<ReturnType<typeof loader>>>['items']) =>
  items.flatMap((i) => (i.type === 'contact' ? [[i.contact.name, ...i.contact.numbers]] : []));

const gv = loader(gvoiceImporter, 'gvoice-html');
const P = 'gvoice-sms-takeout-xml__';

const GVOICE: Record<string, (name: string) => Promise<void>> = {
  async 'google-voice-takeout-merger__174074978_-_Missed_-_2021-03-31T20_32_17Z.html'(name) {
    const { items, events } = await gv(name);
    expect(items).toHaveLength(1);
    // A short code stays without '+'; Eastern Time offset -04:00.
    expect(rows(events)).toEqual([['call', 'in', '174074978', null, null, '2021-03-31T20:32:17.000Z', 'missed 0s', 'missed']]);
    expect(events[0]).toMatchObject({ channel: 'gvoice', phone: '174074978', video: false, source: { format: 'gvoice-html', file: name } });
  },

  async [`${P}+17323215555_-_Missed_-_2016-11-22T17_57_49Z.html`](name) {
    const { items, events } = await gv(name);
    expect(items).toHaveLength(1);
    expect(rows(events)).toEqual([['call', 'in', '+17323215555', null, null, '2016-11-22T17:57:49.000Z', 'missed 0s', 'missed']]);
  },

  async [`${P}+17323217777_-_Text_-_2021-01-22T01_33_43Z.html`](name) {
    const { items, events } = await gv(name);
    expect(items).toHaveLength(6);
    expect(items).toContainEqual(OWNER_ITEM);
    // The owner wrote first: that message waits for the partner's number.
    expect(rows(events).map((r) => r.slice(0, 6))).toEqual([
      ['message', 'out', '+17323217777', null, null, '2021-01-22T01:33:43.242Z'],
      ['message', 'in', '+17323217777', null, null, '2021-01-22T01:33:44.803Z'],
      ['message', 'in', '+17323217777', null, null, '2021-01-22T01:33:46.704Z'],
      ['message', 'in', '+17323217777', null, null, '2021-01-22T01:34:52.334Z'],
      ['message', 'in', '+17323217777', null, null, '2021-01-22T01:35:01.643Z']
    ]);
    expect(rows(events).map((r) => r[6])).toEqual([
      "Hans' weekly updates, please .. tx",
      'https://youtu.be/dQw4w9WgXcQ?si=t3H6Q-kXkE4OSY9B',
      "Hey it's Hans Christian Andersen! This is to let you know I got your text, everything else will be from me personally! Make sure u click the link & add yourself to my phone so I can respond directly to u. Excited to talk about anything else.",
      'Got your info saved, thx! I will text with fun stuff soon.',
      ''
    ]);
    expect(attachments(events)).toEqual([{ name: '+17323217777 - Text - 2021-01-22T01_33_43Z-5-1', type: 'text/vcard' }]);
  },

  async [`${P}Agatha_M_Christie_-_Text_-_2023-10-22T17_28_34Z.html`](name) {
    const { items, events } = await gv(name);
    expect(items).toHaveLength(5);
    expect(items[0]).toEqual(OWNER_ITEM);
    // Only the owner's messages: the partner is named by the <title> ("Me to\nAgatha M Christie"), no number.
    expect(rows(events)).toEqual([
      ['message', 'out', 'Agatha M Christie', 'Agatha M Christie', null, '2023-10-22T17:28:34.100Z', '', 'message 1'],
      ['message', 'out', 'Agatha M Christie', 'Agatha M Christie', null, '2023-10-22T17:28:36.631Z', '', 'message 2'],
      ['message', 'out', 'Agatha M Christie', 'Agatha M Christie', null, '2023-10-22T17:28:38.860Z', 'this is the caption', 'message 3'],
      ['message', 'out', 'Agatha M Christie', 'Agatha M Christie', null, '2023-10-22T17:28:57.794Z', 'that was a test; ingore', 'message 4']
    ]);
    expect(events.map((e) => e.phone)).toEqual([null, null, null, null]);
    expect(attachments(events)).toEqual([
      { name: 'Agatha M Christie - Text - 2023-10-22T17_28_34Z-1-1', type: 'image' },
      { name: 'Agatha M Christie - Text - 2023-10-22T17_28_34Z-2-1', type: 'image' }
    ]);
  },

  async [`${P}Albert_Einstein_-_Recorded_-_2019-05-22T18_18_56Z.html`](name) {
    const { items, events } = await gv(name);
    expect(items).toHaveLength(2);
    expect(contacts(items)).toEqual([['Albert Einstein', '+17323213333']]);
    expect(rows(events)).toEqual([['call', 'in', '+17323213333', 'Albert Einstein', null, '2019-05-22T18:18:56.616Z', 'answered 1786s', 'recorded']]);
  },

  async [`${P}Edson_Arantes_do_Nascimento_-_Text_-_2023-09-20T14_41_11Z.html`](name) {
    const { items, events } = await gv(name);
    expect(items).toHaveLength(20);
    expect(contacts(items)).toEqual([['Edson Arantes do Nascimento', '+17323214444']]);
    expect(events.map((e) => e.direction).join(' ')).toBe('in out out out in in out in out in out in out in out out out in');
    expect(new Set(events.map((e) => `${e.handle}|${e.name}|${e.phone}`))).toEqual(new Set(['+17323214444|Edson Arantes do Nascimento|+17323214444']));
    expect(rows(events)[0]).toEqual(['message', 'in', '+17323214444', 'Edson Arantes do Nascimento', null, '2023-09-20T14:41:11.657Z', 'I have exciting good news I will call and tell you about soon', 'message 1']);
    expect(rows(events)[14].slice(5, 7)).toEqual([
      '2023-09-20T17:22:02.369Z',
      'It reminded me of this AT&T outage that happened a while back. You might find the code interesting. https://users.csc.calpoly.edu/~jdalbey/SWE/Papers/att_collapse'
    ]);
    expect(rows(events)[16]).toEqual(['message', 'out', '+17323214444', 'Edson Arantes do Nascimento', null, '2023-09-21T01:39:15.829Z', 'sure, right', 'message 17']);
    expect(attachments(events)).toEqual([{ name: 'Edson Arantes do Nascimento - Text - 2023-09-20T14_41_11Z-17-1', type: 'image' }]);
  },

  async [`${P}Edson_Arantes_do_Nascimento_-_Voicemail_-_2014-05-17T02_54_27Z.html`](name) {
    const { items, events } = await gv(name);
    expect(items).toHaveLength(3);
    expect(rows(events)).toEqual([
      ['call', 'in', '+12123214444', 'Edson Arantes do Nascimento', null, '2014-05-17T02:54:27.000Z', 'voicemail 22s', 'voicemail'],
      ['message', 'in', '+12123214444', 'Edson Arantes do Nascimento', null, '2014-05-17T02:54:27.000Z', "Hi, it's me. I'm just calling to say that I'm coming home.", 'voicemail transcript']
    ]);
    expect(attachments(events)).toEqual([{ name: 'Edson Arantes do Nascimento - Voicemail - 2014-05-17T02_54_27Z.mp3', type: 'audio' }]);
  },

  async [`${P}Group_Conversation_-_2021-07-13T21_25_26Z.html`](name) {
    const { items, events } = await gv(name);
    expect(items).toHaveLength(6);
    expect(contacts(items)).toEqual([
      ['Rosalind E Franklin', '+17323211313'],
      ['Alan A Milne', '+17323212222']
    ]);
    const group = '+17323211313, +17323212222';
    expect(rows(events)).toEqual([
      [
        'message', 'in', '+17323211313', 'Rosalind E Franklin', group, '2021-07-13T21:25:26.713Z',
        "Hi guys, I got this message from Søren.\n\nHi Rosalind quick question. \nI got his number we just wanted to double check if this is his number (732) 321-0011.\n\nIf the issue is you did not recognize Søren's number I will send that to you.",
        'message 1'
      ],
      ['message', 'out', null, null, group, '2021-07-13T21:26:21.538Z', "we're all good ... got the text yesterday; just slow in responding (there's a pandemic on)", 'message 2'],
      ['message', 'in', '+17323211313', 'Rosalind E Franklin', group, '2021-07-13T21:27:27.996Z', "science guys's helper", 'message 3']
    ]);
    expect(attachments(events)).toEqual([{ name: 'Group Conversation - 2021-07-13T21_25_26Z-3-1', type: 'text/vcard' }]);
  },

  async [`${P}Group_Conversation_-_2023-10-01T19_34_50Z.html`](name) {
    const { items, events } = await gv(name);
    expect(items).toHaveLength(26);
    expect(contacts(items).map((c) => c[0])).toEqual(['Debbie One', 'Missy Two', 'Mary Four', 'Trish Three', 'Laura Five']);
    const group = '+12125550001, +12125550002, +12125550003, +12125550004, +12125550005';
    expect(new Set(events.map((e) => e.conversation))).toEqual(new Set([group]));
    expect(events.map((e) => e.handle?.slice(-1) ?? 'me').join('')).toBe('33me1312221me3444me4335');
    expect(rows(events)[0].slice(5, 7)).toEqual(['2023-10-01T19:34:50.760Z', 'Such a beautiful weekend - so great to see you all! Safe travels, everyone....\n❤️']);
    expect(rows(events)[1].slice(5, 7)).toEqual(['2023-10-01T19:35:05.029Z', '']);
    expect(rows(events)[19]).toEqual(['message', 'in', '+12125550005', 'Laura Five', group, '2023-10-02T04:20:36.040Z', 'Laura 212 555 0005\nWhat a great weekend! Until next time...', 'message 20']);
    expect(attachments(events).map((a) => a.name)).toEqual(['Group Conversation - 2023-10-01T19_34_50Z-2-1', 'Group Conversation - 2023-10-01T19_34_50Z-16-1']);
  },

  async [`${P}_-_Placed_-_2013-07-29T20_56_11Z.html`](name) {
    const { items, events } = await gv(name);
    expect(items).toHaveLength(1);
    // An empty tel: is a hidden number.
    expect(rows(events)).toEqual([['call', 'out', null, null, null, '2013-07-29T20:56:11.000Z', 'answered 2s', 'placed']]);
  }
};

describeCorpus('Google Voice HTML corpus', {
  importer: gvoiceImporter,
  folder: 'gvoice-html',
  expected: GVOICE,
  load: (name, chunk) => gv(name, [], chunk)
});

const messenger = loader(messengerImporter, 'messenger-json');

const MESSENGER: Record<string, (name: string) => Promise<void>> = {
  async 'msgvault__corrupt_broken_message_1.json'(name) {
    const err = await messenger(name).catch((e) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect(err.message).toBe(`${name}, character 1: malformed JSON: expected a key in quotes at "this is not: valid json, missi"`);
  },

  async 'msgvault__e2ee_simple_alice_1.json'(name) {
    const { items, events } = await messenger(name);
    expect(items).toHaveLength(4);
    expect(items).toContainEqual({ type: 'owner', owner: { name: 'Test User', phone: null, identity: { channel: 'messenger', handle: 'Test User' } } });
    // Oldest first; the fourth message is unsent; the mojibake is repaired here too.
    expect(rows(events)).toEqual([
      ['message', 'out', 'Alice Example', 'Alice Example', null, '2020-09-13T12:26:40.000Z', 'Hello', 'messages[0]'],
      ['message', 'in', 'Alice Example', 'Alice Example', null, '2020-09-13T12:27:40.000Z', 'café time?', 'messages[1]'],
      ['message', 'out', 'Alice Example', 'Alice Example', null, '2020-09-13T12:28:40.000Z', 'See you soon', 'messages[2]']
    ]);
    expect(events[0]).toMatchObject({ channel: 'messenger', phone: null, attachments: [], source: { format: 'messenger-json', file: name } });
  },

  async 'msgvault__json_group_message_1.json'(name) {
    // No options.me: one file cannot tell the owner of a group, so every line is incoming.
    const { items, events } = await messenger(name);
    expect(items).toHaveLength(3);
    expect(rows(events)).toEqual([
      ['message', 'in', 'Test User', 'Test User', 'Crew', '2020-09-13T12:26:40.000Z', 'Hey crew', 'messages[0]'],
      ['message', 'in', 'Alice Example', 'Alice Example', 'Crew', '2020-09-13T12:27:40.000Z', 'Hi!', 'messages[1]'],
      ['message', 'in', 'Bob Example', 'Bob Example', 'Crew', '2020-09-13T12:28:40.000Z', 'Hello.', 'messages[2]']
    ]);
    const mine = await messenger(name, ['Test User']);
    expect(rows(mine.events).map((r) => r.slice(1, 5))).toEqual([
      ['out', null, null, 'Crew'],
      ['in', 'Alice Example', 'Alice Example', 'Crew'],
      ['in', 'Bob Example', 'Bob Example', 'Crew']
    ]);
  },

  async 'msgvault__json_nontext_message_1.json'(name) {
    const { items, events } = await messenger(name);
    expect(items).toHaveLength(6);
    expect(rows(events)).toEqual([
      ['message', 'out', 'Sam NonText', 'Sam NonText', null, '2020-09-13T12:36:40.000Z', '', 'messages[0]'],
      ['message', 'in', 'Sam NonText', 'Sam NonText', null, '2020-09-13T12:35:00.000Z', '', 'messages[1]'],
      ['call', 'out', 'Sam NonText', 'Sam NonText', null, '2020-09-13T12:33:20.000Z', 'answered 192s', 'messages[2]'],
      ['call', 'in', 'Sam NonText', 'Sam NonText', null, '2020-09-13T12:31:40.000Z', 'missed 0s', 'messages[3]'],
      ['message', 'out', 'Sam NonText', 'Sam NonText', null, '2020-09-13T12:30:00.000Z', 'Example share text', 'messages[4]']
    ]);
    expect(attachments(events)).toEqual([
      { name: '1.png', type: 'sticker' },
      { name: 'missing.jpg', type: 'image' },
      { name: 'https://example.com/article', type: 'link' }
    ]);
  },

  async 'msgvault__json_simple_inbox_message_1.json'(name) {
    const { items, events } = await messenger(name);
    expect(items).toHaveLength(4);
    // Newest first; the title ("Alice Example") names the partner, so "Test User" is the owner.
    expect(rows(events)).toEqual([
      ['message', 'out', 'Alice Example', 'Alice Example', null, '2020-09-13T12:28:40.000Z', 'See you soon', 'messages[0]'],
      ['message', 'in', 'Alice Example', 'Alice Example', null, '2020-09-13T12:27:40.000Z', 'café time?', 'messages[1]'],
      ['message', 'out', 'Alice Example', 'Alice Example', null, '2020-09-13T12:26:40.000Z', 'Hello', 'messages[2]']
    ]);
  }
};

describeCorpus('Messenger JSON corpus', {
  importer: messengerImporter,
  folder: 'messenger-json',
  expected: MESSENGER,
  load: (name, chunk) => messenger(name, [], chunk),
  unreadable: (name) => name.includes('corrupt')
});

describe('Instagram DM JSON (other/)', () => {
  const name = 'chat-miner__instagram_test_export.json';
  const instagram = loader(instagramImporter, 'other');

  it('is detected as Instagram (the name says so) and read on the instagram channel', async () => {
    const { read } = corpusReader('other');
    expect(instagramImporter.detect(new TextDecoder().decode(read(name)), name)).toBe(true);
    // No participants and no title: the authors stand in for the participants; without options.me, no owner.
    const { items, events } = await instagram(name);
    expect(items).toHaveLength(2);
    expect(rows(events)).toEqual([
      ['message', 'in', 'John Doe', 'John Doe', null, '2020-01-17T20:49:00.000Z', 'Hello Jane!', 'messages[0]'],
      ['message', 'in', 'Jane Doe', 'Jane Doe', null, '2019-12-24T11:23:00.000Z', 'Hello John!', 'messages[1]']
    ]);
    expect(events[0]).toMatchObject({ channel: 'instagram', source: { format: 'instagram-json', file: name } });
    const mine = await instagram(name, ['Jane Doe']);
    expect(rows(mine.events).map((r) => r.slice(1, 3))).toEqual([
      ['in', 'John Doe'],
      ['out', 'John Doe']
    ]);
    expect((await instagram(name, [], 1)).items).toEqual(items);
  });

  it('leaves the other files of other/ to the refusal run', () => {
    const { read } = corpusReader('other');
    for (const f of ['gvoice-sms-takeout-xml__GoogleChat_Space_AAAAdvGdRgs_messages.json', 'msgvault__messenger_html_simple_message_1.html']) {
      const head = new TextDecoder().decode(read(f).subarray(0, 4096));
      expect([messengerImporter.detect(head, f), instagramImporter.detect(head, f), gvoiceImporter.detect(head, f)]).toEqual([false, false, false]);
    }
  });
});
