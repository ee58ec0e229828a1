import { describe, expect, it } from 'vitest';
import { readSigtopTime } from '../../src/lib/formats/signal/sigtop-text';
import { offsetInstant, type CheckedInstant } from '../../src/lib/model/instant';

/** The plain reading: every field from the pattern's captures, checked by offsetInstant. */
function reference(text: string): CheckedInstant {
  const m = /^[A-Z][a-z]{2}, (\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(text);
  const month = m ? ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].indexOf(m[2]) + 1 : 0;
  if (!m || !month) return `${JSON.stringify(text.slice(0, 40))} is not a sigtop time`;
  const [day, year, hour, minute, second] = [m[1], m[3], m[4], m[5], m[6]].map(Number);
  return offsetInstant({ year, month, day, hour, minute, second }, (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9])));
}

describe('readSigtopTime', () => {
  it('reads every time, valid or not, as the plain reading does (also many on one day, as exports write them)', () => {
    let seed = 5;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const two = (n: number) => String(n).padStart(2, '0');
    const months = ['Jan', 'Feb', 'Dec', 'Foo'];
    for (let i = 0; i < 20_000; i++) {
      // Runs of 50 on one date, some of them no date at all (day 30 of February, day 0, 1899).
      const date = Math.floor(i / 50);
      const day = date % 33;
      const month = months[date % 4];
      const year = [1899, 2018, 2024, 2199, 2200][date % 5];
      const text = `${['Mon', 'Tue', 'mon'][random(3)]}, ${day} ${month} ${year} ${two(random(26))}:${two(random(62))}:${two(random(62))} ${'+-'[random(2)]}${two(random(20))}${two(random(62))}`;
      expect(readSigtopTime(text), text).toBe(reference(text));
    }
    expect(readSigtopTime('Mon, 1 Jan 2018 11:48:59 +0800')).toBe(Date.UTC(2018, 0, 1, 3, 48, 59));
  });
});
