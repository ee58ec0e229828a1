import { Zip, ZipDeflate, ZipPassThrough, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ImportError, type ImportItem, type ImportOptions } from '../../src/lib/import/types';
import { parseWhatsApp, partnerFromFileName, whatsappImporter, type WhatsAppTally } from '../../src/lib/formats/whatsapp/read';
import { unzipEntries } from '../../src/lib/util/zip-stream';
import type { CallEvent, DraftEvent, MessageEvent } from '../../src/lib/model/event';
import { chunksOf } from '../../src/lib/util/text-stream';
import { zonedToInstant } from '../../src/lib/util/zoned-time';

type Call = Omit<CallEvent, 'id'>;
type Message = Omit<MessageEvent, 'id'>;

const BASE: ImportOptions = { fileName: 'chat.txt', region: 'CN', timeZone: 'UTC', me: [] };

async function parse(text: string | Uint8Array, options: Partial<ImportOptions> = {}, chunkSize = 1 << 20) {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const tally: WhatsAppTally = { systemLines: 0 };
  const batches: ImportItem[][] = [];
  for await (const batch of parseWhatsApp(chunksOf(bytes, chunkSize), { ...BASE, ...options }, tally)) batches.push(batch);
  const items = batches.flat();
  return {
    batches,
    items,
    events: items.flatMap((i) => (i.type === 'event' ? [i.event] : [])),
    skips: items.flatMap((i) => (i.type === 'skip' ? [i.skip] : [])),
    systemLines: tally.systemLines
  };
}

async function only(line: string, options: Partial<ImportOptions> = {}): Promise<DraftEvent> {
  const { events, skips } = await parse(line, options);
  expect(skips).toEqual([]);
  expect(events).toHaveLength(1);
  return events[0];
}

const iso = (ms: number) => new Date(ms).toISOString();
const startOf = async (line: string, options: Partial<ImportOptions> = {}) => iso((await only(line, options)).start);
const message = (e: DraftEvent) => e as Message;
const call = (e: DraftEvent) => e as Call;

/** The fields that vary between events, for compact exact comparisons. */
function brief(e: DraftEvent) {
  const common = { record: e.source.record, start: iso(e.start), direction: e.direction, handle: e.handle };
  return e.kind === 'call'
    ? { ...common, call: e.status, durationSec: e.durationSec, video: e.video }
    : { ...common, body: e.body, attachments: e.attachments };
}

describe('partnerFromFileName', () => {
  it.each([
    ['WhatsApp Chat with Xiao Yang.txt', 'Xiao Yang'],
    ['WhatsApp Chat - Xiao Yang.zip', 'Xiao Yang'],
    ['WhatsApp Chat - Xiao Yang.txt', 'Xiao Yang'],
    ['WhatsApp Chat with Xiao Yang (1).txt', 'Xiao Yang'],
    ['WhatsApp Chat with +44 7700 900123.txt', '+44 7700 900123'],
    ['与小杨的 WhatsApp 聊天.txt', '小杨'],
    ['与+224 623 21 70 09的 WhatsApp 聊天.txt', '+224 623 21 70 09'],
    ['Downloads/WhatsApp Chat with Ana.txt', 'Ana'],
    ['WhatsApp Chat mit Anna Schmidt.txt', 'Anna Schmidt'],
    ['Chat de WhatsApp con Ana Souza (2).txt', 'Ana Souza'],
    ['Discussion WhatsApp avec Élodie.zip', 'Élodie'],
    ['Conversa do WhatsApp com Ana Souza.txt', 'Ana Souza'],
    ['WhatsApp-chat met Eilandenbuurt Noord Oost.txt', 'Eilandenbuurt Noord Oost'],
    ['Чат WhatsApp с Анна Петрова.txt', 'Анна Петрова'],
    ['Ayşe ile WhatsApp Sohbeti.txt', 'Ayşe'],
    ['WhatsApp-keskustelu henkilön Matti kanssa.txt', 'Matti'],
    ['さくらとのWhatsAppチャット.txt', 'さくら'],
    ['WhatsApp 与 小杨 的对话.txt', '小杨']
  ])('%s → %s', (name, partner) => {
    expect(partnerFromFileName(name)).toBe(partner);
  });

  it.each(['_chat.txt', 'notes.txt', 'WhatsApp Chat.txt'])('%s names no chat', (name) => {
    expect(partnerFromFileName(name)).toBeNull();
  });
});

describe('detect', () => {
  it.each([
    ['Android', '20/10/2026, 09:00 - Ana: hi\n'],
    ['iOS with a leading mark', '\u200e[10/20/26, 9:00:05\u202fAM] Ana: hi\r\n'],
    ['a system line first', '20/10/26, 09:00 - Messages and calls are end-to-end encrypted.\n'],
    ['blank and junk lines before the first header', '\n\nexported by hand\n[2026/10/20, 21:25:15] Ana: hi\n']
  ])('accepts %s', (_, head) => {
    expect(whatsappImporter.detect(head, 'x.txt')).toBe(true);
  });

  it.each([
    ['a CSV header', 'v,channel,kind,direction,start\n1,phone,call,in,2026-10-20T09:00:00Z\n'],
    ['a vCard', 'BEGIN:VCARD\nVERSION:3.0\nFN:Ana\nEND:VCARD\n'],
    ['JSON', '{\n "name": "Ana",\n "messages": []\n}\n'],
    ['prose with dates', 'On 20/10/26 we met.\nAt 09:00 - sharp.\n[20/10/26 09:00]\n'],
    ['an unpaired bracket', '[20/10/26, 09:00 - Ana: hi\n']
  ])('rejects %s', (_, head) => {
    expect(whatsappImporter.detect(head, 'WhatsApp Chat with Ana.txt')).toBe(false);
  });
});

describe('header formats', () => {
  it.each([
    ['Android 24h', '20/10/26, 14:05 - A: x', '2026-10-20T14:05:00.000Z'],
    ['Android 4-digit year', '20/10/2026, 14:05 - A: x', '2026-10-20T14:05:00.000Z'],
    ['Spanish p. m. with U+00A0', '10/20/2026, 2:05 p.\u00a0m. - A: x', '2026-10-20T14:05:00.000Z'],
    ['Spanish a. m. with spaces', '10/20/2026, 11:25 a. m. - A: x', '2026-10-20T11:25:00.000Z'],
    ['00:08 a. m.', '06/20/2020, 00:08 a. m. - A: x', '2020-06-20T00:08:00.000Z'],
    ['12 p. m. is noon', '12/20/2021, 12:10 p. m. - A: x', '2021-12-20T12:10:00.000Z'],
    ['12 AM is midnight', '10/20/26, 12:14\u202fam - A: x', '2026-10-20T00:14:00.000Z'],
    ['U+202F before PM', '10/20/26, 9:05\u202fPM - A: x', '2026-10-20T21:05:00.000Z'],
    ['U+00A0 before PM', '10/20/26, 9:05\u00a0PM - A: x', '2026-10-20T21:05:00.000Z'],
    ['ASCII space before PM', '10/20/26, 9:05 PM - A: x', '2026-10-20T21:05:00.000Z'],
    ['p.m. without spaces', '20/10/26, 1:55 p.m. - A: x', '2026-10-20T13:55:00.000Z'],
    ['iOS with seconds', '[10/20/26, 9:00:05 AM] A: x', '2026-10-20T09:00:05.000Z'],
    ['iOS with U+202F and seconds', '[10/20/26, 9:00:05\u202fPM] A: x', '2026-10-20T21:00:05.000Z'],
    ['bracketed without comma', '[10/20/26 21:00] A: x', '2026-10-20T21:00:00.000Z'],
    ['bracketed 12h without comma', '[20/10/26 1:55:00 p. m.] A: x', '2026-10-20T13:55:00.000Z'],
    ['dots', '20.10.26, 14:05 - A: x', '2026-10-20T14:05:00.000Z'],
    ['dots, bracketed with seconds', '[20.10.26 14:05:09] A: x', '2026-10-20T14:05:09.000Z'],
    ['dashes and a dotted time', '20-10-2026, 01.55 PM - A: x', '2026-10-20T13:55:00.000Z'],
    ['year first', '2026/10/20, 14:05 - A: x', '2026-10-20T14:05:00.000Z'],
    ['year first, unpadded, bracketed', '[2026/5/4, 16:17:13] A: x', '2026-05-04T16:17:13.000Z']
  ])('%s', async (_, line, start) => {
    expect(await startOf(line)).toBe(start);
  });

  it('strips a BOM, U+200E before the header and before the body, and reads CRLF', async () => {
    const { events } = await parse('\ufeff\u200e[10/20/26, 9:00:05 AM] Ana: \u200eimage omitted\r\n[10/20/26, 9:01:00 AM] Ana: ok\r\n');
    expect(events.map(brief)).toEqual([
      { record: 'line 1', start: '2026-10-20T09:00:05.000Z', direction: 'in', handle: 'Ana', body: '', attachments: [{ name: '', type: 'image' }] },
      { record: 'line 2', start: '2026-10-20T09:01:00.000Z', direction: 'in', handle: 'Ana', body: 'ok', attachments: [] }
    ]);
  });

  it('reads wall times in options.timeZone', async () => {
    expect(await startOf('20/10/26, 09:00 - A: x', { timeZone: 'Asia/Shanghai' })).toBe('2026-10-20T01:00:00.000Z');
  });

  it('resolves DST gaps and overlaps like zonedToInstant, also on days next to a change', async () => {
    const lines = [
      '03/07/2026, 12:00 - A: before the week of the change',
      '03/08/2026, 01:30 - A: before the gap',
      '03/08/2026, 02:30 - A: in the gap',
      '03/08/2026, 03:30 - A: after the gap',
      '03/09/2026, 12:00 - A: the day after',
      '11/01/2026, 01:30 - A: in the overlap',
      '11/01/2026, 02:30 - A: after the overlap',
      '11/13/2026, 00:00 - A: decides month first'
    ];
    const { events } = await parse(lines.join('\n'), { timeZone: 'America/New_York' });
    expect(events.map((e) => iso(e.start))).toEqual([
      '2026-03-07T17:00:00.000Z',
      '2026-03-08T06:30:00.000Z',
      '2026-03-08T07:30:00.000Z',
      '2026-03-08T07:30:00.000Z',
      '2026-03-09T16:00:00.000Z',
      '2026-11-01T05:30:00.000Z',
      '2026-11-01T07:30:00.000Z',
      '2026-11-13T05:00:00.000Z'
    ]);
  });

  it.each(['Europe/Berlin', 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Tehran'])(
    'converts every wall time exactly like zonedToInstant in %s',
    async (timeZone) => {
      const lines: string[] = [];
      const expected: number[] = [];
      for (let wall = Date.UTC(2021, 0, 1, 0, 17); wall < Date.UTC(2023, 0, 1); wall += 4 * 3_600_000 + 23 * 60_000) {
        const t = new Date(wall);
        const [y, mo, d, h, mi] = [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes()];
        lines.push(`${y}/${mo}/${d}, ${h}:${String(mi).padStart(2, '0')} - A: x`);
        expected.push(zonedToInstant(y, mo, d, h, mi, 0, timeZone));
      }
      const { events } = await parse(lines.join('\n'), { timeZone });
      expect(events.map((e) => e.start)).toEqual(expected);
    }
  );
});

describe('date order', () => {
  it('is decided by the first day above 12, even after ambiguous lines (day first)', async () => {
    const { events } = await parse('01/02/26, 10:00 - A: x\n03/02/26, 10:00 - A: y\n25/02/26, 10:00 - A: z\n');
    expect(events.map((e) => iso(e.start).slice(0, 10))).toEqual(['2026-02-01', '2026-02-03', '2026-02-25']);
  });

  it('is decided by the first day above 12 in second place (month first)', async () => {
    const { events } = await parse('02/01/26, 10:00 - A: x\n02/25/26, 10:00 - A: y\n');
    expect(events.map((e) => iso(e.start).slice(0, 10))).toEqual(['2026-02-01', '2026-02-25']);
  });

  it('without a day above 12, takes the order under which dates do not go backwards', async () => {
    const monthFirst = await parse('01/02/26, 10:00 - A: x\n01/03/26, 10:00 - A: y\n02/01/26, 10:00 - A: z\n');
    expect(monthFirst.events.map((e) => iso(e.start).slice(0, 10))).toEqual(['2026-01-02', '2026-01-03', '2026-02-01']);
    const dayFirst = await parse('02/01/26, 10:00 - A: x\n03/01/26, 10:00 - A: y\n01/02/26, 10:00 - A: z\n');
    expect(dayFirst.events.map((e) => iso(e.start).slice(0, 10))).toEqual(['2026-01-02', '2026-01-03', '2026-02-01']);
  });

  it.each([
    ['24-hour Android: day first', '05/06/26, 10:00 - A: x', '2026-06-05T10:00:00.000Z'],
    ['12-hour with a 4-digit year: day first', '05/06/2026, 10:00 am - A: x', '2026-06-05T10:00:00.000Z'],
    ['12-hour M/D/YY (US Android): month first', '5/6/26, 10:00\u202fAM - A: x', '2026-05-06T10:00:00.000Z'],
    ['12-hour bracketed M/D/YY (US iOS): month first', '[5/6/26, 10:00:00 AM] A: x', '2026-05-06T10:00:00.000Z'],
    ['12-hour with dots: day first', '5.6.26, 10:00 AM - A: x', '2026-06-05T10:00:00.000Z']
  ])('falls back to a default when nothing else decides: %s', async (_, line, start) => {
    expect(await startOf(line)).toBe(start);
  });

  it('reads two-digit years as 20YY and year-first dates without guessing', async () => {
    expect(await startOf('[13/2/99, 10:00:00] A: x')).toBe('2099-02-13T10:00:00.000Z');
    expect(await startOf('2026/01/02, 10:00 - A: x')).toBe('2026-01-02T10:00:00.000Z');
  });

  it('is fixed after a window of 2000 messages; later contradicting dates are skipped', async () => {
    const lines = Array.from({ length: 2000 }, () => '02/01/26, 10:00 - A: x');
    lines.push('01/13/26, 10:00 - A: y');
    const { events, skips } = await parse(lines.join('\n'));
    expect(events).toHaveLength(2000);
    expect(iso(events[0].start)).toBe('2026-01-02T10:00:00.000Z');
    expect(skips).toEqual([{ file: 'chat.txt', where: 'line 2001', reason: "invalid date or time for the file's dmy date order" }]);
  });
});

describe('message bodies', () => {
  it('appends continuation lines, blank lines and date-like lines that are not headers; drops trailing blank lines', async () => {
    const text = [
      '20/10/26, 09:00 - Ana: Plan:',
      '1. coffee',
      '',
      '',
      '2. 20/10/26 is the deadline',
      '21/10/26, 09:00 no dash here',
      '09:00 - not a date',
      '[21/10/26 09:00 unclosed',
      '20/10/26, 09:05 - Ana: last',
      '',
      ''
    ].join('\n');
    const { events } = await parse(text);
    expect(events.map((e) => message(e).body)).toEqual([
      'Plan:\n1. coffee\n\n\n2. 20/10/26 is the deadline\n21/10/26, 09:00 no dash here\n09:00 - not a date\n[21/10/26 09:00 unclosed',
      'last'
    ]);
  });

  it('reads `Name:.` as a message and keeps colons inside the body', async () => {
    const { events } = await parse('20/10/26, 09:00 - John Doe:.\n20/10/26, 09:01 - John Doe: time: 21:07 : ok\n');
    expect(events.map((e) => [e.handle, message(e).body])).toEqual([
      ['John Doe', '.'],
      ['John Doe', 'time: 21:07 : ok']
    ]);
  });

  it('keeps authors whose names hold balanced quotes or emoji', async () => {
    const { events } = await parse('20/10/26, 09:00 - John "JJ" Doe: hi\n20/10/26, 09:01 - 🤓: hey\n');
    expect(events.map((e) => [e.handle, message(e).body])).toEqual([
      ['John "JJ" Doe', 'hi'],
      ['🤓', 'hey']
    ]);
  });

  it('drops an empty first line (WhatsApp trims what is sent)', async () => {
    const event = await only('[20/10/26 09:00] Ana: \nsecond line');
    expect(message(event).body).toBe('second line');
  });
});

describe('system lines', () => {
  it('leaves out Android system lines, counting them, with their continuation lines', async () => {
    const text = [
      '20/10/2026, 08:59 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.',
      '20/10/2026, 09:00 - +12 345 578 created group "Groupname"',
      '20/10/2026, 09:00 - You were added',
      '20/10/2026, 09:01 - Ana changed the subject from "Groupname" to "Party: 2026"',
      '20/10/2026, 09:02 - Ana changed the group description',
      'a description line',
      '20/10/2026, 09:03 - Ana: hello'
    ].join('\n');
    const { events, skips, systemLines } = await parse(text);
    expect(events.map(brief)).toEqual([
      { record: 'line 7', start: '2026-10-20T09:03:00.000Z', direction: 'in', handle: 'Ana', body: 'hello', attachments: [] }
    ]);
    expect(skips).toEqual([]);
    expect(systemLines).toBe(5);
  });

  it('leaves out iOS system lines marked with U+200E and the encryption notice under any author', async () => {
    const text = [
      '[20/10/2026, 09:00:00] Family: \u200eMessages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.',
      '[20/10/2026, 09:00:01] Family: \u200eAna created group “Family”',
      '[20/10/2026, 09:00:02] Family: \u200eAna added you',
      '[20/10/2026, 09:00:03] Ana: \u200eYour security code with Bob changed. Tap to learn more.',
      '[20/10/2026, 09:01:00] Ana: hi',
      '[20/10/2026, 09:01:01] Bob: \u200eThis message was deleted.'
    ].join('\r\n');
    const { events, systemLines } = await parse(text, { fileName: '_chat.txt' });
    expect(events.map((e) => [e.source.record, e.handle, message(e).body])).toEqual([
      ['line 5', 'Ana', 'hi'],
      ['line 6', 'Bob', 'This message was deleted.']
    ]);
    expect(systemLines).toBe(4);
  });

  it('names a `_chat.txt` (iOS, unzipped) after the author of the encryption notice opening it: its thread, group and partner', async () => {
    const groupChat = await parse(
      ['[20/10/2026, 09:00:00] Family: \u200eMessages and calls are end-to-end encrypted.', '[20/10/2026, 09:01:00] Ana: hi', '[20/10/2026, 09:02:00] Bob: hello'].join('\r\n'),
      { fileName: '_chat.txt', me: [] }
    );
    expect(groupChat.events.map((e) => [e.direction, e.handle, e.conversation, e.thread])).toEqual([
      ['in', 'Ana', 'Family', 'Family'],
      ['in', 'Bob', 'Family', 'Family']
    ]);
    const oneToOne = await parse(
      ['[20/10/2026, 09:00:00] Xiao Yang: \u200eMessages and calls are end-to-end encrypted.', '[20/10/2026, 09:01:00] Xiao Yang: hi', '[20/10/2026, 09:02:00] Lin: hello'].join('\r\n'),
      { fileName: '_chat.txt', me: [] }
    );
    expect(oneToOne.events.map((e) => [e.direction, e.handle, e.conversation, e.thread])).toEqual([
      ['in', 'Xiao Yang', null, 'Xiao Yang'],
      ['out', 'Xiao Yang', null, 'Xiao Yang']
    ]);
  });

  it('leaves out unmarked system phrases authored by the group title, but not by a one-to-one partner', async () => {
    const lines = ['[20/10/2026, 09:00:01] Family: Ana added Bob', '[20/10/2026, 09:01:00] Ana: hi', '[20/10/2026, 09:02:00] Bob: hey'];
    const group = await parse(lines.join('\n'), { fileName: 'WhatsApp Chat - Family.zip' });
    expect(group.events.map((e) => e.source.record)).toEqual(['line 2', 'line 3']);
    expect(group.systemLines).toBe(1);

    const oneToOne = await parse('[20/10/2026, 09:00:01] Ana: I added you to the doc\n[20/10/2026, 09:01:00] Lin: thanks\n', {
      fileName: 'WhatsApp Chat - Ana.zip'
    });
    expect(oneToOne.events.map((e) => message(e).body)).toEqual(['I added you to the doc', 'thanks']);
    expect(oneToOne.systemLines).toBe(0);
  });
});

describe('media', () => {
  it.each([
    ['<Media omitted>', { name: '', type: 'file' }],
    ['\u200eimage omitted', { name: '', type: 'image' }],
    ['\u200evideo omitted', { name: '', type: 'video' }],
    ['audio omitted', { name: '', type: 'audio' }],
    ['sticker omitted', { name: '', type: 'sticker' }],
    ['GIF omitted', { name: '', type: 'image' }],
    ['document omitted', { name: '', type: 'document' }],
    ['Contact card omitted', { name: '', type: 'text/vcard' }],
    ['\u200e<attached: 00000012-PHOTO-2026-10-20-09-00-05.jpg>', { name: '00000012-PHOTO-2026-10-20-09-00-05.jpg', type: 'image' }],
    ['<attached: 00000004-AUDIO-2026-06-26-20-31-14.opus>', { name: '00000004-AUDIO-2026-06-26-20-31-14.opus', type: 'audio' }],
    ['<attached: 00000005-STICKER-2026-06-26-20-31-15.webp>', { name: '00000005-STICKER-2026-06-26-20-31-15.webp', type: 'sticker' }],
    ['IMG-20261020-WA0001.jpg (file attached)', { name: 'IMG-20261020-WA0001.jpg', type: 'image' }],
    ['VID-20261020-WA0002.mp4 (file attached)', { name: 'VID-20261020-WA0002.mp4', type: 'video' }],
    ['PTT-20261020-WA0003.opus (file attached)', { name: 'PTT-20261020-WA0003.opus', type: 'audio' }],
    ['STK-20261020-WA0004.webp (file attached)', { name: 'STK-20261020-WA0004.webp', type: 'sticker' }],
    ['My Report 2026.pdf (file attached)', { name: 'My Report 2026.pdf', type: 'document' }],
    ['Ana.vcf (file attached)', { name: 'Ana.vcf', type: 'text/vcard' }],
    ['data.bin (file attached)', { name: 'data.bin', type: 'file' }],
    ['IMG-20261020-WA0001.jpg (archivo adjunto)', { name: 'IMG-20261020-WA0001.jpg', type: 'image' }],
    ['PTT-20261020-WA0003.opus (fichier joint)', { name: 'PTT-20261020-WA0003.opus', type: 'audio' }],
    ['Relatório.pdf (arquivo anexado)', { name: 'Relatório.pdf', type: 'document' }],
    ['IMG-20261020-WA0005.jpg (файл добавлен)', { name: 'IMG-20261020-WA0005.jpg', type: 'image' }],
    ['2015-08-04-PHOTO-00004762.jpg <\u200eattached>', { name: '2015-08-04-PHOTO-00004762.jpg', type: 'image' }]
  ])('%s', async (body, attachment) => {
    const event = message(await only(`[20/10/26 09:00] Ana: ${body}`));
    expect(event.kind).toBe('message');
    expect(event.body).toBe('');
    expect(event.attachments).toEqual([attachment]);
  });

  it('keeps a caption on the following lines as the body', async () => {
    const event = message(await only('20/10/26, 09:00 - Ana: IMG-20261020-WA0001.jpg (file attached)\nLook at this!\nSecond line'));
    expect(event.body).toBe('Look at this!\nSecond line');
    expect(event.attachments).toEqual([{ name: 'IMG-20261020-WA0001.jpg', type: 'image' }]);
  });

  it('keeps the text before an iOS attachment as the body', async () => {
    const event = message(await only('[20/10/26 09:00] Ana: Informe.pdf • 3 pages \u200e<attached: 00001416-Informe.pdf>'));
    expect(event.body).toBe('Informe.pdf • 3 pages');
    expect(event.attachments).toEqual([{ name: '00001416-Informe.pdf', type: 'document' }]);
  });

  it('leaves text that merely mentions media as text', async () => {
    const event = message(await only('[20/10/26 09:00] Ana: the image omitted from the slides'));
    expect(event.attachments).toEqual([]);
    expect(event.body).toBe('the image omitted from the slides');
  });
});

describe('calls', () => {
  const chat = { fileName: 'WhatsApp Chat with Ana.txt' };
  it.each([
    ['Ana: Missed voice call', { direction: 'in', status: 'missed', durationSec: 0, video: false }],
    ['Lin: Missed video call', { direction: 'out', status: 'missed', durationSec: 0, video: true }],
    ['Ana: \u200eMissed voice call, \u200eTap to call back', { direction: 'in', status: 'missed', durationSec: 0, video: false }],
    ['Ana: Missed voice call. Tap to call back', { direction: 'in', status: 'missed', durationSec: 0, video: false }],
    ['Ana: Missed group video call', { direction: 'in', status: 'missed', durationSec: 0, video: true }],
    ['Ana: Silenced voice call. Focus mode', { direction: 'in', status: 'missed', durationSec: 0, video: false }],
    ['Ana: Voice call, 5 min', { direction: 'in', status: 'answered', durationSec: 300, video: false }],
    ['Lin: Voice call. 12 sec', { direction: 'out', status: 'answered', durationSec: 12, video: false }],
    ['Ana: Video call, 1 hr 2 min', { direction: 'in', status: 'answered', durationSec: 3720, video: true }],
    ['Ana: Voice call. 5:23', { direction: 'in', status: 'answered', durationSec: 323, video: false }],
    ['Ana: Voice call', { direction: 'in', status: 'unanswered', durationSec: 0, video: false }],
    ['Lin: Video call, No answer', { direction: 'out', status: 'unanswered', durationSec: 0, video: true }]
  ])('%s', async (line, expected) => {
    const event = call(await only(`[20/10/26 09:00] ${line}`, chat));
    expect(event.kind).toBe('call');
    expect({ direction: event.direction, status: event.status, durationSec: event.durationSec, video: event.video }).toEqual(expected);
    expect(event.handle).toBe('Ana');
  });

  it('builds a complete call event', async () => {
    const event = await only('[10/20/26, 9:00:05 PM] Ana: Voice call, 5 min', { ...chat, timeZone: 'Asia/Shanghai' });
    expect(event).toEqual({
      channel: 'whatsapp',
      kind: 'call',
      direction: 'in',
      handle: 'Ana',
      name: 'Ana',
      phone: null,
      conversation: null,
      thread: 'Ana',
      start: Date.parse('2026-10-20T13:00:05Z'),
      source: { format: 'whatsapp-txt', file: 'WhatsApp Chat with Ana.txt', record: 'line 1' },
      status: 'answered',
      durationSec: 300,
      video: false
    });
  });

  it('reads a call phrase with more lines as a message', async () => {
    const event = await only('[20/10/26 09:00] Ana: Voice call\ntomorrow?', chat);
    expect(event.kind).toBe('message');
    expect(message(event).body).toBe('Voice call\ntomorrow?');
  });
});

describe('direction and counterpart', () => {
  const oneToOne = '[20/10/26 09:00] Xiao Yang: 你好\n[20/10/26 09:01] Lin: hi\n[20/10/26 09:02] Xiao Yang: Missed voice call\n';

  it('in a one-to-one chat named by the file, the partner is `in`, anyone else the owner, and the handle is the partner', async () => {
    for (const fileName of ['WhatsApp Chat with Xiao Yang.txt', 'WhatsApp Chat - Xiao Yang.zip', '与Xiao Yang的 WhatsApp 聊天.txt']) {
      const { events } = await parse(oneToOne, { fileName });
      expect(events.map((e) => [e.direction, e.handle, e.name, e.conversation])).toEqual([
        ['in', 'Xiao Yang', 'Xiao Yang', null],
        ['out', 'Xiao Yang', 'Xiao Yang', null],
        ['in', 'Xiao Yang', 'Xiao Yang', null]
      ]);
    }
  });

  it('builds a complete message event', async () => {
    const { events } = await parse(oneToOne, { fileName: 'WhatsApp Chat with Xiao Yang.txt', timeZone: 'Asia/Shanghai' });
    expect(events[1]).toEqual({
      channel: 'whatsapp',
      kind: 'message',
      direction: 'out',
      handle: 'Xiao Yang',
      name: 'Xiao Yang',
      phone: null,
      conversation: null,
      thread: 'Xiao Yang',
      start: Date.parse('2026-10-20T01:01:00Z'),
      source: { format: 'whatsapp-txt', file: 'WhatsApp Chat with Xiao Yang.txt', record: 'line 2' },
      body: 'hi',
      attachments: [],
      transport: null
    });
  });

  it('without a name in the file, options.me (trimmed, any case) marks the owner and the other author is the partner', async () => {
    const { events } = await parse(oneToOne, { fileName: '_chat.txt', me: ['  lin '] });
    expect(events.map((e) => [e.direction, e.handle])).toEqual([
      ['in', 'Xiao Yang'],
      ['out', 'Xiao Yang'],
      ['in', 'Xiao Yang']
    ]);
  });

  it('matches an owner given as a number whatever its spacing', async () => {
    const { events } = await parse('[20/10/26 09:00] Ana: hi\n[20/10/26 09:01] +44 7700 900123: hello\n', { me: ['+447700900123'] });
    expect(events.map((e) => [e.direction, e.handle])).toEqual([
      ['in', 'Ana'],
      ['out', 'Ana']
    ]);
  });

  it('with the owner unknown (no name in the file, no options.me match) every line is `in` from its author', async () => {
    const { events } = await parse(oneToOne, { fileName: '_chat.txt', me: ['Somebody'] });
    expect(events.map((e) => [e.direction, e.handle, e.conversation])).toEqual([
      ['in', 'Xiao Yang', null],
      ['in', 'Lin', null],
      ['in', 'Xiao Yang', null]
    ]);
  });

  const group = [
    '20/10/2026, 09:00 - Ana: <Media omitted>',
    '20/10/2026, 09:01 - \u202a+44 7700 900123\u202c: IMG-20261020-WA0001.jpg (file attached)',
    'Look at this!',
    '20/10/2026, 09:02 - ~\u202fCarla: Hi all',
    '20/10/2026, 09:03 - Lin: Missed video call',
    '20/10/2026, 09:04 - Lin: ok'
  ].join('\n');

  it('in a group, `in` events carry the author and `out` events the group title', async () => {
    const { events } = await parse(group, { fileName: 'WhatsApp Chat with Family.txt', me: ['Lin'], timeZone: 'Europe/London' });
    expect(events.map((e) => [e.source.record, iso(e.start), e.direction, e.handle, e.name, e.phone, e.conversation, e.kind])).toEqual([
      ['line 1', '2026-10-20T08:00:00.000Z', 'in', 'Ana', 'Ana', null, 'Family', 'message'],
      ['line 2', '2026-10-20T08:01:00.000Z', 'in', '+44 7700 900123', null, '+44 7700 900123', 'Family', 'message'],
      ['line 4', '2026-10-20T08:02:00.000Z', 'in', 'Carla', 'Carla', null, 'Family', 'message'],
      ['line 5', '2026-10-20T08:03:00.000Z', 'out', 'Family', 'Family', null, 'Family', 'call'],
      ['line 6', '2026-10-20T08:04:00.000Z', 'out', 'Family', 'Family', null, 'Family', 'message']
    ]);
  });

  it('a group without a title has conversation null and `out` handle "group"', async () => {
    const { events } = await parse(group, { me: ['Lin'] });
    expect(events.map((e) => [e.direction, e.handle, e.conversation])).toEqual([
      ['in', 'Ana', null],
      ['in', '+44 7700 900123', null],
      ['in', 'Carla', null],
      ['out', 'group', null],
      ['out', 'group', null]
    ]);
  });

  it('two authors neither of whom is named by the file make a group with that title', async () => {
    const { events } = await parse('[20/10/26 09:00] Ana: hi\n[20/10/26 09:01] Lin: hello\n', {
      fileName: 'WhatsApp Chat - Book Club.zip',
      me: ['Lin']
    });
    expect(events.map((e) => [e.direction, e.handle, e.conversation])).toEqual([
      ['in', 'Ana', 'Book Club'],
      ['out', 'Book Club', 'Book Club']
    ]);
  });

  it('a one-to-one partner written as a number gets it as handle and phone', async () => {
    const { events } = await parse('[20/10/26 09:00] \u202a+86 138 0013 8000\u202c: 你好\n[20/10/26 09:01] Lin: hi\n', {
      fileName: 'WhatsApp Chat with +86 138 0013 8000.txt'
    });
    expect(events.map((e) => [e.direction, e.handle, e.name, e.phone])).toEqual([
      ['in', '+86 138 0013 8000', null, '+86 138 0013 8000'],
      ['out', '+86 138 0013 8000', null, '+86 138 0013 8000']
    ]);
  });
});

describe('skips and errors', () => {
  it('skips non-empty lines before the first header, with where and why; blank ones are ignored', async () => {
    const { events, skips } = await parse('\nsome preamble\n\n  more  \n20/10/26, 09:00 - Ana: hi\n', { fileName: 'x.txt' });
    expect(events).toHaveLength(1);
    expect(events[0].source.record).toBe('line 5');
    expect(skips).toEqual([
      { file: 'x.txt', where: 'line 2', reason: 'not a WhatsApp message line (text before the first message)' },
      { file: 'x.txt', where: 'line 4', reason: 'not a WhatsApp message line (text before the first message)' }
    ]);
  });

  it('skips messages whose date or time does not exist', async () => {
    const { events, skips } = await parse('31/02/26, 09:00 - Ana: no\n13/01/26, 13:00 pm - Ana: no\n13/01/26, 09:00 - Ana: yes\n');
    expect(events.map((e) => message(e).body)).toEqual(['yes']);
    expect(skips.map((s) => s.where)).toEqual(['line 1', 'line 2']);
  });

  it('throws ImportError for a file without any message line', async () => {
    await expect(parse('hello\nworld\n')).rejects.toThrow(ImportError);
    await expect(parse('')).rejects.toThrow('no WhatsApp message line found');
  });

  it('gives up after 100 lines of text without a header', async () => {
    await expect(parse('not a chat\n'.repeat(101))).rejects.toThrow('no WhatsApp message line in the first 100 lines');
  });
});

describe('streaming', () => {
  const KITCHEN_SINK = [
    '\ufeff[10/20/26, 9:00:05\u202fAM] Xiao Yang: \u200eMessages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.',
    '[10/20/26, 9:00:10\u202fAM] Xiao Yang: 早上好 🌞',
    '[10/20/26, 9:01:00\u202fAM] Lin: Morning! Plan for today:',
    '1. coffee',
    '',
    '2. 20/10/26 is the deadline',
    '10/21/26, 9:00 AM no dash here',
    '\u200e[10/20/26, 9:02:30\u202fAM] Xiao Yang: \u200eimage omitted',
    '[10/20/26, 9:03:00\u202fAM] Xiao Yang: \u200e<attached: 00000012-PHOTO-2026-10-20-09-03-00.jpg>',
    '[10/20/26, 9:04:00\u202fAM] Lin: \u200eMissed voice call, \u200eTap to call back',
    '[10/20/26, 9:05:00\u202fPM] Xiao Yang: Voice call, 5 min',
    '[10/20/26, 9:06:00\u202fPM] Xiao Yang:.',
    '[10/20/26, 9:07:00\u202fPM] Lin: time: 21:07',
    '[10/20/26, 11:59:59\u202fPM] Xiao Yang: 晚安',
    '',
    ''
  ].join('\r\n');
  const options = { fileName: 'WhatsApp Chat - Xiao Yang.zip', timeZone: 'Asia/Shanghai' };

  it('reads an iOS file with every quirk', async () => {
    const { events, skips, systemLines } = await parse(KITCHEN_SINK, options);
    expect(skips).toEqual([]);
    expect(systemLines).toBe(1);
    const x = 'Xiao Yang';
    expect(events.map(brief)).toEqual([
      { record: 'line 2', start: '2026-10-20T01:00:10.000Z', direction: 'in', handle: x, body: '早上好 🌞', attachments: [] },
      {
        record: 'line 3',
        start: '2026-10-20T01:01:00.000Z',
        direction: 'out',
        handle: x,
        body: 'Morning! Plan for today:\n1. coffee\n\n2. 20/10/26 is the deadline\n10/21/26, 9:00 AM no dash here',
        attachments: []
      },
      { record: 'line 8', start: '2026-10-20T01:02:30.000Z', direction: 'in', handle: x, body: '', attachments: [{ name: '', type: 'image' }] },
      {
        record: 'line 9',
        start: '2026-10-20T01:03:00.000Z',
        direction: 'in',
        handle: x,
        body: '',
        attachments: [{ name: '00000012-PHOTO-2026-10-20-09-03-00.jpg', type: 'image' }]
      },
      { record: 'line 10', start: '2026-10-20T01:04:00.000Z', direction: 'out', handle: x, call: 'missed', durationSec: 0, video: false },
      { record: 'line 11', start: '2026-10-20T13:05:00.000Z', direction: 'in', handle: x, call: 'answered', durationSec: 300, video: false },
      { record: 'line 12', start: '2026-10-20T13:06:00.000Z', direction: 'in', handle: x, body: '.', attachments: [] },
      { record: 'line 13', start: '2026-10-20T13:07:00.000Z', direction: 'out', handle: x, body: 'time: 21:07', attachments: [] },
      { record: 'line 14', start: '2026-10-20T15:59:59.000Z', direction: 'in', handle: x, body: '晚安', attachments: [] }
    ]);
  });

  it('gives the same items when fed one byte at a time as in one chunk', async () => {
    const whole = await parse(KITCHEN_SINK, options);
    const bytewise = await parse(KITCHEN_SINK, options, 1);
    expect(bytewise.items).toEqual(whole.items);
    expect(bytewise.systemLines).toBe(whole.systemLines);
  });

  it('yields batches as chunks arrive once the date order and roles are known', async () => {
    const header = '20/10/26, 09:00 - ';
    const first = `${header}Ana: a\n${header}Bob: b\n${header}Carla: c\n`;
    const pulled: string[] = [];
    async function* chunks() {
      for (const part of [first, `${header}Ana: d\n`, `${header}Bob: e\n`]) {
        pulled.push(part);
        yield new TextEncoder().encode(part);
      }
    }
    const seen: number[] = [];
    for await (const batch of parseWhatsApp(chunks(), BASE)) seen.push(pulled.length, batch.length);
    // A message ends at the next header, so Carla's ends in chunk 2; then three authors and a day above 12
    // decide everything, and from there each chunk's finished messages come out with it.
    expect(seen).toEqual([2, 3, 3, 1, 3, 1]);
  });

  it('cuts a big chunk into batches of at most 1024 lines', async () => {
    const authors = ['Ana', 'Bob', 'Carla'];
    const text = Array.from({ length: 5000 }, (_, i) => `20/10/26, 09:00 - ${authors[i % 3]}: ${i}\n`).join('');
    const { batches } = await parse(text);
    expect(batches.map((b) => b.length)).toEqual([1023, 1024, 1024, 1024, 904, 1]);
  });

  it('holds at most the window of messages while the roles are undecided', async () => {
    const line = '20/10/26, 09:00 - Ana: x\n';
    let pulled = 0;
    async function* chunks() {
      for (let i = 0; i < 3000; i++) {
        pulled++;
        yield new TextEncoder().encode(line);
      }
    }
    const iterator = parseWhatsApp(chunks(), BASE)[Symbol.asyncIterator]();
    const firstBatch = await iterator.next();
    expect(firstBatch.value).toHaveLength(2000);
    expect(pulled).toBe(2001);
    await iterator.return(undefined);
  });
});

describe('unzipEntries', () => {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const chat = '[20/10/26 09:00] Xiao Yang: 你好\n[20/10/26 09:01] Lin: hi\n';
  const photo = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251);
  const zip = zipSync({
    '_chat.txt': [encoder.encode(chat), { level: 6 }],
    '00000003-PHOTO-2026-10-20-09-00-05.jpg': [photo, { level: 0 }],
    'empty.txt': [new Uint8Array(0), { level: 6 }],
    'notes/readme.txt': [encoder.encode('x'.repeat(100_000)), { level: 9 }]
  });

  function joinBytes(parts: Uint8Array[]): Uint8Array {
    const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const p of parts) {
      bytes.set(p, offset);
      offset += p.length;
    }
    return bytes;
  }

  async function concat(chunks: AsyncIterable<Uint8Array>): Promise<{ bytes: Uint8Array; count: number }> {
    const parts: Uint8Array[] = [];
    for await (const c of chunks) parts.push(c);
    return { bytes: joinBytes(parts), count: parts.length };
  }

  it.each([1, 7, 4096, zip.length])('streams every entry in order, stored and deflated (input chunks of %i bytes)', async (size) => {
    const seen: [string, number][] = [];
    const contents = new Map<string, Uint8Array>();
    for await (const entry of unzipEntries(chunksOf(zip, size))) {
      const { bytes, count } = await concat(entry.chunks);
      seen.push([entry.name, bytes.length]);
      contents.set(entry.name, bytes);
      if (entry.name === 'notes/readme.txt' && size < 4096) expect(count).toBeGreaterThan(1);
    }
    expect(seen).toEqual([
      ['_chat.txt', encoder.encode(chat).length],
      ['00000003-PHOTO-2026-10-20-09-00-05.jpg', 5000],
      ['empty.txt', 0],
      ['notes/readme.txt', 100_000]
    ]);
    expect(decoder.decode(contents.get('_chat.txt'))).toBe(chat);
    expect(contents.get('00000003-PHOTO-2026-10-20-09-00-05.jpg')).toEqual(photo);
    expect(decoder.decode(contents.get('notes/readme.txt'))).toBe('x'.repeat(100_000));
  });

  it.each([1, 100, 1 << 20])('reads a zip written as a stream, sizes after the data (input chunks of %i bytes)', async (size) => {
    const parts: Uint8Array[] = [];
    const writer = new Zip((err, data) => {
      if (err) throw err;
      parts.push(data);
    });
    const chatEntry = new ZipDeflate('_chat.txt', { level: 6 });
    writer.add(chatEntry);
    chatEntry.push(encoder.encode(chat.repeat(500)), true);
    const photoEntry = new ZipPassThrough('IMG-20261020-WA0001.jpg');
    writer.add(photoEntry);
    photoEntry.push(photo, true);
    writer.end();
    const streamed = joinBytes(parts);

    const seen: [string, number][] = [];
    for await (const entry of unzipEntries(chunksOf(streamed, size))) seen.push([entry.name, (await concat(entry.chunks)).bytes.length]);
    expect(seen).toEqual([
      ['_chat.txt', encoder.encode(chat).length * 500],
      ['IMG-20261020-WA0001.jpg', 5000]
    ]);
  });

  it('feeds the chat entry to the importer with the zip name for the partner', async () => {
    for await (const entry of unzipEntries(chunksOf(zip, 1000))) {
      if (entry.name !== '_chat.txt') continue;
      const events: DraftEvent[] = [];
      for await (const batch of parseWhatsApp(entry.chunks, { ...BASE, fileName: 'WhatsApp Chat - Xiao Yang.zip' })) {
        for (const item of batch) if (item.type === 'event') events.push(item.event);
      }
      expect(events.map((e) => [e.direction, e.handle, message(e).body])).toEqual([
        ['in', 'Xiao Yang', '你好'],
        ['out', 'Xiao Yang', 'hi']
      ]);
    }
  });

  it('skips entries left unread, and refuses to read them afterwards', async () => {
    const entries: { name: string; chunks: AsyncIterable<Uint8Array> }[] = [];
    for await (const entry of unzipEntries(chunksOf(zip, 512))) entries.push(entry);
    expect(entries.map((e) => e.name)).toEqual(['_chat.txt', '00000003-PHOTO-2026-10-20-09-00-05.jpg', 'empty.txt', 'notes/readme.txt']);
    await expect(concat(entries[0].chunks)).rejects.toThrow('read after moving on to the next entry');
  });

  it('throws on a truncated archive', async () => {
    const read = async () => {
      for await (const entry of unzipEntries(chunksOf(zip.subarray(0, 2000), 100))) await concat(entry.chunks);
    };
    await expect(read()).rejects.toThrow();
  });
});
