/** The records of a CSV chat export (WeChat, KakaoTalk for Mac), header included, empty lines left out. */
import { csvRecords, type CsvRecord } from '../csv-records';
import { decodeText } from '../../util/text-stream';

export function csvRows(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<CsvRecord[]> {
  return csvRecords(decodeText(chunks));
}
