/**
 * The records of a CSV export (WeChat, KakaoTalk for Mac, any CSV read by a column mapping), header included,
 * empty lines left out, through the bounded, linear record reader (csv-records.ts).
 */
import { CsvProblem, CsvRecordReader, csvRecords, type CsvRecord } from '../csv-records';
import { decodeText } from '../../util/text-stream';

export function csvRows(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<CsvRecord[]> {
  return csvRecords(decodeText(chunks));
}

/** A record with the 1-based line it starts on (a quoted field may span lines); `problem` when it is malformed. */
export type CsvRow = { line: number; fields: string[]; problem: null } | { line: number; fields: []; problem: string };

const DELIMITERS = [',', ';', '\t'];

/** The separator of a file's first line: the one of comma, semicolon and tab it holds most often outside quotes. */
function delimiterOf(text: string): number {
  const lf = text.indexOf('\n');
  const first = (lf < 0 ? text : text.slice(0, lf)).replace(/"[^"]*"/g, '');
  let best = ',';
  for (const d of DELIMITERS) if (first.split(d).length > first.split(best).length) best = d;
  return best.charCodeAt(0);
}

/** Line numbers of stream offsets that only grow: counts line feeds in the texts between them. */
class LineCounter {
  private texts: { start: number; text: string }[] = [];
  private offset = 0;
  private line = 1;

  add(start: number, text: string): void {
    this.texts.push({ start, text });
  }

  lineAt(target: number): number {
    while (this.offset < target && this.texts.length) {
      const { start, text } = this.texts[0];
      const end = Math.min(target, start + text.length);
      for (let i = text.indexOf('\n', this.offset - start); i >= 0 && start + i < end; i = text.indexOf('\n', i + 1)) this.line++;
      this.offset = end;
      if (end === start + text.length) this.texts.shift();
    }
    return this.line;
  }
}

/** Yields the rows (header included) in batches with their line numbers; the separator is detected once. */
export async function* csvLines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<CsvRow[]> {
  let reader: CsvRecordReader | null = null;
  const lines = new LineCounter();
  let offset = 0;
  const located = (records: CsvRecord[], starts: number[]): CsvRow[] =>
    records.map((r, i) => {
      const line = lines.lineAt(starts[i]);
      return r instanceof CsvProblem ? { line, fields: [], problem: r.reason } : { line, fields: r, problem: null };
    });
  for await (const text of decodeText(chunks)) {
    reader ??= new CsvRecordReader(undefined, delimiterOf(text));
    lines.add(offset, text);
    offset += text.length;
    const records = reader.push(text);
    if (records.length) yield located(records, reader.takeStarts());
  }
  if (!reader) return;
  const last = reader.end();
  if (last.length) yield located(last, reader.takeStarts());
}
