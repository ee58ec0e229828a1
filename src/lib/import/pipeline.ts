import type { Contact, OwnerIdentity } from '../model/contact';
import type { CommEvent, SourceFormat } from '../model/event';
import type { SyncRecord } from '../formats/crosstalk-sync/records';
import { IdAssigner } from '../model/ids';
import { partyKey } from '../model/party';
import { detectBinaryImporter, detectImporter } from './registry';
import { ImportError, type ImportItem, type ImportOptions, type Skip } from './types';
import { unzipEntries } from '../util/zip-stream';
import { GZIP_MAGIC, gunzipStream } from '../util/gzip-stream';
import { peek } from '../util/peek-stream';

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

/**
 * Imports one file (or every recognised file inside a .zip): detects the format from content, parses it
 * streaming, and assigns ids and parties. Throws ImportError when the file cannot be read at all.
 */
export async function* importFile(
  fileName: string,
  chunks: AsyncIterable<Uint8Array>,
  options: Omit<ImportOptions, 'fileName'>
): AsyncGenerator<ImportBatch> {
  const counter = { bytes: 0 };
  let { head, stream } = await peek(counting(chunks, counter), HEAD_BYTES);
  if (startsWith(head, GZIP_MAGIC)) ({ head, stream } = await peek(gunzipStream(stream), HEAD_BYTES));
  if (startsWith(head, ZIP_MAGIC)) {
    let found = 0;
    for await (const entry of unzipEntries(stream)) {
      const entryName = baseName(entry.name);
      const inner = await peek(entry.chunks, HEAD_BYTES);
      const importer = entryName.startsWith('.') ? null : detectImporter(headText(inner.head), entryName);
      if (!importer) {
        for await (const _ of inner.stream); // media files in a chat export: skip their bytes
        continue;
      }
      found++;
      // A WhatsApp zip names the partner in the zip's name; its _chat.txt does not.
      const name = entryName === '_chat.txt' ? fileName : entryName;
      yield* parseWith(importer.format, importer.parse(inner.stream, { ...options, fileName: name }), counter, `${fileName}/${entryName}`);
    }
    if (!found) throw new ImportError(fileName, null, 'the archive holds no file Crosstalk can read');
    return;
  }
  const binary = detectBinaryImporter(head, fileName);
  if (binary) {
    yield* parseWith(binary.format, binary.parse(stream, { ...options, fileName }), counter, null);
    return;
  }
  const importer = detectImporter(headText(head), fileName);
  if (!importer) {
    throw new ImportError(
      fileName,
      null,
      'unknown format (expected SMS Backup & Restore XML, Crosstalk CSV, WhatsApp chat .txt/.zip, Telegram result.json, vCard .vcf or a Crosstalk sync file)'
    );
  }
  yield* parseWith(importer.format, importer.parse(stream, { ...options, fileName }), counter, null);
}

async function* parseWith(
  format: SourceFormat,
  items: AsyncIterable<ImportItem[]>,
  counter: { bytes: number },
  /** For files inside an archive: the path to show as their source. */
  archivePath: string | null
): AsyncGenerator<ImportBatch> {
  const ids = new IdAssigner();
  for await (const batch of items) {
    const out: ImportBatch = { events: [], contacts: [], owners: [], skips: [], sync: [], format, bytesRead: counter.bytes };
    for (const item of batch) {
      switch (item.type) {
        case 'event': {
          const event = ids.assign(item.event, item.id) as KeyedEvent;
          if (archivePath) event.source = { ...event.source, file: archivePath };
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
