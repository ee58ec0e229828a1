import { describe, expect, it } from 'vitest';
import { importFile } from '../../src/lib/import/pipeline';
import { chunksOf } from '../../src/lib/util/text-stream';
import { CSV_COLUMNS } from '../../src/lib/formats/crosstalk-csv/columns';
import { calendarProblem, epochInstant, isoInstant, offsetInstant, zonedInstant } from '../../src/lib/model/instant';

const OPTIONS = { region: 'CN', timeZone: 'Asia/Shanghai', me: [] };
const enc = (s: string) => new TextEncoder().encode(s);

/** Imports one file; returns the instants stored (ISO) and the skips as `file|where|reason`. */
async function run(name: string, text: string) {
  const starts: string[] = [];
  const skips: string[] = [];
  for await (const b of importFile(name, chunksOf(enc(text), 64 * 1024), OPTIONS)) {
    starts.push(...b.events.map((e) => new Date(e.start).toISOString()));
    skips.push(...b.skips.map((s) => `${s.file}|${s.where}|${s.reason}`));
  }
  return { starts, skips };
}

const at = (year: number, month: number, day: number, hour = 0, minute = 0, second = 0) => ({ year, month, day, hour, minute, second });

describe('the checked instant constructors', () => {
  it('refuse invented days, years Date.UTC would move to 19xx, and years past the range', () => {
    expect(calendarProblem(at(2026, 2, 30))).toBe('2026-02-30 is not a date');
    expect(calendarProblem(at(2024, 2, 29))).toBeNull();
    expect(calendarProblem(at(2100, 2, 29))).toBe('2100-02-29 is not a date');
    expect(calendarProblem(at(26, 1, 1))).toBe('the year of 0026-01-01 is outside 1900–2199');
    expect(calendarProblem(at(1, 12, 31))).toBe('the year of 0001-12-31 is outside 1900–2199');
    expect(calendarProblem(at(5139, 1, 1))).toBe('the year of 5139-01-01 is outside 1900–2199');
    expect(calendarProblem(at(2026, 13, 1))).toBe('2026-13-01 is not a date');
    expect(calendarProblem(at(2026, 1, 1, 24, 0, 0))).toBe('24:00:00 is not a time of day');
    expect(calendarProblem(at(2026, 1, 1, 23, 59, 60))).toBe('23:59:60 is not a time of day');
  });

  it('read epoch counts, offsets, zones and strict ISO 8601 to exact instants or exact reasons', () => {
    expect(epochInstant(1767225600, 's', 'date_unixtime')).toBe(Date.UTC(2026, 0, 1));
    expect(epochInstant(1767225600000, 's', 'date_unixtime')).toBe('date_unixtime 1767225600000 is not a time in seconds between 1900 and 2199');
    expect(epochInstant(8640000000000001, 'ms', 'date')).toBe('date 8640000000000001 is not a time in milliseconds between 1900 and 2199');
    expect(offsetInstant(at(2026, 10, 20, 9, 0, 5), 480)).toBe(Date.UTC(2026, 9, 20, 1, 0, 5));
    expect(zonedInstant(at(2026, 10, 20, 9, 0, 5), 'Asia/Shanghai')).toBe(Date.UTC(2026, 9, 20, 1, 0, 5));
    expect(zonedInstant(at(2026, 2, 30, 9, 0, 5), 'Asia/Shanghai')).toBe('2026-02-30 is not a date');
    expect(isoInstant('2026-10-20T09:00:05.123456+08:00')).toBe(Date.UTC(2026, 9, 20, 1, 0, 5, 123));
    expect(isoInstant('2026-10-20T01:00:05Z')).toBe(Date.UTC(2026, 9, 20, 1, 0, 5));
    expect(isoInstant('2026-10-20T01:00')).toBe('"2026-10-20T01:00" is not an ISO 8601 time with a zone (2026-10-20T01:00:05Z)');
    expect(isoInstant('2026-10-20T01:00:05')).toBe('"2026-10-20T01:00:05" is not an ISO 8601 time with a zone (2026-10-20T01:00:05Z)');
    expect(isoInstant('2026-02-30T00:00:00Z')).toBe('2026-02-30 is not a date');
    expect(isoInstant('0026-01-01T00:00:00Z')).toBe('the year of 0026-01-01 is outside 1900–2199');
    expect(isoInstant('2026-10-20T24:00:00Z')).toBe('24:00:00 is not a time of day');
    expect(isoInstant('2026-10-20T01:00:05+08:60')).toBe('"2026-10-20T01:00:05+08:60" has no valid zone offset');
    expect(isoInstant('+275760-09-13T00:00:00Z')).toBe('"+275760-09-13T00:00:00Z" is not an ISO 8601 time with a zone (2026-10-20T01:00:05Z)');
  });
});

describe('one impossible time skips its record, never the file', () => {
  it('SBR XML: a date beyond what Date can hold', async () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?>\n<smses count="2">\n' +
      '<sms address="+8613800138000" date="8640000000000001" type="1" body="a" />\n' +
      '<sms address="+8613800138000" date="1767225600000" type="1" body="b" />\n</smses>\n';
    expect(await run('sms.xml', xml)).toEqual({
      starts: ['2026-01-01T00:00:00.000Z'],
      skips: ['sms.xml|line 3|date 8640000000000001 is not a time in milliseconds between 1900 and 2199']
    });
  });

  it('Crosstalk CSV: a start that is not strict ISO 8601, an invented day, a year 0026, a year 9999', async () => {
    const row = (start: string) => `1,phone,sms,in,received,+8613800138000,,${start},,,hi,,,`;
    const csv = [CSV_COLUMNS.join(','), row('2026-10-20T01:00'), row('2026-02-30T00:00:00.000Z'), row('0026-01-01T00:00:00.000Z'), row('9999-01-01T00:00:00.000Z'), row('2026-10-20T09:00:05.000+08:00')].join('\r\n') + '\r\n';
    expect(await run('dump.csv', csv)).toEqual({
      starts: ['2026-10-20T01:00:05.000Z'],
      skips: [
        'dump.csv|record 1|bad start: "2026-10-20T01:00" is not an ISO 8601 time with a zone (2026-10-20T01:00:05Z)',
        'dump.csv|record 2|bad start: 2026-02-30 is not a date',
        'dump.csv|record 3|bad start: the year of 0026-01-01 is outside 1900–2199',
        'dump.csv|record 4|bad start: the year of 9999-01-01 is outside 1900–2199'
      ]
    });
  });

  it('Telegram: date_unixtime in milliseconds, and a local date in year 0026', async () => {
    const message = (id: number, date: string, unix: string | null) =>
      JSON.stringify({ id, type: 'message', date, ...(unix === null ? {} : { date_unixtime: unix }), from: '王伟', from_id: 'user1', text: 'hi' });
    const json = `{"name":"王伟","type":"personal_chat","id":1,"messages":[${[
      message(1, '2026-01-01T08:00:00', '1767225600000'),
      message(2, '0026-01-01T08:00:00', null),
      message(3, '2026-01-01T08:00:00', '1767225600')
    ].join(',')}]}`;
    expect(await run('result.json', json)).toEqual({
      starts: ['2026-01-01T00:00:00.000Z'],
      skips: [
        'result.json|messages[0]|date_unixtime 1767225600000 is not a time in seconds between 1900 and 2199',
        'result.json|messages[1]|the year of 0026-01-01 is outside 1900–2199'
      ]
    });
  });

  it('sync file: an event whose start is 1e20', async () => {
    const header = JSON.stringify({ format: 'crosstalk-sync', version: 1, device: 'dev1', exportedAt: '2026-12-01T00:00:00Z' });
    const event = {
      id: 'ct1-0000000000000000', channel: 'phone', kind: 'message', direction: 'in', handle: '+8613800138000', name: null, phone: '+8613800138000',
      conversation: null, start: 1e20, body: 'x', attachments: [], transport: 'sms', source: { format: 'sbr-xml', file: 'sms.xml', record: 'line 3' }
    };
    expect(await run('peer.ctsync', `${header}\n${JSON.stringify({ event })}\n`)).toEqual({
      starts: [],
      skips: ['peer.ctsync|line 2|rejected: start: the time 100000000000000000000 ms is outside 1900–2199']
    });
  });

  it('WhatsApp: an invented day skips its line; the next line is read', async () => {
    const chat = '[30/02/2026, 10:00:00] 王伟: a\n[01/03/2026, 10:00:00] 王伟: b\n[13/03/2026, 10:00:00] 王伟: c\n';
    expect(await run('WhatsApp Chat with 王伟.txt', chat)).toEqual({
      starts: ['2026-03-01T02:00:00.000Z', '2026-03-13T02:00:00.000Z'],
      skips: ['WhatsApp Chat with 王伟.txt|line 1|invalid date or time for the file\'s dmy date order']
    });
  });
});
