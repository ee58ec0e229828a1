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
import { dayChance, dayFactor, namesakes } from '../../src/lib/suggest/fit';

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
const lenaDays = Array.from({ length: 70 }, (_, i) => 30 + i);
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

describe('a name several people share', () => {
  // a's days are unlikely by chance (p = 0.1 %), g's too; the others' could well be chance.
  const chances: Record<string, number> = { a: 0.001, b: 0.5, c: 1, d: 1, e: 1, f: 1, g: 0.001 };
  const split = (people: Record<string, string[]>) => namesakes(new Map(Object.entries(people).map(([k, v]) => [k as 'first-name', new Set(v)])), (id) => chances[id]);

  it("is split by each one's day factor (the chance multiplied by the people tried), others counted as three at most", () => {
    const s = split({ 'first-name': ['a', 'b', 'c'], initials: ['b', 'c', 'd', 'e', 'f'], 'family-name': ['a', 'g'], nickname: ['b'], org: ['a', 'c', 'd', 'e', 'f'] });
    const a = dayFactor(0.003);
    expect(s.share('first-name', 'a')).toBeCloseTo(a / (a + 2), 12);
    expect(s.share('first-name', 'b')).toBeCloseTo(1 / (1 + (a + 1)), 12);
    expect(s.leads('first-name', 'a')).toBe(true);
    expect(s.leads('first-name', 'b')).toBe(false);
    // Nothing in the days: an even split, among four at most (as before).
    expect(s.share('initials', 'b')).toBe(1 / 4);
    expect(s.leads('initials', 'b')).toBe(false);
    // Among five, a's chance is 0.5 %: the other four count as three of their average.
    const a5 = dayFactor(0.005);
    expect(s.share('org', 'a')).toBeCloseTo(a5 / (a5 + 3), 12);
    // A tie at the top leads nothing.
    expect(s.share('family-name', 'a')).toBe(1 / 2);
    expect(s.leads('family-name', 'a')).toBe(false);
    expect(s.share('nickname', 'b')).toBe(1);
    expect(s.size('initials')).toBe(5);
  });
});

describe('a title with a family name several people share', () => {
  it('goes to the one person who talks on the identity’s days more than chance allows, not strong', () => {
    const { found } = run();
    expect(found.map((s) => ({ identity: s.identity.handle, person: s.person.name, score: s.score, strong: s.strong, evidence: s.evidence.map((e) => evidenceSentence(e, en)) }))).toEqual([
      {
        identity: 'Mr. Weber',
        person: 'Jonas Weber',
        score: 0.26,
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
    // 75 active days; 2 of the identity's 3 among Jonas's 4: p = (3·C(72,2) + C(72,1)) / C(75,4) = 7740/1215450.
    expect(activities.activeDays).toBe(75);
    expect(sharedDays(mr, jonas)).toBe(2);
    const p = 7740 / 1215450;
    expect(dayChance(mr, jonas, 75)).toBeCloseTo(p, 12);
    expect(dayChance(mr, of(`num:${LENA}`), 75)).toBe(1);
    // Two people tried: the chance doubles (≈ 1.3 %), a factor of about 6.6 for Jonas; Lena's stays 1.
    expect(dayFactor(2 * p)).toBeCloseTo(-1 / (Math.E * 2 * p * Math.log(2 * p)), 12);
    expect(dayFactor(2 * p)).toBeCloseTo(6.62, 2);
    expect(dayFactor(1)).toBe(1);
    // One of 2 days among Jonas's 4: p = 1 − C(71,2)/C(75,2) = 290/2775 ≈ 0.10, as likely by chance as not.
    expect(dayChance(of('id:line:Dr. Weber'), jonas, 75)).toBeCloseTo(290 / 2775, 12);
    expect(dayFactor(290 / 2775)).toBe(1);
  });
});
