import { expect } from 'vitest';
import { telegramImporter } from '../../src/lib/formats/telegram/read';
import type { DraftEvent } from '../../src/lib/model/event';
import { corpusReader, describeCorpus } from './corpus-suite';
import { collect, iso } from '../unit/helpers';

const { read } = corpusReader('telegram-json');

async function load(name: string, me: string[] = [], chunk = 64 * 1024) {
  return collect(telegramImporter, read(name), { fileName: name, me }, chunk);
}

function rows(events: DraftEvent[]) {
  return events.map((e) => [e.kind, e.direction, e.handle, e.name, e.conversation, iso(e.start), e.kind === 'message' ? e.body : '', e.source.record]);
}

/** chat-miner's two files hold the same two messages: authors only by name, no ids, no chat type. */
const CHAT_MINER_TIMES = ['2018-12-05T10:39:10.000Z', '2018-12-05T10:49:24.000Z'];

/** Every corpus file, with what it must give. */
const EXPECTED: Record<string, (name: string) => Promise<void>> = {
  async 'chat-miner__test_batch_export.json'(name) {
    const { items, events } = await load(name);
    expect(items).toHaveLength(2);
    expect(rows(events)).toEqual([
      ['message', 'in', 'Author 1', 'Author 1', 'Chatname', CHAT_MINER_TIMES[0], 'Minimal Message', 'chat "Chatname" messages[0]'],
      ['message', 'in', 'Author 2', 'Author 2', 'Chatname', CHAT_MINER_TIMES[1], 'Link:https://telegram.org/', 'chat "Chatname" messages[1]']
    ]);
    expect(events[1]).toMatchObject({ channel: 'telegram', phone: null, attachments: [], transport: null, source: { format: 'telegram-json', file: name } });
    // An unknown chat type reads like a group: the owner's lines go to the chat.
    const mine = await load(name, ['Author 1']);
    expect(mine.events.map((e) => [e.direction, e.handle, e.conversation])).toEqual([
      ['out', 'Chatname', 'Chatname'],
      ['in', 'Author 2', 'Chatname']
    ]);
  },

  async 'chat-miner__test_single_export.json'(name) {
    const { items, events } = await load(name, ['author 2']);
    expect(items).toHaveLength(2);
    expect(rows(events)).toEqual([
      ['message', 'in', 'Author 1', 'Author 1', null, CHAT_MINER_TIMES[0], 'Minimal Message', 'messages[0]'],
      ['message', 'out', null, null, null, CHAT_MINER_TIMES[1], 'Link:https://telegram.org/', 'messages[1]']
    ]);
  },

  // langchain re-created this file with ids that no longer match: the chat id (5965280513) is neither
  // author's from_id, so by the personal-chat rule (only the partner's user<id> is `in`) every line is `out`.
  async 'langchain__telegram_chat_json_result.json'(name) {
    const { items, events } = await load(name, ['Batman & Robin']);
    expect(items).toHaveLength(4);
    expect(rows(events)).toEqual([
      ['message', 'out', 'user5965280513', 'Jimmeny', null, '2023-08-23T20:11:23.000Z', 'i refuse to converse with you', 'messages[0]'],
      ['message', 'out', 'user5965280513', 'Jimmeny', null, '2023-08-23T20:13:20.000Z', 'Hi nemesis', 'messages[1]'],
      ['message', 'out', 'user5965280513', 'Jimmeny', null, '2023-08-23T20:15:35.000Z', 'we meet again', 'messages[2]'],
      ['message', 'out', 'user5965280513', 'Jimmeny', null, '2023-08-23T20:15:53.000Z', 'you will not trick me this time', 'messages[3]']
    ]);
    // date_unixtime wins over the local `date` ("2023-08-23T13:11:23", written in the exporter's UTC-7).
    expect(events[0].start).toBe(1692821483000);
  }
};

describeCorpus('Telegram JSON corpus', {
  importer: telegramImporter,
  folder: 'telegram-json',
  expected: EXPECTED,
  load: (name, chunk) => load(name, [], chunk)
});
