import { describe, expect, it } from 'vitest';
import { MomentTail } from '../../src/lib/search/moment-tail';
import { START_INV_BASE } from '../../src/lib/db/store/schema';

describe('the moments a token waits with', () => {
  it('gives back every moment as it came: small steps, jumps past 32 bits either way, repeats, the extremes', () => {
    const moments: number[] = [];
    let m = START_INV_BASE - Date.UTC(2026, 0, 1);
    for (let i = 0; i < 200; i++) moments.push((m += 60_000)); // a minute apart
    moments.push(0, START_INV_BASE, START_INV_BASE - 1, 5, 5, 2 ** 31 - 1 + 5, 2 ** 31 + 10, 10, 2 ** 31 + 9, 9, 2 ** 31 + 9);
    for (let i = 0; i < 50; i++) moments.push(START_INV_BASE - Date.UTC(2010 + (i % 17), i % 12, 1 + i)); // years apart
    const tail = new MomentTail();
    for (const x of moments) tail.push(x);
    expect(tail.length).toBe(moments.length);
    expect(tail.take()).toEqual(moments);
    expect(tail.length).toBe(0);
    tail.push(7);
    expect(tail.take()).toEqual([7]);
  });
});
