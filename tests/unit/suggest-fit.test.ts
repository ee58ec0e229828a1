import { describe, expect, it } from 'vitest';
import { associate } from '../../src/lib/association/associate';
import { PartyTally } from '../../src/lib/association/party-tally';
import { en } from '../../src/lib/i18n/en';
import { zh } from '../../src/lib/i18n/zh';
import type { Contact } from '../../src/lib/model/contact';
import type { CommEvent } from '../../src/lib/model/event';
import { partyKey } from '../../src/lib/model/party';
import { Activities, sharedDays } from '../../src/lib/suggest/behaviour';
import { chanceOfSharedDays } from '../../src/lib/suggest/chance';
import { suggest } from '../../src/lib/suggest/engine';
import { evidenceSentence } from '../../src/lib/suggest/evidence';
import { dayFactor } from '../../src/lib/suggest/fit';

let n = 0;
const DAY = 86_400_000;
const BASE = Date.UTC(2026, 0, 1);
const ev = (over: Partial<CommEvent>): CommEvent =>
  ({ id: `f${n++}`, kind: 'message', direction: 'in', name: null, phone: null, conversation: null, body: 'x', attachments: [], transport: null, source: { format: 'crosstalk-csv', file: 'f', record: 'r' }, ...over }) as CommEvent;
const sms = (phone: string, day: number) => ev({ channel: 'phone', handle: phone, phone, transport: 'sms', start: BASE + day * DAY + 9 * 3_600_000 });
const chat = (channel: CommEvent['channel'], name: string, day: number) => ev({ channel, handle: name, name, start: BASE + day * DAY + 20 * 3_600_000 });
const card = (name: string, number: string, family: string, given: string): Contact => ({
  name, numbers: [number], identities: [], source: { format: 'vcard', file: 'c.vcf', record: name }, details: { family, given, nicknames: [], org: '', emails: [], usernames: [] }
});

const JONAS = '+8613500135000';
const LENA = '+8613400134000';
const contacts = [card('Jonas Weber', JONAS, 'Weber', 'Jonas'), card('Lena Weber', LENA, 'Weber', 'Lena')];
const lenaDays = Array.from({ length: 30 }, (_, i) => 30 + i);
const events = [
  ...[1, 2, 5, 8].map((d) => sms(JONAS, d)),
  ...lenaDays.map((d) => sms(LENA, d)),
  // Talks on two of Jonas's four days and on one day of neither.
  ...[1, 2, 20].map((d) => chat('messenger', 'Mr. Weber', d)),
  // One day with each: nothing tells them apart.
  ...[5, 30].map((d) => chat('line', 'Dr. Weber', d))
];

function run() {
  const tally = new PartyTally();
  for (const e of events) tally.add(e, partyKey(e));
  const association = associate({ parties: tally.parties.values(), contacts, owners: [], edits: [], settings: { region: 'CN', me: [] } });
  return { tally, association, found: suggest({ people: association.people, parties: tally.parties, contacts, edits: [], region: 'CN', ownerNames: [] }) };
}

describe('the chance of talking on the same days', () => {
  it('is the hypergeometric upper tail', () => {
    // 3 and 3 of 10 days share 2 or more: (C(3,2)·C(7,1) + C(3,3)·C(7,0)) / C(10,3) = 22/120.
    expect(chanceOfSharedDays(2, 3, 3, 10)).toBeCloseTo(22 / 120, 12);
    expect(chanceOfSharedDays(4, 4, 4, 14)).toBeCloseTo(1 / 1001, 12);
    expect(chanceOfSharedDays(0, 3, 3, 10)).toBe(1);
    expect(chanceOfSharedDays(3, 3, 3, 3)).toBe(1);
  });
});

describe('a title with a family name several people share', () => {
  it('goes to the one person who talks on the identity’s days more than chance allows, not strong', () => {
    const { found } = run();
    expect(found.map((s) => ({ identity: s.identity.handle, person: s.person.name, score: s.score, strong: s.strong, evidence: s.evidence.map((e) => evidenceSentence(e, en)) }))).toEqual([
      {
        identity: 'Mr. Weber',
        person: 'Jonas Weber',
        score: 0.23,
        strong: false,
        evidence: ['a title with the family name of Jonas Weber', 'the name also fits one other person', 'of those, the one who talks on the same days the most, more than by chance', 'talked on the same 2 days']
      }
    ]);
    expect(evidenceSentence({ kind: 'best-fit' }, zh)).toBe('其中在相同日子联系最多的一位，超出巧合');
  });

  it('weighs the shared days by how unlikely they are by chance', () => {
    const { tally, association } = run();
    const activities = new Activities(tally.parties);
    const of = (id: string) => activities.of(association.people.find((p) => p.id === id)!);
    const mr = of('id:messenger:Mr. Weber');
    const jonas = of(`num:${JONAS}`);
    // 35 active days; 2 of the identity's 3 among Jonas's 4: p = (3·C(32,2) + C(32,1)) / C(35,4) = 1520/52360.
    expect(activities.activeDays).toBe(35);
    expect(sharedDays(mr, jonas)).toBe(2);
    const p = 1520 / 52360;
    expect(dayFactor(mr, jonas, 35)).toBeCloseTo(-1 / (Math.E * p * Math.log(p)), 9);
    expect(dayFactor(mr, of(`num:${LENA}`), 35)).toBe(1);
    // One of 2 days among Jonas's 4: p = 1 − C(31,2)/C(35,2) = 130/595 ≈ 0.22, as likely by chance as not.
    expect(chanceOfSharedDays(1, 2, 4, 35)).toBeCloseTo(130 / 595, 12);
    expect(dayFactor(of('id:line:Dr. Weber'), jonas, 35)).toBe(1);
  });
});
