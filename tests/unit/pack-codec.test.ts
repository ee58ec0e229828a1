import { describe, expect, it } from 'vitest';
import { decodePack, encodePack } from '../../src/lib/db/store/pack-codec';

const sms = (n: number, body: string) => ({
  channel: 'phone',
  direction: n % 2 ? 'in' : 'out',
  name: 'Thomas Taylor',
  start: 1631363134000 + n,
  source: { format: 'crosstalk-csv', file: 'phone-dump.csv', record: `record ${n}` },
  kind: 'message',
  body,
  attachments: [],
  id: `ct1-${n}`,
  party: 'phone:2126567849'
});

describe('pack codec', () => {
  it('writes shared values once and the others as rows, source fields split', () => {
    const text = encodePack([sms(1, 'hi'), sms(2, '你好')]);
    expect(JSON.parse(text)).toEqual({
      f: ['channel', 'direction', 'name', 'start', ['source', 'format'], ['source', 'file'], ['source', 'record'], 'kind', 'body', 'attachments', 'id', 'party'],
      c: { 0: 'phone', 2: 'Thomas Taylor', 4: 'crosstalk-csv', 5: 'phone-dump.csv', 7: 'message', 9: [], 11: 'phone:2126567849' },
      r: [
        ['in', 1631363134001, 'record 1', 'hi', 'ct1-1'],
        ['out', 1631363134002, 'record 2', '你好', 'ct1-2']
      ]
    });
    expect(decodePack(text)).toStrictEqual([sms(1, 'hi'), sms(2, '你好')]);
  });

  it('gives each event exactly the fields JSON would, whatever their shapes', () => {
    const events = [
      { id: 'a', phone: null, video: true, source: { format: 'x' }, extra: undefined },
      { id: 'b', source: 'not an object', durationSec: 0 },
      { id: 'c', phone: '+1', source: {}, attachments: [{ name: 'p.jpg' }] },
      { id: 'd', nested: { deep: { er: [1, { two: 2 }] } }, phone: null }
    ];
    expect(decodePack(encodePack(events))).toStrictEqual(JSON.parse(JSON.stringify(events)));
    const one = [{ id: 'only', source: { format: 'f', file: 'g' }, a: undefined }];
    expect(decodePack(encodePack(one))).toStrictEqual([{ id: 'only', source: { format: 'f', file: 'g' } }]);
    expect(decodePack(encodePack([]))).toStrictEqual([]);
  });

  it('keeps keys JavaScript objects treat specially as plain fields', () => {
    const text = '[{"__proto__":{"x":1},"id":"a","a\\u0000b":1,"a":{"b":2}},{"id":"b","constructor":"c","__proto__":{"x":1}},{"id":"c","toString":{"y":2}}]';
    const events = JSON.parse(text) as object[];
    const decoded = decodePack<object>(encodePack(events));
    expect(decoded.map((e) => Object.keys(e).sort())).toEqual([['__proto__', 'a', 'a\u0000b', 'id'], ['__proto__', 'constructor', 'id'], ['id', 'toString']]);
    expect(decoded).toStrictEqual(JSON.parse(text));
    expect(({} as Record<string, unknown>).x).toBe(undefined);
  });

  it('marks a field one event lacks apart from a null', () => {
    const events = [
      { id: 'a', handle: null, source: { file: 'f', record: 'r1' } },
      { id: 'b', source: { file: 'f' } },
      { id: 'c', handle: 'x', source: { file: 'f', record: null } }
    ];
    const text = encodePack(events);
    expect(JSON.parse(text).a).toEqual([
      [1, 1],
      [1, 3]
    ]);
    expect(decodePack(text)).toStrictEqual(events);
  });

  it('copies a shared object into each event', () => {
    const [a, b] = decodePack<{ attachments: unknown[] }>(encodePack([sms(1, 'x'), sms(2, 'y')]));
    a.attachments.push('mutated');
    expect(b.attachments).toEqual([]);
  });

  it('reads the earlier text of a pack, its events as a JSON array', () => {
    expect(decodePack('[{"id":"a","body":"[x"}]')).toStrictEqual([{ id: 'a', body: '[x' }]);
  });

  it('keeps a party pack of 32 SMS under 40% of its JSON', () => {
    const events = Array.from({ length: 32 }, (_, n) => sms(n, `The awesome morning grocery call meeting moved and weekend train ${n}, ok?`));
    expect(encodePack(events).length).toBe(4003);
    expect(JSON.stringify(events).length).toBe(10227);
  });
});
