import { describe, expect, it } from 'vitest';
import { LocalTimes } from '../../src/lib/formats/chat/wall-clock';
import { calendarProblem, checkInstant, type CheckedInstant } from '../../src/lib/model/instant';
import { zonedToInstant } from '../../src/lib/util/zoned-time';

/** The plain reading: every date and time checked, then converted. */
function reference(y: number, mo: number, d: number, h: number, mi: number, s: number, zone: string): CheckedInstant {
  return calendarProblem({ year: y, month: mo, day: d, hour: h === 24 ? 0 : h, minute: mi, second: s }) ?? checkInstant(zonedToInstant(y, mo, d, h, mi, s, zone));
}

describe('LocalTimes', () => {
  it('gives what the plain reading gives for runs of times on one date, valid or not, across DST changes', () => {
    let seed = 3;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (const zone of ['America/New_York', 'Asia/Shanghai', 'UTC']) {
      const times = new LocalTimes(zone);
      for (let i = 0; i < 6000; i++) {
        const date = Math.floor(i / 30);
        const [y, mo, d] = [[2024, 3, 10], [2024, 11, 3], [2023, 2, 29], [2024, 2, 29], [1899, 12, 31], [2024, 13, 1], [2024, 6, 0]][date % 7];
        const [h, mi, s] = [random(26), random(62), random(62)];
        expect(times.instant(y, mo, d, h, mi, s), `${zone} ${y}-${mo}-${d} ${h}:${mi}:${s}`).toBe(reference(y, mo, d, h, mi, s, zone));
      }
    }
  });
});
