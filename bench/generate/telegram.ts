/**
 * Telegram Desktop full export `result.json` (machine-readable JSON), pretty-printed like tdesktop writes it:
 * personal_information, contacts, and chats.list[*].messages with plain and rich `text`, photos, and
 * phone_call service messages.
 */
import { Clock, OWNER, body, makePeople } from './corpus';
import { Rng } from './prng';
import { Sink } from './sink';

export interface TelegramOptions {
  count: number;
  seed: number;
}

const OWNER_ID = 5000001;
const p2 = (n: number) => String(n).padStart(2, '0');
function localIso(ms: number): string {
  const d = new Date(ms + 8 * 3600_000);
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}
const j = JSON.stringify;

export function writeTelegram(path: string, o: TelegramOptions): { bytes: number; events: number } {
  const rng = new Rng(o.seed + 11);
  const people = makePeople(o.seed).slice(0, 60);
  const sink = new Sink(path);
  sink.write(`{\n "about": "Here is the data you requested. Remember: Telegram is ad free, it doesn't sell your data.",\n`);
  sink.write(` "personal_information": {\n  "user_id": ${OWNER_ID},\n  "first_name": "Lin",\n  "last_name": "Chen",\n  "phone_number": "+86 139 0000 1111",\n  "bio": ""\n },\n`);
  sink.write(` "contacts": {\n  "about": "This is your contact list.",\n  "list": [\n`);
  people.forEach((p, i) => {
    const [first, ...rest] = p.name.includes(' ') ? p.name.split(' ') : [p.name];
    sink.write(`   {\n    "user_id": ${p.telegramId},\n    "first_name": ${j(first)},\n    "last_name": ${j(rest.join(' '))},\n    "phone_number": ${j(p.number)},\n    "date": "2020-01-01T10:00:00",\n    "date_unixtime": "1577844000"\n   }${i < people.length - 1 ? ',' : ''}\n`);
  });
  sink.write(`  ]\n },\n "chats": {\n  "about": "This page lists all chats from this export.",\n  "list": [\n`);
  // Split the messages over chats, skewed: a few long chats and many short ones.
  const chats = people.length;
  const weights = people.map((_, i) => 1 / Math.pow(i + 1, 0.9));
  const total = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.floor((w / total) * o.count));
  counts[0] += o.count - counts.reduce((a, b) => a + b, 0);
  let events = 0;
  let msgId = 1;
  for (let c = 0; c < chats; c++) {
    const p = people[c];
    const clock = new Clock(rng, counts[c]);
    sink.write(`   {\n    "name": ${j(p.name)},\n    "type": "personal_chat",\n    "id": ${p.telegramId},\n    "messages": [\n`);
    for (let i = 0; i < counts[c]; i++) {
      const t = clock.next();
      const me = rng.chance(0.45);
      const from = me ? OWNER.name : p.name;
      const fromId = me ? `user${OWNER_ID}` : `user${p.telegramId}`;
      const head = `     {\n      "id": ${msgId++},\n      "type": "${'%TYPE%'}",\n      "date": "${localIso(t)}",\n      "date_unixtime": "${Math.floor(t / 1000)}",\n`;
      const r = rng.next();
      let rec: string;
      if (r < 0.01) {
        const dur = rng.chance(0.7) ? rng.int(5, 3600) : 0;
        rec =
          head.replace('%TYPE%', 'service') +
          `      "actor": ${j(from)},\n      "actor_id": "${fromId}",\n      "action": "phone_call",\n` +
          (dur ? `      "duration_seconds": ${dur},\n` : '') +
          `      "discard_reason": "${dur ? 'hangup' : rng.pick(['missed', 'busy'])}",\n      "text": "",\n      "text_entities": []\n     }`;
      } else if (r < 0.06) {
        const text = body(rng);
        rec =
          head.replace('%TYPE%', 'message') +
          `      "from": ${j(from)},\n      "from_id": "${fromId}",\n` +
          `      "text": [\n       ${j(text + ' ')},\n       {\n        "type": "link",\n        "text": "https://example.com/p/${msgId}"\n       }\n      ],\n` +
          `      "text_entities": [\n       {\n        "type": "plain",\n        "text": ${j(text + ' ')}\n       },\n       {\n        "type": "link",\n        "text": "https://example.com/p/${msgId}"\n       }\n      ]\n     }`;
      } else if (r < 0.09) {
        rec =
          head.replace('%TYPE%', 'message') +
          `      "from": ${j(from)},\n      "from_id": "${fromId}",\n      "photo": "(File not included. Change data exporting settings to download.)",\n      "width": 1280,\n      "height": 960,\n` +
          `      "text": "",\n      "text_entities": []\n     }`;
      } else {
        const text = body(rng);
        rec =
          head.replace('%TYPE%', 'message') +
          `      "from": ${j(from)},\n      "from_id": "${fromId}",\n      "text": ${j(text)},\n` +
          `      "text_entities": [\n       {\n        "type": "plain",\n        "text": ${j(text)}\n       }\n      ]\n     }`;
      }
      sink.write(rec + (i < counts[c] - 1 ? ',\n' : '\n'));
      events++;
    }
    sink.write(`    ]\n   }${c < chats - 1 ? ',' : ''}\n`);
  }
  sink.write(`  ]\n }\n}\n`);
  return { bytes: sink.close(), events };
}
