import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportItem, ImportOptions } from '../../src/lib/import/types';
import { parseWhatsApp, whatsappImporter, type WhatsAppTally } from '../../src/lib/formats/whatsapp/read';
import type { DraftEvent, MessageEvent } from '../../src/lib/model/event';
import { chunksOf } from '../../src/lib/util/text-stream';

const DIR = path.resolve(__dirname, '../../../shared/corpus/whatsapp-txt');

async function parseFile(file: string, options: Partial<ImportOptions> = {}, chunkSize = 64 * 1024) {
  const bytes = readFileSync(path.join(DIR, file));
  const tally: WhatsAppTally = { systemLines: 0 };
  const items: ImportItem[] = [];
  const all = { fileName: file, region: 'US', timeZone: 'UTC', me: [], ...options };
  for await (const batch of parseWhatsApp(chunksOf(bytes, chunkSize), all, tally)) items.push(...batch);
  const events = items.flatMap((i) => (i.type === 'event' ? [i.event] : []));
  return { items, events, skips: items.filter((i) => i.type === 'skip'), systemLines: tally.systemLines };
}

const iso = (ms: number) => new Date(ms).toISOString();
const body = (e: DraftEvent) => (e as Omit<MessageEvent, 'id'>).body;

/** The four chat-miner files hold the same chat in four date/time styles. */
const CHAT_MINER = {
  lines: ['line 1', 'line 2', 'line 3', 'line 5', 'line 8', 'line 9', 'line 10'],
  handles: ['John Doe', 'John Doe', 'Jahn Doe', 'John-John Doe', 'John Doe 🤓', '🤓', 'John Doe'],
  bodies: [
    'Lorem ipsum dolor sit amet.',
    '.',
    'Lorem ipsum dolor sit amet,\nconsectetur adipiscing elit. Duis libero.',
    'Lorem ipsum : dolor sit amet.',
    'Lorem ipsum 🤓',
    'Lorem ipsum 🤓',
    'Lorem ipsum dolor sit amet,\nconsectetur adipiscing elit. Duis libero.'
  ],
  starts: [
    '2019-01-01T11:25:00.000Z',
    '2019-01-20T11:23:00.000Z',
    '2019-01-30T20:49:00.000Z',
    '2020-06-10T15:55:00.000Z',
    '2021-12-10T10:10:00.000Z',
    '2021-12-20T12:10:00.000Z',
    '2021-12-30T22:01:00.000Z'
  ]
};

describe('WhatsApp corpus', () => {
  it('covers every file in the corpus directory', () => {
    expect(readdirSync(DIR).sort()).toEqual([
      'chat-miner__test_[mmddyy]_24hrs.txt',
      'chat-miner__test_ddmmyy_24hrs.txt',
      'chat-miner__test_mmddyyyy_12hrs.txt',
      'chat-miner__test_yyyymmdd_24hrs.txt',
      'langchain__whatsapp_chat.txt'
    ]);
  });

  it.each(readdirSync(DIR))('%s is detected from its head', (file) => {
    const head = new TextDecoder().decode(readFileSync(path.join(DIR, file)).subarray(0, 4096));
    expect(whatsappImporter.detect(head, file)).toBe(true);
  });

  it.each(readdirSync(DIR))('%s gives the same items one byte at a time', async (file) => {
    const whole = await parseFile(file);
    const bytewise = await parseFile(file, {}, 1);
    expect(bytewise.items).toEqual(whole.items);
  });

  it.each([
    'chat-miner__test_[mmddyy]_24hrs.txt',
    'chat-miner__test_ddmmyy_24hrs.txt',
    'chat-miner__test_mmddyyyy_12hrs.txt',
    'chat-miner__test_yyyymmdd_24hrs.txt'
  ])('%s: 7 messages of a 5-author group, 2 system lines', async (file) => {
    const { events, skips, systemLines } = await parseFile(file);
    expect(skips).toEqual([]);
    expect(systemLines).toBe(2);
    expect(events.map((e) => e.source.record)).toEqual(CHAT_MINER.lines);
    expect(events.map((e) => e.handle)).toEqual(CHAT_MINER.handles);
    expect(events.map(body)).toEqual(CHAT_MINER.bodies);
    expect(events.map((e) => iso(e.start))).toEqual(CHAT_MINER.starts);
    expect(new Set(events.map((e) => `${e.kind} ${e.direction} ${e.conversation} ${e.phone}`))).toEqual(new Set(['message in null null']));
  });

  it('chat-miner group with the owner named: their lines are out, to the untitled group', async () => {
    const { events } = await parseFile('chat-miner__test_ddmmyy_24hrs.txt', { me: ['john doe'] });
    expect(events.map((e) => [e.direction, e.handle])).toEqual([
      ['out', 'group'],
      ['out', 'group'],
      ['in', 'Jahn Doe'],
      ['in', 'John-John Doe'],
      ['in', 'John Doe 🤓'],
      ['in', '🤓'],
      ['out', 'group']
    ]);
  });

  it('langchain iOS chat: 11 messages, 3 images, the encryption notice left out, US dates in New York time', async () => {
    const { events, skips, systemLines } = await parseFile('langchain__whatsapp_chat.txt', { timeZone: 'America/New_York' });
    expect(skips).toEqual([]);
    expect(systemLines).toBe(1);
    expect(events).toHaveLength(11);
    expect(events.map((e) => e.source.record)).toEqual(Array.from({ length: 11 }, (_, i) => `line ${i + 2}`));
    expect(iso(events[0].start)).toBe('2023-08-15T13:12:43.000Z');
    expect(iso(events[10].start)).toBe('2023-08-16T01:25:16.000Z');
    expect(body(events[0])).toBe('I spotted a rare Hyacinth Macaw yesterday in the Amazon Rainforest. Such a magnificent creature!');
    const images = events.filter((e) => e.kind === 'message' && e.attachments.length);
    expect(images.map((e) => [e.source.record, iso(e.start), body(e), e.kind === 'message' && e.attachments])).toEqual([
      ['line 3', '2023-08-15T13:12:48.000Z', '', [{ name: '', type: 'image' }]],
      ['line 5', '2023-08-15T13:13:23.000Z', '', [{ name: '', type: 'image' }]],
      ['line 8', '2023-08-15T13:14:30.000Z', '', [{ name: '', type: 'image' }]]
    ]);
    // No owner named and no partner in the file name, but the encryption notice opening it is authored by the
    // chat's title: a one-to-one chat with Dr. Feather, so the other author's lines are the owner's.
    expect(new Set(events.map((e) => `${e.handle} ${e.conversation} ${e.thread}`))).toEqual(new Set(['Dr. Feather null Dr. Feather']));
    expect(events.filter((e) => e.direction === 'out').map((e) => e.source.record)).toEqual(['line 4', 'line 7', 'line 10', 'line 12']);
  });

  it('langchain iOS chat as the owner Jungle Jane: one-to-one with Dr. Feather', async () => {
    const { events } = await parseFile('langchain__whatsapp_chat.txt', { me: ['Jungle Jane'] });
    expect(events.filter((e) => e.direction === 'out').map((e) => e.source.record)).toEqual(['line 4', 'line 7', 'line 10', 'line 12']);
    expect(new Set(events.map((e) => e.handle))).toEqual(new Set(['Dr. Feather']));
  });
});
