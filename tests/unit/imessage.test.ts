import { describe, expect, it } from 'vitest';
import initSqlJs from 'sql.js';
import { appleInstant, imessageImporter, parseChatDb } from '../../src/lib/formats/imessage/read';
import { attributedBodyText } from '../../src/lib/formats/imessage/typedstream';
import { detectBinaryImporter } from '../../src/lib/import/registry';
import { importFile } from '../../src/lib/import/pipeline';
import { ImportError, type ImportItem } from '../../src/lib/import/types';
import type { DraftEvent } from '../../src/lib/model/event';
import { chunksOf } from '../../src/lib/util/text-stream';
import { iso } from './helpers';
import { CHAT_DB_TABLES } from '../fixtures/chat-db';

const enc = new TextEncoder();

/** An NSAttributedString archive as Messages writes it, holding `text`. */
function typedstream(text: string): Uint8Array {
  const utf8 = enc.encode(text);
  const length = utf8.length < 0x80 ? [utf8.length] : [0x81, utf8.length & 0xff, utf8.length >> 8];
  return new Uint8Array([
    0x04, 0x0b, ...enc.encode('streamtyped'), 0x81, 0xe8, 0x03, 0x84, 0x01, 0x40, 0x84, 0x84, 0x84,
    0x12, ...enc.encode('NSAttributedString'), 0x00, 0x84, 0x84, 0x08, ...enc.encode('NSObject'), 0x00, 0x85, 0x92, 0x84, 0x84, 0x84,
    0x08, ...enc.encode('NSString'), 0x01, 0x94, 0x84, 0x01, 0x2b, ...length, ...utf8, 0x86, 0x84
  ]);
}

/** Seconds after 2001-01-01T00:00:00Z. */
const S = (isoTime: string) => (Date.parse(isoTime) - Date.UTC(2001, 0, 1)) / 1000;

async function tinyChatDb(): Promise<Uint8Array> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.run(CHAT_DB_TABLES);
  db.run(`
    INSERT INTO handle (id, service) VALUES ('+447700900123', 'iMessage'), ('ana@example.com', 'iMessage'), ('+15551234567', 'SMS');
    INSERT INTO chat (style, chat_identifier, display_name) VALUES (45, '+447700900123', ''), (43, 'chat123', 'Climbing'), (45, '+15551234567', '');
    INSERT INTO chat_handle_join VALUES (1, 1), (2, 1), (2, 2), (3, 3);
    INSERT INTO attachment (filename, mime_type, transfer_name) VALUES
      ('~/Library/Messages/Attachments/ab/IMG_1.heic', 'image/heic', 'IMG_1.heic'), ('~/Library/Messages/Attachments/cd/scan.pdf', NULL, NULL);
  `);
  const add = db.prepare('INSERT INTO message (text, attributedBody, handle_id, service, date, is_from_me, item_type, associated_message_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const rows: unknown[][] = [
    /* 1 */ ['Hello from 2015', null, 1, 'iMessage', S('2015-11-22T18:09:46Z'), 0, 0, 0],
    /* 2 */ [null, typedstream('Nanoseconds and typedstream ✓'), 1, 'iMessage', S('2023-05-01T12:00:00.123Z') * 1e9, 1, 0, 0],
    /* 3 */ ['Group hello', null, 2, 'iMessage', S('2023-05-02T08:00:00Z') * 1e9, 0, 0, 0],
    /* 4 */ ['\ufffcLook', null, 0, 'iMessage', S('2023-05-02T08:01:00Z') * 1e9, 1, 0, 0],
    /* 5 */ ['Loved “Group hello”', null, 2, 'iMessage', S('2023-05-02T08:02:00Z') * 1e9, 0, 0, 2000],
    /* 6 */ [null, null, 2, 'iMessage', S('2023-05-02T08:03:00Z') * 1e9, 0, 1, 0],
    /* 7 */ ['Your code is 1234', null, 3, 'SMS', S('2023-05-03T09:00:00Z'), 0, 0, 0],
    /* 8 */ ['Sent by SMS', null, 0, 'SMS', S('2023-05-03T09:05:00Z'), 1, 0, 0],
    /* 9 */ ['no date', null, 1, 'iMessage', 0, 0, 0, 0],
    /* 10 */ [null, null, 1, 'iMessage', S('2023-05-04T00:00:00Z'), 0, 0, 0],
    /* 11 */ [null, new Uint8Array([1, 2, 3]), 1, 'iMessage', S('2023-05-04T00:00:01Z'), 0, 0, 0]
  ];
  for (const r of rows) add.run(r as never);
  add.free();
  db.run(`
    INSERT INTO chat_message_join VALUES (1, 1), (1, 2), (2, 3), (2, 4), (2, 5), (2, 6), (3, 7), (3, 8), (1, 9), (1, 10), (1, 11);
    INSERT INTO message_attachment_join VALUES (4, 1), (8, 2);
  `);
  const bytes = db.export();
  db.close();
  return bytes;
}

function rows(events: DraftEvent[]) {
  return events.map((e) => [
    e.channel,
    e.direction,
    e.handle,
    e.phone,
    e.conversation,
    iso(e.start),
    e.kind === 'message' ? e.body : '',
    e.kind === 'message' ? e.attachments.map((a) => `${a.name}:${a.type}`).join(',') : '',
    e.kind === 'message' ? e.transport : '',
    e.source.record
  ]);
}

async function read(bytes: Uint8Array, chunk = 4096, limit?: number) {
  const tally = { reactions: 0, systemRecords: 0 };
  const items: ImportItem[] = [];
  for await (const b of parseChatDb(chunksOf(bytes, chunk), { fileName: 'chat.db', region: 'US', timeZone: 'UTC', me: [] }, tally, limit)) items.push(...b);
  return {
    tally,
    events: items.flatMap((i) => (i.type === 'event' ? [i.event] : [])),
    skips: items.flatMap((i) => (i.type === 'skip' ? [i.skip] : []))
  };
}

describe('attributedBody (typedstream)', () => {
  it('extracts the NSString text, short and long', () => {
    expect(attributedBodyText(typedstream('hi 👋'))).toBe('hi 👋');
    const long = 'x'.repeat(300) + '文';
    expect(attributedBodyText(typedstream(long))).toBe(long);
  });

  it('gives null for other bytes, truncated archives and invalid UTF-8', () => {
    const blob = typedstream('truncated text');
    expect(attributedBodyText(blob.subarray(0, blob.length - 8))).toBeNull();
    expect(attributedBodyText(new Uint8Array([1, 2, 3]))).toBeNull();
    expect(attributedBodyText(enc.encode('\x04\x0bstreamtyped without the class'))).toBeNull();
    const bad = typedstream('ab');
    bad[bad.length - 4] = 0xff;
    expect(attributedBodyText(bad)).toBeNull();
  });
});

describe('chat.db dates', () => {
  it('reads seconds and nanoseconds since 2001-01-01 by magnitude', () => {
    expect(iso(appleInstant(469908586))).toBe('2015-11-22T18:09:46.000Z');
    expect(iso(appleInstant(704592000123456789))).toBe('2023-05-01T00:00:00.123Z');
    expect(iso(appleInstant(0))).toBe('2001-01-01T00:00:00.000Z');
  });
});

describe('chat.db importer', () => {
  it('reads messages: text or attributedBody, direction, services, group chats, attachments; tallies tapbacks and group events', async () => {
    const { events, skips, tally } = await read(await tinyChatDb());
    expect(rows(events)).toEqual([
      ['imessage', 'in', '+447700900123', '+447700900123', null, '2015-11-22T18:09:46.000Z', 'Hello from 2015', '', null, 'message 1'],
      ['imessage', 'out', '+447700900123', '+447700900123', null, '2023-05-01T12:00:00.123Z', 'Nanoseconds and typedstream ✓', '', null, 'message 2'],
      ['imessage', 'in', 'ana@example.com', null, 'Climbing', '2023-05-02T08:00:00.000Z', 'Group hello', '', null, 'message 3'],
      ['imessage', 'out', 'Climbing', null, 'Climbing', '2023-05-02T08:01:00.000Z', 'Look', 'IMG_1.heic:image/heic', null, 'message 4'],
      ['phone', 'in', '+15551234567', '+15551234567', null, '2023-05-03T09:00:00.000Z', 'Your code is 1234', '', 'sms', 'message 7'],
      ['phone', 'out', '+15551234567', '+15551234567', null, '2023-05-03T09:05:00.000Z', 'Sent by SMS', 'scan.pdf:file', 'mms', 'message 8']
    ]);
    expect(events[0]).toMatchObject({ kind: 'message', name: null, source: { format: 'imessage-db', file: 'chat.db' } });
    expect(skips).toEqual([
      { file: 'chat.db', where: 'message 9', reason: 'no date' },
      { file: 'chat.db', where: 'message 10', reason: 'no text and no attachment' },
      { file: 'chat.db', where: 'message 11', reason: 'the attributedBody holds no readable text' }
    ]);
    expect(tally).toEqual({ reactions: 1, systemRecords: 1 });
  });

  it('reads the same whatever the chunk size', async () => {
    const bytes = await tinyChatDb();
    expect((await read(bytes, 1000)).events).toEqual((await read(bytes, 1 << 20)).events);
  });

  it('refuses a database above the size limit, and an SQLite file without a message table', async () => {
    const bytes = await tinyChatDb();
    await expect(read(bytes, 4096, 8192)).rejects.toThrow('chat.db: the database is larger than 0 MB, more than Crosstalk can open in memory');
    const SQL = await initSqlJs();
    const other = new SQL.Database();
    other.run('CREATE TABLE calls (id INTEGER)');
    await expect(read(other.export())).rejects.toThrow(new ImportError('chat.db', null, 'an SQLite database without a Messages "message" table'));
  });

  it('is detected from the SQLite magic and a Messages table in the first page, or the name chat.db', async () => {
    const bytes = await tinyChatDb();
    expect(imessageImporter.detect(bytes.subarray(0, 4096), 'backup.sqlite')).toBe(true);
    const bare = new Uint8Array(4096);
    bare.set(enc.encode('SQLite format 3\0'));
    expect(imessageImporter.detect(bare, 'other.sqlite')).toBe(false);
    expect(imessageImporter.detect(bare, 'Messages/chat.db')).toBe(true);
    expect(imessageImporter.detect(enc.encode('CREATE TABLE message '), 'chat.db')).toBe(false);
    expect(detectBinaryImporter(bytes.subarray(0, 4096), 'x')).toBe(imessageImporter);
  });

  it('goes through the import pipeline with ids that depend only on content', async () => {
    const bytes = await tinyChatDb();
    const ids = async (name: string) => {
      const all: string[] = [];
      for await (const batch of importFile(name, chunksOf(bytes, 777), { region: 'US', timeZone: 'UTC', me: [] })) all.push(...batch.events.map((e) => `${e.id} ${e.party}`));
      return all;
    };
    const first = await ids('chat.db');
    expect(first).toEqual([
      'ct2-0fe4d9b3ff11a788 imessage:+447700900123',
      'ct2-25ee200929c855fa imessage:+447700900123',
      'ct2-ab5b49ff80c50901 imessage:ana@example.com',
      'ct2-89637691708a4079 imessage#Climbing',
      'ct1-ef8df9f0b6d74178 phone:5551234567',
      'ct1-ada37de46cb4f67f phone:5551234567'
    ]);
    expect(await ids('copy of chat.db')).toEqual(first);
  });
});
