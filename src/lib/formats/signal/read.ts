/**
 * Signal Desktop exports, one importer for the four shapes the export tools write (see each reader):
 * sigtop text and JSON (sigtop-text.ts, json.ts), signal-export `data.json` (json.ts) and `chat.md`
 * (markdown.ts). Phone numbers bind where the export carries them (sigtop's `Name (+E164)`, `source`).
 */
import { ImportError, type Importer, type ImportItem, type ImportOptions } from '../../import/types';
import { peek } from '../../util/peek-stream';
import type { SignalTally } from './chat';
import { parseSignalExportJson, parseSigtopJson } from './json';
import { parseSignalMarkdown, SIGNAL_MD_HEADER } from './markdown';
import { parseSigtopText, SIGTOP_CONVERSATION } from './sigtop-text';

export type SignalVariant = 'sigtop-text' | 'sigtop-json' | 'signal-export-json' | 'signal-export-md';

const HEAD_BYTES = 4096;
const SIGTOP_TEXT = new RegExp(`^${SIGTOP_CONVERSATION}[^\\r\\n]*\\r?\\n(?:\\r?\\n|$)`);
const SIGTOP_JSON = /^\[\s*\{[\s\S]*"conversationId"\s*:[\s\S]*"(?:sent_at|received_at)"\s*:|^\[\s*\{[\s\S]*"(?:sent_at|received_at)"\s*:[\s\S]*"conversationId"\s*:/;
const EXPORT_JSON_LINE = /^\{"date": ?"\d{4}-\d{2}-\d{2}T[^"]*", ?"sender": ?/;

/** Which Signal export the first characters of a file are, or null. */
export function signalVariant(head: string): SignalVariant | null {
  const text = head.replace(/^[\ufeff\s]+/, '');
  if (SIGTOP_TEXT.test(text)) return 'sigtop-text';
  if (SIGTOP_JSON.test(text)) return 'sigtop-json';
  if (EXPORT_JSON_LINE.test(text)) return 'signal-export-json';
  const first = SIGNAL_MD_HEADER.exec(text);
  if (first && text.indexOf(': ', first[0].length) > 0) return 'signal-export-md';
  return null;
}

/** Parses a Signal export; `tally` receives the counts of records that are neither events nor errors. */
export async function* parseSignal(
  chunks: AsyncIterable<Uint8Array>,
  options: ImportOptions,
  tally: SignalTally = { systemRecords: 0 }
): AsyncGenerator<ImportItem[]> {
  const { head, stream } = await peek(chunks, HEAD_BYTES);
  const variant = signalVariant(new TextDecoder().decode(head));
  if (variant === 'sigtop-text') yield* parseSigtopText(stream, options, tally);
  else if (variant === 'sigtop-json') yield* parseSigtopJson(stream, options, tally);
  else if (variant === 'signal-export-json') yield* parseSignalExportJson(stream, options, tally);
  else if (variant === 'signal-export-md') yield* parseSignalMarkdown(stream, options, tally);
  else throw new ImportError(options.fileName, null, 'not a Signal export (sigtop text or JSON, signal-export data.json or chat.md)');
}

export const signalImporter: Importer = {
  format: 'signal',
  detect: (head) => signalVariant(head) !== null,
  parse: (chunks, options) => parseSignal(chunks, options)
};
