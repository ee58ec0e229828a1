import { describe, expect, it } from 'vitest';
import { JsonMembers, JsonSyntaxError } from '../../src/lib/util/json-members';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Reads `text` cut into `parts` and rebuilds the document from what comes out. */
function read(parts: string[], whole: string[] = []): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  const members = new JsonMembers(
    {
      member: (key, value) => {
        doc[key] = value;
      },
      item: (key, at, value) => {
        const container = (doc[key] ??= typeof at === 'number' ? [] : {}) as Record<string | number, unknown>;
        container[at] = value;
      }
    },
    new Set(whole)
  );
  for (const p of parts) members.write(p);
  members.finish();
  return doc;
}

function cut(text: string, random: (n: number) => number): string[] {
  const parts: string[] = [];
  for (let i = 0; i < text.length; ) {
    const n = 1 + random(random(2) ? 4 : 40);
    parts.push(text.slice(i, i + n));
    i += n;
  }
  return parts;
}

describe('JsonMembers', () => {
  it('gives what JSON.parse gives, however the text is cut', () => {
    let seed = 11;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const strings = ['', 'a', 'say "hi"', 'back\\slash\\', '\\"', '}{][,:', '中文 ✓', 'line\nbreak', '\u0001'];
    const value = (depth: number): Json => {
      const pick = random(depth > 2 ? 5 : 7);
      if (pick === 0) return null;
      if (pick === 1) return random(2) === 0;
      if (pick === 2) return random(2) ? random(100000) - 500 : random(1000) / 7;
      if (pick <= 4) return strings[random(strings.length)];
      if (pick === 5) return Array.from({ length: random(4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: random(4) }, () => [strings[random(strings.length)], value(depth + 1)]));
    };
    for (let round = 0; round < 400; round++) {
      const doc: Record<string, Json> = { meta: { name: 'x', n: [1, 2] } };
      for (let k = random(5); k > 0; k--) doc[`k${random(6)}`] = value(0);
      const text = JSON.stringify(doc, null, random(3) ? undefined : random(3));
      // An empty top-level array or object has no items to come out.
      const expected = Object.fromEntries(Object.entries(JSON.parse(text) as Record<string, Json>).filter(([k, v]) => k === 'meta' || typeof v !== 'object' || v === null || Object.keys(v).length > 0));
      expect(read(cut(text, random), ['meta'])).toEqual(expected);
    }
  });

  it('refuses text that is no JSON object, and a document that ends early', () => {
    const bad = ['[1]', '{"a" 1}', '{"a": 1,}', '{"a": [1,]}', '{"a": [1 2]}', '{"a": {"b" 1}}', '{"a": {"b": }}', '{a: 1}', '{"a": tru}', '{"a": 1} x', '{"a": "b}', '{"a": [', '{"a": 1', '{'];
    for (const text of bad) expect(() => read([text]), text).toThrow(JsonSyntaxError);
    expect(read(['{"a": [] , "b": {} }  \n'])).toEqual({});
    expect(read(['{}'])).toEqual({});
  });

  it('reads members named as whole in one piece', () => {
    expect(read(['{"meta": {"a": [1]}, "m": [{"x": 1}]}'], ['meta'])).toEqual({ meta: { a: [1] }, m: [{ x: 1 }] });
  });
});
