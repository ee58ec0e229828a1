/**
 * A seeded, labelled identity set for suggested matches: people with numbers (SMS and calls, a vCard each),
 * present in 1–5 number-less chat apps under realistic name variants, plus 10 % decoys with no true match.
 * Everything is built in memory as the importers would give it (events, contacts); `truth` says, for every
 * chat identity node, which person's number it belongs to (null for a decoy).
 */
import type { Contact, ContactDetails } from '../../src/lib/model/contact';
import type { Channel, CommEvent } from '../../src/lib/model/event';
import { Rng } from '../generate/prng';
import { pinyin } from 'pinyin-pro';

const FAMILY = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红兰鹏飞帆雪梅琳晨宇浩然子轩欣怡佳琪思雨嘉俊文博志宏海波建国亮'];
const FIRST = ['Anna', 'Ben', 'Clara', 'David', 'Emma', 'Felix', 'Grace', 'Henry', 'Iris', 'Jack', 'Julia', 'Karl', 'Laura', 'Liam', 'Maria', 'Max', 'Nina', 'Oscar', 'Paula', 'Peter', 'Rosa', 'Sam', 'Sara', 'Tom', 'Vera', 'Will', 'Zoe', 'Alice', 'Bruno', 'Chloe', 'Daniel', 'Elena', 'Frank', 'Hannah', 'Ivan', 'Jonas', 'Lena', 'Marco', 'Nora', 'Olga', 'Pablo', 'Quinn', 'Ruth', 'Simon', 'Tara', 'Ugo', 'Viktor', 'Wendy', 'Yusuf', 'Amir', 'Beatriz', 'Carlos', 'Diana', 'Erik', 'Fatima', 'Georg', 'Hugo', 'Ingrid', 'Jorge', 'Kai', 'Leo', 'Mila', 'Nils', 'Omar', 'Priya', 'Rafael', 'Sofia', 'Theo', 'Ulla', 'Yara'];
const LAST = ['Berg', 'Smith', 'Garcia', 'Müller', 'Rossi', 'Dubois', 'Novak', 'Silva', 'Jensen', 'Kowalski', 'Nakamura', 'Kim', 'Okafor', 'Haddad', 'Costa', 'Larsen', 'Schmidt', 'Moreau', 'Ricci', 'Santos', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Hoffmann', 'Schulz', 'Koch', 'Richter', 'Klein', 'Wolf', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Hofmann', 'Hartmann', 'Lange', 'Schmitt', 'Werner', 'Krause', 'Meier', 'Lehmann', 'Schmid', 'Walker', 'Brown', 'Taylor', 'Wilson', 'Evans', 'Thomas', 'Johnson', 'Roberts', 'Lewis', 'Hughes', 'Edwards', 'Green', 'Hall', 'Wood', 'Harris', 'Martin', 'Jackson', 'Clarke', 'Turner', 'Hill', 'Moore', 'Cooper', 'Ward', 'Morris', 'King', 'Baker'];
const NICK_CN = ['小', '老', '阿'];
const EMOJI = ['🌸', '😀', '⭐', '🐱', '🍀', '✨'];
const APPS: Channel[] = ['messenger', 'instagram', 'line', 'kakaotalk', 'qq', 'wechat'];

export type Variant = 'exact' | 'styled' | 'pinyin' | 'nickname' | 'username' | 'initials' | 'first-name' | 'typo' | 'honorific';

interface PersonSpec {
  name: string;
  chinese: boolean;
  family: string;
  given: string;
  number: string;
  details: ContactDetails;
  days: number[];
}

export interface LabelledSet {
  events: CommEvent[];
  contacts: Contact[];
  /** Identity node → the true person's number node, or null for a decoy. */
  truth: Map<string, string | null>;
  variants: Map<string, Variant | 'decoy'>;
}

const DAY = 86_400_000;
const START = Date.UTC(2026, 3, 1);

function toneless(han: string): string[] {
  return pinyin(han, { toneType: 'none', type: 'array', surname: 'head' });
}
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function makePerson(rng: Rng, i: number): PersonSpec {
  const chinese = rng.chance(0.5);
  const family = chinese ? rng.pick(FAMILY) : rng.pick(LAST);
  const given = chinese ? rng.pick(GIVEN) + (rng.chance(0.6) ? rng.pick(GIVEN) : '') : rng.pick(FIRST);
  const name = chinese ? family + given : `${given} ${family}`;
  const latin = chinese ? toneless(name) : [given.toLowerCase(), family.toLowerCase()];
  const details: ContactDetails = { family, given, nicknames: [], org: '', emails: [], usernames: [] };
  if (rng.chance(0.3)) details.nicknames.push(chinese ? rng.pick(NICK_CN) + family : given.slice(0, 3) + 'y');
  if (rng.chance(0.25)) details.emails.push(`${latin.join('.')}${rng.int(1, 99)}@example.com`);
  if (rng.chance(0.1)) details.org = rng.pick(['Acme', 'Globex', 'Initech', '华为', '腾讯']);
  const days = Array.from({ length: rng.int(3, 30) }, () => rng.int(0, 179));
  return { name, chinese, family, given, number: `+86139${String(10_000_000 + i).slice(-8)}`, details, days: [...new Set(days)] };
}

function typo(rng: Rng, s: string): string {
  const i = rng.int(1, s.length - 2);
  return rng.chance(0.5) ? s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2) : s.slice(0, i) + s.slice(i + 1);
}

/** The name a chat app shows for this person, in one of the variants people really use. */
function variantName(rng: Rng, p: PersonSpec): { variant: Variant; name: string } {
  const latin = p.chinese ? toneless(p.name) : [p.given.toLowerCase(), p.family.toLowerCase()];
  const options: Variant[] = ['exact', 'styled', 'first-name', 'initials', 'honorific'];
  if (p.chinese) options.push('pinyin', 'pinyin');
  else options.push('typo');
  if (p.details.nicknames.length) options.push('nickname', 'nickname');
  if (p.details.emails.length) options.push('username', 'username');
  const variant = rng.pick(options);
  switch (variant) {
    case 'exact':
      return { variant, name: p.name };
    case 'styled':
      return { variant, name: rng.chance(0.5) ? `${p.name} ${rng.pick(EMOJI)}` : p.chinese ? p.name.split('').join(' ') : p.name.toUpperCase() };
    case 'pinyin': {
      const words = latin.map(cap);
      const given = words.slice(1).join('');
      return { variant, name: rng.chance(0.5) ? `${words[0]} ${given}` : `${given} ${words[0]}` };
    }
    case 'nickname':
      return { variant, name: p.details.nicknames[0] };
    case 'username':
      return { variant, name: p.details.emails[0].split('@')[0] };
    case 'initials':
      return { variant, name: latin.map((w) => w[0].toUpperCase()).join('.') + '.' };
    case 'first-name':
      return { variant, name: p.chinese ? p.given : p.given };
    case 'typo':
      return { variant, name: `${typo(rng, p.given)} ${p.family}` };
    case 'honorific':
      return { variant, name: p.chinese ? p.family + rng.pick(['先生', '女士', '老师']) : `Mr. ${p.family}` };
  }
}

/** `apps`: in how many chat apps each person is (1–5 at random when not given). */
export function labelledSet(people: number, apps?: number, seed = 20261202): LabelledSet {
  const rng = new Rng(seed);
  const events: CommEvent[] = [];
  const contacts: Contact[] = [];
  const truth = new Map<string, string | null>();
  const variants = new Map<string, Variant | 'decoy'>();
  const used = new Set<string>();
  let n = 0;
  const ev = (over: Partial<CommEvent>): CommEvent =>
    ({ id: `b${n++}`, kind: 'message', direction: 'in', name: null, phone: null, conversation: null, body: 'x', attachments: [], transport: null, source: { format: 'crosstalk-csv', file: 'bench', record: String(n) }, ...over }) as CommEvent;
  const at = (day: number) => START + day * DAY + rng.int(8 * 60, 22 * 60) * 60_000;

  const specs = Array.from({ length: people }, (_, i) => makePerson(rng, i));
  const fullNames = new Set(specs.map((p) => p.name));
  /** Each person's call start times, in the order they were made. */
  const callsOf = new Map<string, number[]>();
  for (const p of specs) {
    contacts.push({ name: p.name, numbers: [p.number], identities: [], source: { format: 'vcard', file: 'bench.vcf', record: p.name }, details: p.details });
    const calls: number[] = [];
    callsOf.set(p.number, calls);
    for (const d of p.days) {
      const start = at(d);
      const call = rng.chance(0.4);
      if (call) calls.push(start);
      events.push(call
        ? ev({ channel: 'phone', kind: 'call', handle: p.number, phone: p.number, start, status: 'answered', durationSec: 60, video: false } as Partial<CommEvent>)
        : ev({ channel: 'phone', handle: p.number, phone: p.number, transport: 'sms', start }));
    }
  }

  const addIdentity = (channel: Channel, name: string, days: number[], label: string | null, variant: Variant | 'decoy', afterCalls: number[]) => {
    const handle = channel === 'wechat' ? `wxid_${n.toString(36)}` : channel === 'qq' ? String(100000 + n) : name;
    const key = `${channel}:${handle}`;
    if (used.has(key) || !name.trim()) return;
    used.add(key);
    const node = `id:${channel}:${handle}`;
    truth.set(node, label);
    variants.set(node, variant);
    for (const d of days) events.push(ev({ channel, handle, name, start: at(d) }));
    for (const c of afterCalls) events.push(ev({ channel, handle, name, start: c + rng.int(1, 8) * 60_000 }));
  };

  let identities = 0;
  for (const p of specs) {
    const channels = [...APPS].sort(() => rng.next() - 0.5).slice(0, apps ?? rng.int(1, 5));
    for (const channel of channels) {
      const { variant, name } = variantName(rng, p);
      // Half of the identities are talked to on some of the person's own days.
      const shared = rng.chance(0.5) ? p.days.filter(() => rng.chance(0.5)) : [];
      const own = Array.from({ length: rng.int(1, 10) }, () => rng.int(0, 179));
      const calls = callsOf.get(p.number)!;
      const after = rng.chance(0.15) ? calls.slice(0, 2) : [];
      addIdentity(channel, name, [...shared, ...own], `num:${p.number}`, variant, after);
      identities++;
    }
  }
  // Decoys: 10 % of the identities, named from the same pools but never exactly like someone in the book.
  for (let i = 0; i < Math.round(identities / 9); i++) {
    let p = makePerson(rng, people + i);
    while (fullNames.has(p.name)) p = makePerson(rng, people + i);
    const { variant: _v, name } = variantName(rng, p);
    addIdentity(rng.pick(APPS), name, Array.from({ length: rng.int(1, 10) }, () => rng.int(0, 179)), null, 'decoy', []);
  }
  return { events, contacts, truth, variants };
}
