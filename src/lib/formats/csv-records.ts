/**
 * Streaming RFC 4180 records, in time linear in the input and memory bounded by MAX_RECORD_CHARS.
 *
 * Lenient where spreadsheets and hand edits are: LF or CRLF line ends, a quote inside an unquoted field is
 * kept as text (`He said "hi` is read as written), empty lines are left out. A record with a quote that is
 * neither doubled nor closing its field is a CsvProblem; so is a record longer than MAX_RECORD_CHARS. When
 * such a record spans several lines (typically a stray quote opening a field, which swallows the lines after
 * it), only its first line is lost: the lines after it are read again as records. Text is read again at most
 * once (a record that fails inside text being read again is skipped whole), so the work stays linear.
 */

/** Records longer than this are not held in memory: they come out as a CsvProblem. */
export const MAX_RECORD_CHARS = 16 * 1024 * 1024;

/** A record that could not be read; it still counts as a record, so the ones after it keep their numbers. */
export class CsvProblem {
  constructor(readonly reason: string) {}
}

export type CsvRecord = string[] | CsvProblem;

const COMMA = 44;
const LF = 10;
const CR = 13;
const QUOTE = 34;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted field, not yet known to be doubled or closing (the chunk ended on it). */
  QuoteInQuoted,
  /** After a closing quote: a comma or a line end must follow. */
  Closed,
  /** Dropping an over-long record up to the end of its line. */
  Skipping
}

const MALFORMED = 'malformed quotes (a quote inside a quoted field must be doubled)';

export class CsvRecordReader {
  private out: CsvRecord[] = [];
  private state = State.FieldStart;
  private fields: string[] = [];
  /** Pieces of the current field from earlier texts (quoted: with `""` already made one quote). */
  private parts: string[] = [];
  /** Raw text of the current record from earlier texts, to read it again when it fails. */
  private rawHead: string[] = [];
  private rawHeadChars = 0;
  private malformed = false;
  /** Offsets in the stream of the current text's first character and of the current record's first one. */
  private textOffset = 0;
  private recordOffset = 0;
  /** Text before this offset has been read twice already and is never read a third time. */
  private rereadEnd = 0;

  /** Where each record in `out` starts, as an offset in the text stream (see takeStarts). */
  private starts: number[] = [];

  constructor(
    private readonly maxRecordChars = MAX_RECORD_CHARS,
    /** The field separator's char code: a comma, or a semicolon or tab in spreadsheets' regional exports. */
    private readonly delimiter = COMMA
  ) {}

  /** The stream offsets where the records returned by the last push/end start, in the same order. */
  takeStarts(): number[] {
    return this.starts.splice(0);
  }

  /** Reads the next piece of text; returns the records it completed. */
  push(text: string): CsvRecord[] {
    let pending: string | null = text;
    while (pending !== null) pending = this.scan(pending);
    return this.out.splice(0);
  }

  /** The end of the stream: returns the last record, if it had no line end. */
  end(): CsvRecord[] {
    while (this.state !== State.Skipping && (this.state !== State.FieldStart || this.fields.length)) {
      if (this.state === State.Quoted) this.malformed = true;
      this.endField('', this.state === State.Unquoted);
      let again = this.finishRecord('', 0, 0);
      while (again !== null) again = this.scan(again);
    }
    return this.out.splice(0);
  }

  /** Scans one text; returns text to read again (the rest of a failed record), or null. */
  private scan(s: string): string | null {
    const n = s.length;
    let i = 0;
    let fieldStart = 0;
    let recordStart = 0;
    let state = this.state;
    const delimiter = this.delimiter;
    while (i < n) {
      switch (state) {
        case State.Skipping: {
          const lf = s.indexOf('\n', i);
          if (lf < 0) {
            i = n;
            break;
          }
          i = fieldStart = recordStart = lf + 1;
          this.recordOffset = this.textOffset + i;
          state = State.FieldStart;
          break;
        }
        case State.FieldStart:
          if (s.charCodeAt(i) === QUOTE) {
            state = State.Quoted;
            fieldStart = ++i;
            break;
          }
          state = State.Unquoted;
          fieldStart = i;
        // falls through
        case State.Unquoted: {
          let c = 0;
          while (i < n && (c = s.charCodeAt(i)) !== delimiter && c !== LF) i++;
          if (i === n) break;
          const crlf = c === LF && i > fieldStart && s.charCodeAt(i - 1) === CR;
          // A CR ending the previous text is found when the pieces are joined.
          this.endField(s.slice(fieldStart, crlf ? i - 1 : i), c === LF && !crlf);
          fieldStart = ++i;
          state = State.FieldStart;
          if (c === LF) {
            const again = this.finishRecord(s, recordStart, i);
            if (again !== null) return again;
            recordStart = i;
          }
          break;
        }
        case State.Quoted: {
          const q = s.indexOf('"', i);
          if (q < 0) {
            i = n;
            break;
          }
          if (q + 1 === n) {
            this.parts.push(s.slice(fieldStart, q));
            i = fieldStart = n;
            state = State.QuoteInQuoted;
          } else if (s.charCodeAt(q + 1) === QUOTE) {
            this.parts.push(s.slice(fieldStart, q + 1));
            i = fieldStart = q + 2;
          } else {
            this.parts.push(s.slice(fieldStart, q));
            i = fieldStart = q + 1;
            state = State.Closed;
          }
          break;
        }
        case State.QuoteInQuoted:
          if (s.charCodeAt(i) === QUOTE) {
            this.parts.push('"');
            fieldStart = ++i;
            state = State.Quoted;
          } else state = State.Closed;
          break;
        case State.Closed: {
          const c = s.charCodeAt(i);
          if (c === delimiter || c === LF) {
            this.endField('', false);
            fieldStart = ++i;
            state = State.FieldStart;
            if (c === LF) {
              const again = this.finishRecord(s, recordStart, i);
              if (again !== null) return again;
              recordStart = i;
            }
          } else if (c === CR) fieldStart = ++i;
          else {
            // Text after a closing quote: the record is reported; read on as plain text to find its end.
            this.malformed = true;
            fieldStart = i;
            state = State.Unquoted;
          }
          break;
        }
      }
    }
    this.state = state;
    if (state === State.Skipping) {
      this.textOffset += n;
      return null;
    }
    if (state === State.Quoted || state === State.Unquoted) this.parts.push(s.slice(fieldStart, n));
    const raw = recordStart === 0 ? s : s.slice(recordStart);
    this.rawHead.push(raw);
    this.rawHeadChars += raw.length;
    this.textOffset += n;
    if (this.rawHeadChars <= this.maxRecordChars) return null;
    return this.fail(this.overlong(), this.rawHead.join(''), '', null);
  }

  private overlong(): string {
    const max = this.maxRecordChars;
    return `longer than ${max % 2 ** 20 ? max : `${max / 2 ** 20} M`} characters (an unclosed quote?)`;
  }

  /** Ends a field: `value` is its text in the current text, after the pieces from earlier ones. */
  private endField(value: string, atLineEnd: boolean): void {
    if (this.parts.length) {
      this.parts.push(value);
      value = this.parts.join('');
      this.parts = [];
      if (atLineEnd && value.endsWith('\r')) value = value.slice(0, -1);
    }
    this.fields.push(value);
  }

  /** Ends the record whose text is rawHead + s[recordStart, end); returns text to read again, or null. */
  private finishRecord(s: string, recordStart: number, end: number): string | null {
    const chars = this.rawHeadChars + end - recordStart;
    const reason = chars > this.maxRecordChars ? this.overlong() : this.malformed ? MALFORMED : null;
    if (reason !== null) return this.fail(reason, this.rawHead.join('') + s.slice(recordStart, end), s.slice(end), end);
    const fields = this.fields;
    if (fields.length > 1 || fields[0] !== '') {
      this.out.push(fields);
      this.starts.push(this.recordOffset);
    }
    this.reset();
    this.state = State.FieldStart;
    this.recordOffset = this.textOffset + end;
    return null;
  }

  private reset(): void {
    this.fields = [];
    this.parts = [];
    this.rawHead = [];
    this.rawHeadChars = 0;
    this.malformed = false;
  }

  /**
   * Reports the current record (raw text `record`) as a problem. When it spans lines and has not been read
   * before, returns the text after its first line, followed by `after` (the rest of the current text), to read
   * again. Otherwise reading goes on after it (`end`: where it ends in the current text), or, when it is cut
   * off at the end of the current text (`end` null), after the end of its line.
   */
  private fail(reason: string, record: string, after: string, end: number | null): string | null {
    this.out.push(new CsvProblem(reason));
    this.starts.push(this.recordOffset);
    this.reset();
    const lf = record.indexOf('\n');
    if (lf >= 0 && lf + 1 < record.length && this.recordOffset >= this.rereadEnd) {
      this.rereadEnd = this.recordOffset + record.length;
      this.textOffset = this.recordOffset = this.recordOffset + lf + 1;
      this.state = State.FieldStart;
      return record.slice(lf + 1) + after;
    }
    if (end === null) {
      this.state = State.Skipping;
      return null;
    }
    this.recordOffset = this.textOffset + end;
    this.state = State.FieldStart;
    return null;
  }
}

/** Splits a text stream into records, yielded in batches per input text. */
export async function* csvRecords(texts: AsyncIterable<string>, maxRecordChars = MAX_RECORD_CHARS): AsyncGenerator<CsvRecord[]> {
  const reader = new CsvRecordReader(maxRecordChars);
  for await (const text of texts) {
    const records = reader.push(text);
    reader.takeStarts(); // not wanted here; taken so they do not pile up for the whole file
    if (records.length) yield records;
  }
  const last = reader.end();
  if (last.length) yield last;
}
