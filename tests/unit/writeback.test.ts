import { describe, expect, it } from 'vitest';
import { associate } from '../../src/lib/association/associate';
import { PartyTally } from '../../src/lib/association/party-tally';
import { CSV_HEADER, csvRowLine } from '../../src/lib/formats/crosstalk-csv/write';
import { writebackRows } from '../../src/lib/writeback/rows';
import { phoneIdOfRow } from '../../src/lib/writeback/fingerprint';
import { IdAssigner } from '../../src/lib/model/ids';
import type { DraftEvent } from '../../src/lib/model/event';
import { partyKey } from '../../src/lib/model/party';
import { crosstalkCsvImporter } from '../../src/lib/formats/crosstalk-csv/read';
import { collect } from './helpers';

const src = { format: 'whatsapp-txt' as const, file: 'chat.txt', record: 'line 1' };
const at = (iso: string) => Date.parse(iso);
const drafts: DraftEvent[] = [
  { channel: 'phone', kind: 'call', direction: 'in', handle: '13800138000', name: null, phone: '13800138000', conversation: null, thread: null, start: at('2026-10-19T00:00:00Z'), status: 'answered', durationSec: 30, video: false, source: { ...src, format: 'sbr-xml' } },
  { channel: 'whatsapp', kind: 'message', direction: 'out', handle: 'Xiao Yang', name: 'Xiao Yang', phone: null, conversation: null, thread: 'Xiao Yang', start: at('2026-10-20T01:00:00Z'), body: 'see you, "soon"\nok', attachments: [], transport: null, source: src },
  { channel: 'whatsapp', kind: 'message', direction: 'in', handle: 'Xiao Yang', name: 'Xiao Yang', phone: null, conversation: null, thread: 'Xiao Yang', start: at('2026-10-20T01:05:00Z'), body: '', attachments: [{ name: 'IMG-1.jpg', type: 'image' }], transport: null, source: src },
  { channel: 'whatsapp', kind: 'call', direction: 'in', handle: 'Xiao Yang', name: 'Xiao Yang', phone: null, conversation: null, thread: 'Xiao Yang', start: at('2026-10-20T02:00:00Z'), status: 'missed', durationSec: 0, video: true, source: src },
  { channel: 'telegram', kind: 'message', direction: 'in', handle: 'user7', name: 'Wang Fang', phone: null, conversation: null, thread: 'user7', start: at('2026-10-21T00:00:00Z'), body: '你好', attachments: [], transport: null, source: { ...src, format: 'telegram-json' } },
  { channel: 'telegram', kind: 'call', direction: 'out', handle: 'user7', name: 'Wang Fang', phone: null, conversation: null, thread: 'user7', start: at('2026-10-21T01:00:00Z'), status: 'answered', durationSec: 125, video: false, source: { ...src, format: 'telegram-json' } },
  // Not written: a group message, and someone without a number.
  { channel: 'whatsapp', kind: 'message', direction: 'out', handle: 'Family', name: null, phone: null, conversation: 'Family', thread: 'Family', start: at('2026-10-21T02:00:00Z'), body: 'hi all', attachments: [], transport: null, source: src },
  { channel: 'whatsapp', kind: 'message', direction: 'in', handle: 'Nobody', name: 'Nobody', phone: null, conversation: null, thread: 'Nobody', start: at('2026-10-21T03:00:00Z'), body: 'who?', attachments: [], transport: null, source: src }
];

function setup() {
  const ids = new IdAssigner();
  const events = drafts.map((d) => {
    const e = ids.assign(d);
    return { ...e, party: partyKey(e) };
  });
  const tally = new PartyTally();
  for (const e of events) tally.add(e, e.party);
  const association = associate({
    parties: tally.parties.values(),
    contacts: [
      { name: 'Xiao Yang', numbers: ['+86 138 0013 8000'], identities: [], source: { format: 'vcard', file: 'c.vcf', record: 'card 1' } },
      { name: 'Wang Fang', numbers: ['+86 139 0013 9000'], identities: [{ channel: 'telegram', handle: 'user7' }], source: { format: 'telegram-json', file: 'result.json', record: 'contacts[0]' } }
    ],
    owners: [],
    edits: [],
    settings: { region: 'CN', me: ['Lin'] }
  });
  return { events, association };
}

describe('write-back set', () => {
  it('holds exactly the chat-app one-to-one events of people with a bound number, as exact rows', () => {
    const { events, association } = setup();
    const rows = writebackRows(events, association, { label: true });
    const [m1, m2, c1, tm, tc] = events.slice(1, 6).map((e) => e.id);
    expect(CSV_HEADER + rows.map(csvRowLine).join('')).toBe(
      'v,channel,kind,direction,status,number,name,start,duration_sec,video,body,attachments,crosstalk_id,source_id\r\n' +
        `1,whatsapp,sms,out,sent,+8613800138000,Xiao Yang,2026-10-20T01:00:00.000Z,,,"[WhatsApp] see you, ""soon""\nok",,${m1},\r\n` +
        `1,whatsapp,sms,in,received,+8613800138000,Xiao Yang,2026-10-20T01:05:00.000Z,,,[WhatsApp] 📎 IMG-1.jpg,"[{""name"":""IMG-1.jpg"",""type"":""image""}]",${m2},\r\n` +
        `1,whatsapp,call,in,missed,+8613800138000,Xiao Yang,2026-10-20T02:00:00.000Z,0,1,,,${c1},\r\n` +
        `1,telegram,sms,in,received,+8613900139000,Wang Fang,2026-10-21T00:00:00.000Z,,,[Telegram] 你好,,${tm},\r\n` +
        `1,telegram,call,out,answered,+8613900139000,Wang Fang,2026-10-21T01:00:00.000Z,125,0,,,${tc},\r\n`
    );
  });

  it('leaves out excluded people, written events, and labels on request', () => {
    const { events, association } = setup();
    const wang = association.people.find((p) => p.name === 'Wang Fang')!.id;
    const rows = writebackRows(events, association, { label: false, excludedPeople: new Set([wang]), alreadyWritten: (id) => id === events[3].id });
    expect(rows.map((r) => [r.channel, r.kind, r.body])).toEqual([
      ['whatsapp', 'sms', 'see you, "soon"\nok'],
      ['whatsapp', 'sms', '📎 IMG-1.jpg']
    ]);
  });

  it('knows the id each row will have when the phone hands it back', async () => {
    const { events, association } = setup();
    const rows = writebackRows(events, association, { label: true });
    // The phone's copy of the rows: plain phone records, as a phone dump shows them (no Crosstalk id).
    const dump = CSV_HEADER + rows.map((r) => csvRowLine({ ...r, channel: 'phone', crosstalk_id: '', source_id: 'x' })).join('');
    const back = await collect(crosstalkCsvImporter, dump);
    const ids = new IdAssigner();
    expect(back.events.map((e) => ids.assign(e).id)).toEqual(rows.map(phoneIdOfRow));
  });
});
