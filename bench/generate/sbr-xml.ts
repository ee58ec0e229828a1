/**
 * SMS Backup & Restore `sms-*.xml`: <sms> records and <mms> records with SMIL, base64 image and text parts.
 * Streams to disk; the image payloads come from a small seeded pool so generation stays fast.
 */
import { Clock, OWNER, body, makePeople, type Person } from './corpus';
import { Rng } from './prng';
import { Sink } from './sink';

export interface SbrOptions {
  /** Number of records (each one event). Ignored when targetBytes is set. */
  count: number;
  /** Write until the file reaches this size (the ~1 GB file); MMS-heavy like a real phone with photos. */
  targetBytes?: number;
  seed: number;
  /** Share of MMS records. */
  mmsShare?: number;
  /** Image size range in bytes (before base64). */
  imageBytes?: [number, number];
}

function xmlAttr(s: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | null = null;
    if (c === 38) rep = '&amp;';
    else if (c === 60) rep = '&lt;';
    else if (c === 62) rep = '&gt;';
    else if (c === 34) rep = '&quot;';
    else if (c === 10) rep = '&#10;';
    else if (c === 13) rep = '&#13;';
    if (rep) {
      out += s.slice(from, i) + rep;
      from = i + 1;
    }
  }
  return from === 0 ? s : out + s.slice(from);
}

/** Old SBR versions write emoji as UTF-16 surrogate references: `&#55357;&#56832;`. */
function surrogateRefs(escaped: string): string {
  let out = '';
  for (const ch of escaped) {
    const cp = ch.codePointAt(0)!;
    if (cp > 0xffff) {
      const hi = 0xd800 + ((cp - 0x10000) >> 10);
      const lo = 0xdc00 + ((cp - 0x10000) & 0x3ff);
      out += `&#${hi};&#${lo};`;
    } else out += ch;
  }
  return out;
}

/** Off: the bare saxes baseline rejects them (our importer rewrites them; tests/unit cover that path). */
const SURROGATE_REFS = false;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function readable(ms: number): string {
  const d = new Date(ms + 8 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

function imagePool(rng: Rng, range: [number, number], size = 24): string[] {
  const pool: string[] = [];
  for (let i = 0; i < size; i++) {
    const n = rng.int(range[0], range[1]);
    const bytes = rng.bytes(n);
    bytes.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00], 0);
    pool.push(Buffer.from(bytes).toString('base64'));
  }
  return pool;
}

export function writeSbrXml(path: string, o: SbrOptions): { bytes: number; events: number } {
  const rng = new Rng(o.seed);
  const people = makePeople(o.seed);
  const target = o.targetBytes ?? 0;
  const count = target ? Math.ceil(target / 2500) : o.count;
  const clock = new Clock(rng, count);
  const mmsShare = o.mmsShare ?? 0.03;
  const pool = imagePool(rng, o.imageBytes ?? [2000, 6000]);
  const sink = new Sink(path);
  const backupDate = Date.UTC(2024, 5, 1);
  sink.write(`<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n`);
  sink.write(`<!--File Created By SMS Backup & Restore v10.20.002 on 01/06/2024 08:00:00-->\n`);
  sink.write(`<?xml-stylesheet type="text/xsl" href="sms.xsl"?>\n`);
  sink.write(`<smses count="${target ? 0 : count}" backup_set="7b5c1d2e-0000-4000-8000-${String(o.seed).padStart(12, '0')}" backup_date="${backupDate}" type="full">\n`);
  let events = 0;
  let mmsId = 1;
  const approxBytes = () => sink.bytes;
  for (let i = 0; target ? approxBytes() < target : i < count; i++) {
    const who: Person = rng.skewed(people);
    const date = clock.next();
    const incoming = rng.chance(0.55);
    const name = rng.chance(0.85) ? who.name : '(Unknown)';
    let text = body(rng);
    if (rng.chance(0.03)) text += '\nSecond line';
    let escaped = xmlAttr(text);
    // Surrogate references (old SBR versions) are invalid XML: a bare SAX baseline would stop at the first one.
    if (SURROGATE_REFS && rng.chance(0.1)) escaped = surrogateRefs(escaped);
    if (!rng.chance(mmsShare)) {
      sink.write(
        `  <sms protocol="0" address="${xmlAttr(who.stored)}" date="${date}" type="${incoming ? 1 : 2}" subject="null" body="${escaped}" toa="null" sc_toa="null" service_center="${incoming ? '+8613800100500' : 'null'}" read="1" status="-1" locked="0" date_sent="${incoming ? date - 2000 : 0}" sub_id="1" readable_date="${readable(date)}" contact_name="${xmlAttr(name)}" />\n`
      );
    } else {
      const id = mmsId++;
      const img = rng.pick(pool);
      const imgName = `IMG_${String(id).padStart(6, '0')}.jpg`;
      const from = incoming ? who.number : OWNER.number;
      const to = incoming ? OWNER.number : who.number;
      sink.write(
        `  <mms date="${date}" rr="null" sub="null" ct_t="application/vnd.wap.multipart.related" read_status="null" seen="1" msg_box="${incoming ? 1 : 2}" address="${xmlAttr(who.number)}" sub_cs="null" resp_st="null" retr_st="null" d_tm="null" text_only="0" exp="null" locked="0" m_id="mms${id}@synthetic" st="null" retr_txt_cs="null" retr_txt="null" creator="com.google.android.apps.messaging" date_sent="${Math.floor(date / 1000)}" read="1" m_size="${img.length}" rpt_a="null" ct_cls="null" pri="129" sub_id="1" tr_id="T${id.toString(16)}" resp_txt="null" ct_l="null" m_cls="personal" d_rpt="129" v="18" _id="${id}" m_type="${incoming ? 132 : 128}" readable_date="${readable(date)}" contact_name="${xmlAttr(name)}">\n` +
          `    <parts>\n` +
          `      <part seq="-1" ct="application/smil" name="null" chset="null" cd="null" fn="null" cid="&lt;smil&gt;" cl="smil.xml" ctt_s="null" ctt_t="null" text="&lt;smil&gt;&lt;head&gt;&lt;layout&gt;&lt;root-layout/&gt;&lt;/layout&gt;&lt;/head&gt;&lt;body&gt;&lt;par dur=&quot;5000ms&quot;&gt;&lt;img src=&quot;${imgName}&quot; region=&quot;Image&quot; /&gt;&lt;/par&gt;&lt;/body&gt;&lt;/smil&gt;" />\n` +
          `      <part seq="0" ct="image/jpeg" name="${imgName}" chset="null" cd="null" fn="null" cid="&lt;${imgName}&gt;" cl="${imgName}" ctt_s="null" ctt_t="null" text="null" data="${img}" />\n` +
          `      <part seq="1" ct="text/plain" name="null" chset="106" cd="null" fn="null" cid="&lt;text_0&gt;" cl="text_0.txt" ctt_s="null" ctt_t="null" text="${escaped}" />\n` +
          `    </parts>\n` +
          `    <addrs>\n` +
          `      <addr address="${xmlAttr(from)}" type="137" charset="106" />\n` +
          `      <addr address="${xmlAttr(to)}" type="151" charset="106" />\n` +
          `    </addrs>\n` +
          `  </mms>\n`
      );
    }
    events++;
  }
  sink.write('</smses>\n');
  return { bytes: sink.close(), events };
}
