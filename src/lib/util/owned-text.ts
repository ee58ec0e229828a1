/**
 * Copies of file text that share no memory with the text they were cut from.
 *
 * V8 keeps a substring of 13 or more characters as a view into its parent (a sliced string), and a decoded
 * chunk of a file is such a parent: one field an import keeps for a while (a body waiting for its pack, a
 * party's name in the tally, a contact held until the file ends) keeps the whole chunk alive. In Chromium,
 * where TextDecoder's output is an external string, importing the 1 GB SBR XML held ~400 MB of decoded chunks
 * that way (bench/README.md, "Round seven").
 */

/** Below this length V8 copies a substring anyway (SlicedString::kMinLength). */
const SHORTEST_VIEW = 13;

/** `text`, or a copy of it when it may be a view into a larger string. */
export function ownedText(text: string): string {
  // slice() flattens the concatenation into a new string first: the result is a view into that copy alone.
  return text.length < SHORTEST_VIEW ? text : (' ' + text).slice(1);
}

/** Replaces, in place, every string in plain data (objects and arrays, nested) by its owned copy. */
export function ownTexts<T extends object>(data: T): T {
  const record = data as Record<string, unknown>;
  for (const key in record) {
    const value = record[key];
    if (typeof value === 'string') record[key] = ownedText(value);
    else if (value !== null && typeof value === 'object') ownTexts(value);
  }
  return data;
}
