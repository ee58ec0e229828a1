import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { sbrCallsXml, sbrSmsXml, sbrZip, xmlAttr } from '../../src/lib/formats/sbr-xml/write';
import { sbrXmlImporter } from '../../src/lib/formats/sbr-xml/read';
import type { CsvRow } from '../../src/lib/formats/crosstalk-csv/columns';
import { collect, iso } from './helpers';

const row = (over: Partial<CsvRow>): CsvRow => ({
  v: '1', channel: 'whatsapp', kind: 'sms', direction: 'in', status: 'received', number: '+8613800138000', name: 'Xiao Yang',
  start: '2026-10-20T01:00:05.000Z', duration_sec: '', video: '', body: '', attachments: '', crosstalk_id: 'ct1-x', source_id: '', ...over
});
const rows: CsvRow[] = [
  row({ body: '[WhatsApp] <b>"hi" & bye</b>\nline 2\ttab 😆 火锅' }),
  row({ direction: 'out', status: 'sent', start: '2026-10-20T01:01:00.000Z', body: '[WhatsApp] ok\r\nbad\u0001char' }),
  row({ kind: 'call', status: 'missed', duration_sec: '0', video: '1', start: '2026-10-20T02:00:00.000Z' }),
  row({ kind: 'call', direction: 'out', status: 'answered', duration_sec: '125', video: '0', start: '2026-10-20T03:00:00.000Z', name: '' }),
  row({ kind: 'call', status: 'rejected', duration_sec: '0', start: '2026-10-20T04:00:00.000Z' })
];

describe('SMS Backup & Restore XML writer', () => {
  it('escapes attribute text the way XML 1.0 allows', () => {
    expect(xmlAttr('a<b>&"c"\n\r\t\u0001😆')).toBe('a&lt;b&gt;&amp;&quot;c&quot;&#10;&#13;&#9;\ufffd😆');
  });

  it('writes the attributes the app writes, in its structure', () => {
    const sms = sbrSmsXml(rows, 'Asia/Shanghai', 1_800_000_000_000, 'set-1');
    expect(sms.split('\n').slice(0, 4)).toEqual([
      "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>",
      '<!--File Created By Crosstalk (SMS Backup & Restore format)-->',
      '<smses count="2" backup_set="set-1" backup_date="1800000000000" type="full">',
      '  <sms protocol="0" address="+8613800138000" date="1792458005000" type="1" subject="null" body="[WhatsApp] &lt;b&gt;&quot;hi&quot; &amp; bye&lt;/b&gt;&#10;line 2&#9;tab 😆 火锅" toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" date_sent="0" sub_id="-1" readable_date="Oct 20, 2026, 9:00:05 AM" contact_name="Xiao Yang" />'
    ]);
    const calls = sbrCallsXml(rows, 'UTC', 1, 's');
    expect(calls).toContain('<calls count="3" backup_set="s" backup_date="1" type="full">');
    expect(calls).toContain('<call number="+8613800138000" duration="125" date="1792465200000" type="2" presentation="1" subscription_id="-1" post_dial_digits="" subscription_component_name="app.crosstalk.exporter/.WriteBack" readable_date="Oct 20, 2026, 3:00:00 AM" contact_name="(Unknown)" />');
  });

  it('re-imported by our own importer yields the same records', async () => {
    const files = unzipSync(sbrZip(rows, 'Asia/Shanghai', Date.parse('2026-11-01T00:00:00Z')));
    expect(Object.keys(files).sort()).toEqual(['calls-20261101000000.xml', 'sms-20261101000000.xml']);
    const sms = await collect(sbrXmlImporter, files['sms-20261101000000.xml'], {}, 7);
    expect(sms.skips).toEqual([]);
    expect(sms.events.map((e) => [e.kind, e.direction, e.phone, iso(e.start), e.kind === 'message' && e.body])).toEqual([
      ['message', 'in', '+8613800138000', '2026-10-20T01:00:05.000Z', rows[0].body],
      ['message', 'out', '+8613800138000', '2026-10-20T01:01:00.000Z', '[WhatsApp] ok\r\nbad\ufffdchar']
    ]);
    const calls = await collect(sbrXmlImporter, files['calls-20261101000000.xml']);
    expect(calls.events.map((e) => e.kind === 'call' && [e.direction, e.status, e.durationSec, iso(e.start)])).toEqual([
      ['in', 'missed', 0, '2026-10-20T02:00:00.000Z'],
      ['out', 'answered', 125, '2026-10-20T03:00:00.000Z'],
      ['in', 'rejected', 0, '2026-10-20T04:00:00.000Z']
    ]);
  });
});
