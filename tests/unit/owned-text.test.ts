import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { toEventDoc } from '../../src/lib/db/import/service';
import { START_INV_BASE } from '../../src/lib/db/store/schema';
import type { KeyedEvent } from '../../src/lib/import/pipeline';
import { numberKey } from '../../src/lib/model/phone-number';
import { Authors, namedAuthor } from '../../src/lib/formats/chat/owner';
import { ownTexts, ownedText } from '../../src/lib/util/owned-text';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const CHUNK_CHARS = 16_000_000;

/** Heap bytes still in use after a full collection while `keep`'s result, made from a fresh chunk of text, is held. */
function retainedBy(keep: (chunk: string) => unknown): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  let chunk: string | null = `${Math.random()}\n` + 'Dinner at eight? 好的 '.repeat(CHUNK_CHARS / 20);
  chunk = chunk.slice(0); // one flat string, as a decoded chunk is
  const kept = keep(chunk);
  chunk = null;
  /x/.test('x'); // the last string a regex ran on stays reachable (RegExp.input): not the chunk, here
  gc();
  const after = process.memoryUsage().heapUsed;
  expect(kept).toBeTruthy();
  return after - before;
}

const cut = (chunk: string, from: number) => chunk.slice(from, from + 40);

describe('texts cut from a chunk of a file', () => {
  it('a plain substring keeps the whole chunk alive; its owned copy does not', () => {
    // A two-byte chunk of 16M characters is 32 MB.
    expect(retainedBy((chunk) => cut(chunk, 1000))).toBeGreaterThan(30_000_000);
    expect(retainedBy((chunk) => ownedText(cut(chunk, 1000)))).toBeLessThan(1_000_000);
  });

  it('ownedText keeps the text and leaves short texts as they are', () => {
    const chunk = 'x'.repeat(50) + 'Meeting moved to Thursday, 3 pm';
    expect(ownedText(chunk.slice(50))).toBe('Meeting moved to Thursday, 3 pm');
    const short = chunk.slice(50, 57);
    expect(ownedText(short)).toBe('Meeting');
    expect(ownedText('')).toBe('');
  });

  it('ownTexts copies every string of nested plain data in place, other values untouched', () => {
    const data = { a: 'one two three four', n: 5, none: null, list: [{ b: 'five six seven eight' }, 'nine ten eleven twelve'], flag: true };
    expect(ownTexts(data)).toBe(data);
    expect(data).toEqual({ a: 'one two three four', n: 5, none: null, list: [{ b: 'five six seven eight' }, 'nine ten eleven twelve'], flag: true });
    const retained = retainedBy((chunk) => ownTexts({ nested: { list: [cut(chunk, 10), cut(chunk, 5000)] } }));
    expect(retained).toBeLessThan(1_000_000);
  });

  it('an event document keeps none of the chunk its fields came from', () => {
    const event = (chunk: string): KeyedEvent => ({
      id: 'ct2-0123456789abcdef',
      channel: 'whatsapp',
      direction: 'in',
      handle: cut(chunk, 100),
      name: cut(chunk, 200),
      phone: null,
      conversation: cut(chunk, 300),
      thread: cut(chunk, 400),
      start: 1_700_000_000_000,
      source: { format: 'whatsapp-txt', file: cut(chunk, 500), record: cut(chunk, 600) },
      kind: 'message',
      body: cut(chunk, 700),
      attachments: [{ name: cut(chunk, 800), type: cut(chunk, 900) }],
      transport: null,
      party: cut(chunk, 1000)
    });
    const text = 'Dinner at eight? 好的 '.repeat(100);
    const doc = toEventDoc(event(text));
    expect(doc).toEqual({ ...event(text), startInv: doc.startInv, onPhone: false });
    expect(doc.startInv).toBe(START_INV_BASE - 1_700_000_000_000);
    expect(retainedBy((chunk) => toEventDoc(event(chunk)))).toBeLessThan(1_000_000);
  });

  it("a chat reader's authors, kept for the whole file, keep none of the chunk they were named in", () => {
    const authors = new Authors(namedAuthor);
    expect(retainedBy((chunk) => authors.of(cut(chunk, 2000)))).toBeLessThan(1_000_000);
  });

  it('the number-key cache, which outlives an import, keeps none of the file either', () => {
    // A number as a file writes it, 14+ characters: a view into the chunk unless copied.
    expect(retainedBy((chunk) => numberKey(cut('+86 138 0013 8000 ' + chunk, 0)))).toBeLessThan(1_000_000);
  });
});
