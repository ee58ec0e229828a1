import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import initSqlJs from 'sql.js';
import { signalImporter } from '../../src/lib/formats/signal/read';
import { imessageImporter, parseChatDb } from '../../src/lib/formats/imessage/read';
import { attributedBodyText } from '../../src/lib/formats/imessage/typedstream';
import { chunksOf } from '../../src/lib/util/text-stream';
import type { ImportItem } from '../../src/lib/import/types';
import { corpusReader, describeCorpus } from './corpus-suite';
import { collect, iso } from '../unit/helpers';

const signal = corpusReader('signal');

async function loadSignal(name: string, me: string[] = [], chunk = 64 * 1024) {
  return collect(signalImporter, signal.read(name), { fileName: name, timeZone: 'UTC', me }, chunk);
}

describeCorpus('Signal corpus', {
  importer: signalImporter,
  folder: 'signal',
  expected: {
    // chat-miner's signal-export file (older `[YYYY-MM-DD, HH:MM]` form): two authors, no owner named, so
    // both lines are incoming and, with two other people, the chat reads as a group without a title.
    async 'chat-miner__test_export.txt'(name) {
      const { items, events } = await loadSignal(name);
      expect(items).toHaveLength(2);
      expect(events.map((e) => [e.channel, e.kind, e.direction, e.handle, e.name, e.phone, e.conversation, iso(e.start), e.kind === 'message' ? e.body : '', e.source.record])).toEqual([
        ['signal', 'message', 'in', 'Jane Doe', 'Jane Doe', null, null, '2019-12-24T12:23:00.000Z', 'Hello John!', 'line 1'],
        ['signal', 'message', 'in', 'John Doe', 'John Doe', null, null, '2020-01-17T21:49:00.000Z', 'Hello\nJane!', 'line 2']
      ]);
      expect(events[0]).toMatchObject({ attachments: [], transport: null, source: { format: 'signal', file: name } });
      // Naming the owner makes it a one-to-one chat with Jane.
      const mine = await loadSignal(name, ['John Doe']);
      expect(mine.events.map((e) => [e.direction, e.handle, e.conversation])).toEqual([
        ['in', 'Jane Doe', null],
        ['out', 'Jane Doe', null]
      ]);
    }
  },
  load: (name, chunk) => loadSignal(name, [], chunk)
});

const imessage = corpusReader('imessage');

/** plaso's chat.db (OS X El Capitan, 2015): dates in seconds, handles without "+", every row with text. */
describe('iMessage chat.db corpus', () => {
  const name = 'imessage_chat.db';

  it('covers every file in the corpus', () => {
    expect(readdirSync(imessage.dir)).toEqual([name]);
  });

  it('is detected from its first page', () => {
    expect(imessageImporter.detect(imessage.read(name).subarray(0, 4096), name)).toBe(true);
  });

  it('reads its 10 messages with exact values', async () => {
    const tally = { reactions: 0, systemRecords: 0 };
    const items: ImportItem[] = [];
    for await (const b of parseChatDb(chunksOf(new Uint8Array(imessage.read(name)), 65536), { fileName: name, region: 'GB', timeZone: 'UTC', me: [] }, tally)) items.push(...b);
    const events = items.flatMap((i) => (i.type === 'event' ? [i.event] : []));
    expect(items).toHaveLength(10);
    const eireanne = '447775455555';
    expect(events.map((e) => [e.channel, e.direction, e.handle, e.phone, e.conversation, iso(e.start), e.kind === 'message' ? e.body.slice(0, 24) : '', e.source.record])).toEqual([
      ['imessage', 'in', eireanne, eireanne, null, '2015-11-22T18:09:46.000Z', "Hey Kenneth, it's Eirean", 'message 1'],
      ['imessage', 'out', eireanne, eireanne, null, '2015-11-22T23:01:12.000Z', 'Hi Eireanne, I would get', 'message 2'],
      ['imessage', 'in', eireanne, eireanne, null, '2015-11-22T23:04:46.000Z', 'Okay thank you! Yea I wa', 'message 3'],
      ['imessage', 'in', eireanne, eireanne, null, '2015-11-23T19:13:57.000Z', 'Do you need Microsoft of', 'message 4'],
      ['imessage', 'out', eireanne, eireanne, null, '2015-11-23T19:24:56.000Z', 'Yes, but I can get you a', 'message 5'],
      ['imessage', 'out', eireanne, eireanne, null, '2015-11-23T19:26:14.000Z', 'It does have it’s own ‘o', 'message 6'],
      ['imessage', 'in', eireanne, eireanne, null, '2015-11-23T19:26:35.000Z', 'Aww okay fab!', 'message 7'],
      ['imessage', 'in', 'xxxxxx2015@icloud.com', null, null, '2015-11-30T10:48:40.000Z', 'Did you try to send me a', 'message 8'],
      ['imessage', 'out', 'xxxxxx2015@icloud.com', null, null, '2015-11-30T12:19:52.000Z', 'Yes, did you get it?', 'message 9'],
      ['imessage', 'out', eireanne, eireanne, null, '2015-12-02T19:24:53.000Z', "Hi Eireanne, I've left a", 'message 10']
    ]);
    expect(events.every((e) => e.kind === 'message' && e.attachments.length === 0 && e.transport === null)).toBe(true);
    // Trailing spaces of message.text are trimmed.
    expect(events[6].kind === 'message' && events[6].body).toBe('Aww okay fab!');
    expect(tally).toEqual({ reactions: 0, systemRecords: 0 });
  });

  it("decodes every row's attributedBody; the sample's text column was edited after the fact in two rows", async () => {
    const SQL = await initSqlJs();
    const db = new SQL.Database(new Uint8Array(imessage.read(name)));
    const [result] = db.exec('SELECT ROWID, text, attributedBody FROM message ORDER BY ROWID');
    db.close();
    const differing = result.values.filter(([, text, blob]) => attributedBodyText(blob as Uint8Array) !== text).map(([id, , blob]) => [id, attributedBodyText(blob as Uint8Array)]);
    expect(result.values).toHaveLength(10);
    expect(differing).toEqual([
      [6, 'It does have it’s own ‘office’ software, but you can also install Microsoft Office, which I have a copy of.'],
      [10, "Hi Eireanne, I've left a USB stick up at my Mum's with Microsoft Office on it."]
    ]);
  });
});
