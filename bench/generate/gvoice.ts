/**
 * Google Voice Takeout text thread (`Voice/Calls/<Name> - Text - <time>.html`), written as Takeout writes it:
 * XHTML with the inline stylesheet, one `div.message` per text with `abbr.dt` (ISO 8601 with offset), the
 * sender's `a.tel` + `span.fn` (`abbr.fn` "Me" for the owner), `q` bodies with `<br>` and entities, and MMS
 * photos as `img[src]`. One long one-to-one thread holds all `count` messages.
 */
import { Clock, OWNER, body, makePeople } from './corpus';
import { Rng } from './prng';
import { Sink } from './sink';

export interface GvoiceOptions {
  count: number;
  seed: number;
}

export const GVOICE_THREAD_TIME = '2024-06-01T08_00_00Z';

const p2 = (n: number) => String(n).padStart(2, '0');
/** `2023-10-01T12:34:50.760-07:00` in the exporter's UTC+8. */
function isoWithOffset(ms: number): string {
  const d = new Date(ms + 8 * 3600_000);
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}+08:00`;
}
function html(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/\n/g, '<br>');
}

export function gvoiceFileName(seed: number): string {
  return `${makePeople(seed)[0].name} - Text - ${GVOICE_THREAD_TIME}.html`;
}

export function writeGvoice(path: string, o: GvoiceOptions): { bytes: number; events: number } {
  const rng = new Rng(o.seed + 23);
  const partner = makePeople(o.seed)[0];
  const clock = new Clock(rng, o.count, 1);
  const sink = new Sink(path);
  sink.write(
    '<?xml version="1.0" ?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">' +
      '<html xmlns="http://www.w3.org/1999/xhtml"><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />\n' +
      `<title>${html(partner.name)}</title>\n<style type="text/css">\n.tags,\n.hChatLog,\n.noteContainer {\n  margin: 0 auto;\n  width: 750px;\n}\ncite {\n  font-style: normal;\n}\n</style></head>\n` +
      '<body><div class="hChatLog hfeed">\n'
  );
  const them = `<cite class="sender vcard"><a class="tel" href="tel:${partner.number}"><span class="fn">${html(partner.name)}</span></a></cite>`;
  const me = `<cite class="sender vcard"><a class="tel" href="tel:${OWNER.number}"><abbr class="fn" title="">Me</abbr></a></cite>`;
  for (let i = 0; i < o.count; i++) {
    const t = clock.next();
    const photo = rng.chance(0.03);
    const text = photo && rng.chance(0.5) ? (rng.chance(0.5) ? 'MMS Sent' : 'MMS Received') : body(rng);
    sink.write(
      `<div class="message"><abbr class="dt" title="${isoWithOffset(t)}">${new Date(t).toDateString()}&#8239;PM\nChina Time</abbr>:\n` +
        `${rng.chance(0.45) ? me : them}:\n<q>${html(text)}</q>\n` +
        (photo ? `<div><img src="${html(partner.name)} - Text - ${GVOICE_THREAD_TIME}-${i + 1}-1" alt="Image MMS Attachment" /></div>` : '') +
        '</div> '
    );
  }
  sink.write('</div>\n\n<div class="tags">Labels:\n<a rel="tag" href="http://www.google.com/voice#sms">Text</a></div>\n<div class="deletedStatusContainer">User Deleted:\nFalse</div></body></html>\n');
  return { bytes: sink.close(), events: o.count };
}
