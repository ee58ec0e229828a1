import { describe, expect, it } from 'vitest';
import { associate, type AssociationInput } from '../../src/lib/association/associate';
import { makeEdit } from '../../src/lib/association/binding';
import { PartyTally } from '../../src/lib/association/party-tally';
import type { Contact } from '../../src/lib/model/contact';
import type { CommEvent } from '../../src/lib/model/event';
import { partyKey } from '../../src/lib/model/party';

let n = 0;
function ev(over: Partial<CommEvent>): CommEvent {
  return {
    id: `e${n++}`, channel: 'phone', kind: 'message', direction: 'in', handle: null, name: null, phone: null, conversation: null,
    start: Date.UTC(2026, 9, 20) + n * 1000, body: 'x', attachments: [], transport: null,
    source: { format: 'crosstalk-csv', file: 'f', record: 'r' }, ...over
  } as CommEvent;
}
const contact = (name: string, numbers: string[], identities: Contact['identities'] = []): Contact => ({ name, numbers, identities, source: { format: 'vcard', file: 'c.vcf', record: 'card 1' } });

function input(events: CommEvent[], rest: Partial<AssociationInput> = {}): AssociationInput {
  const tally = new PartyTally();
  for (const e of events) tally.add(e, partyKey(e));
  return { parties: tally.parties.values(), contacts: [], owners: [], edits: [], settings: { region: 'CN', me: ['Lin'] }, ...rest };
}

const phoneCall = ev({ channel: 'phone', kind: 'call', handle: '13800138000', phone: '13800138000', status: 'answered', durationSec: 5, video: false } as Partial<CommEvent>);
const phoneSms = ev({ channel: 'phone', handle: '+86 138 0013 8000', phone: '+86 138 0013 8000', transport: 'sms' } as Partial<CommEvent>);
const waByName = ev({ channel: 'whatsapp', handle: 'Xiao Yang', name: 'Xiao Yang' });
const waOwner = ev({ channel: 'whatsapp', handle: 'Lin', direction: 'out' });
const tg = ev({ channel: 'telegram', handle: 'user42', name: 'Yang X.' });
const stranger = ev({ channel: 'phone', handle: '10086', phone: '10086' });

describe('associate', () => {
  it('joins a number, its vCard name on WhatsApp and the Telegram contact into one person', () => {
    const a = associate(input([phoneCall, phoneSms, waByName, waOwner, tg, stranger], {
      contacts: [contact('Xiao Yang', ['+8613800138000']), contact('Yang X.', ['138 0013 8000'], [{ channel: 'telegram', handle: 'user42' }])]
    }));
    expect(a.people.map((p) => ({ name: p.name, numbers: p.numbers, handles: p.handles, counts: p.counts }))).toEqual([
      { name: '10086', numbers: ['10086'], handles: [], counts: { phone: { call: 0, message: 1 } } },
      {
        name: 'Xiao Yang',
        numbers: ['+8613800138000'],
        handles: [{ channel: 'telegram', handle: 'user42' }, { channel: 'whatsapp', handle: 'Xiao Yang' }],
        counts: { phone: { call: 1, message: 1 }, whatsapp: { call: 0, message: 1 }, telegram: { call: 0, message: 1 } }
      }
    ]);
  });

  it('binds a WhatsApp author shown as a number', () => {
    const wa = ev({ channel: 'whatsapp', handle: '+86 138 0013 8000', phone: '+86 138 0013 8000' });
    const a = associate(input([phoneCall, wa]));
    expect(a.people).toHaveLength(1);
    expect(a.people[0].numbers).toEqual(['+8613800138000']);
  });

  it('does not bind a name that two different contacts share', () => {
    const a = associate(input([phoneCall, waByName], { contacts: [contact('Xiao Yang', ['+8613800138000']), contact('Xiao Yang', ['+8613900139000'])] }));
    expect(a.people).toHaveLength(2);
  });

  it('never makes the owner a person, even from their own contact card', () => {
    const a = associate(input([waOwner, phoneCall], { owners: [{ name: 'Lin', phone: '+8613800138000', identity: null }] }));
    expect(a.people).toEqual([]);
  });

  it('lets user edits override the files, and the latest edit wins', () => {
    const base = input([phoneCall, waByName], { contacts: [contact('Xiao Yang', ['+8613800138000'])] });
    const parties = [...base.parties];
    const unbind = makeEdit('id:whatsapp:Xiao Yang', 'num:+8613800138000', 'unbind', 1, 'dev-a');
    expect(associate({ ...base, parties, edits: [unbind] }).people).toHaveLength(2);
    const rebind = makeEdit('num:+8613800138000', 'id:whatsapp:Xiao Yang', 'auto', 2, 'dev-b');
    expect(associate({ ...base, parties, edits: [unbind, rebind] }).people).toHaveLength(1);
    const bindOther = makeEdit('num:10086', 'id:whatsapp:Xiao Yang', 'bind', 3, 'dev-a');
    const withStranger = input([phoneCall, waByName, stranger], { contacts: [contact('Xiao Yang', ['+8613800138000'])] });
    const people = associate({ ...withStranger, edits: [bindOther] }).people;
    expect(people).toHaveLength(1);
    expect(people[0].numbers).toEqual(['+8613800138000', '10086']);
  });

  it('keeps group conversations and hidden numbers out of people', () => {
    const group = ev({ channel: 'whatsapp', conversation: 'Family', handle: 'Family', direction: 'out' });
    const hidden = ev({ channel: 'phone', kind: 'call', handle: null, phone: null, status: 'missed', durationSec: 0, video: false } as Partial<CommEvent>);
    expect(associate(input([group, hidden])).people).toEqual([]);
  });
});
