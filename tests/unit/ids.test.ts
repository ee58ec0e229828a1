import { describe, expect, it } from 'vitest';
import { IdAssigner, contentId, contentKey, upgradedChatId } from '../../src/lib/model/ids';
import { Hash64, hash64 } from '../../src/lib/model/hash';
import { RecentHashes } from '../../src/lib/model/recent-hashes';
import { numberKey, normalizeNumber, e164, looksLikePhoneNumber } from '../../src/lib/model/phone-number';
import type { DraftEvent } from '../../src/lib/model/event';
import { getCountries, getCountryCallingCode, parsePhoneNumberFromString as parseWithFullMetadata } from 'libphonenumber-js/max';

const sms = (over: Partial<DraftEvent> = {}): DraftEvent =>
  ({
    channel: 'phone', kind: 'message', direction: 'in', handle: '+86 138 0013 8000', name: null, phone: '+86 138 0013 8000',
    conversation: null, thread: null, start: 1760922005000, body: 'hi', attachments: [], transport: 'sms',
    source: { format: 'sbr-xml', file: 'sms.xml', record: 'line 3' }, ...over
  }) as DraftEvent;

describe('ids', () => {
  it('are the same for the same SMS from different sources and number spellings', () => {
    const a = new IdAssigner().assign(sms());
    const b = new IdAssigner().assign(sms({ handle: '13800138000', phone: '13800138000', source: { format: 'crosstalk-csv', file: 'x.csv', record: 'record 1' }, transport: 'mms' } as Partial<DraftEvent>));
    expect(a.id).toBe(b.id);
    expect(a.id).toMatch(/^ct1-[0-9a-f]{16}$/);
  });
  it('differ by body, direction and instant', () => {
    const base = new IdAssigner().assign(sms()).id;
    expect(new IdAssigner().assign(sms({ body: 'hi!' } as Partial<DraftEvent>)).id).not.toBe(base);
    expect(new IdAssigner().assign(sms({ direction: 'out' })).id).not.toBe(base);
    expect(new IdAssigner().assign(sms({ start: 1760922005001 })).id).not.toBe(base);
  });
  it('number repeats within one file deterministically', () => {
    const ids = new IdAssigner();
    const [x, y, z] = [ids.assign(sms()), ids.assign(sms()), ids.assign(sms())];
    expect(y.id).toBe(`${x.id}-1`);
    expect(z.id).toBe(`${x.id}-2`);
  });
  it('count repeats by the whole 64-bit hash, through the table’s growth, and forget them when the window is full', () => {
    const recent = new RecentHashes(3000);
    for (let i = 0; i < 2000; i++) recent.bump(i, i * 7); // the table grows from 1 024 slots to 4 096
    expect([recent.bump(5, 35), recent.bump(5, 35), recent.bump(6, 35), recent.bump(1999, 13993)]).toEqual([1, 2, 0, 1]);
    for (let i = 2000; i < 2999; i++) recent.bump(i, i * 7); // 3 000 hashes held: the window is full
    expect([recent.bump(5, 35), recent.bump(5, 35), recent.bump(6, 42), recent.bump(6, 35)]).toEqual([3, 4, 0, 0]);
  });
  it('keep a preset Crosstalk id', () => {
    expect(new IdAssigner().assign(sms(), 'ct1-abc').id).toBe('ct1-abc');
  });
  it('key chat events by channel, thread, instant and content: not by direction or counterpart, which follow the owner’s names', () => {
    const chat = { ...sms(), channel: 'whatsapp', handle: 'Xiao Yang', phone: null, thread: 'Xiao Yang', transport: null } as DraftEvent;
    expect(contentKey(chat)).toBe('whatsapp\0Xiao Yang\x001760922005000|m|hi');
    const call = { ...chat, kind: 'call', status: 'missed', durationSec: 0, video: true } as unknown as DraftEvent;
    expect(contentKey(call)).toBe('whatsapp\0Xiao Yang\x001760922005000|c|not connected\x000|1');
    expect(contentId({ ...call, direction: 'out', status: 'unanswered' } as DraftEvent)).toBe(contentId(call));
    const photo = { ...chat, thread: 'Family', attachments: [{ name: 'a.jpg', type: 'image' }, { name: 'b.opus', type: 'audio' }] } as unknown as DraftEvent;
    expect(contentKey(photo)).toBe('whatsapp\0Family\x001760922005000|m|hi\0image/a.jpg\0audio/b.opus');
    expect(contentId({ ...chat, direction: 'out', handle: 'Lin', name: 'Lin' })).toBe(contentId(chat));
    expect(contentId({ ...chat, thread: 'Family' })).not.toBe(contentId(chat));
    expect(contentKey(sms())).toBe('phone|message|in|3800138000|1760922005000|hi');
  });
  it('upgrade a chat id of scheme 1 to the content id with its repeat suffix; phone ids and other text are not scheme-1 chat ids', () => {
    const chat = { ...sms(), channel: 'qq', handle: '10001', phone: null, thread: '韩梅梅', transport: null } as DraftEvent;
    expect(upgradedChatId('ct1-0123456789abcdef', chat)).toBe(contentId(chat));
    expect(upgradedChatId('ct1-0123456789abcdef-2', chat)).toBe(`${contentId(chat)}-2`);
    expect(contentId(chat)).toMatch(/^ct2-[0-9a-f]{16}$/);
    expect(upgradedChatId('ct1-0123456789abcdef', sms())).toBeNull();
    expect(upgradedChatId('ct1-0123456789abcdeg', chat)).toBeNull();
    expect(upgradedChatId('ct2-0123456789abcdef', chat)).toBeNull();
  });
  it('are the hash of the content key, hashed piece by piece without building it (ids stored before stay valid)', () => {
    const chat = { ...sms(), channel: 'telegram', handle: 'user42', phone: null, conversation: '42', thread: '42', transport: null } as DraftEvent;
    const call = { ...chat, kind: 'call', status: 'answered', durationSec: 12.5, video: false } as unknown as DraftEvent;
    for (const e of [sms(), sms({ start: 0 }), sms({ start: 9007199254740991 }), sms({ start: -5 }), chat, call]) {
      expect(contentId(e)).toBe((e.channel === 'phone' ? 'ct1-' : 'ct2-') + hash64(contentKey(e)));
      expect(new IdAssigner().assign({ ...e }).id).toBe(contentId(e));
    }
    // Pinned digests: what earlier versions stored.
    expect(hash64('phone|call|in|3800138000|1760922005000')).toBe('6aedb5a703d1d7af');
    const chatMessage = { ...sms(), channel: 'whatsapp', handle: 'Xiao Yang', phone: null, thread: 'Xiao Yang', transport: null } as DraftEvent;
    expect(contentId(chatMessage)).toBe('ct2-' + hash64('whatsapp\0Xiao Yang\x001760922005000|m|hi'));
    expect(new Hash64().add('ab').add('').addNumber(1760922005000).add('|x').digest()).toBe(hash64('ab1760922005000|x'));
    expect(new Hash64().addNumber(0).addNumber(1.5).addNumber(-2).digest()).toBe(hash64('01.5-2'));
  });
  it('stay the content ids when one assigner sees events of many chats, apps and the phone in turn (its chat head is per chat)', () => {
    const chat = (channel: string, thread: string | null, body: string) =>
      ({ ...sms(), channel, handle: 'Lin', phone: null, thread, body, transport: null }) as DraftEvent;
    const events = [chat('whatsapp', 'A', 'x'), chat('whatsapp', 'A', 'y'), chat('whatsapp', 'B', 'x'), chat('telegram', 'B', 'x'), sms(), chat('telegram', 'B', 'z'), chat('telegram', null, 'z'), chat('telegram', '', 'w'), chat('whatsapp', 'A', 'x')];
    const ids = new IdAssigner();
    const assigned = events.map((e) => ids.assign({ ...e }).id);
    expect(assigned).toEqual([...events.slice(0, -1).map(contentId), contentId(events[0]) + '-1']);
    expect(new Set(assigned).size).toBe(events.length);
  });
});

describe('phone numbers', () => {
  it('numberKey is region-independent', () => {
    expect(numberKey('+86 138 0013 8000')).toBe('3800138000');
    expect(numberKey('138-0013-8000')).toBe('3800138000');
    expect(numberKey('10086')).toBe('10086');
    expect(numberKey('VERIFY')).toBe('verify');
    expect(numberKey(null)).toBe('');
  });
  it('normalizes to E.164 in the default region, keeps raw keys for short codes and senders', () => {
    expect(normalizeNumber('138 0013 8000', 'CN')).toEqual({ kind: 'e164', key: '+8613800138000' });
    expect(normalizeNumber('0086 138 0013 8000', 'US')).toEqual({ kind: 'e164', key: '+8613800138000' });
    expect(normalizeNumber('(202) 555-0123', 'US')).toEqual({ kind: 'e164', key: '+12025550123' });
    expect(normalizeNumber('555 555 0123', 'US')).toEqual({ kind: 'e164', key: '+15555550123' });
    expect(normalizeNumber('\u202a+44 7700 900123\u202c', 'CN')).toEqual({ kind: 'e164', key: '+447700900123' });
    expect(normalizeNumber('10086', 'CN')).toEqual({ kind: 'raw', key: '10086' });
    expect(normalizeNumber('Amazon', 'US')).toEqual({ kind: 'raw', key: 'amazon' });
    expect(normalizeNumber('-2', 'US')).toBeNull();
    expect(e164('07700 900123', 'GB')).toBe('+447700900123');
  });
  it('keys every number as the full metadata would (the smallest metadata only knows lengths, not types)', () => {
    const regions = getCountries();
    let seed = 42;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    const digits = (n: number) => Array.from({ length: n }, (_, i) => (i === 0 ? 1 + random(9) : random(10))).join('');
    const fullKey = (raw: string, region: string) => {
      const parsed = parseWithFullMetadata(raw, region as never);
      return parsed?.isPossible() ? parsed.number : null;
    };
    let compared = 0;
    for (const region of regions) {
      for (let i = 0; i < 25; i++) {
        const d = digits(3 + random(12));
        const other = regions[random(regions.length)];
        for (const raw of [d, '0' + d, '+' + getCountryCallingCode(region) + d, '+' + getCountryCallingCode(other) + d, `(${d.slice(0, 3)}) ${d.slice(3)}`]) {
          for (const r of [region, other]) {
            const n = normalizeNumber(raw, r);
            expect([raw, r, n?.kind === 'e164' ? n.key : null]).toEqual([raw, r, fullKey(raw, r)]);
            compared++;
          }
        }
      }
    }
    expect(compared).toBe(regions.length * 25 * 10);
  });
  it('recognises numbers shown as authors', () => {
    expect(looksLikePhoneNumber('+86 138 0013 8000')).toBe(true);
    expect(looksLikePhoneNumber('Xiao Yang')).toBe(false);
    expect(looksLikePhoneNumber('2026')).toBe(false);
  });
});
