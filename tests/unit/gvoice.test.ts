import { describe, expect, it } from 'vitest';
import { associate } from '../../src/lib/association/associate';
import { PartyTally } from '../../src/lib/association/party-tally';
import { gvoiceImporter, isoDurationSec } from '../../src/lib/formats/gvoice/read';
import { isoInstant } from '../../src/lib/model/instant';
import { importFile } from '../../src/lib/import/pipeline';
import { ImportError } from '../../src/lib/import/types';
import type { CommEvent, DraftEvent } from '../../src/lib/model/event';
import { chunksOf, fromStrings } from '../../src/lib/util/text-stream';
import { collect, iso } from './helpers';

const HEAD = `<?xml version="1.0" ?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd"><html xmlns="http://www.w3.org/1999/xhtml"><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />`;
const tail = (labels: string[]) =>
  `<div class="tags">Labels:\n${labels.map((l) => `<a rel="tag" href="http://www.google.com/voice#${l}">${l}</a>`).join(', ')}</div></body></html>`;

const ME = '<cite class="sender vcard"><a class="tel" href="tel:+17323210011"><abbr class="fn" title="">Me</abbr></a></cite>';
const sender = (number: string, name = '') => `<cite class="sender vcard"><a class="tel" href="tel:${number}"><span class="fn">${name}</span></a></cite>`;
const message = (title: string, who: string, q: string, extra = '') =>
  `<div class="message"><abbr class="dt" title="${title}">Oct 22, 2023, 10:28:34&#8239;AM\nPacific Time</abbr>:\n${who}:\n<q>${q}</q>\n${extra}</div> `;

/** A one-to-one thread that starts with two of the owner's messages (one an MMS with a photo). */
const THREAD =
  HEAD +
  '<title>Me to\nWang Wei</title><style>.hChatLog { width: 750px; }</style></head><body><div class="hChatLog hfeed">' +
  message('2023-10-22T10:28:34.100-07:00', ME, 'MMS Sent', '<div><img src="Wang Wei - Text - 2023-10-22T17_28_34Z-1-1" alt="Image MMS Attachment" /></div>') +
  message('2023-10-22T10:29:00.000-07:00', ME, 'Are you there?<br>Call me &amp; tell me') +
  message('2023-10-23T01:30:00.5+08:00', sender('+8613800138000', 'Wang Wei'), 'Yes&#39; 好的<br><br>') +
  message('2023-10-22T17:31:00Z', ME, 'ok', '<div><a class="vcard" href="Wang Wei - Text - 2023-10-22T17_28_34Z-4-1">Contact card attachment</a></div>') +
  message('yesterday', sender('+8613800138000', 'Wang Wei'), 'lost') +
  '</div>' +
  tail(['sms', 'inbox']);

const rows = (events: DraftEvent[]) =>
  events.map((e) => [e.kind, e.direction, e.handle, e.name, e.phone, e.conversation, iso(e.start), e.kind === 'message' ? e.body : e.status, e.source.record]);

function callFile(kind: string, title: string, tel: string, name: string, rest: string, labels: string[]) {
  return (
    HEAD +
    `<title>${title}</title><style>.haudio { width: 750px; }</style></head><body><div class="haudio"><span class="album">Call Log for\n</span>` +
    `<span class="fn">${title}</span><div class="contributor vcard">${kind}\n<a class="tel" href="tel:${tel}"><span class="fn">${name}</span></a></div>` +
    rest +
    tail(labels).replace('</body></html>', '</div></body></html>')
  );
}

describe('Google Voice times and durations', () => {
  it('reads ISO 8601 instants with their offsets, any fraction, or Z', () => {
    expect(iso(isoInstant('2023-09-20T07:41:11.657-07:00') as number)).toBe('2023-09-20T14:41:11.657Z');
    expect(iso(isoInstant('2021-03-31T16:32:17.000-04:00') as number)).toBe('2021-03-31T20:32:17.000Z');
    expect(iso(isoInstant('2023-10-23T01:30:00.5+08:00') as number)).toBe('2023-10-22T17:30:00.500Z');
    expect(iso(isoInstant('2023-10-22T17:31:00Z') as number)).toBe('2023-10-22T17:31:00.000Z');
    expect(isoInstant('2023-02-30T10:00:00Z')).toBe('2023-02-30 is not a date');
    expect(isoInstant('Oct 22, 2023')).toBe('"Oct 22, 2023" is not an ISO 8601 time with a zone (2026-10-20T01:00:05Z)');
  });

  it('reads ISO 8601 durations in whole seconds', () => {
    expect([isoDurationSec('PT29M46S'), isoDurationSec('PT2S'), isoDurationSec('PT1H0M1S'), isoDurationSec('PT1.6S'), isoDurationSec('P1DT1S'), isoDurationSec('(00:00:22)')]).toEqual([
      1786, 2, 3601, 2, 86401, 0
    ]);
  });
});

describe('Google Voice text threads', () => {
  it('reads a one-to-one thread: owner messages go to the partner seen later, <br> is a newline, MMS placeholders drop', async () => {
    const { events, items, skips } = await collect(gvoiceImporter, THREAD, { fileName: 'Wang Wei - Text - 2023-10-22T17_28_34Z.html', me: [] });
    expect(rows(events)).toEqual([
      ['message', 'out', '+8613800138000', 'Wang Wei', '+8613800138000', null, '2023-10-22T17:28:34.100Z', '', 'message 1'],
      ['message', 'out', '+8613800138000', 'Wang Wei', '+8613800138000', null, '2023-10-22T17:29:00.000Z', 'Are you there?\nCall me & tell me', 'message 2'],
      ['message', 'in', '+8613800138000', 'Wang Wei', '+8613800138000', null, '2023-10-22T17:30:00.500Z', "Yes' 好的", 'message 3'],
      ['message', 'out', '+8613800138000', 'Wang Wei', '+8613800138000', null, '2023-10-22T17:31:00.000Z', 'ok', 'message 4']
    ]);
    expect(events.map((e) => e.kind === 'message' && e.attachments)).toEqual([
      [{ name: 'Wang Wei - Text - 2023-10-22T17_28_34Z-1-1', type: 'image' }],
      [],
      [],
      [{ name: 'Wang Wei - Text - 2023-10-22T17_28_34Z-4-1', type: 'text/vcard' }]
    ]);
    expect(events[0]).toMatchObject({ channel: 'gvoice', transport: null, source: { format: 'gvoice-html', file: 'Wang Wei - Text - 2023-10-22T17_28_34Z.html' } });
    expect(skips).toEqual([{ file: 'Wang Wei - Text - 2023-10-22T17_28_34Z.html', where: 'message 5', reason: 'the time "yesterday" is not a usable ISO 8601 instant' }]);
    expect(items.filter((i) => i.type === 'owner')).toEqual([{ type: 'owner', owner: { name: null, phone: '+17323210011', identity: null } }]);
    expect(items.filter((i) => i.type === 'contact').map((i) => i.type === 'contact' && [i.contact.name, i.contact.numbers, i.contact.identities])).toEqual([
      ['Wang Wei', ['+8613800138000'], []]
    ]);
  });

  it('reads the same one byte at a time', async () => {
    const whole = await collect(gvoiceImporter, THREAD, { me: [] });
    expect((await collect(gvoiceImporter, THREAD, { me: [] }, 1)).items).toEqual(whole.items);
  });

  it('names the partner from the title when the thread holds only the owner’s messages', async () => {
    const html = HEAD + '<title>Me to\nWang Wei</title></head><body><div class="hChatLog hfeed">' + message('2023-10-22T10:29:00.000-07:00', ME, 'hi') + '</div></body></html>';
    expect(rows((await collect(gvoiceImporter, html, { me: [] })).events)).toEqual([
      ['message', 'out', 'Wang Wei', 'Wang Wei', null, null, '2023-10-22T17:29:00.000Z', 'hi', 'message 1']
    ]);
    const unnamed = html.replace('Me to\nWang Wei', 'Me to\n');
    expect(rows((await collect(gvoiceImporter, unnamed, { me: [] })).events)[0].slice(1, 4)).toEqual(['out', null, null]);
  });

  it('recognises the owner by a number in options.me when the export shows a plain name', async () => {
    const html = HEAD + '<title>x</title></head><body><div class="hChatLog">' + message('2023-10-22T10:29:00Z', sender('+17323210011', 'Lin'), 'mine') + message('2023-10-22T10:30:00Z', sender('+12125550001', 'Debbie'), 'theirs') + '</div></body></html>';
    const { events, items } = await collect(gvoiceImporter, html, { me: ['(732) 321-0011'] });
    expect(rows(events).map((r) => r.slice(1, 5))).toEqual([
      ['out', '+12125550001', 'Debbie', '+12125550001'],
      ['in', '+12125550001', 'Debbie', '+12125550001']
    ]);
    expect(items.filter((i) => i.type === 'contact')).toHaveLength(1);
  });

  it('reads a group MMS thread: the participants make the conversation, the owner writes to the group', async () => {
    const html =
      HEAD +
      '<title>Group Conversation</title></head><body><div class="hChatLog hfeed"><div class="participants">Group conversation with:\n' +
      sender('+12125550002', 'Missy Two') + ', ' + sender('+12125550001', 'Debbie One') + ', ' + sender('22000', '') +
      '</div>' +
      message('2023-10-01T12:34:50.760-07:00', sender('+12125550001', 'Debbie One'), 'hi all') +
      message('2023-10-01T12:35:05.029-07:00', ME, '', '<div><img src="Group Conversation - 2023-10-01T19_34_50Z-2-1" alt="" /></div>') +
      message('2023-10-01T12:36:00.000-07:00', sender('22000'), 'STOP to end') +
      '</div>' +
      tail(['sms']);
    const { events } = await collect(gvoiceImporter, html, { me: [] });
    const group = '+12125550001, +12125550002, 22000';
    expect(rows(events)).toEqual([
      ['message', 'in', '+12125550001', 'Debbie One', '+12125550001', group, '2023-10-01T19:34:50.760Z', 'hi all', 'message 1'],
      ['message', 'out', null, null, null, group, '2023-10-01T19:35:05.029Z', '', 'message 2'],
      ['message', 'in', '22000', null, '22000', group, '2023-10-01T19:36:00.000Z', 'STOP to end', 'message 3']
    ]);
  });
});

describe('Google Voice calls', () => {
  it('reads each call kind from its labels, with the duration', async () => {
    const at = (t: string, d?: string) => `<abbr class="published" title="${t}">…</abbr>${d ? `<abbr class="duration" title="${d}">(…)</abbr>` : ''}`;
    const files = [
      callFile('Received call from', 'Received call from\nWang Wei', '+8613800138000', 'Wang Wei', at('2024-01-02T03:04:05.000+08:00', 'PT1M5S'), ['received', 'inbox']),
      callFile('Placed call to', 'Placed call to\n', '+8613800138000', '', at('2024-01-02T03:10:00.000+08:00', 'PT0S'), ['placed']),
      callFile('Placed call to', 'Placed call to\n', '+8613800138000', '', at('2024-01-02T03:11:00.000+08:00', 'PT42S'), ['placed']),
      callFile('Missed call from', 'Missed call from\n', '174074978', '', at('2021-03-31T16:32:17.000-04:00'), ['missed', 'inbox']),
      callFile('Recorded call with', 'Recorded call with\nWang Wei', '+8613800138000', 'Wang Wei', at('2019-05-22T11:18:56.616-07:00', 'PT29M46S') + '<audio controls="controls" src="Wang Wei - Recorded.mp3"></audio>', ['recorded', 'inbox', 'unread']),
      // No labels: the kind comes from the title.
      callFile('Missed call from', 'Missed call from\n', '', '', at('2021-03-31T16:32:17.000-04:00'), [])
    ];
    const events: DraftEvent[] = [];
    for (const f of files) events.push(...(await collect(gvoiceImporter, f, { me: [] })).events);
    const durations = events.map((e) => (e.kind === 'call' ? e.durationSec : -1));
    expect(rows(events)).toEqual([
      ['call', 'in', '+8613800138000', 'Wang Wei', '+8613800138000', null, '2024-01-01T19:04:05.000Z', 'answered', 'received'],
      ['call', 'out', '+8613800138000', null, '+8613800138000', null, '2024-01-01T19:10:00.000Z', 'unanswered', 'placed'],
      ['call', 'out', '+8613800138000', null, '+8613800138000', null, '2024-01-01T19:11:00.000Z', 'answered', 'placed'],
      ['call', 'in', '174074978', null, '174074978', null, '2021-03-31T20:32:17.000Z', 'missed', 'missed'],
      ['call', 'in', '+8613800138000', 'Wang Wei', '+8613800138000', null, '2019-05-22T18:18:56.616Z', 'answered', 'recorded'],
      ['call', 'in', null, null, null, null, '2021-03-31T20:32:17.000Z', 'missed', 'missed']
    ]);
    expect(durations).toEqual([65, 0, 42, 0, 1786, 0]);
  });

  it('gives a voicemail as a call and its transcript as a message (the words when there is no full text)', async () => {
    const words = ['Hi,', 'it&#39;s', 'me.'].map((w, i) => `<span class="word high">${w}\n<span class="start-time">${i}</span>\n<span class="end-time">${i + 1}</span>\n<span class="confidence">0.9</span></span>`).join(' ');
    const rest = `<abbr class="published" title="2014-05-16T19:54:27.000-07:00">May 16</abbr>\nTranscript:\n<span class="description">${words}</span><br /><audio controls="controls" src="Wang Wei - Voicemail.mp3"><a rel="enclosure" href="Wang Wei - Voicemail.mp3">Audio</a></audio><abbr class="duration" title="PT22S">(00:00:22)</abbr>`;
    const { events } = await collect(gvoiceImporter, callFile('Voicemail from', 'Voicemail from\nWang Wei', '+8613800138000', 'Wang Wei', rest, ['inbox', 'voicemail']), { me: [] });
    expect(events).toEqual([
      {
        kind: 'call', channel: 'gvoice', direction: 'in', handle: '+8613800138000', name: 'Wang Wei', phone: '+8613800138000', conversation: null, thread: '+8613800138000',
        start: Date.parse('2014-05-17T02:54:27Z'), status: 'voicemail', durationSec: 22, video: false, source: { format: 'gvoice-html', file: 'test', record: 'voicemail' }
      },
      {
        kind: 'message', channel: 'gvoice', direction: 'in', handle: '+8613800138000', name: 'Wang Wei', phone: '+8613800138000', conversation: null, thread: '+8613800138000',
        start: Date.parse('2014-05-17T02:54:27Z'), body: "Hi, it's me.", attachments: [{ name: 'Wang Wei - Voicemail.mp3', type: 'audio' }], transport: null,
        source: { format: 'gvoice-html', file: 'test', record: 'voicemail transcript' }
      }
    ]);
  });

  it('skips a call without a time or a known kind', async () => {
    const noTime = await collect(gvoiceImporter, callFile('Missed call from', 'x', '+1', '', '', ['missed']), { me: [] });
    expect(noTime.skips).toEqual([{ file: 'test', where: 'call', reason: 'no time (abbr.published title)' }]);
    const unknown = await collect(gvoiceImporter, callFile('?', 'Call', '+1', '', '<abbr class="published" title="2014-05-16T19:54:27Z">x</abbr>', ['inbox']), { me: [] });
    expect(unknown.skips).toEqual([{ file: 'test', where: 'call', reason: 'unknown call type (labels: inbox)' }]);
  });
});

describe('Google Voice detection and association', () => {
  it('detects Takeout Voice HTML from its head only', () => {
    expect(gvoiceImporter.detect(THREAD.slice(0, 4096), 'x.txt')).toBe(true);
    expect(gvoiceImporter.detect('<!DOCTYPE html><html><head><title>Bills</title></head><body></body></html>', 'Bills.html')).toBe(false);
    expect(gvoiceImporter.detect('{"hChatLog": 1}', 'a.json')).toBe(false);
  });

  it('refuses HTML that holds neither a text thread nor a call', async () => {
    const err = await collect(gvoiceImporter, '<html><head><style>.haudio{}</style></head><body><p>hi</p></body></html>', { fileName: 'x.html' }).catch((e) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect(err.message).toBe('x.html: no Google Voice text thread (div.hChatLog) or call (div.haudio) found in the HTML');
  });

  it('binds a Google Voice number to the person with that number’s SMS, and a name-only thread by contact name', async () => {
    const events: CommEvent[] = [];
    const contacts = [];
    const owners = [];
    const sms = `<?xml version="1.0"?><smses count="1"><sms address="+86 138 0013 8000" date="1697000000000" type="1" body="sms" contact_name="(Unknown)" /></smses>`;
    const onlyMine = HEAD + '<title>Me to\nWang Wei</title></head><body><div class="hChatLog">' + message('2023-10-22T10:29:00Z', ME, 'hi') + '</div></body></html>';
    for (const [name, text] of [['sms.xml', sms], ['thread.html', THREAD], ['mine.html', onlyMine]]) {
      for await (const b of importFile(name, fromStrings(text), { region: 'CN', timeZone: 'UTC', me: [] })) {
        events.push(...b.events);
        contacts.push(...b.contacts);
        owners.push(...b.owners);
      }
    }
    const tally = new PartyTally();
    for (const e of events) tally.add(e);
    const a = associate({ parties: tally.parties.values(), contacts, owners, edits: [], settings: { region: 'CN', me: [] } });
    expect(a.people.map((p) => [p.name, p.numbers, p.counts])).toEqual([['Wang Wei', ['+8613800138000'], { phone: { call: 0, message: 1 }, gvoice: { call: 0, message: 5 } }]]);
  });

  it('reads a Takeout zip entry by entry', async () => {
    const { zipSync, strToU8 } = await import('fflate');
    const zip = zipSync({ 'Takeout/Voice/Calls/Wang Wei - Text - 2023-10-22T17_28_34Z.html': strToU8(THREAD), 'Takeout/Voice/Calls/Wang Wei - Text - 2023-10-22T17_28_34Z-1-1.jpg': new Uint8Array([0xff, 0xd8, 0xff]) });
    let n = 0;
    const files = new Set<string>();
    for await (const b of importFile('takeout-20240101.zip', chunksOf(zip, 100), { region: 'US', timeZone: 'UTC', me: [] })) {
      n += b.events.length;
      for (const e of b.events) files.add(e.source.file);
    }
    expect([n, [...files]]).toEqual([4, ['takeout-20240101.zip/Wang Wei - Text - 2023-10-22T17_28_34Z.html']]);
  });
});
