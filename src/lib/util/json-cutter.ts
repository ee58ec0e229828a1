/**
 * Streams a JSON document whose top level is an object or an array, value by value: as each value starts, the handler
 * says whether to enter it (a container: its values come one by one), read it whole, or skip it. A value read
 * whole is cut out of the text and read by JSON.parse, which also checks it; the scanner checks the structure
 * of what is entered, and only finds the end of what is skipped. A general-purpose streaming tokenizer in
 * JavaScript (@streamparser/json) spent most of an import reading characters one by one; JSON.parse reads a
 * value several times faster.
 *
 * Runs: in an array laid out one element per line or more (exports are indented), the elements of a chunk that
 * are read whole are cut as one run and read by one JSON.parse, without scanning them: the run ends before the
 * chunk's last line that starts like the first element (same indentation, same bracket). JSON.parse succeeding
 * on `[run]` proves the run is exactly whole elements; when it fails (a layout that only looks alike, or an
 * error) or there is no such line, the elements are scanned one by one, which finds an error's place, and the
 * chunk tries no more runs.
 *
 * Memory: the text of one value read whole (at most MAX_VALUE_CHARS; a longer one is skipped and reported)
 * plus the chunk being read. Time: linear (a failed run reads at most the rest of its chunk once more); a value
 * cut by a chunk boundary is scanned on from where the scan stopped.
 */
import { MAX_LINE_CHARS } from './text-stream';

/** `at`: the character of the document (counted from 0, as written) where the problem is, or the value that holds it. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly at: number
  ) {
    super(message);
  }
}

/** What becomes of a value: its values one by one (a container), itself whole, or nothing. */
export type Cut = 'enter' | 'read' | 'skip';

/** Where a value is: the keys and indexes from the top level down (reused by the cutter: copy what you keep). */
export type JsonPath = readonly (string | number)[];

export interface JsonCutHandler {
  /**
   * Called as each value starts. `enter` on a value that is not an array or object reads it whole. The answer
   * for an array's element must not depend on its index: a run of elements is cut on the first one's answer.
   */
  select(path: JsonPath): Cut;
  /** A value read whole. */
  value(path: JsonPath, value: unknown): void;
  /** A value to be read whole that is longer than MAX_VALUE_CHARS: skipped without keeping its text. */
  oversize(path: JsonPath): void;
}

/** The longest value read whole (characters): as long as the longest line (text-stream's OVERLONG_LINE says so). */
export const MAX_VALUE_CHARS = MAX_LINE_CHARS;

const enum Phase {
  /** After `{` or `,` in an object: a key (or, unless after a comma, the closing brace). */
  Key,
  /** After a key: the colon. */
  Colon,
  /** After a colon, or in an array after `[` or `,`: a value (or, in an array unless after a comma, `]`). */
  Value,
  /** After a value: `,` or the container's end. */
  After
}

const enum Cutting {
  None,
  Key,
  Read,
  Skip
}

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

const NEWLINE = 10;
const isIndent = (c: number) => c === 32 || c === 9;

/** Finds where a value's text ends, across the chunks it is cut into (state carried from one to the next). */
class ValueEnd {
  private started = false;
  private primitive = false;
  private depth = 0;
  private inString = false;
  /** The previous chunk ended inside a string on a backslash that escapes the next character. */
  private escaped = false;

  reset(): void {
    this.started = false;
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
  }

  /** The end (exclusive) in `text` of the value going on (or starting) at `from`, or -1 when it goes on past the text. */
  find(text: string, from: number): number {
    const n = text.length;
    let i = from;
    if (!this.started) {
      this.started = true;
      const c = text.charCodeAt(i);
      this.primitive = c !== OPEN_BRACE && c !== OPEN_BRACKET && c !== QUOTE;
    }
    if (this.primitive) {
      // A number, true, false or null: up to the next delimiter.
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || isSpace(c)) return i;
        i++;
      }
      return -1;
    }
    let depth = this.depth;
    let inString = this.inString;
    if (this.escaped) {
      i++;
      this.escaped = false;
    }
    while (i < n) {
      if (inString) {
        const q = text.indexOf('"', i);
        let slashes = 0;
        const stop = q < 0 ? n : q;
        while (stop - 1 - slashes >= i && text.charCodeAt(stop - 1 - slashes) === BACKSLASH) slashes++;
        if (q < 0) {
          this.escaped = slashes % 2 === 1;
          i = n;
          break;
        }
        i = q + 1;
        if (slashes % 2 === 1) continue;
        inString = false;
        if (depth === 0) return i;
        continue;
      }
      const c = text.charCodeAt(i++);
      if (c === QUOTE) inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth <= 0) return i;
    }
    this.depth = depth;
    this.inString = inString;
    return -1;
  }
}

export class JsonCutter {
  private text = '';
  private pos = 0;
  /** Characters of the document before `text`. */
  private offset = 0;
  /** Where the key or value being cut starts in the document. */
  private cutStart = 0;
  private started = false;
  /** Each open container's closing character, outermost first. */
  private readonly closes: number[] = [];
  private readonly phases: Phase[] = [];
  /** The key or index of the current value in each open container. */
  private readonly path: (string | number)[] = [];
  /** A `,` was read: a key or value must follow, not the container's end. */
  private needItem = false;
  private cutting = Cutting.None;
  /** The text of a key or value that began in earlier chunks, and its length. */
  private parts: string[] = [];
  private partsLength = 0;
  private oversized = false;
  private readonly end = new ValueEnd();
  /** A run could not form or failed in the chunk that ends here (document position): none is tried before it. */
  private noRunsBefore = 0;

  constructor(private readonly handler: JsonCutHandler) {}

  /** Reads the next piece of text. Throws JsonSyntaxError where the text is no JSON object or array. */
  write(chunk: string): void {
    this.offset += this.text.length;
    this.text = chunk;
    this.pos = 0;
    if (this.cutting !== Cutting.None && !this.cut(0)) return;
    this.run();
  }

  /** The text has ended: throws JsonSyntaxError when the document is not complete. */
  finish(): void {
    const end = this.offset + this.text.length;
    if (!this.started) throw new JsonSyntaxError('the text holds no JSON', end);
    if (this.closes.length) throw new JsonSyntaxError(`the JSON ends before its closing ${this.closes[0] === CLOSE_BRACE ? 'brace' : 'bracket'}`, end);
  }

  private run(): void {
    const text = this.text;
    const n = text.length;
    for (;;) {
      let i = this.pos;
      while (i < n && isSpace(text.charCodeAt(i))) i++;
      this.pos = i;
      if (i >= n) return;
      const c = text.charCodeAt(i);
      const depth = this.closes.length;
      if (depth === 0) {
        if (this.started) throw this.unexpected(i, 'nothing after the closing brace');
        if (c !== OPEN_BRACE && c !== OPEN_BRACKET) throw this.unexpected(i, 'an object or array');
        this.started = true;
        this.open(c);
        this.pos = i + 1;
        continue;
      }
      const top = depth - 1;
      switch (this.phases[top]) {
        case Phase.Key:
          if (c === CLOSE_BRACE && !this.needItem) this.close(i);
          else if (c !== QUOTE) throw this.unexpected(i, 'a key in quotes');
          else if (!this.startCut(Cutting.Key, i)) return;
          break;
        case Phase.Colon:
          if (c !== COLON) throw this.unexpected(i, 'a colon');
          this.phases[top] = Phase.Value;
          this.pos = i + 1;
          break;
        case Phase.Value: {
          if (c === CLOSE_BRACKET && this.closes[top] === CLOSE_BRACKET && !this.needItem) {
            this.close(i);
            break;
          }
          if (c === CLOSE_BRACE || c === CLOSE_BRACKET || c === COMMA || c === COLON) throw this.unexpected(i, 'a value');
          const cut = this.handler.select(this.path);
          if (cut === 'enter' && (c === OPEN_BRACE || c === OPEN_BRACKET)) {
            this.phases[top] = Phase.After;
            this.open(c);
            this.pos = i + 1;
          } else if (cut === 'read' && this.closes[top] === CLOSE_BRACKET && this.readRun(i)) {
            continue;
          } else if (!this.startCut(cut === 'skip' ? Cutting.Skip : Cutting.Read, i)) return;
          break;
        }
        case Phase.After: {
          const close = this.closes[top];
          if (c === COMMA) {
            this.needItem = true;
            if (close === CLOSE_BRACE) this.phases[top] = Phase.Key;
            else {
              this.phases[top] = Phase.Value;
              (this.path[top] as number)++;
            }
            this.pos = i + 1;
          } else if (c === close) this.close(i);
          else throw this.unexpected(i, `a comma or ${String.fromCharCode(close)}`);
          break;
        }
      }
    }
  }

  private open(c: number): void {
    this.needItem = false;
    const object = c === OPEN_BRACE;
    this.closes.push(object ? CLOSE_BRACE : CLOSE_BRACKET);
    this.phases.push(object ? Phase.Key : Phase.Value);
    this.path.push(object ? '' : 0);
  }

  private close(i: number): void {
    this.closes.pop();
    this.phases.pop();
    this.path.pop();
    this.pos = i + 1;
  }

  /**
   * Reads the array elements from the one at `i` up to the chunk's last line that starts like it (see Runs, at
   * the top) with one JSON.parse; false, having read nothing, when there is no such run or it does not parse.
   */
  private readRun(i: number): boolean {
    const text = this.text;
    const first = text.charCodeAt(i);
    if ((first !== OPEN_BRACE && first !== OPEN_BRACKET) || this.offset + i < this.noRunsBefore) return false;
    // The element's line: only its indentation before it (walked back over, so compact JSON costs nothing).
    let newline = i - 1;
    while (newline >= 0 && isIndent(text.charCodeAt(newline))) newline--;
    if (newline < 0 || text.charCodeAt(newline) !== NEWLINE) return false;
    const run = this.runFrom(i, text.slice(newline, i + 1));
    if (!run) {
      // Each try may read the rest of the chunk: one that fails is the chunk's last, so the work stays linear.
      this.noRunsBefore = this.offset + text.length;
      return false;
    }
    const top = this.closes.length - 1;
    const index = this.path[top] as number;
    this.needItem = false;
    for (let k = 0; k < run.values.length; k++) {
      this.path[top] = index + k;
      this.handler.value(this.path, run.values[k]);
    }
    this.phases[top] = Phase.After;
    this.pos = run.end;
    return true;
  }

  /** The elements from `i` up to the chunk's last line starting with `start` (newline, indentation, bracket), read; null when none. */
  private runFrom(i: number, start: string): { values: unknown[]; end: number } | null {
    const text = this.text;
    const next = text.lastIndexOf(start);
    if (next <= i) return null;
    let comma = next - 1;
    while (comma > i && isSpace(text.charCodeAt(comma))) comma--;
    if (text.charCodeAt(comma) !== COMMA || comma - i > MAX_VALUE_CHARS) return null;
    try {
      return { values: JSON.parse('[' + text.slice(i, comma) + ']') as unknown[], end: comma };
    } catch {
      return null;
    }
  }

  /** Starts cutting the key or value at `i`; false when it goes on in the next chunk. */
  private startCut(cutting: Cutting, i: number): boolean {
    this.needItem = false;
    this.cutting = cutting;
    this.cutStart = this.offset + i;
    this.end.reset();
    return this.cut(i);
  }

  /** Scans the key or value being cut on from `i`; false when it goes on in the next chunk. */
  private cut(i: number): boolean {
    const text = this.text;
    const end = this.end.find(text, i);
    const collect = this.cutting !== Cutting.Skip && !this.oversized;
    if (end < 0) {
      if (collect) this.keep(text.slice(i));
      this.pos = text.length;
      return false;
    }
    this.pos = end;
    let piece: string | null = null;
    if (collect) {
      if (this.parts.length) {
        this.keep(text.slice(i, end));
        if (!this.oversized) piece = this.parts.join('');
      } else if (end - i > MAX_VALUE_CHARS) this.oversized = true;
      else piece = text.slice(i, end);
    }
    this.took(piece);
    return true;
  }

  private keep(piece: string): void {
    this.partsLength += piece.length;
    if (this.partsLength <= MAX_VALUE_CHARS) this.parts.push(piece);
    else {
      this.oversized = true;
      this.parts = [];
    }
  }

  /** A key or value has been cut (its text, or null when skipped or too long): moves on. */
  private took(piece: string | null): void {
    const cutting = this.cutting;
    const oversized = this.oversized;
    this.cutting = Cutting.None;
    this.parts = [];
    this.partsLength = 0;
    this.oversized = false;
    const top = this.closes.length - 1;
    if (cutting === Cutting.Key) {
      if (oversized) throw new JsonSyntaxError(`a key longer than ${MAX_VALUE_CHARS} characters`, this.cutStart);
      this.path[top] = this.parse(piece!) as string;
      this.phases[top] = Phase.Colon;
      return;
    }
    this.phases[top] = Phase.After;
    if (oversized) this.handler.oversize(this.path);
    else if (cutting === Cutting.Read) this.handler.value(this.path, this.parse(piece!));
  }

  private parse(text: string): unknown {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new JsonSyntaxError(`${(err as Error).message} (in ${JSON.stringify(text.slice(0, 30))})`, this.cutStart);
    }
  }

  private unexpected(i: number, expected: string): JsonSyntaxError {
    return new JsonSyntaxError(`expected ${expected} at ${JSON.stringify(this.text.slice(i, i + 30))}`, this.offset + i);
  }
}
