import { describe, expect, it } from 'vitest';
import { SurrogateRefDecoder, sbrXmlImporter } from '../../src/lib/formats/sbr-xml/read';
import { ImportError, type ImportItem } from '../../src/lib/import/types';
import { fromStrings } from '../../src/lib/util/text-stream';
import { OPTIONS, collect, iso } from './helpers';

const PROLOG = "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n";
const parse = (xml: string, chunk?: number) => collect(sbrXmlImporter, xml, { fileName: 'sms-20261022.xml' }, chunk);
const FILE = 'sms-20261022.xml';

async function parseError(xml: string): Promise<ImportError> {
  const error = await parse(xml).then(
    () => null,
    (e: unknown) => e
  );
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

describe('detect', () => {
  it('recognises <smses> and <calls> after the prolog, comments and processing instructions', () => {
    const head = `\ufeff${PROLOG}<!--File Created By SMS Backup & Restore v10.20.002-->\n<?xml-stylesheet type="text/xsl" href="sms.xsl"?>\n<smses count="3" backup_set="x">`;
    expect(sbrXmlImporter.detect(head, 'anything.txt')).toBe(true);
    expect(sbrXmlImporter.detect('<calls count="0"/>', 'calls.xml')).toBe(true);
    expect(sbrXmlImporter.detect('<?xml version="1.0"?>\r\n<calls>', 'x')).toBe(true);
  });

  it('rejects other XML, other text and a head cut inside the prolog', () => {
    expect(sbrXmlImporter.detect(`${PROLOG}<html><body>`, 'sms.xml')).toBe(false);
    expect(sbrXmlImporter.detect(`${PROLOG}<smsesx>`, 'sms.xml')).toBe(false);
    expect(sbrXmlImporter.detect('<!-- a comment with <smses> inside', 'sms.xml')).toBe(false);
    expect(sbrXmlImporter.detect('v,channel,kind\n1,phone,sms', 'sms.xml')).toBe(false);
    expect(sbrXmlImporter.detect('', 'sms.xml')).toBe(false);
  });
});

describe('SMS', () => {
  const xml =
    PROLOG +
    '<!--File Created By SMS Backup & Restore v10.20.002 on 22/10/2026 10:00:00-->\n' +
    '<?xml-stylesheet type="text/xsl" href="sms.xsl"?>\n' +
    '<smses count="10" backup_set="3f2c" backup_date="1792663200000" type="full">\n' +
    '  <sms protocol="0" address=" +86 138 0013 8000 " date="1792458005000" type="1" subject="null" body="Line one&#10;Line two &amp; &lt;three&gt; &quot;q&quot; \'s\'" toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" date_sent="1792458004000" sub_id="1" readable_date="20 Oct 2026 09:00:05" contact_name="Xiao Yang" />\n' +
    '  <sms protocol="0" address="10086" date="1792463400123" type="2" subject="null" body="null" toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" date_sent="0" sub_id="1" contact_name="(Unknown)" />\n' +
    '  <sms address="10086" date="1792570500000" type="4" body="in the outbox" contact_name="null" />\n' +
    '  <sms address="10086" date="1792570500000" type="5" body="failed" />\n' +
    '  <sms address="10086" date="1792570500000" type="6" body="queued" />\n' +
    '  <sms address="10086" date="1792570500000" type="3" body="unsent draft" />\n' +
    '  <sms address="10086" date="1792570500000" type="9" body="?" />\n' +
    '  <sms address="10086" date="yesterday" type="1" body="bad date" />\n' +
    '  <sms address="10086" type="1" body="no date" />\n' +
    '  <sms address="null" date="1792573200000" type="1" body="no sender" />\n' +
    '</smses>\n';

  it('reads every record with its line, and skips drafts, unknown types and bad dates with a reason', async () => {
    const { events, skips } = await parse(xml);
    expect(events).toEqual([
      {
        kind: 'message',
        channel: 'phone',
        direction: 'in',
        handle: '+86 138 0013 8000',
        name: 'Xiao Yang',
        phone: '+86 138 0013 8000',
        conversation: null,
        thread: null,
        start: 1792458005000,
        body: 'Line one\nLine two & <three> "q" \'s\'',
        attachments: [],
        transport: 'sms',
        source: { format: 'sbr-xml', file: FILE, record: 'line 5' }
      },
      expect.objectContaining({ direction: 'out', handle: '10086', name: null, body: '', source: { format: 'sbr-xml', file: FILE, record: 'line 6' } }),
      expect.objectContaining({ direction: 'out', name: null, body: 'in the outbox' }),
      expect.objectContaining({ direction: 'out', body: 'failed' }),
      expect.objectContaining({ direction: 'out', body: 'queued' }),
      expect.objectContaining({ direction: 'in', handle: null, phone: null, body: 'no sender', source: { format: 'sbr-xml', file: FILE, record: 'line 14' } })
    ]);
    expect(iso(events[0].start)).toBe('2026-10-20T01:00:05.000Z');
    expect(iso(events[1].start)).toBe('2026-10-20T02:30:00.123Z');
    expect(skips).toEqual([
      { file: FILE, where: 'line 10', reason: 'draft' },
      { file: FILE, where: 'line 11', reason: 'unknown sms type "9"' },
      { file: FILE, where: 'line 12', reason: 'date="yesterday" is not a number of milliseconds' },
      { file: FILE, where: 'line 13', reason: 'missing date attribute' }
    ]);
  });

  it('gives the same items whatever the chunking', async () => {
    const whole = await parse(xml);
    for (const size of [1, 2, 3, 7, 64, 4096]) expect((await parse(xml, size)).items).toEqual(whole.items);
  });

  it('yields one batch per input chunk that completes records', async () => {
    const sms = (n: number) => `<sms address="1" date="${n}" type="1" body="m${n}" />\n`;
    const batches: ImportItem[][] = [];
    const stream = fromStrings(`${PROLOG}<smses count="3">\n`, sms(1), sms(2) + sms(3), '</smses>');
    for await (const batch of sbrXmlImporter.parse(stream, OPTIONS)) batches.push(batch);
    expect(batches.map((b) => b.length)).toEqual([1, 2]);
  });
});

describe('emoji written as UTF-16 surrogate references', () => {
  const body =
    '&#55357;&#56838; hex &#xD83D;&#xDE06; lower &#xd83d;&#xde06; lone high &#55357; lone low &#56838; ' +
    'high then other &#xD83D;&#65; high at end &#55357;';
  const xml = `${PROLOG}<smses count="1">\n  <sms address="+1" date="1792458005000" type="1" body="${body} planet &#x1F30D; nl&#10;amp &amp;" contact_name="Mia &#55357;&#56842;" />\n</smses>\n`;
  const expected =
    '😆 hex 😆 lower 😆 lone high \ufffd lone low \ufffd high then other \ufffdA high at end \ufffd planet 🌍 nl\namp &';

  it('decodes pairs to the character and unpaired halves to U+FFFD', async () => {
    const { events } = await parse(xml);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ body: expected, name: 'Mia 😊' });
  });

  it('decodes the same with 1-byte chunks and with the text split at every position', async () => {
    expect((await parse(xml, 1)).events[0]).toMatchObject({ body: expected, name: 'Mia 😊' });
    for (let i = 1; i < xml.length; i++) {
      const items: ImportItem[] = [];
      for await (const batch of sbrXmlImporter.parse(fromStrings(xml.slice(0, i), xml.slice(i)), OPTIONS)) items.push(...batch);
      expect(items.length, `split at ${i}`).toBe(1);
      expect(items[0].type === 'event' && items[0].event.kind === 'message' && items[0].event.body, `split at ${i}`).toBe(expected);
    }
  });

  it('SurrogateRefDecoder leaves everything else as it is', () => {
    const text = 'a &#10; &#x1F30D; &amp; &#abc; &#; &#x; & # &#00000000055357; &#55296 end&';
    const decoder = new SurrogateRefDecoder();
    const out = [...text].map((c) => decoder.push(c)).join('') + decoder.end();
    expect(out).toBe(text);
  });
});

describe('MMS', () => {
  const data = 'QUJD'.repeat(50_000);
  const mms = (attrs: string, parts: string, addrs: string) =>
    `  <mms ${attrs} ct_t="application/vnd.wap.multipart.related" read="1" readable_date="Oct 21, 2026 16:15:00">\n    <parts>\n${parts}    </parts>\n    <addrs>\n${addrs}    </addrs>\n  </mms>\n`;
  const addr = (address: string, type: number) => `      <addr address="${address}" type="${type}" charset="106" />\n`;
  const text = (seq: number, t: string) => `      <part seq="${seq}" ct="text/plain" name="null" chset="106" cd="null" fn="null" cid="&lt;text_${seq}&gt;" cl="text_${seq}.txt" text="${t}" />\n`;
  const xml =
    PROLOG +
    '<smses count="10">\n' +
    // line 3
    mms(
      'date="1792570500000" msg_box="1" m_type="132" address="+15550001111" date_sent="1792570499" contact_name="Ann"',
      '      <part seq="-1" ct="application/smil" name="null" cl="smil.xml" text="&lt;smil&gt;&lt;/smil&gt;" />\n' +
        text(1, 'second') +
        `      <part seq="0" ct="image/jpeg" name="IMG_1.jpg" cl="null" fn="null" text="null" data="${data}" />\n` +
        text(0, 'first&#10;line') +
        `      <part seq="2" ct="video/mp4" name="null" cl="null" fn="clip.mp4" data="${data}" />\n` +
        `      <part seq="3" ct="audio/amr" data="${data}" />\n` +
        `      <part seq="4" ct="text/plain" cl="note.txt" data="${data}" />\n`,
      addr('+15550001111', 137) + addr('+15550009999', 151)
    ) +
    // line 18: sent 1:1, sender repeated among recipients
    mms('date="1792573200000" msg_box="2" m_type="128" address="+15550001111" contact_name="Ann"', text(0, 'out'), addr('+15550009999', 137) + addr('+15550001111', 151) + addr('+15550009999', 151)) +
    // line 28: no msg_box, m_type send request, no addrs
    mms('date="1792573200000" m_type="128" address="+15550002222" contact_name="Bo"', text(0, 'by m_type'), '') +
    // line 35: no msg_box, m_type retrieve conf
    mms('date="1792573200000" m_type="132" address="+15550002222" contact_name="Bo"', text(0, 'in by m_type'), '') +
    // line 42: draft
    mms('date="1792573200000" msg_box="3" address="+15550002222"', text(0, 'draft'), '') +
    // line 49: no usable direction
    mms('date="1792573200000" m_type="130" address="+15550002222"', '', '') +
    // line 55: incoming group, ~-joined address
    mms(
      'date="1792663200000" msg_box="1" address="+15550001111~+15550002222~+15550003333" contact_name="Ann, Bo, Cy"',
      text(0, 'hi all'),
      addr('+15550002222', 137) + addr('+15550001111', 151) + addr('+15550003333', 151) + addr('+15550009999', 151)
    ) +
    // line 66: incoming group known only from its addrs
    mms('date="1792663200000" msg_box="1" address="+15550002222" contact_name="Bo"', text(0, 'cc group'), addr('+15550002222', 137) + addr('+15550009999', 151) + addr('+15550003333', 130)) +
    // line 76: outgoing RCS group
    mms(
      'date="1792663200000" msg_box="2" address="group_8@rcs.google.com" contact_name="Ann, Bo, Cy"',
      text(0, 'to the group'),
      addr('+15550009999', 137) + addr('+15550001111', 151) + addr('+15550002222', 151) + addr('+15550003333', 151)
    ) +
    // line 87: bad date
    mms('date="" msg_box="1" address="+15550002222"', text(0, 'x'), '') +
    '</smses>\n';

  it('reads direction, counterpart, body, attachments and groups', async () => {
    const { events, skips, items } = await parse(xml);
    const source = (line: number) => ({ format: 'sbr-xml', file: FILE, record: `line ${line}` });
    expect(events).toEqual([
      {
        kind: 'message',
        channel: 'phone',
        direction: 'in',
        handle: '+15550001111',
        name: 'Ann',
        phone: '+15550001111',
        conversation: null,
        thread: null,
        start: 1792570500000,
        body: 'first\nline\nsecond',
        attachments: [
          { name: 'IMG_1.jpg', type: 'image/jpeg' },
          { name: 'clip.mp4', type: 'video/mp4' },
          { name: '', type: 'audio/amr' },
          { name: 'note.txt', type: 'text/plain' }
        ],
        transport: 'mms',
        source: source(3)
      },
      expect.objectContaining({ direction: 'out', handle: '+15550001111', name: 'Ann', phone: '+15550001111', conversation: null, body: 'out', source: source(18) }),
      expect.objectContaining({ direction: 'out', handle: '+15550002222', name: 'Bo', body: 'by m_type', attachments: [], source: source(28) }),
      expect.objectContaining({ direction: 'in', handle: '+15550002222', name: 'Bo', body: 'in by m_type', source: source(35) }),
      expect.objectContaining({
        direction: 'in',
        handle: '+15550002222',
        name: null,
        phone: '+15550002222',
        conversation: '+15550001111~+15550002222~+15550003333',
        thread: null,
        body: 'hi all',
        source: source(55)
      }),
      expect.objectContaining({ direction: 'in', handle: '+15550002222', name: 'Bo', conversation: '+15550002222~+15550009999~+15550003333', source: source(66) }),
      expect.objectContaining({
        direction: 'out',
        handle: 'group_8@rcs.google.com',
        name: 'Ann, Bo, Cy',
        phone: null,
        conversation: 'group_8@rcs.google.com',
        thread: null,
        body: 'to the group',
        source: source(76)
      })
    ]);
    expect(iso(events[0].start)).toBe('2026-10-21T08:15:00.000Z');
    expect(skips).toEqual([
      { file: FILE, where: 'line 42', reason: 'draft' },
      { file: FILE, where: 'line 49', reason: 'unknown msg_box "" and m_type "130"' },
      { file: FILE, where: 'line 87', reason: 'date="" is not a number of milliseconds' }
    ]);
    expect(JSON.stringify(items)).not.toContain('QUJD');
  });

  it('gives the same items with small chunks', async () => {
    const whole = await parse(xml);
    expect((await parse(xml, 1000)).items).toEqual(whole.items);
    expect((await parse(xml.slice(0, 4000), 1)).items.length).toBe(1);
  });
});

describe('calls', () => {
  const call = (attrs: string) => `  <call ${attrs} subscription_id="1" post_dial_digits="" readable_date="Oct 20, 2026 09:00:05" />\n`;
  const xml =
    PROLOG +
    '<calls count="18" backup_set="3f2c" backup_date="1792663200000" type="full">\n' +
    call('number="+8613800138000" duration="65" date="1792458005000" type="1" presentation="1" contact_name="Xiao Yang"') + // 3
    call('number="10086" duration="120" date="1792458005000" type="2" presentation="1" contact_name="(Unknown)"') +
    call('number="10086" duration="0" date="1792458005000" type="2" presentation="1"') +
    call('number="10086" duration="0" date="1792458005000" type="3" presentation="1"') +
    call('number="10086" duration="20" date="1792458005000" type="4" presentation="1"') +
    call('number="10086" duration="0" date="1792458005000" type="5" presentation="1"') +
    call('number="10086" duration="0" date="1792458005000" type="6" presentation="1"') +
    call('number="10086" duration="30" date="1792458005000" type="7" presentation="1"') + // 10
    call('number="" duration="0" date="1792458005000" type="3" presentation="2" contact_name="(Unknown)"') +
    call('number="-1" duration="0" date="1792458005000" type="3" presentation="3"') +
    call('number="-2" duration="0" date="1792458005000" type="3" presentation="1"') +
    call('number="null" duration="0" date="1792458005000" type="3"') +
    call('number="+8613800138000" duration="90" date="1792458005000" type="1" presentation="4" contact_name="Xiao Yang"') + // 15
    call('number="10086" duration="10" date="1792458005000" type="1" features="1"') +
    call('number="10086" duration="10" date="1792458005000" type="1" features="4"') +
    call('number="10086" duration="0" date="1792458005000" type="9"') +
    call('number="10086" duration="abc" date="1792458005000" type="1"') +
    call('number="10086" date="1792458005000" type="3"') + // 20
    call('number="10086" duration="1" date="" type="1"') +
    '</calls>\n';

  it('maps types, durations, hidden numbers and the video flag', async () => {
    const { events, skips } = await parse(xml);
    expect(events[0]).toEqual({
      kind: 'call',
      channel: 'phone',
      direction: 'in',
      status: 'answered',
      handle: '+8613800138000',
      name: 'Xiao Yang',
      phone: '+8613800138000',
      conversation: null,
      thread: null,
      start: 1792458005000,
      durationSec: 65,
      video: false,
      source: { format: 'sbr-xml', file: FILE, record: 'line 3' }
    });
    expect(iso(events[0].start)).toBe('2026-10-20T01:00:05.000Z');
    const summary = events.map((e) => e.kind === 'call' && [e.direction, e.status, e.durationSec, e.handle, e.phone, e.name, e.video, e.source.record]);
    expect(summary).toEqual([
      ['in', 'answered', 65, '+8613800138000', '+8613800138000', 'Xiao Yang', false, 'line 3'],
      ['out', 'answered', 120, '10086', '10086', null, false, 'line 4'],
      ['out', 'unanswered', 0, '10086', '10086', null, false, 'line 5'],
      ['in', 'missed', 0, '10086', '10086', null, false, 'line 6'],
      ['in', 'voicemail', 20, '10086', '10086', null, false, 'line 7'],
      ['in', 'rejected', 0, '10086', '10086', null, false, 'line 8'],
      ['in', 'blocked', 0, '10086', '10086', null, false, 'line 9'],
      ['in', 'answered', 30, '10086', '10086', null, false, 'line 10'],
      ['in', 'missed', 0, null, null, null, false, 'line 11'],
      ['in', 'missed', 0, null, null, null, false, 'line 12'],
      ['in', 'missed', 0, null, null, null, false, 'line 13'],
      ['in', 'missed', 0, null, null, null, false, 'line 14'],
      ['in', 'answered', 90, null, null, 'Xiao Yang', false, 'line 15'],
      ['in', 'answered', 10, '10086', '10086', null, true, 'line 16'],
      ['in', 'answered', 10, '10086', '10086', null, false, 'line 17'],
      ['in', 'missed', 0, '10086', '10086', null, false, 'line 20']
    ]);
    expect(skips).toEqual([
      { file: FILE, where: 'line 18', reason: 'unknown call type "9"' },
      { file: FILE, where: 'line 19', reason: 'duration="abc" is not a number of seconds' },
      { file: FILE, where: 'line 21', reason: 'date="" is not a number of milliseconds' }
    ]);
  });
});

describe('unreadable files', () => {
  it('rejects malformed XML with the line', async () => {
    const error = await parseError(`${PROLOG}<smses count="2">\n  <sms date="1" type="1" body="x"\n  <sms date="2" type="1" />\n</smses>\n`);
    expect(error.file).toBe(FILE);
    expect(error.where).toBe('line 4');
    expect(error.message).toBe(`${FILE}, line 4: malformed XML: disallowed character in attribute name.`);
  });

  it('rejects a mismatched end tag', async () => {
    const error = await parseError(`${PROLOG}<smses count="1">\n  <mms date="1" msg_box="1">\n  </smses>\n`);
    expect(error.message).toBe(`${FILE}, line 4: malformed XML: unexpected close tag.`);
  });

  it('rejects another root element, an empty file and text that is not XML', async () => {
    expect((await parseError(`${PROLOG}<html>\n<body/></html>`)).message).toBe(
      `${FILE}, line 2: not an SMS Backup & Restore file (root element <html>, expected <smses> or <calls>)`
    );
    expect((await parseError('')).message).toBe(`${FILE}, line 1: not an SMS Backup & Restore file (document must contain a root element.)`);
    expect((await parseError('v,channel\n1,phone\n')).message).toBe(`${FILE}, line 3: not an SMS Backup & Restore file (text data outside of root node.)`);
  });

  it('keeps the complete records of a truncated file and reports the cut one', async () => {
    const head = `${PROLOG}<smses count="3">\n  <sms address="1" date="1" type="1" body="a" />\n`;
    const cutInTag = await parse(`${head}  <sms address="1" date="2" ty`);
    expect(cutInTag.events.map((e) => e.kind === 'message' && e.body)).toEqual(['a']);
    expect(cutInTag.skips).toEqual([{ file: FILE, where: 'line 4', reason: 'the file ends before </smses> (truncated file)' }]);
    const cutInMms = await parse(`${head}  <mms date="3" msg_box="1" address="2">\n    <parts>\n      <part seq="0" ct="text/plain" text="cut" />\n`);
    expect(cutInMms.events).toHaveLength(1);
    expect(cutInMms.skips).toEqual([{ file: FILE, where: 'line 4', reason: 'unfinished <mms>: the file ends before its end tag (truncated file)' }]);
  });
});
