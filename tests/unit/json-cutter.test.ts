import { describe, expect, it } from 'vitest';
import { JsonCutter, JsonSyntaxError, MAX_VALUE_CHARS, type Cut, type JsonPath } from '../../src/lib/util/json-cutter';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * Reads `parts` with `select` deciding, and rebuilds the document from the values read whole (entered
 * containers come back as their values; skipped and oversized values are listed by path).
 */
function read(parts: string[], select: (path: JsonPath) => Cut) {
  const doc: Record<string, unknown> = {};
  const skipped: string[] = [];
  const oversize: string[] = [];
  /** The paths select was asked about (a run of array elements asks for its first only). */
  const asked: string[] = [];
  const cutter = new JsonCutter({
    select: (path) => {
      asked.push(path.join('.'));
      const cut = select(path);
      if (cut === 'skip') skipped.push(path.join('.'));
      return cut;
    },
    value: (path, value) => {
      let at: Record<string | number, unknown> = doc;
      for (let d = 0; d < path.length - 1; d++) at = (at[path[d]] ??= typeof path[d + 1] === 'number' ? [] : {}) as Record<string | number, unknown>;
      at[path[path.length - 1]] = value;
    },
    oversize: (path) => oversize.push(path.join('.'))
  });
  for (const p of parts) cutter.write(p);
  cutter.finish();
  return { doc, skipped, oversize, asked };
}

const topLevel = (whole: string[]) => (path: JsonPath) => (path.length === 1 && !whole.includes(path[0] as string) ? 'enter' : 'read');

function cut(text: string, random: (n: number) => number): string[] {
  const parts: string[] = [];
  for (let i = 0; i < text.length; ) {
    const n = 1 + random(random(2) ? 4 : 40);
    parts.push(text.slice(i, i + n));
    i += n;
  }
  return parts;
}

/** The document without the arrays and objects that hold nothing (entering them gives no value). */
function pruned(value: Json): Json | undefined {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    // Indexes stay where they were: an emptied element leaves a hole, as the rebuild does.
    const out: Json[] = [];
    value.forEach((v, i) => {
      const p = pruned(v);
      if (p !== undefined) out[i] = p;
    });
    return out.length ? out : undefined;
  }
  const entries = Object.entries(value).flatMap(([k, v]) => {
    const p = pruned(v);
    return p === undefined ? [] : [[k, p] as const];
  });
  return entries.length ? Object.fromEntries(entries) : undefined;
}

describe('JsonCutter', () => {
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
  const document = () => {
    const doc: Record<string, Json> = { meta: { name: 'x', n: [1, 2] } };
    for (let k = random(5); k > 0; k--) doc[`k${random(6)}`] = value(0);
    return JSON.stringify(doc, null, random(3) ? undefined : random(3));
  };

  it('entering the top level: gives what JSON.parse gives, however the text is cut', () => {
    for (let round = 0; round < 400; round++) {
      const text = document();
      // An empty top-level array or object has no items to come out.
      const expected = Object.fromEntries(Object.entries(JSON.parse(text) as Record<string, Json>).filter(([k, v]) => k === 'meta' || typeof v !== 'object' || v === null || Object.keys(v).length > 0));
      expect(read(cut(text, random), topLevel(['meta'])).doc).toEqual(expected);
    }
  });

  it('entering every container: every value at its path, however the text is cut', () => {
    for (let round = 0; round < 400; round++) {
      const text = document();
      expect(read(cut(text, random), () => 'enter').doc).toEqual(pruned(JSON.parse(text) as Json) ?? {});
    }
  });

  it('enters the paths asked for, reads the values below whole, and skips the rest', () => {
    const text = JSON.stringify({
      about: 'x',
      chats: { about: 'y', list: [{ name: 'A', messages: [{ id: 1, text: ['a', { b: 1 }] }, { id: 2 }] }, { name: 'B', messages: [] }, { name: 'C', messages: [{ id: 3 }] }] },
      other: { huge: [1, 2, 3] }
    });
    const select = (path: JsonPath): Cut => {
      if (path[0] !== 'chats') return 'skip';
      if (path.length === 1) return 'enter';
      if (path.length === 2) return path[1] === 'list' ? 'enter' : 'skip';
      if (path.length === 3) return 'enter';
      return path[3] === 'messages' && path.length === 4 ? 'enter' : 'read';
    };
    for (const parts of [[text], cut(text, random), text.split('')]) {
      const { doc, skipped } = read(parts, select);
      expect(doc).toEqual({ chats: { list: [{ name: 'A', messages: [{ id: 1, text: ['a', { b: 1 }] }, { id: 2 }] }, { name: 'B' }, { name: 'C', messages: [{ id: 3 }] }] } });
      expect(skipped).toEqual(['about', 'chats.about', 'other']);
    }
  });

  it('refuses text that is no JSON object, and a document that ends early; a skipped value is only scanned', () => {
    const bad = ['1', '"a"', '{"a" 1}', '{"a": 1,}', '{"a": [1,]}', '{"a": [1 2]}', '{"a": {"b" 1}}', '{"a": {"b": }}', '{a: 1}', '{"a": tru}', '{"a": 1} x', '{"a": "b}', '{"a": [', '{"a": 1', '{', ''];
    for (const text of bad) expect(() => read([text], topLevel([])), text).toThrow(JsonSyntaxError);
    expect(() => read(['{"a": [1 2]}'], () => 'enter')).toThrow('expected a comma or ] at "2]}"');
    // Where: the character of the document, however it is cut; a value JSON.parse refuses by its start.
    const at = (parts: string[], select: () => Cut) => {
      try {
        read(parts, select);
      } catch (err) {
        return (err as JsonSyntaxError).at;
      }
    };
    for (const parts of [['{"a": [1 2]}'], ['{"a"', ': [1', ' 2]}'], '{"a": [1 2]}'.split('')]) {
      expect(at(parts, () => 'enter')).toBe(9);
      expect(at(parts, () => 'read')).toBe(6);
    }
    expect(at(['{"a": [1, 2]', '  '], () => 'read')).toBe(14);
    expect(read(['{"a": [] , "b": {} }  \n'], topLevel([])).doc).toEqual({});
    expect(read(['{}'], topLevel([])).doc).toEqual({});
    expect(read([' [1, {"a": 2}] '], () => 'read').doc).toEqual({ 0: 1, 1: { a: 2 } });
    expect(() => read(['[1, 2'], () => 'read')).toThrow('the JSON ends before its closing bracket');
    expect(() => read(['{"a": [1, 2]'], () => 'enter')).toThrow('the JSON ends before its closing brace');
    expect(() => read([' \n'], () => 'read')).toThrow('the text holds no JSON');
    const { doc, skipped, oversize } = read(['{"a": tru, "b": [1,,]}'], () => 'skip');
    expect({ doc, skipped, oversize }).toEqual({ doc: {}, skipped: ['a', 'b'], oversize: [] });
  });

  it('reads values named as whole in one piece', () => {
    expect(read(['{"meta": {"a": [1]}, "m": [{"x": 1}]}'], topLevel(['meta'])).doc).toEqual({ meta: { a: [1] }, m: [{ x: 1 }] });
  });

  it('skips a value longer than the limit without keeping it, in one chunk or across many, and reads on', () => {
    const long = 'x'.repeat(MAX_VALUE_CHARS);
    const text = `{"m": [{"body": "${long}"}, {"body": "short"}, "${long}"]}`;
    for (const parts of [[text], cut(text, () => 1 << 20)]) {
      const { doc, skipped, oversize } = read(parts, topLevel([]));
      expect({ doc, skipped, oversize }).toEqual({ doc: { m: [undefined, { body: 'short' }] }, skipped: [], oversize: ['m.0', 'm.2'] });
    }
    expect(() => read([`{"${long}": 1}`], topLevel([]))).toThrow(`a key longer than ${MAX_VALUE_CHARS} characters`);
  });

  describe('runs of array elements', () => {
    const message = (n: number): Json => ({ sender: `p${n % 3}`, at: 1700000000000 + n, text: strings[n % strings.length], photos: n % 4 ? [] : [{ uri: 'a.jpg' }, { uri: 'b.jpg' }], share: n % 5 ? null : { link: 'x' } });
    const thread = (count: number) => ({ participants: [{ name: 'p0' }, { name: 'p1' }], messages: Array.from({ length: count }, (_, n) => message(n)) });
    /** Facebook's and Telegram's layout (JSON.stringify's), and ChatLab's: an element a line. */
    const layouts: [string, (doc: ReturnType<typeof thread>) => string][] = [
      ['indented by 2', (d) => JSON.stringify(d, null, 2)],
      ['indented by 1', (d) => JSON.stringify(d, null, 1)],
      ['indented by tabs, CRLF', (d) => JSON.stringify(d, null, '\t').replace(/\n/g, '\r\n')],
      ['an element a line', (d) => `{\n  "participants": ${JSON.stringify(d.participants)},\n  "messages": [\n${d.messages.map((m) => '    ' + JSON.stringify(m)).join(',\n')}\n  ]\n}`]
    ];
    const select = topLevel(['participants']);
    const messagesAsked = (asked: string[]) => asked.filter((p) => p.startsWith('messages.')).length;

    for (const [name, layout] of layouts) {
      it(`${name}: every element at its index however the text is cut; one chunk asks for two elements only`, () => {
        const doc = thread(60);
        const text = layout(doc);
        const whole = read([text], select);
        expect(whole.doc).toEqual(doc);
        // The run: elements 0–58; the last line starting like the first begins element 59, read on its own.
        expect(messagesAsked(whole.asked)).toBe(2);
        for (const size of [1, 7, 64, 333, 2000]) expect(read(cut(text, () => size - 1), select).doc).toEqual(doc);
      });
    }

    it('a layout that only looks alike (a later array at the same indentation) is read element by element', () => {
      const text = JSON.stringify({ a: [{ x: 1 }, { x: 2 }], b: [{ y: 1 }, { y: 2 }] }, null, 1);
      const { doc, asked } = read([text], topLevel([]));
      expect(doc).toEqual({ a: [{ x: 1 }, { x: 2 }], b: [{ y: 1 }, { y: 2 }] });
      expect(asked).toEqual(['a', 'a.0', 'a.1', 'b', 'b.0', 'b.1']);
    });

    it('an error inside a run is found where the elements read one by one find it', () => {
      const text = JSON.stringify(thread(20), null, 2).replace('"at": 1700000000007', '"at": 17000x00000007');
      const at = (parts: string[]) => {
        try {
          read(parts, select);
        } catch (err) {
          return (err as JsonSyntaxError).at;
        }
      };
      const element7 = text.indexOf('{', text.indexOf('"at": 17000x') - 40);
      expect(at([text])).toBe(element7);
      expect(at(text.split(''))).toBe(element7);
    });

    it('a run never holds an element longer than the limit: that one is skipped, the rest read', () => {
      const long = 'x'.repeat(MAX_VALUE_CHARS);
      const text = `[\n  {"body": "${long}"},\n  {"body": "short"},\n  {"body": "too"}\n]`;
      const { doc, oversize } = read([text], () => 'read');
      expect({ doc, oversize }).toEqual({ doc: { 1: { body: 'short' }, 2: { body: 'too' } }, oversize: ['0'] });
    });
  });
});
