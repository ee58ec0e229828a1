/**
 * Tokens for full-text search. Latin-script words are whole words; runs of CJK characters (which have no
 * spaces) become their characters plus overlapping bigrams, so '吃火锅了' is found by '火锅' and by '锅'
 * without a dictionary — and the query is cut the same way, so what the user types always matches what was
 * indexed.
 */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const RUNS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[\p{L}\p{N}\p{M}_]+/gu;

export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.toLowerCase().normalize('NFKC').matchAll(RUNS)) {
    const run = match[0];
    if (!CJK.test(run[0])) {
      tokens.push(run);
      continue;
    }
    const chars = Array.from(run);
    for (let i = 0; i < chars.length; i++) {
      tokens.push(chars[i]);
      if (i + 1 < chars.length) tokens.push(chars[i] + chars[i + 1]);
    }
  }
  return tokens;
}
