/** The rows of a CSV export (WeChat, KakaoTalk for Mac, any CSV read by a column mapping), streamed through papaparse. */
import Papa from 'papaparse';
import { completeRecords } from '../crosstalk-csv/read';
import { decodeText } from '../../util/text-stream';

export interface CsvRow {
  fields: string[];
  /** The 1-based line the row starts on (a quoted field may span lines). */
  line: number;
}

function newlinesIn(fields: string[]): number {
  let n = 0;
  for (const f of fields) for (let i = f.indexOf('\n'); i >= 0; i = f.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Yields the rows (header included) in batches with their line numbers; empty lines are left out. The
 * delimiter (comma, semicolon, tab) is detected on the first records and kept for the rest of the file.
 */
export async function* csvLines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<CsvRow[]> {
  let newline: '\r\n' | '\n' | undefined;
  let delimiter: string | undefined;
  let line = 1;
  for await (const text of completeRecords(decodeText(chunks))) {
    newline ??= /^[^\n]*\r\n/.test(text) ? '\r\n' : '\n';
    const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false, newline, delimiter });
    delimiter ??= parsed.meta.delimiter;
    const rows: CsvRow[] = [];
    // A run ending in a line break parses to a trailing empty row that is no line of the file.
    const end = text.endsWith('\n') ? parsed.data.length - 1 : parsed.data.length;
    for (let i = 0; i < end; i++) {
      const fields = parsed.data[i];
      if (!(fields.length === 1 && fields[0] === '')) rows.push({ fields, line });
      line += 1 + newlinesIn(fields);
    }
    if (rows.length) yield rows;
  }
}

/** The rows (header included) in batches, without line numbers. */
export async function* csvRows(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string[][]> {
  for await (const rows of csvLines(chunks)) yield rows.map((r) => r.fields);
}
