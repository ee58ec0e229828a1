/** The rows of a CSV chat export (WeChat, KakaoTalk for Mac), streamed through papaparse. */
import Papa from 'papaparse';
import { completeRecords } from '../crosstalk-csv/read';
import { decodeText } from '../../util/text-stream';

/** Yields the rows (header included) in batches; empty lines are left out. */
export async function* csvRows(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string[][]> {
  let newline: '\r\n' | '\n' | undefined;
  for await (const text of completeRecords(decodeText(chunks))) {
    newline ??= /^[^\n]*\r\n/.test(text) ? '\r\n' : '\n';
    const rows = Papa.parse<string[]>(text, { header: false, skipEmptyLines: true, newline }).data;
    if (rows.length) yield rows;
  }
}
