import { describe, expect, it } from 'vitest';
import { neutraliseCell, restoreCell } from '../../src/lib/formats/csv-field';

const CASES: [string, string][] = [
  ['=1+1', "'=1+1"],
  ['+86 138', "'+86 138"],
  ['-5', "'-5"],
  ['@SUM(A1)', "'@SUM(A1)"],
  ['\tx', "'\tx"],
  ['\rx', "'\rx"],
  ['\nx', "'\nx"],
  [' =cmd|x', "' =cmd|x"],
  ['\u3000=1', "'\u3000=1"],
  ['\n\n@x', "'\n\n@x"],
  ['＝1+1', "'＝1+1"],
  ['＋1', "'＋1"],
  ['－1', "'－1"],
  ['＠x', "'＠x"],
  ["'=1", "''=1"],
  ["''+x", "'''+x"],
  ["'plain", "'plain"],
  ['+8613800138000', '+8613800138000'],
  ['+86 138 0013 8000', "'+86 138 0013 8000"],
  ['+0123', "'+0123"],
  ['plain', 'plain'],
  ['中文 = ok', '中文 = ok'],
  ['', '']
];

describe('formula neutralisation in every CSV Crosstalk writes', () => {
  it('prefixes exactly the cells a spreadsheet would run, full-width and after whitespace too; leaves strict E.164 numbers', () => {
    expect(CASES.map(([raw]) => neutraliseCell(raw))).toEqual(CASES.map(([, written]) => written));
  });
  it('our readers restore every cell exactly', () => {
    expect(CASES.map(([, written]) => restoreCell(written))).toEqual(CASES.map(([raw]) => raw));
  });
});
