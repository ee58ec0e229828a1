import { queryWords } from './search-text';

/** A run of a text, marked when it is part of a searched word. */
export interface Segment {
  text: string;
  mark: boolean;
}

/**
 * The text folded as search folds it (lower case, NFKC), with the original range each folded UTF-16 unit came
 * from. A base character folds together with its combining marks, so NFKC composes them as it does when the
 * whole text is folded ('e' + U+0301 is 'é').
 */
function fold(text: string): { folded: string; from: number[]; to: number[] } {
  let folded = '';
  const from: number[] = [];
  const to: number[] = [];
  for (const m of text.matchAll(/\P{M}\p{M}*|\p{M}+/gu)) {
    const f = m[0].toLowerCase().normalize('NFKC');
    for (let i = 0; i < f.length; i++) {
      from.push(m.index);
      to.push(m.index + m[0].length);
    }
    folded += f;
  }
  return { folded, from, to };
}

/**
 * The text split into plain and marked segments: every occurrence of a query word (found the way
 * `containsAll` finds it, so what the search matched is what is marked; CJK included) is marked, overlapping
 * occurrences as one.
 */
export function highlight(text: string, query: string): Segment[] {
  const words = queryWords(query);
  if (!text) return [];
  if (!words.length) return [{ text, mark: false }];
  const { folded, from, to } = fold(text);
  const ranges: [number, number][] = [];
  for (const w of words) {
    for (let i = folded.indexOf(w); i >= 0; i = folded.indexOf(w, i + 1)) ranges.push([from[i], to[i + w.length - 1]]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const out: Segment[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (end <= at) continue;
    if (start > at) out.push({ text: text.slice(at, start), mark: false });
    const s = Math.max(start, at);
    const last = out[out.length - 1];
    if (last?.mark && s === at) last.text += text.slice(s, end);
    else out.push({ text: text.slice(s, end), mark: true });
    at = end;
  }
  if (at < text.length) out.push({ text: text.slice(at), mark: false });
  return out;
}
