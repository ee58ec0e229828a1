import { describe, expect, it } from 'vitest';
import { splitLines } from '../../src/lib/util/text-stream';

async function* pieces(parts: string[]): AsyncGenerator<string> {
  yield* parts;
}

async function lines(parts: string[]): Promise<(string | null)[]> {
  const out: (string | null)[] = [];
  for await (const batch of splitLines(pieces(parts))) out.push(...batch);
  return out;
}

/** What splitLines must give for a whole text: its lines at LF, CRLF and lone CR, without a last empty one. */
function expected(text: string): string[] {
  const all = text.split(/\r\n|\n|\r/);
  if (all[all.length - 1] === '') all.pop();
  return all;
}

describe('splitLines', () => {
  it('splits at LF, CRLF and lone CR, also when a break or a line is cut between chunks', async () => {
    expect(await lines(['a\r', '\nb\rc\n\r\n', 'd'])).toEqual(['a', 'b', 'c', '', 'd']);
    expect(await lines(['a\r', '\r', '\n'])).toEqual(['a', '']);
    expect(await lines(['ab', 'c', '\n'])).toEqual(['abc']);
    // Random texts over a small alphabet, cut at random places: the same lines as splitting the whole text.
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let round = 0; round < 300; round++) {
      const text = Array.from({ length: random(40) }, () => 'ab\r\n'[random(4)]).join('');
      const parts: string[] = [];
      for (let i = 0; i < text.length; ) {
        const n = 1 + random(6);
        parts.push(text.slice(i, i + n));
        i += n;
      }
      expect(await lines(parts)).toEqual(expected(text));
    }
  });
});
