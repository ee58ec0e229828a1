/**
 * Streams the members of a JSON document whose top level is an object: each top-level member that is an
 * array or an object comes out value by value (`$.key.*`: an array's elements with their index, an object's
 * values with their key), any other member, and those named in `whole`, whole (`$.key`). Each value is cut out of the text and read by
 * JSON.parse, which also checks it; the scanner between values checks the top-level structure. A
 * general-purpose streaming tokenizer in JavaScript (@streamparser/json) spent most of a ChatLab import
 * reading characters one by one; JSON.parse reads a value several times faster.
 *
 * Memory: the text of one value (one element of a top-level array or object) plus the chunk being read.
 * Time: linear; a value cut by a chunk boundary is scanned on from where the scan stopped.
 */

export class JsonSyntaxError extends Error {}

export interface JsonMemberHandler {
  /** A top-level member read whole: neither an array nor an object, or named in `whole`. */
  member(key: string, value: unknown): void;
  /** A value inside a top-level array (index) or object (key). */
  item(key: string, at: number | string, value: unknown): void;
}

const enum Top {
  /** Before the opening brace. */
  Start,
  /** After `{` or a member's `,`: a key, or (first only) the closing brace. */
  Key,
  /** After a key: the colon. */
  Colon,
  /** After the colon: the member's value. */
  Value,
  /** After a member: `,` or `}`. */
  AfterMember,
  /** Inside a top-level array or object: its next value (or key), or its end. */
  Item,
  /** Inside a top-level object member's value: the colon after an item's key. */
  ItemColon,
  /** After an item: `,` or the container's end. */
  AfterItem,
  /** After the closing brace: only white space. */
  End
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

export class JsonMembers {
  private text = '';
  private pos = 0;
  private state = Top.Start;
  private key = '';
  /** The open top-level container: `]` or `}` closes it. */
  private close = 0;
  private index = 0;
  private itemKey: string | null = null;
  /** A `,` was read: a key or value must follow, not the container's end. */
  private needItem = false;
  /** The text of a key or value that began in earlier chunks. */
  private parts: string[] = [];
  private readonly end = new ValueEnd();

  constructor(
    private readonly handler: JsonMemberHandler,
    /** Top-level members read whole even when they are arrays or objects (small ones: `meta`). */
    private readonly whole: ReadonlySet<string> = new Set()
  ) {}

  /** Reads the next piece of text. Throws JsonSyntaxError where the text is no JSON object. */
  write(chunk: string): void {
    this.text = chunk;
    this.pos = 0;
    if (this.parts.length) {
      const end = this.end.find(chunk, 0);
      if (end < 0) {
        this.parts.push(chunk);
        return;
      }
      this.parts.push(chunk.slice(0, end));
      this.pos = end;
      this.took(this.parse(this.parts.join('')));
      this.parts = [];
    }
    this.run();
  }

  /** The text has ended: throws JsonSyntaxError when the document is not complete. */
  finish(): void {
    if (this.state !== Top.End || this.parts.length) throw new JsonSyntaxError('the JSON ends before its closing brace');
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
      switch (this.state) {
        case Top.Start:
          if (c !== OPEN_BRACE) throw this.unexpected(i, 'an object');
          this.pos = i + 1;
          this.state = Top.Key;
          break;
        case Top.Key:
          if (c === CLOSE_BRACE && !this.needItem) {
            this.pos = i + 1;
            this.state = Top.End;
          } else if (c !== QUOTE) throw this.unexpected(i, 'a key in quotes');
          else if (!this.value(i)) return;
          break;
        case Top.Colon:
        case Top.ItemColon:
          if (c !== COLON) throw this.unexpected(i, 'a colon');
          this.pos = i + 1;
          this.state = this.state === Top.Colon ? Top.Value : Top.Item;
          break;
        case Top.Value:
          if ((c === OPEN_BRACKET || c === OPEN_BRACE) && !this.whole.has(this.key)) {
            this.close = c === OPEN_BRACKET ? CLOSE_BRACKET : CLOSE_BRACE;
            this.index = 0;
            this.itemKey = null;
            this.pos = i + 1;
            this.state = Top.Item;
          } else if (!this.value(i)) return;
          break;
        case Top.AfterMember:
        case Top.AfterItem: {
          const close = this.state === Top.AfterMember ? CLOSE_BRACE : this.close;
          if (c === COMMA) {
            this.needItem = true;
            this.state = this.state === Top.AfterMember ? Top.Key : Top.Item;
          } else if (c === close) this.state = this.state === Top.AfterMember ? Top.End : Top.AfterMember;
          else throw this.unexpected(i, `a comma or ${String.fromCharCode(close)}`);
          this.pos = i + 1;
          break;
        }
        case Top.Item:
          if (c === this.close && !this.needItem && this.itemKey === null) {
            this.pos = i + 1;
            this.state = Top.AfterMember;
          } else if (this.close === CLOSE_BRACE && this.itemKey === null && c !== QUOTE) throw this.unexpected(i, 'a key in quotes');
          else if (!this.value(i)) return;
          break;
        case Top.End:
          throw this.unexpected(i, 'nothing after the closing brace');
      }
    }
  }

  /** Reads the key or value starting at `i` and acts on it; false when it goes on in the next chunk. */
  private value(i: number): boolean {
    const end = this.end.find(this.text, i);
    if (end < 0) {
      this.parts.push(this.text.slice(i));
      this.pos = this.text.length;
      return false;
    }
    this.pos = end;
    this.took(this.parse(this.text.slice(i, end)));
    return true;
  }

  /** A key or value has been read: moves on from the state that expected it. */
  private took(value: unknown): void {
    this.end.reset();
    this.needItem = false;
    switch (this.state) {
      case Top.Key:
        this.key = value as string;
        this.state = Top.Colon;
        break;
      case Top.Value:
        this.handler.member(this.key, value);
        this.state = Top.AfterMember;
        break;
      case Top.Item:
        if (this.close === CLOSE_BRACE && this.itemKey === null) {
          this.itemKey = value as string;
          this.state = Top.ItemColon;
          break;
        }
        this.handler.item(this.key, this.close === CLOSE_BRACKET ? this.index++ : this.itemKey!, value);
        this.itemKey = null;
        this.state = Top.AfterItem;
        break;
    }
  }

  private parse(text: string): unknown {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new JsonSyntaxError(`${(err as Error).message} (in ${JSON.stringify(text.slice(0, 30))})`);
    }
  }

  private unexpected(i: number, expected: string): JsonSyntaxError {
    return new JsonSyntaxError(`expected ${expected} at ${JSON.stringify(this.text.slice(i, i + 30))}`);
  }
}
