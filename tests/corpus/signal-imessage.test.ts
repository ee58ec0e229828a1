import { expect } from 'vitest';
import { signalImporter } from '../../src/lib/formats/signal/read';
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
