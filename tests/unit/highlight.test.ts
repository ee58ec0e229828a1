import { describe, expect, it } from 'vitest';
import { highlight } from '../../src/lib/search/highlight';

const plain = (text: string) => ({ text, mark: false });
const mark = (text: string) => ({ text, mark: true });

describe('highlight', () => {
  it('marks every occurrence of a word, whatever its case', () => {
    expect(highlight('Hot pot? POT tonight', 'pot')).toEqual([plain('Hot '), mark('pot'), plain('? '), mark('POT'), plain(' tonight')]);
  });

  it('marks CJK words inside a run without spaces', () => {
    expect(highlight('今晚吃火锅了吗？火锅！', '火锅')).toEqual([plain('今晚吃'), mark('火锅'), plain('了吗？'), mark('火锅'), plain('！')]);
  });

  it('marks each word of a query, joining overlapping and adjacent occurrences', () => {
    expect(highlight('abcd efg', 'abc bcd')).toEqual([mark('abcd'), plain(' efg')]);
    expect(highlight('hotpot night', 'hot pot')).toEqual([mark('hotpot'), plain(' night')]);
  });

  it('maps folded matches back to the original characters (full width, combining marks, astral)', () => {
    expect(highlight('ＡＢＣ def', 'abc')).toEqual([mark('ＡＢＣ'), plain(' def')]);
    expect(highlight('Cafe\u0301 ok', 'café')).toEqual([mark('Cafe\u0301'), plain(' ok')]);
    expect(highlight('😀 İstanbul 😀', 'i̇stanbul')).toEqual([plain('😀 '), mark('İstanbul'), plain(' 😀')]);
  });

  it('leaves the text whole without a query or a match, and nothing for no text', () => {
    expect(highlight('hello', '  ')).toEqual([plain('hello')]);
    expect(highlight('hello', 'bye')).toEqual([plain('hello')]);
    expect(highlight('', 'x')).toEqual([]);
  });
});
