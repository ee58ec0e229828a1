import { describe, expect, it } from 'vitest';
import { deletionNeighbours, firstName, initials, nameForms, normaliseName, soundKeys } from '../../src/lib/suggest/name-keys';

describe('name keys', () => {
  it('normalises width, case, accents, spaces, punctuation, emoji and honorifics', () => {
    expect(['Ｌｉｎ　Ｙａｎｇ 😀', 'Xiǎo Yáng', '王先生', '田中さん', '김민수님', 'Mr. Tom Smith', '👩🏽‍💻 Ana-María', '先生'].map(normaliseName)).toEqual([
      'linyang', 'xiaoyang', '王', '田中', '김민수', 'tomsmith', 'anamaria', '先生'
    ]);
  });

  it('reads Chinese names as toneless pinyin in both orders, and Latin spellings the same way', () => {
    expect(soundKeys('杨帆')).toEqual(['yangfan', 'fanyang']);
    expect(soundKeys('Fan Yang')).toEqual(['fanyang', 'yangfan']);
    expect(soundKeys('小杨')).toEqual(['xiaoyang', 'yangxiao']);
    expect(soundKeys('xiao3 yang2')).toEqual(['xiaoyang', 'yangxiao']);
    expect(soundKeys('曾小贤')).toEqual(['zengxiaoxian', 'xiaoxianzeng']);
    expect(soundKeys('김민수')).toEqual([]);
  });

  it('takes initials of two to four words and the first name of Latin names', () => {
    expect([initials('Xiao Yang'), initials('杨帆'), initials('Anna'), initials('a b c d e')]).toEqual(['xy', 'yf', null, null]);
    expect([firstName('Anna Berg'), firstName('杨帆'), firstName('Al Berg'), firstName('Anna')]).toEqual(['anna', null, null, null]);
  });

  it('gives the one-letter deletions of Latin names of five letters or more', () => {
    expect(deletionNeighbours('berta')).toEqual(['berta', 'erta', 'brta', 'beta', 'bera', 'bert']);
    expect(deletionNeighbours('anna')).toEqual([]);
  });

  it('tells a title with a name (likely a family name) from a bare name', () => {
    expect(['王先生', 'Mr. Berg', '田中さん', 'Anna', '先生'].map((n) => [nameForms(n).key, nameForms(n).titled])).toEqual([
      ['王', true], ['berg', true], ['田中', true], ['anna', false], ['先生', false]
    ]);
  });
});
