import type { BindingEdit } from '../../association/binding';
import type { Contact, OwnerIdentity } from '../../model/contact';
import type { CommEvent } from '../../model/event';
import type { LegacySettingsRecord, PreferencesRecord, SyncHeader, WritebackRecord } from './records';
import { decodeText, OVERLONG_LINE, splitLines } from '../../util/text-stream';
import { checkEvent, checkEventId } from '../../boundary/event';
import { FieldProblem, object } from '../../boundary/fields';
import { checkContact, checkEdit, checkLegacySettings, checkOwner, checkPreferencesRecord, checkWriteback } from '../../boundary/sync-records';
import type { CsvPreset } from '../mapped-csv/mapping';
import { checkCsvPreset } from '../../boundary/preferences';
import { ImportError, type ImportItem, type Importer } from '../../import/types';

/** One line of a sync file after the header. */
export type SyncLine =
  | { event: CommEvent & { onPhone?: boolean } }
  | { contact: Contact }
  | { owner: OwnerIdentity }
  | { edit: BindingEdit }
  | { writeback: WritebackRecord }
  | { preferences: PreferencesRecord }
  /** Read from older files only. */
  | { settings: LegacySettingsRecord }
  | { csvPreset: CsvPreset };

const HEADER_START = '{"format":"crosstalk-sync"';
const SYNC_VERSION = 1;

/**
 * One line through the boundary: every record is checked field by field (and an event's id against its
 * content) before anything downstream sees it; unknown fields are dropped.
 */
export function lineItems(value: unknown, where: string): ImportItem[] {
  const line = object(value, 'line');
  const keys = Object.keys(line);
  if (keys.length !== 1) throw new FieldProblem(`a record has one kind, not ${keys.length} (${keys.slice(0, 3).join(', ')})`);
  const record = line[keys[0]];
  switch (keys[0]) {
    case 'event': {
      const raw = object(record, 'event');
      const event = checkEvent(raw);
      const id = checkEventId(raw.id, event);
      const items: ImportItem[] = [{ type: 'event', event, id }];
      if (id !== raw.id) items.push({ type: 'sync', record: { kind: 'renamed', from: raw.id as string, to: id } });
      if (raw.onPhone === true) items.push({ type: 'sync', record: { kind: 'on-phone', id } });
      return items;
    }
    case 'contact':
      return [{ type: 'contact', contact: checkContact(record) }];
    case 'owner':
      return [{ type: 'owner', owner: checkOwner(record) }];
    case 'edit':
      return [{ type: 'sync', record: { kind: 'edit', edit: checkEdit(record) } }];
    case 'writeback':
      return [{ type: 'sync', record: { kind: 'writeback', writeback: checkWriteback(record), where } }];
    case 'preferences':
      return [{ type: 'sync', record: checkPreferencesRecord(record) }];
    case 'settings':
      return [{ type: 'sync', record: checkLegacySettings(record) }];
    case 'csvPreset':
      return [{ type: 'sync', record: { kind: 'csv-preset', preset: checkCsvPreset(record) } }];
    default:
      throw new FieldProblem(`unknown record kind ${keys[0].slice(0, 40)}`);
  }
}

function readHeader(text: string | null, file: string): void {
  let header: unknown;
  try {
    header = text === null ? null : JSON.parse(text);
  } catch {
    header = null;
  }
  const h = header as Partial<SyncHeader> | null;
  if (typeof h !== 'object' || h === null || h.format !== 'crosstalk-sync') throw new ImportError(file, 'line 1', 'not a Crosstalk sync file header');
  if (h.version !== SYNC_VERSION) {
    const newer = typeof h.version === 'number' && h.version > SYNC_VERSION;
    throw new ImportError(file, 'line 1', newer ? `sync file version ${h.version} is newer than this app` : 'unknown sync file version');
  }
}

/** Reads a Crosstalk sync file (after gunzip): NDJSON, a header line, then one record per line. */
export const crosstalkSyncImporter: Importer = {
  format: 'crosstalk-sync',
  detect: (head) => head.startsWith(HEADER_START),
  async *parse(chunks, options) {
    let lineNo = 0;
    for await (const lines of splitLines(decodeText(chunks))) {
      const items: ImportItem[] = [];
      for (const text of lines) {
        lineNo++;
        if (lineNo === 1) {
          readHeader(text, options.fileName);
          continue;
        }
        const skip = (reason: string) => items.push({ type: 'skip', skip: { file: options.fileName, where: `line ${lineNo}`, reason } });
        if (text === null) {
          skip(OVERLONG_LINE);
          continue;
        }
        if (!text) continue;
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (err) {
          skip(`not a JSON record (${(err as Error).message})`);
          continue;
        }
        try {
          items.push(...lineItems(value, `line ${lineNo}`));
        } catch (err) {
          if (!(err instanceof FieldProblem)) throw err;
          skip(`rejected: ${err.message}`);
        }
      }
      if (items.length) yield items;
    }
    if (lineNo === 0) throw new ImportError(options.fileName, null, 'the sync file is empty');
  }
};
