/**
 * WhatsApp "Export chat" text: Android (a group chat, `dd/mm/yyyy, HH:MM - Author: text`, LF) and iOS
 * (a one-to-one chat, `[m/d/yy, h:mm:ss\u202FPM] Author: text`, CRLF, U+200E before media), with multi-line
 * bodies, media placeholders, calls and system lines.
 */
import { Clock, OWNER, body, makePeople } from './corpus';
import { Rng } from './prng';
import { Sink } from './sink';

export interface WhatsAppOptions {
  count: number;
  seed: number;
  variant: 'android' | 'ios';
}

const p2 = (n: number) => String(n).padStart(2, '0');

/** The chat's wall clock (exports are written in the phone's local time; the importer is told Asia/Shanghai). */
function wall(ms: number) {
  const d = new Date(ms + 8 * 3600_000);
  return { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes(), s: d.getUTCSeconds() };
}

export const WHATSAPP_GROUP = '周末爬山群 Hiking';

export function whatsappFileName(variant: 'android' | 'ios', seed: number): string {
  return variant === 'android' ? `WhatsApp Chat with ${WHATSAPP_GROUP}.txt` : `WhatsApp Chat - ${makePeople(seed)[0].name}.txt`;
}

export function writeWhatsApp(path: string, o: WhatsAppOptions): { bytes: number; events: number } {
  const rng = new Rng(o.seed + (o.variant === 'ios' ? 7 : 3));
  const people = makePeople(o.seed);
  const android = o.variant === 'android';
  const clock = new Clock(rng, o.count, android ? 60_000 : 1000);
  const members = android ? people.slice(0, 24).map((p) => (rng.chance(0.2) ? p.number.replace(/^\+86(\d{3})(\d{4})(\d{4})$/, '+86 $1 $2 $3') : p.name)) : [people[0].name];
  const sink = new Sink(path);
  const nl = android ? '\n' : '\r\n';
  const header = (ms: number): string => {
    const w = wall(ms);
    if (android) return `${p2(w.d)}/${p2(w.mo)}/${w.y}, ${p2(w.h)}:${p2(w.mi)} - `;
    const h12 = w.h % 12 === 0 ? 12 : w.h % 12;
    return `[${w.mo}/${w.d}/${String(w.y).slice(2)}, ${h12}:${p2(w.mi)}:${p2(w.s)}\u202F${w.h < 12 ? 'AM' : 'PM'}] `;
  };
  const first = clock.next();
  if (android) {
    sink.write(`${header(first)}Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.${nl}`);
    sink.write(`${header(first)}${OWNER.name} created group "${WHATSAPP_GROUP}"${nl}`);
  } else {
    sink.write(`${header(first)}${members[0]}: \u200EMessages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.${nl}`);
  }
  let events = 0;
  for (let i = 0; i < o.count; i++) {
    const t = clock.next();
    const me = rng.chance(0.45);
    const author = me ? (android ? 'You' : OWNER.name) : android ? rng.skewed(members, 1.6) : members[0];
    let text: string;
    const r = rng.next();
    if (r < 0.03) text = android ? '<Media omitted>' : '\u200Eimage omitted';
    else if (r < 0.04) text = rng.pick(['Missed voice call', 'Voice call. 2 min', 'Missed video call', 'Video call. 14 min', 'Voice call. 35 sec']);
    else if (r < 0.045 && !android) text = `\u200E<attached: 000${String(i).padStart(5, '0')}-PHOTO-2021-06-07-15-13-20.jpg>`;
    else {
      text = body(rng);
      if (rng.chance(0.05)) text += `${nl}${body(rng)}`;
      if (rng.chance(0.01)) text += `${nl}${nl}${body(rng)}`;
    }
    sink.write(header(t) + author + ': ' + text + nl);
    events++;
  }
  return { bytes: sink.close(), events };
}
