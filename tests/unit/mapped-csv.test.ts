import { describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { Backend } from '../../src/lib/db/backend';
import { checkMapping, headerKey, type CsvMapping } from '../../src/lib/formats/mapped-csv/mapping';
import { channelOfCell, mappedCsvImporter, previewMappedCsv } from '../../src/lib/formats/mapped-csv/read';
import { TimeReader } from '../../src/lib/formats/mapped-csv/time';
import { importFile } from '../../src/lib/import/pipeline';
import { ImportError, UnknownFormatError } from '../../src/lib/import/types';
import { FieldProblem } from '../../src/lib/boundary/fields';
import { chunksOf, fromStrings } from '../../src/lib/util/text-stream';
import { collect, iso } from './helpers';

const HEADER = ['When', 'Who', 'Phone', 'App', 'Sent by me', 'Text', 'Type', 'Seconds'];
const MAPPING: CsvMapping = {
  header: HEADER,
  time: { column: 'When', format: 'dmy', timeZone: null },
  direction: { column: 'Sent by me', outgoing: ['yes'] },
  name: 'Who',
  number: 'Phone',
  channel: { column: 'App' },
  body: 'Text',
  kind: { column: 'Type', calls: ['call'] },
  duration: 'Seconds'
};

const CSV = [
  HEADER.join(','),
  '01/03/2026 2:05 PM,Xiao Yang,+8613800138000,WeChat,yes,"吃火锅吗,\nok?",msg,',
  '',
  '02/03/2026 09:30,Xiao Yang,+8613800138000,phone,no,,call,1:05',
  '31/02/2026 10:00,Xiao Yang,,Zalo,no,hi,msg,',
  '03/03/2026 10:00,,,WeChat,no,hi,msg,',
  '03/03/2026 10:01,Ana,,Zalo,NO,olá,msg,',
  '03/03/2026 10:02,Ana,10086,phone,Yes,,call,0',
  '03/03/2026 10:03,Ana,,phone,no,,call,abc',
  '03/03/2026 10:03,Ana,,whatsapp,no,,call,abc',
  '03/03/2026 10:04,Ana,,whatsapp,no,,msg,',
  ''
].join('\r\n');

describe('column-mapped CSV', () => {
  it('reads each row as the mapping says, with line numbers across quoted line breaks and blank lines', async () => {
    const { events, skips } = await collect(mappedCsvImporter(MAPPING), CSV, { fileName: 'export.csv', timeZone: 'Asia/Shanghai' }, 7);
    expect(events.map((e) => [e.channel, e.kind, e.direction, e.handle, e.name, e.phone, iso(e.start), e.source.record, e.kind === 'message' ? e.body : `${e.status} ${e.durationSec}`])).toEqual([
      ['wechat', 'message', 'out', '+8613800138000', 'Xiao Yang', '+8613800138000', '2026-03-01T06:05:00.000Z', 'line 2', '吃火锅吗,\nok?'],
      ['phone', 'call', 'in', '+8613800138000', 'Xiao Yang', '+8613800138000', '2026-03-02T01:30:00.000Z', 'line 5', 'answered 65'],
      ['other', 'message', 'in', 'Ana', 'Ana', null, '2026-03-03T02:01:00.000Z', 'line 8', 'olá'],
      ['phone', 'call', 'out', '10086', 'Ana', '10086', '2026-03-03T02:02:00.000Z', 'line 9', 'unanswered 0']
    ]);
    expect(events[0].source).toEqual({ format: 'mapped-csv', file: 'export.csv', record: 'line 2' });
    expect(skips).toEqual([
      { file: 'export.csv', where: 'line 6', reason: 'When: "31/02/2026 10:00" is not a dmy time' },
      { file: 'export.csv', where: 'line 7', reason: 'no counterpart: the name and number cells are empty' },
      { file: 'export.csv', where: 'line 10', reason: 'a phone record needs a number' },
      { file: 'export.csv', where: 'line 11', reason: 'Seconds: "abc" is not a duration' },
      { file: 'export.csv', where: 'line 12', reason: 'Text: the message is empty' }
    ]);
  });

  it('refuses a file whose header is not the mapping’s, naming the line', async () => {
    await expect(collect(mappedCsvImporter(MAPPING), 'a,b\r\n1,2\r\n', { fileName: 'other.csv' })).rejects.toThrow(
      new ImportError('other.csv', 'line 1', 'the header is not the one the column mapping was made for (When, Who, Phone, App, Sent by me, Text, Type, Seconds)')
    );
  });

  it('detects its files by their exact header, with or without a BOM, and a semicolon-separated one too', async () => {
    const importer = mappedCsvImporter(MAPPING);
    expect(importer.detect('\ufeff' + HEADER.join(',') + '\r\nx', 'a.csv')).toBe(true);
    expect(importer.detect(HEADER.slice(0, 7).join(',') + '\nx', 'a.csv')).toBe(false);
    expect(importer.detect(HEADER.join(','), 'a.csv')).toBe(false);
    const semi = mappedCsvImporter({ ...MAPPING, header: ['t', 'n', 'b'], time: { column: 't', format: 'epoch-s', timeZone: null }, name: 'n', number: null, body: 'b', direction: { fixed: 'in' }, channel: { fixed: 'line' }, kind: { fixed: 'message' }, duration: null });
    const { events } = await collect(semi, 't;n;b\n1767225600;Aki;"a;b"\n', { fileName: 's.csv' });
    expect(events.map((e) => [e.channel, e.direction, e.handle, iso(e.start), e.kind === 'message' && e.body])).toEqual([['line', 'in', 'Aki', '2026-01-01T00:00:00.000Z', 'a;b']]);
  });

  it('reads every time format, local ones in the mapping’s zone or else the import’s', () => {
    const at = (format: ConstructorParameters<typeof TimeReader>[0], cell: string, zone = 'Asia/Shanghai') => {
      const ms = new TimeReader(format, zone).read(cell);
      return Number.isNaN(ms) ? 'NaN' : iso(ms);
    };
    expect(at('iso', '2026-03-01T14:05:00Z')).toBe('2026-03-01T14:05:00.000Z');
    expect(at('iso', '2026-03-01 14:05:00.250+08:00')).toBe('2026-03-01T06:05:00.250Z');
    expect(at('iso', '2026-03-01T14:05')).toBe('2026-03-01T06:05:00.000Z');
    expect(at('iso', '2026-03-01')).toBe('2026-02-28T16:00:00.000Z');
    expect(at('iso', '2026-02-30T10:00:00Z')).toBe('NaN');
    expect(at('epoch-s', '1767225600')).toBe('2026-01-01T00:00:00.000Z');
    expect(at('epoch-s', '1767225600.5')).toBe('2026-01-01T00:00:00.500Z');
    expect(at('epoch-ms', '1767225600123')).toBe('2026-01-01T00:00:00.123Z');
    expect(at('epoch-ms', '17e3')).toBe('NaN');
    expect(at('ymd', '2026/3/1 下午2:05')).toBe('2026-03-01T06:05:00.000Z');
    expect(at('ymd', '2026.03.01 12:30:15 AM', 'UTC')).toBe('2026-03-01T00:30:15.000Z');
    expect(at('mdy', '3/1/26 2:05 p.m.', 'America/New_York')).toBe('2026-03-01T19:05:00.000Z');
    expect(at('dmy', '01-03-2026', 'UTC')).toBe('2026-03-01T00:00:00.000Z');
    expect(at('dmy', '2026-03-01', 'UTC')).toBe('NaN');
    expect(at('mdy', '13/01/2026', 'UTC')).toBe('NaN');
    expect(at('ymd', '2026-03-01 13:00 PM', 'UTC')).toBe('NaN');
    expect(at('ymd', '2026-03-01 0:10 AM', 'UTC')).toBe('NaN');
  });

  it('names channels by id or label in either language; anything else is other', () => {
    expect(['WhatsApp', ' 微信 ', 'kakaotalk', 'Google Voice', 'Zalo', ''].map(channelOfCell)).toEqual(['whatsapp', 'wechat', 'kakaotalk', 'gvoice', 'other', 'other']);
  });

  it('checks a mapping field by field', () => {
    const wrong = (patch: object) => {
      try {
        checkMapping({ ...MAPPING, ...patch });
        return null;
      } catch (err) {
        expect(err).toBeInstanceOf(FieldProblem);
        return (err as Error).message;
      }
    };
    expect(wrong({})).toBeNull();
    expect(checkMapping({ ...MAPPING, direction: { column: 'Sent by me', outgoing: [' YES ', ''] }, extra: 1 })).toEqual({ ...MAPPING, direction: { column: 'Sent by me', outgoing: ['yes'] } });
    expect(wrong({ body: 'Message' })).toBe('body column "Message" is not in the header');
    expect(wrong({ name: null, number: null })).toBe('map a name or a number column: every record needs a counterpart');
    expect(wrong({ time: { column: 'When', format: 'julian', timeZone: null } })).toBe('format is not one of iso, epoch-s, epoch-ms, ymd, dmy, mdy');
    expect(wrong({ time: { column: 'When', format: 'iso', timeZone: 'Mars/Olympus' } })).toBe('time zone "Mars/Olympus" is unknown');
    expect(wrong({ direction: { column: 'Sent by me', outgoing: [] } })).toBe('direction needs at least one value that means outgoing');
    expect(wrong({ channel: { fixed: 'myspace' } })).toBe(`fixed is not one of phone, whatsapp, telegram, signal, gvoice, imessage, messenger, instagram, qq, wechat, line, kakaotalk, viber, other`);
    expect(wrong({ header: [] })).toBe('header is empty');
  });

  it('previews the first rows as they will be imported, and only the cells before a mapping', async () => {
    const bare = await previewMappedCsv(fromStrings(CSV), 'export.csv', 'Asia/Shanghai', null, 2);
    expect(bare).toEqual({ header: HEADER, rows: [
      { line: 2, cells: ['01/03/2026 2:05 PM', 'Xiao Yang', '+8613800138000', 'WeChat', 'yes', '吃火锅吗,\nok?', 'msg', ''], result: null },
      { line: 5, cells: ['02/03/2026 09:30', 'Xiao Yang', '+8613800138000', 'phone', 'no', '', 'call', '1:05'], result: null }
    ] });
    const mapped = await previewMappedCsv(fromStrings(CSV), 'export.csv', 'Asia/Shanghai', MAPPING, 3);
    expect(mapped.rows.map((r) => r.result && ('error' in r.result ? r.result.error : [r.result.event.channel, iso(r.result.event.start)]))).toEqual([
      ['wechat', '2026-03-01T06:05:00.000Z'],
      ['phone', '2026-03-02T01:30:00.000Z'],
      'When: "31/02/2026 10:00" is not a dmy time'
    ]);
  });

  it('previews a CSV saved as GB18030 (Chinese Excel) in its own characters, and refuses one that is not text it can read, naming it', async () => {
    const b = await Backend.open(getRxStorageMemory(), 'preview-' + Math.random().toString(36).slice(2));
    try {
      const bytes = (parts: (string | number[])[]) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));
      const input = (name: string, data: Uint8Array) => ({ name, size: data.length, chunks: () => chunksOf(data, 7) });
      const gb = bytes(['Time,Name,Text\r\n2026-03-01 14:05,', [0xd0, 0xa1, 0xd1, 0xee], ',', [0xc4, 0xe3, 0xba, 0xc3], '\r\n']);
      expect(await b.csvPreview(input('gb.csv', gb), null)).toEqual({ header: ['Time', 'Name', 'Text'], rows: [{ line: 2, cells: ['2026-03-01 14:05', '小杨', '你好'], result: null }] });
      const damaged = bytes([[0xef, 0xbb, 0xbf], 'Time,Name', [0xff], '\r\n']);
      await expect(b.csvPreview(input('bom.csv', damaged), null)).rejects.toThrow('bom.csv: is not valid UTF-8 text (byte 0xff at offset 12): the file is damaged or in another encoding');
    } finally {
      await b.close();
    }
  });

  it('the pipeline tells a CSV no importer knows (mappable) from other unknown files, and reads it with a mapping for its header', async () => {
    const unknown = async (name: string, text: string) => {
      try {
        for await (const _ of importFile(name, fromStrings(text), { region: 'CN', timeZone: 'UTC', me: [] }));
        return null;
      } catch (err) {
        expect(err).toBeInstanceOf(UnknownFormatError);
        return (err as UnknownFormatError).csv;
      }
    };
    expect(await unknown('export.csv', CSV)).toBe(true);
    expect(await unknown('notes.txt', 'just some words\nand more\n')).toBe(false);
    const events = [];
    for await (const b of importFile('export.csv', chunksOf(new TextEncoder().encode(CSV), 5), { region: 'CN', timeZone: 'Asia/Shanghai', me: [], mappings: [MAPPING] })) {
      expect(b.format).toBe('mapped-csv');
      events.push(...b.events);
    }
    expect(events.map((e) => [e.id.slice(0, 4), e.party])).toEqual([
      ['ct2-', 'wechat:+8613800138000'],
      ['ct1-', 'phone:3800138000'],
      ['ct2-', 'other:Ana'],
      ['ct1-', 'phone:10086']
    ]);
  });

  it('saves a preset that imports the next file with that header by itself, adds nothing the second time, and travels in sync files', async () => {
    const file = (name: string) => ({ name, size: CSV.length, chunks: () => fromStrings(CSV) });
    const a = await Backend.open(getRxStorageMemory(), 'mapped' + Math.random().toString(36).slice(2));
    await a.updateSettings({ region: 'CN', timeZone: 'Asia/Shanghai' });
    const [failed] = await a.importFiles([file('export.csv')]);
    expect([failed.status, failed.unknown, failed.error?.startsWith('export.csv: unknown format (expected ')]).toEqual(['failed', 'csv', true]);
    const [once] = await a.importFiles([file('export.csv')], () => {}, { aborted: false }, { mappings: [MAPPING] });
    expect([once.status, once.format, once.imported, once.skippedCount, once.skipped[0]]).toEqual(['done', 'mapped-csv', 4, 5, { where: 'line 6', reason: 'When: "31/02/2026 10:00" is not a dmy time' }]);
    await expect(a.saveCsvPreset({ ...MAPPING, body: 'Nope' })).rejects.toThrow('column mapping: body column "Nope" is not in the header');
    const presets = await a.saveCsvPreset(MAPPING);
    const deviceId = (await a.db.device.findOne('device').exec())!.deviceId;
    expect(presets.map((p) => [p.key, p.device === deviceId])).toEqual([[headerKey(HEADER), true]]);
    expect((await a.db.settings.findOne('preferences').exec())!.toMutableJSON().csvPresets).toEqual(presets);
    const [again] = await a.importFiles([file('export-2.csv')]);
    expect([again.status, again.imported, again.alreadyPresent]).toEqual(['done', 0, 4]);
    const sync = new Uint8Array(await (await a.exportSync()).blob.arrayBuffer());
    await a.close();

    const b = await Backend.open(getRxStorageMemory(), 'mapped' + Math.random().toString(36).slice(2));
    await b.importFiles([{ name: 'a.ctsync.gz', size: sync.length, chunks: () => chunksOf(sync, 1000) }]);
    const synced = (await b.db.settings.findOne('preferences').exec())!.toMutableJSON().csvPresets;
    expect(synced.map((p) => p.mapping)).toEqual([MAPPING]);
    await b.close();
  });
});

describe('settings schema v2', () => {
  it('a database written before presets existed (preferences v1) opens with none, keeping its preferences', async () => {
    const { createRxDatabase } = await import('rxdb');
    const { preferencesSchema, deviceStateSchema } = await import('../../src/lib/db/store/schema');
    const { defaultPreferences } = await import('../../src/lib/db/store/settings');
    const storage = getRxStorageMemory();
    const name = 'v1' + Math.random().toString(36).slice(2);
    const old = await createRxDatabase({ name, storage, multiInstance: false });
    const properties = { ...(preferencesSchema.properties as Record<string, unknown>) };
    delete properties.csvPresets;
    const v1 = { ...preferencesSchema, version: 1, properties, required: preferencesSchema.required!.filter((k) => k !== 'csvPresets') } as typeof preferencesSchema;
    await old.addCollections({ device: { schema: deviceStateSchema } });
    await old.addCollections({ settings: { schema: v1, migrationStrategies: { 1: (d: unknown) => d } } });
    await old.device.insert({ id: 'device', deviceId: 'devold', clock: 4, nextSeq: 7, undo: [] });
    await old.settings.insert({ id: 'preferences', ...defaultPreferences(), region: 'KR', me: ['Lin'], clock: 2, device: 'devold' });
    await old.close();

    const b = await Backend.open(storage, name);
    expect([b.settings().region, b.settings().me]).toEqual(['KR', ['Lin']]);
    const stored = (await b.db.settings.findOne('preferences').exec())!.toMutableJSON();
    expect([stored.clock, stored.device, stored.csvPresets]).toEqual([2, 'devold', []]);
    await b.close();
  });
});
