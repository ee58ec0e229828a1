import { describe, expect, it } from 'vitest';
import { en } from '../../src/lib/i18n/en';
import { zh } from '../../src/lib/i18n/zh';
import { dayRange, formatDuration, formatNumber } from '../../src/lib/ui/format';
import { channelInfo } from '../../src/lib/model/channels';
import { activeFilters, hasFilters, readParams, toQuery, writeParams } from '../../src/lib/ui/timeline-url';

describe('timeline URL state', () => {
  it('reads and writes search and filters', () => {
    const p = readParams(new URLSearchParams('q=火锅&channel=whatsapp&channel=telegram&kind=call&dir=in&status=missed&from=2026-10-01&to=2026-10-31&channel=bogus'));
    expect(p).toEqual({ q: '火锅', person: '', channels: ['whatsapp', 'telegram'], kinds: ['call'], directions: ['in'], statuses: ['missed'], from: '2026-10-01', to: '2026-10-31' });
    expect(writeParams(p).toString()).toBe('q=%E7%81%AB%E9%94%85&channel=whatsapp&channel=telegram&kind=call&dir=in&status=missed&from=2026-10-01&to=2026-10-31');
  });

  it('counts the active filters (not the search)', () => {
    const count = (q: string) => [activeFilters(readParams(new URLSearchParams(q))), hasFilters(readParams(new URLSearchParams(q)))];
    expect(count('q=火锅')).toEqual([0, false]);
    expect(count('q=x&channel=whatsapp&channel=telegram&kind=call&dir=in&status=missed&from=2026-10-01&to=2026-10-31&person=p')).toEqual([8, true]);
    expect(count('from=2026-10-01')).toEqual([1, true]);
  });

  it('turns dates into instants in the chosen time zone (inclusive days)', () => {
    const q = toQuery(readParams(new URLSearchParams('from=2026-10-21&to=2026-10-22&person=num%3A%2B8613800138000')), 'Asia/Shanghai');
    expect(q).toEqual({ person: 'num:+8613800138000', from: Date.parse('2026-10-21T00:00:00+08:00'), to: Date.parse('2026-10-23T00:00:00+08:00') - 1 });
    expect(dayRange('2026-03-29', 'Europe/Berlin')!.to - dayRange('2026-03-29', 'Europe/Berlin')!.from).toBe(23 * 3600_000 - 1);
  });
});

describe('format', () => {
  it('formats durations, numbers and chat links', () => {
    expect([65, 182, 3700].map(formatDuration)).toEqual(['1:05', '3:02', '1:01:40']);
    expect(formatNumber('+8613800138000')).toBe('+86 138 0013 8000');
    expect(formatNumber('10086')).toBe('10086');
    const reply = (c: Parameters<typeof channelInfo>[0]) => channelInfo(c).replyTo?.('8613800138000') ?? null;
    expect(reply('whatsapp')).toBe('https://wa.me/8613800138000');
    expect(reply('telegram')).toBe('tg://resolve?phone=8613800138000');
    expect(reply('signal')).toBe('https://signal.me/#p/+8613800138000');
    expect(reply('imessage')).toBe('imessage:+8613800138000');
    expect(reply('line')).toBeNull();
  });
});

describe('i18n', () => {
  it('has every English key in Chinese, with the same placeholders', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(holes(zh[key]), key).toEqual(holes(en[key]));
  });
});
