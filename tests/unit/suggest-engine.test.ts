import { describe, expect, it } from 'vitest';
import { associate } from '../../src/lib/association/associate';
import { makeEdit, type BindingEdit } from '../../src/lib/association/binding';
import { PartyTally } from '../../src/lib/association/party-tally';
import { en } from '../../src/lib/i18n/en';
import { zh } from '../../src/lib/i18n/zh';
import type { Contact, ContactDetails } from '../../src/lib/model/contact';
import type { CommEvent } from '../../src/lib/model/event';
import { partyKey } from '../../src/lib/model/party';
import { suggest } from '../../src/lib/suggest/engine';
import { evidenceSentence, evidenceSentences } from '../../src/lib/suggest/evidence';

let n = 0;
const DAY = 86_400_000;
const BASE = Date.UTC(2026, 9, 1);
const at = (day: number, hour: number, minute = 0) => BASE + day * DAY + hour * 3_600_000 + minute * 60_000;

function ev(over: Partial<CommEvent>): CommEvent {
  return {
    id: `e${n++}`, channel: 'phone', kind: 'message', direction: 'in', handle: null, name: null, phone: null, conversation: null,
    start: BASE, body: 'x', attachments: [], transport: null, source: { format: 'crosstalk-csv', file: 'f', record: 'r' }, ...over
  } as CommEvent;
}
const sms = (phone: string, start: number) => ev({ channel: 'phone', handle: phone, phone, transport: 'sms', start });
const call = (phone: string, start: number) => ev({ channel: 'phone', kind: 'call', handle: phone, phone, start, status: 'answered', durationSec: 60, video: false } as Partial<CommEvent>);
const chat = (channel: CommEvent['channel'], handle: string, start: number, name = handle) => ev({ channel, handle, name, start });

const NO_DETAILS: ContactDetails = { family: '', given: '', nicknames: [], org: '', emails: [], usernames: [] };
const card = (name: string, number: string, details: Partial<ContactDetails> = {}): Contact => ({
  name, numbers: [number], identities: [], source: { format: 'vcard', file: 'c.vcf', record: 'card 1' }, details: { ...NO_DETAILS, ...details }
});

const A = '+8613800138000';
const B = '+8613900139000';
const C = '+8613700137000';
const D = '+8613600136000';
const contacts = [
  card('杨帆', A, { family: '杨', given: '帆', nicknames: ['小帆'], emails: ['fan.yang@example.org'] }),
  card('Anna Berg', B, { family: 'Berg', given: 'Anna' }),
  card('Anna Smith', C, { family: 'Smith', given: 'Anna' })
];
const events = [
  call(A, at(20, 8)),
  ...[1, 2, 3, 4].map((d) => sms(B, at(d, 9))),
  sms(C, at(30, 9)),
  call(D, at(5, 10)),
  call(D, at(6, 10)),
  chat('instagram', 'fan.yang', at(21, 12)),
  chat('kakaotalk', '😀 ANNA  BERG', at(10, 12)),
  chat('messenger', 'Fan Yang', at(22, 12)),
  chat('wechat', 'wxid_fan', at(23, 12), '小帆'),
  ...[1, 2, 3, 4].map((d) => chat('line', 'Anna', at(d, 20))),
  chat('messenger', 'Mystery', at(5, 10, 3)),
  chat('messenger', 'Mystery', at(6, 10, 3)),
  chat('messenger', 'Lin', at(24, 12)),
  chat('qq', 'Zhang Wei', at(25, 12))
];

function run(edits: BindingEdit[] = []) {
  const tally = new PartyTally();
  for (const e of events) tally.add(e, partyKey(e));
  const settings = { region: 'CN', me: [] };
  const association = associate({ parties: tally.parties.values(), contacts, owners: [], edits, settings });
  return suggest({ people: association.people, parties: tally.parties, contacts, edits, region: 'CN', ownerNames: ['Lin'] });
}

const brief = (s: ReturnType<typeof run>[number]) => ({
  identity: `${s.identity.channel}:${s.identity.handle}`,
  person: s.person.name,
  score: s.score,
  strong: s.strong,
  evidence: s.evidence.map((e) => evidenceSentence(e, en))
});

describe('suggest', () => {
  it('scores every number-less identity against the people with numbers, best first, with the evidence', () => {
    expect(run().map(brief)).toEqual([
      { identity: 'instagram:fan.yang', person: '杨帆', score: 0.95, strong: true, evidence: ['username or e-mail fan.yang@example.org in the vCard'] },
      { identity: 'kakaotalk:😀 ANNA  BERG', person: 'Anna Berg', score: 0.88, strong: true, evidence: ['same name as the vCard contact Anna Berg, ignoring case, spaces, symbols and titles'] },
      { identity: 'messenger:Fan Yang', person: '杨帆', score: 0.86, strong: true, evidence: ['Fan Yang is the pinyin of 杨帆'] },
      { identity: 'wechat:wxid_fan', person: '杨帆', score: 0.8, strong: false, evidence: ['nickname 小帆 in the vCard'] },
      {
        identity: 'line:Anna',
        person: 'Anna Berg',
        score: 0.6,
        strong: false,
        evidence: ['first name of Anna Berg', 'the name also fits one other person', 'of those, the one who talks on the same days the most, more than by chance', 'talked on the same 4 days']
      },
  { identity: 'messenger:Mystery', person: '+8613600136000', score: 0.44, strong: false, evidence: ['2 times a call, then a message here within minutes'] },
    ]);
  });

  it('binds to the person’s first number and never offers the owner’s identities', () => {
    const all = run();
    expect(all.find((s) => s.identity.handle === 'Fan Yang')).toMatchObject({ node: 'id:messenger:Fan Yang', anchor: `num:${A}`, person: { numbers: [A] } });
    expect(all.some((s) => s.identity.handle === 'Lin')).toBe(false);
  });

  it('does not offer a rejected pair again, and offers it again when the rejection is undone', () => {
    const reject = makeEdit('id:messenger:Fan Yang', `num:${A}`, 'unbind', 1, 'dev-a');
    expect(run([reject]).some((s) => s.identity.handle === 'Fan Yang')).toBe(false);
    const undo = makeEdit('id:messenger:Fan Yang', `num:${A}`, 'auto', 2, 'dev-a');
    expect(run([reject, undo]).filter((s) => s.identity.handle === 'Fan Yang').map((s) => s.score)).toEqual([0.86]);
  });

  it('an accepted identity joins the person and is no longer suggested', () => {
    const accept = makeEdit('id:messenger:Fan Yang', `num:${A}`, 'bind', 1, 'dev-a');
    expect(run([accept]).map((s) => s.identity.handle)).toEqual(['fan.yang', '😀 ANNA  BERG', 'wxid_fan', 'Anna', 'Mystery']);
  });

  it('says the evidence in Chinese too', () => {
    const line = run().find((s) => s.identity.channel === 'line')!;
    expect(evidenceSentences(line.evidence).zh).toEqual(['Anna Berg 的名字', '这个名字也符合另外一人', '其中在相同日子联系最多的一位，超出巧合', '在相同的 4 天有联系']);
    expect(evidenceSentence({ kind: 'same-name', name: '小杨', source: 'vcard' }, zh)).toBe('与通讯录联系人 小杨 同名');
  });
});
