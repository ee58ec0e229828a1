/**
 * Facebook Messenger "Download Your Information" `message_1.json` as Facebook writes it: pretty-printed,
 * participants first, messages newest first, the title after them, and every non-ASCII character written as
 * its UTF-8 bytes in `\u00XX` escapes (the mojibake the importer repairs). Texts, photos, stickers, shares,
 * reactions and calls (call_duration), all in one one-to-one thread.
 */
import { Clock, OWNER, body, makePeople } from './corpus';
import { Rng } from './prng';
import { Sink } from './sink';

export interface MessengerOptions {
  count: number;
  seed: number;
}

const encoder = new TextEncoder();
/** JSON string literal with Facebook's mojibake for non-ASCII characters. */
function fb(s: string): string {
  return JSON.stringify(s).replace(/[^\x00-\x7f]+/g, (run) => [...encoder.encode(run)].map((b) => `\\u00${b.toString(16)}`).join(''));
}

export function writeMessenger(path: string, o: MessengerOptions): { bytes: number; events: number } {
  const rng = new Rng(o.seed + 31);
  const partner = makePeople(o.seed)[1];
  // Times ascend; Facebook writes the newest first, so the file is written from the last instant backwards.
  const clock = new Clock(rng, o.count);
  const times: number[] = [];
  for (let i = 0; i < o.count; i++) times.push(clock.next());
  const sink = new Sink(path);
  sink.write(`{\n  "participants": [\n    {\n      "name": ${fb(partner.name)}\n    },\n    {\n      "name": ${fb(OWNER.name)}\n    }\n  ],\n  "messages": [\n`);
  for (let i = o.count - 1; i >= 0; i--) {
    const mine = rng.chance(0.45);
    const head = `    {\n      "sender_name": ${fb(mine ? OWNER.name : partner.name)},\n      "timestamp_ms": ${times[i]},\n`;
    const r = rng.next();
    let rest: string;
    if (r < 0.01) rest = `      "content": ${fb(mine ? `You called ${partner.name}.` : `${partner.name} called you.`)},\n      "call_duration": ${rng.chance(0.7) ? rng.int(5, 3600) : 0},\n      "type": "Call"`;
    else if (r < 0.04) rest = `      "photos": [\n        {\n          "uri": "messages/inbox/thread_1/photos/${i}.jpg",\n          "creation_timestamp": ${Math.floor(times[i] / 1000)}\n        }\n      ],\n      "type": "Generic"`;
    else if (r < 0.05) rest = `      "sticker": {\n        "uri": "messages/stickers_used/${rng.int(1, 40)}.png"\n      },\n      "type": "Generic"`;
    else if (r < 0.06) rest = `      "content": "https://example.com/p/${i}",\n      "share": {\n        "link": "https://example.com/p/${i}"\n      },\n      "type": "Share"`;
    else {
      rest = `      "content": ${fb(body(rng))},\n      "type": "Generic"`;
      if (rng.chance(0.1)) rest += `,\n      "reactions": [\n        {\n          "reaction": ${fb('❤')},\n          "actor": ${fb(mine ? partner.name : OWNER.name)}\n        }\n      ]`;
    }
    sink.write(`${head}${rest},\n      "is_geoblocked_for_viewer": false\n    }${i > 0 ? ',' : ''}\n`);
  }
  sink.write(`  ],\n  "title": ${fb(partner.name)},\n  "is_still_participant": true,\n  "thread_type": "Regular",\n  "thread_path": "inbox/thread_1"\n}\n`);
  return { bytes: sink.close(), events: o.count };
}
