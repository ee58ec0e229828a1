import type { Contact, OwnerIdentity } from '../model/contact';
import type { CommEvent, DraftEvent, SourceFormat } from '../model/event';
import { checkEvent } from '../boundary/event';
import { FieldProblem } from '../boundary/fields';
import type { SyncRecord } from '../formats/crosstalk-sync/records';
import { IdAssigner } from '../model/ids';
import { partyKey } from '../model/party';
import { describeFormats, detectBinaryImporter, detectImporter } from './registry';
import { ImportError, UnknownFormatError, type Importer, type ImportItem, type ImportOptions, type Skip } from './types';
import type { CsvMapping } from '../formats/mapped-csv/mapping';
import { firstRow, mappedCsvImporter } from '../formats/mapped-csv/read';
import { unzipEntries } from '../util/zip-stream';
import { GZIP_MAGIC, gunzipStream } from '../util/gzip-stream';
import { DecodeError } from '../util/decode-error';
import { sniffEncoding, toUtf8 } from '../util/encoding';
import { peek } from '../util/peek-stream';
import { decryptSyncFile, isEncryptedSyncFile } from '../formats/crosstalk-sync/encrypted';

/** An event ready to store: its deterministic id and the party it belongs to. */
export type KeyedEvent = CommEvent & { party: string };

export interface ImportBatch {
  events: KeyedEvent[];
  contacts: Contact[];
  owners: OwnerIdentity[];
  skips: Skip[];
  sync: SyncRecord[];
  /** Format of the file the batch came from. */
  format: SourceFormat;
  /** Bytes of the input file consumed so far (for progress). */
  bytesRead: number;
}

const HEAD_BYTES = 4096;
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

async function* counting(chunks: AsyncIterable<Uint8Array>, counter: { bytes: number }) {
  for await (const c of chunks) {
    counter.bytes += c.length;
    yield c;
  }
}

function headText(head: Uint8Array): string {
  // A multi-byte character may be cut at the end of the head: decoding leniently only affects that character.
  return new TextDecoder('utf-8').decode(head).replace(/^\ufeff/, '');
}

function startsWith(head: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => head[i] === b);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** How the pipeline reads files: the importers' options, plus the column mappings for CSVs no importer knows. */
export type PipelineOptions = Omit<ImportOptions, 'fileName'> & {
  /** Tried, by their header, on files no importer recognises (saved presets, or the mapping the user just made). */
  mappings?: readonly CsvMapping[];
};

/** A built-in importer for the file, else a column mapping made for its header. */
function detect(head: string, fileName: string, mappings: readonly CsvMapping[]): Importer | null {
  const importer = detectImporter(head, fileName);
  if (importer || !mappings.length) return importer;
  const mapping = mappings.find((m) => mappedCsvImporter(m).detect(head, fileName));
  return mapping ? mappedCsvImporter(mapping) : null;
}

/**
 * Imports one file (or every recognised file inside a .zip): detects the format from content, parses it
 * streaming, and assigns ids and parties. Throws ImportError when the file cannot be read at all.
 */
export async function* importFile(fileName: string, chunks: AsyncIterable<Uint8Array>, options: PipelineOptions): AsyncGenerator<ImportBatch> {
  try {
    yield* readFile(fileName, chunks, options);
  } catch (err) {
    throw named(fileName, err);
  }
}

async function* readFile(fileName: string, chunks: AsyncIterable<Uint8Array>, pipelineOptions: PipelineOptions): AsyncGenerator<ImportBatch> {
  const { mappings = [], passphrase, ...options } = pipelineOptions;
  const counter = { bytes: 0 };
  let { head, stream } = await peek(counting(chunks, counter), HEAD_BYTES);
  // An encrypted sync file holds a gzip'd sync file, read below like any other once it authenticates.
  if (isEncryptedSyncFile(head)) ({ head, stream } = await peek(decryptSyncFile(stream, fileName, passphrase), HEAD_BYTES));
  if (startsWith(head, GZIP_MAGIC)) ({ head, stream } = await peek(gunzipStream(stream), HEAD_BYTES));
  if (startsWith(head, ZIP_MAGIC)) {
    let found = 0;
    for await (const entry of unzipEntries(stream)) {
      const entryName = baseName(entry.name);
      const text = entryName.startsWith('.') ? null : await asText(entry.chunks);
      // The path inside the archive is the name hint (`your_instagram_activity/messages/…`).
      const importer = text && 'head' in text ? detect(headText(text.head), entry.name, mappings) : null;
      if (!importer) {
        if (text && 'stream' in text) for await (const _ of text.stream); // media files in a chat export: skip their bytes
        continue;
      }
      found++;
      // A WhatsApp zip names the partner in the zip's name; its _chat.txt does not.
      const name = entryName === '_chat.txt' ? fileName : entryName;
      yield* parseWith(importer.format, importer.parse((text as TextStream).stream, { ...options, fileName: name }), counter, `${fileName}/${entryName}`, name);
    }
    if (!found) throw new ImportError(fileName, null, 'the archive holds no file Crosstalk can read');
    return;
  }
  const binary = detectBinaryImporter(head, fileName);
  if (binary) {
    yield* parseWith(binary.format, binary.parse(stream, { ...options, fileName }), counter, null, fileName);
    return;
  }
  const text = await asText(stream, head);
  if ('problem' in text) throw new ImportError(fileName, null, text.problem);
  const firstChars = 'head' in text ? headText(text.head) : null;
  const importer = firstChars === null ? null : detect(firstChars, fileName, mappings);
  if (!importer) throw new UnknownFormatError(fileName, `unknown format (expected ${describeFormats()})`, isCsvHeader(firstChars));
  yield* parseWith(importer.format, importer.parse(text.stream, { ...options, fileName }), counter, null, fileName);
}

/**
 * Reads a text file outside an import (the column-mapping preview): `read` gets its bytes as UTF-8 (the
 * encoding sniffed, other encodings re-encoded), and text that is not valid fails as an ImportError naming
 * the file, as in an import.
 */
export async function readText<T>(fileName: string, chunks: AsyncIterable<Uint8Array>, read: (utf8: AsyncIterable<Uint8Array>) => Promise<T>): Promise<T> {
  const text = await asText(chunks);
  if ('problem' in text) throw new ImportError(fileName, null, text.problem);
  if ('binary' in text) throw new ImportError(fileName, null, 'is not a text file');
  try {
    return await read(text.stream);
  } catch (err) {
    throw named(fileName, err);
  }
}

/** A decoding failure (bad text, a zip or gzip bomb) as the file's ImportError; anything else as it is. */
function named(fileName: string, err: unknown): unknown {
  return err instanceof DecodeError ? new ImportError(fileName, null, err.message) : err;
}

/** A first line of two or more comma-, semicolon- or tab-separated cells: a CSV the user can map. */
function isCsvHeader(head: string | null): boolean {
  const cells = head === null ? null : firstRow(head);
  return cells !== null && cells.length >= 2 && cells.every((c) => c.trim().length > 0 && c.length <= 200);
}

type TextStream = { head: Uint8Array; stream: AsyncIterable<Uint8Array> };

/** The stream as checked UTF-8 with its first bytes, or why it is not text. */
async function asText(
  chunks: AsyncIterable<Uint8Array>,
  rawHead?: Uint8Array
): Promise<TextStream | { binary: true; stream: AsyncIterable<Uint8Array> } | { problem: string }> {
  let stream = chunks;
  let head = rawHead;
  if (!head) ({ head, stream } = await peek(chunks, HEAD_BYTES));
  const sniffed = sniffEncoding(head);
  if ('problem' in sniffed) return sniffed;
  if ('binary' in sniffed) return { binary: true, stream };
  return peek(toUtf8(stream, sniffed.encoding), HEAD_BYTES);
}

async function* parseWith(
  format: SourceFormat,
  items: AsyncIterable<ImportItem[]>,
  counter: { bytes: number },
  /** For files inside an archive: the path to show as their source. */
  archivePath: string | null,
  fileName: string
): AsyncGenerator<ImportBatch> {
  const ids = new IdAssigner();
  for await (const batch of items) {
    const out: ImportBatch = { events: [], contacts: [], owners: [], skips: [], sync: [], format, bytesRead: counter.bytes };
    for (const item of batch) {
      switch (item.type) {
        case 'event': {
          let draft: DraftEvent;
          try {
            draft = checkEvent(item.event);
          } catch (err) {
            if (!(err instanceof FieldProblem)) throw err;
            const source = item.event.source;
            out.skips.push({ file: source?.file || fileName, where: source?.record || 'a record', reason: `rejected: ${err.message}` });
            break;
          }
          const event = ids.assign(draft, item.id) as KeyedEvent;
          if (archivePath) event.source = { format: event.source.format, file: archivePath, record: event.source.record };
          event.party = partyKey(event);
          out.events.push(event);
          break;
        }
        case 'contact':
          out.contacts.push(item.contact);
          break;
        case 'owner':
          out.owners.push(item.owner);
          break;
        case 'skip':
          out.skips.push(item.skip);
          break;
        case 'sync':
          out.sync.push(item.record);
          break;
      }
    }
    yield out;
  }
}
