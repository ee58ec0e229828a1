import { describe, expect, it } from 'vitest';
import { CsvProblem, CsvRecordReader } from '../../src/lib/formats/csv-records';

/** The records of `text` fed in pieces of `size` characters; problems as `!reason`. */
function records(text: string, size = text.length || 1, max?: number): (string[] | string)[] {
  const reader = new CsvRecordReader(max);
  const out = [];
  for (let i = 0; i < text.length; i += size) out.push(...reader.push(text.slice(i, i + size)));
  out.push(...reader.end());
  return out.map((r) => (r instanceof CsvProblem ? `!${r.reason}` : r));
}

const MALFORMED = '!malformed quotes (a quote inside a quoted field must be doubled)';

describe('CSV records', () => {
  const cases: [string, string, (string[] | string)[]][] = [
    ['CRLF, quoted line breaks, doubled quotes, empty lines', 'a,b,c\r\n1,"x\r\ny",3\r\n\r\n4,"q""q",\r\n', [['a', 'b', 'c'], ['1', 'x\r\ny', '3'], ['4', 'q"q', '']]],
    ['a quote inside an unquoted field is text', 'a,b\n1,He said "hi\n2,ok\n', [['a', 'b'], ['1', 'He said "hi'], ['2', 'ok']]],
    ['a stray quote opening a field loses only its own line', 'a,b\n1,"hi\n2,ok\n3,"x ""y"" z"\n4,end\n', [['a', 'b'], MALFORMED, ['2', 'ok'], ['3', 'x "y" z'], ['4', 'end']]],
    ['a quote never closed', 'a,b\n1,"unterminated\n2,ok\n3,fine', [['a', 'b'], MALFORMED, ['2', 'ok'], ['3', 'fine']]],
    ['text after a closing quote', 'a,b\n1,"abc"x,2\n3,4', [['a', 'b'], MALFORMED, ['3', '4']]],
    ['no line end at the end, a trailing empty field', 'a,b\r\n1,', [['a', 'b'], ['1', '']]]
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => {
      for (const size of [text.length, 1, 2, 3, 7]) expect(records(text, size)).toEqual(expected);
    });
  }

  it('an over-long line is one problem and the lines after it are read', () => {
    const text = 'x'.repeat(2500) + '\n1,2\n';
    for (const size of [text.length, 100, 999]) expect(records(text, size, 1000)).toEqual(['!longer than 1000 characters (an unclosed quote?)', ['1', '2']]);
  });

  it('an unclosed quote running past the limit loses its first line only', () => {
    const text = 'a\n"' + 'y'.repeat(600) + '\n' + 'z'.repeat(600) + '\n5,6\n';
    expect(records(text, 64, 1000)).toEqual([['a'], '!longer than 1000 characters (an unclosed quote?)', ['z'.repeat(600)], ['5', '6']]);
  });

  it('reads text again at most once', () => {
    // Line 1's quote swallows line 2; line 2 is read again, and its own quote swallows line 3, which was already
    // read twice: that record is dropped whole instead of read a third time.
    const text = '1,"a\n2,"b\n3,"c\n4,d\n';
    for (const size of [text.length, 1, 5]) expect(records(text, size)).toEqual([MALFORMED, MALFORMED, ['4', 'd']]);
  });
});
