import { describe, expect, it } from 'vitest';
import { crosstalkCsvImporter } from '../../src/lib/formats/crosstalk-csv/read';
import { CSV_HEADER, csvRowLine, eventToCsvRow } from '../../src/lib/formats/crosstalk-csv/write';
import { csvField } from '../../src/lib/formats/csv-field';
import { IdAssigner } from '../../src/lib/model/ids';
import { collect, iso } from './helpers';

const HEADER = 'v,channel,kind,direction,status,number,name,start,duration_sec,video,body,attachments,crosstalk_id,source_id\r\n';

describe('csvField', () => {
  it('quotes exactly the fields with comma, quote, CR or LF', () => {
    expect(csvField('plain text')).toBe('plain text');
    expect(csvField(' leading space')).toBe(' leading space');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line1\nline2')).toBe('"line1\nline2"');
    expect(csvField('cr\rlf')).toBe('"cr\rlf"');
    expect(csvField('=SUM(A1)')).toBe('=SUM(A1)');
  });
});

describe('Crosstalk CSV importer', () => {
  const body = 'Hi, "friend"\r\nsecond line\nthird 😀 你好';
  const file =
    HEADER +
    '1,phone,call,in,answered,+8613800138000,Xiao Yang,2026-10-20T01:00:05.000Z,65,1,,,,call:17\r\n' +
    '1,phone,call,out,unanswered,,,2026-10-20T02:00:00.000+08:00,0,0,,,,call:18\r\n' +
    `1,phone,mms,in,received,13800138000,,2026-10-21T12:30:00.000Z,,,${csvField(body)},"[{""name"":""a.jpg"",""type"":""image/jpeg""}]",,mms:9\r\n` +
    '1,whatsapp,sms,out,sent,+8613800138000,Xiao Yang,2026-10-22T00:00:00.000Z,,,[WhatsApp] hi,,ct2-00112233aabbccdd,\r\n' +
    '1,phone,sms,out,draft,10086,,2026-10-22T00:00:00.000Z,,,unsent,,,sms:5\r\n' +
    '2,phone,sms,in,received,10086,,2026-10-22T00:00:00.000Z,,,future,,,sms:6\r\n' +
    '1,phone,call,in,answered,10086,,yesterday,5,0,,,,call:1\r\n' +
    '1,phone,call,in,ringing,10086,,2026-10-22T00:00:00.000Z,5,0,,,,call:2\r\n';

  it('reads every column and skips bad records with their record number', async () => {
    const { events, ids, skips } = await collect(crosstalkCsvImporter, file, { fileName: 'dump.csv' });
    expect(events).toHaveLength(4);
    const [call, hidden, mms, chat] = events;
    expect(call).toMatchObject({ channel: 'phone', kind: 'call', direction: 'in', status: 'answered', durationSec: 65, video: true, phone: '+8613800138000', name: 'Xiao Yang' });
    expect(iso(call.start)).toBe('2026-10-20T01:00:05.000Z');
    expect(call.source).toEqual({ format: 'crosstalk-csv', file: 'dump.csv', record: 'record 1' });
    expect(hidden).toMatchObject({ kind: 'call', direction: 'out', status: 'unanswered', phone: null, handle: null });
    expect(iso(hidden.start)).toBe('2026-10-19T18:00:00.000Z');
    expect(mms).toMatchObject({ kind: 'message', transport: 'mms', body, attachments: [{ name: 'a.jpg', type: 'image/jpeg' }] });
    expect(chat).toMatchObject({ channel: 'whatsapp', kind: 'message', transport: null, body: '[WhatsApp] hi' });
    expect(ids).toEqual([null, null, null, 'ct2-00112233aabbccdd']);
    expect(skips).toEqual([
      { file: 'dump.csv', where: 'record 5', reason: 'draft (never sent)' },
      { file: 'dump.csv', where: 'record 6', reason: 'unknown format version v="2"' },
      { file: 'dump.csv', where: 'record 7', reason: 'bad start: "yesterday" is not an ISO 8601 time with a zone (2026-10-20T01:00:05Z)' },
      { file: 'dump.csv', where: 'record 8', reason: 'unknown call status "ringing"' }
    ]);
  });

  it('gives the same result whatever the chunking (quoted newlines across chunk edges)', async () => {
    const whole = await collect(crosstalkCsvImporter, file);
    for (const size of [1, 2, 7, 64]) expect((await collect(crosstalkCsvImporter, file, {}, size)).events).toEqual(whole.events);
  });

  it('reads LF line ends, a BOM and reordered extra columns', async () => {
    const text = '\ufeffbody,start,kind,extra,direction,channel,v,number\n"a\nb",2026-01-01T00:00:00.000Z,sms,x,in,phone,1,10086\n';
    const { events } = await collect(crosstalkCsvImporter, text);
    expect(events).toMatchObject([{ kind: 'message', body: 'a\nb', phone: '10086', direction: 'in' }]);
  });

  it('rejects a file without the v1 header', async () => {
    await expect(collect(crosstalkCsvImporter, 'a,b,c\n1,2,3\n', { fileName: 'x.csv' })).rejects.toThrow('x.csv, line 1: not a Crosstalk CSV v1 header (missing v, channel, kind, direction, start)');
  });

  it('writes rows that read back to the same events', async () => {
    const { events } = await collect(crosstalkCsvImporter, file);
    const ids = new IdAssigner();
    const withIds = events.map((e) => ids.assign({ ...e }));
    const text = CSV_HEADER + withIds.map((e) => csvRowLine(eventToCsvRow(e))).join('');
    const again = await collect(crosstalkCsvImporter, text);
    expect(again.events.map(({ source: _s, ...e }) => e)).toEqual(events.map(({ source: _s, ...e }) => e));
  });

  it('neutralises formula cells (the write-back name too) and reads them back exactly; E.164 numbers stay as they are', async () => {
    const row = {
      ...eventToCsvRow({
        id: 'ct2-00112233aabbccdd', channel: 'whatsapp', kind: 'message', direction: 'in', handle: 'x', name: null, phone: null, conversation: null, thread: 'x',
        start: Date.UTC(2026, 9, 20, 1, 0, 5), body: ' =HYPERLINK("http://evil")', attachments: [], transport: null,
        source: { format: 'whatsapp-txt', file: 'chat.txt', record: 'line 1' }
      }, { number: '+8613800138000', name: '＝cmd|x' })
    };
    const line = csvRowLine(row);
    expect(line).toBe(`1,whatsapp,sms,in,received,+8613800138000,'＝cmd|x,2026-10-20T01:00:05.000Z,,,"' =HYPERLINK(""http://evil"")",,ct2-00112233aabbccdd,\r\n`);
    const { events, ids } = await collect(crosstalkCsvImporter, CSV_HEADER + line);
    expect(ids).toEqual(['ct2-00112233aabbccdd']);
    expect(events).toMatchObject([{ phone: '+8613800138000', name: '＝cmd|x', body: ' =HYPERLINK("http://evil")' }]);
  });

  const row = (i: number, body: string) => `1,phone,sms,in,received,10086,,2026-10-22T00:00:${String(i % 60).padStart(2, '0')}.000Z,,,${body},,,sms:${i}\r\n`;

  it('a stray quote opening a field costs that one record; a quote inside a field is text', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => row(i, i === 5 ? '"oops' : i === 7 ? 'He said "hi' : i % 3 ? 'plain' : '"a ""quoted"", body"'));
    const { events, skips } = await collect(crosstalkCsvImporter, HEADER + rows.join(''), { fileName: 'dump.csv' }, 1 << 16);
    expect(skips).toEqual([{ file: 'dump.csv', where: 'record 6', reason: 'malformed quotes (a quote inside a quoted field must be doubled)' }]);
    expect(events).toHaveLength(19_999);
    expect(events.slice(4, 7).map((e) => e.kind === 'message' && e.body)).toEqual(['plain', 'a "quoted", body', 'He said "hi']);
    expect(events[19_998].source.record).toBe('record 20000');
  });

  it('a field over 16 M characters is a per-record skip and the records after it are read', async () => {
    const text = HEADER + row(1, 'first') + row(2, `"${'x'.repeat(17 * 2 ** 20)}"`) + row(3, 'third');
    const { events, skips } = await collect(crosstalkCsvImporter, text, { fileName: 'big.csv' }, 1 << 20);
    expect(skips).toEqual([{ file: 'big.csv', where: 'record 2', reason: 'longer than 16 M characters (an unclosed quote?)' }]);
    expect(events.map((e) => e.kind === 'message' && e.body)).toEqual(['first', 'third']);
  });

  it('accepts an all-quoted header (R, some spreadsheets)', async () => {
    const quoted = HEADER.trimEnd().split(',').map((c) => `"${c}"`).join(',') + '\r\n';
    expect(crosstalkCsvImporter.detect(quoted, 'x.csv')).toBe(true);
    const { events } = await collect(crosstalkCsvImporter, quoted + row(1, 'hi'));
    expect(events).toMatchObject([{ kind: 'message', body: 'hi', phone: '10086' }]);
  });

  it('reads a header of exactly the documented columns without v as version 1', async () => {
    const header = HEADER.replace(/^v,/, '');
    expect(crosstalkCsvImporter.detect(header, 'x.csv')).toBe(true);
    expect(crosstalkCsvImporter.detect('channel,kind,direction,start\n', 'x.csv')).toBe(false);
    const { events, skips } = await collect(crosstalkCsvImporter, header + row(1, 'hi').replace(/^1,/, ''));
    expect(skips).toEqual([]);
    expect(events).toMatchObject([{ kind: 'message', body: 'hi', phone: '10086' }]);
  });
});
