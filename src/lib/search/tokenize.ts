/**
 * Tokens for full-text search. Latin-script words are whole words; runs of CJK characters (which have no
 * spaces) become their characters plus overlapping bigrams, so '吃火锅了' is found by '火锅' and by '锅'
 * without a dictionary.
 */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const RUNS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[\p{L}\p{N}\p{M}_]+/gu;

function tokens(text: string, forQuery: boolean): string[] {
  const out: string[] = [];
  for (const match of text.toLowerCase().normalize('NFKC').matchAll(RUNS)) {
    const run = match[0];
    if (!CJK.test(run[0])) {
      out.push(run);
      continue;
    }
    const chars = Array.from(run);
    // A text holding every bigram of a query run holds its characters too, so a query needs only the
    // bigrams (far shorter posting lists than single characters); a one-character run is its character.
    if (forQuery && chars.length > 1) {
      for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
      continue;
    }
    for (let i = 0; i < chars.length; i++) {
      out.push(chars[i]);
      if (i + 1 < chars.length) out.push(chars[i] + chars[i + 1]);
    }
  }
  return out;
}

/** Every token of a text, as indexed. */
export function tokenize(text: string): string[] {
  return tokens(text, false);
}

/** The tokens a hit must hold for the query to be found in its text. */
export function queryTokens(query: string): string[] {
  return [...new Set(tokens(query, true))];
}
