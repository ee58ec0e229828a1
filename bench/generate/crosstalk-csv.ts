/**
 * Crosstalk CSV v1 (docs/crosstalk-csv-v1.md): a phone dump from the Android exporter (calls and SMS/MMS with
 * source ids) mixed with chat-app rows (WhatsApp/Telegram), so the database it fills has every channel.
 */
import { Clock, body, makePeople } from './corpus';
import { Rng } from './prng';
import { Sink } from './sink';

export interface CsvOptions {
  count: number;
  seed: number;
}

function field(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const CALL_STATUS_IN = ['answered', 'answered', 'answered', 'missed', 'missed', 'rejected', 'voicemail', 'blocked'];

export function writeCsv(path: string, o: CsvOptions): { bytes: number; events: number } {
  const rng = new Rng(o.seed + 29);
  const people = makePeople(o.seed);
  const clock = new Clock(rng, o.count);
  const sink = new Sink(path);
  sink.write('v,channel,kind,direction,status,number,name,start,duration_sec,video,body,attachments,crosstalk_id,source_id\r\n');
  for (let i = 0; i < o.count; i++) {
    const p = rng.skewed(people);
    const start = new Date(clock.next()).toISOString();
    const dirIn = rng.chance(0.55);
    const r = rng.next();
    const name = rng.chance(0.8) ? field(p.name) : '';
    let row: string;
    if (r < 0.35) {
      const status = dirIn ? rng.pick(CALL_STATUS_IN) : rng.chance(0.8) ? 'answered' : 'unanswered';
      const dur = status === 'answered' ? rng.int(3, 3600) : 0;
      row = `1,phone,call,${dirIn ? 'in' : 'out'},${status},${field(p.stored)},${name},${start},${dur},${rng.chance(0.05) ? 1 : 0},,,,call:${i + 1}`;
    } else if (r < 0.85) {
      const mms = rng.chance(0.04);
      const att = mms ? field(JSON.stringify([{ name: `IMG_${i}.jpg`, type: 'image/jpeg' }])) : '';
      row = `1,phone,${mms ? 'mms' : 'sms'},${dirIn ? 'in' : 'out'},${dirIn ? 'received' : 'sent'},${field(p.stored)},${name},${start},,,${field(body(rng))},${att},,${mms ? 'mms' : 'sms'}:${i + 1}`;
    } else {
      const channel = r < 0.95 ? 'whatsapp' : 'telegram';
      row = `1,${channel},sms,${dirIn ? 'in' : 'out'},${dirIn ? 'received' : 'sent'},${field(p.number)},${name},${start},,,${field(body(rng))},,,`;
    }
    sink.write(row + '\r\n');
  }
  return { bytes: sink.close(), events: o.count };
}
