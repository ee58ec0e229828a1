import type { DraftEvent, SourceFormat } from '../model/event';
import type { Contact, OwnerIdentity } from '../model/contact';
import type { SyncRecord } from '../formats/crosstalk-sync/records';

/** Settings an importer needs to read a file the way the user means it. */
export interface ImportOptions {
  /** File name (no directories); used for diagnostics, provenance and (WhatsApp) the partner's name. */
  fileName: string;
  /** ISO 3166 alpha-2 region for national phone numbers, e.g. 'CN', 'US'. */
  region: string;
  /** IANA zone in which formats without an offset (WhatsApp) wrote their local times. */
  timeZone: string;
  /** The owner's own names and numbers, as they appear in chat exports. */
  me: string[];
  /** For an encrypted sync file: the passphrase the user entered. */
  passphrase?: string;
}

/** A record the importer could not use, with where and why. */
export interface Skip {
  file: string;
  /** 'line 12', 'record 3', 'messages[41]'. */
  where: string;
  reason: string;
}

export type ImportItem =
  /** `id` only when the file carries a Crosstalk id (rows written back earlier); otherwise ids are derived. */
  | { type: 'event'; event: DraftEvent; id?: string }
  | { type: 'contact'; contact: Contact }
  | { type: 'owner'; owner: OwnerIdentity }
  | { type: 'skip'; skip: Skip }
  /** State of another Crosstalk copy (binding edits, write-back marks, settings), from a sync file. */
  | { type: 'sync'; record: SyncRecord };

/** A bytes-in, records-out parser for one text file format (the pipeline hands it UTF-8 bytes). */
export interface Importer {
  format: SourceFormat;
  /** True when the first characters (and, as a hint only, the name) look like this format. */
  detect(head: string, fileName: string): boolean;
  /**
   * Streams the file: yields batches of items as chunks arrive, never holding the whole file as one string
   * when the format allows streaming. Throws ImportError when the file as a whole is unreadable.
   */
  parse(chunks: AsyncIterable<Uint8Array>, options: ImportOptions): AsyncIterable<ImportItem[]>;
}

/** A parser for a binary format (a SQLite database): recognised by its first bytes, handed the raw bytes. */
export interface BinaryImporter extends Omit<Importer, 'detect'> {
  detect(head: Uint8Array, fileName: string): boolean;
}

/** The whole file cannot be read (not this format, malformed beyond one record). */
export class ImportError extends Error {
  constructor(
    readonly file: string,
    readonly where: string | null,
    reason: string
  ) {
    super(where ? `${file}, ${where}: ${reason}` : `${file}: ${reason}`);
    this.name = 'ImportError';
  }
}

/** An encrypted file without its passphrase, or with a wrong one: the user can try again. */
export class PassphraseError extends ImportError {
  constructor(
    file: string,
    readonly reason: 'needed' | 'wrong'
  ) {
    super(file, null, reason === 'needed' ? 'the file is encrypted: enter its passphrase' : 'wrong passphrase (or the file header was altered)');
  }
}

/** No importer knows the file; `csv` when it is a CSV whose columns the user can map. */
export class UnknownFormatError extends ImportError {
  constructor(
    file: string,
    reason: string,
    readonly csv: boolean
  ) {
    super(file, null, reason);
  }
}
