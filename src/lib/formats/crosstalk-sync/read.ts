import type { BindingEdit } from '../../association/binding';
import type { Contact, OwnerIdentity } from '../../model/contact';
import type { CommEvent, DraftEvent } from '../../model/event';
import type { AssociationSettingsRecord, WritebackRecord } from './records';
import { decodeText, splitLines } from '../../util/text-stream';
import { ImportError, type ImportItem, type Importer } from '../../import/types';

/** One line of a sync file after the header. */
export type SyncLine =
  | { event: CommEvent & { onPhone?: boolean } }
  | { contact: Contact }
  | { owner: OwnerIdentity }
  | { edit: BindingEdit }
  | { writeback: WritebackRecord }
  | { settings: AssociationSettingsRecord };

const HEADER_START = '{"format":"crosstalk-sync"';

function lineItems(line: SyncLine): ImportItem[] {
  if ('event' in line) {
    const { id, onPhone, ...draft } = line.event;
    const items: ImportItem[] = [{ type: 'event', event: draft as DraftEvent, id }];
    if (onPhone) items.push({ type: 'sync', record: { kind: 'on-phone', id } });
    return items;
  }
  if ('contact' in line) return [{ type: 'contact', contact: line.contact }];
  if ('owner' in line) return [{ type: 'owner', owner: line.owner }];
  if ('edit' in line) return [{ type: 'sync', record: { kind: 'edit', edit: line.edit } }];
  if ('writeback' in line) return [{ type: 'sync', record: { kind: 'writeback', writeback: line.writeback } }];
  if ('settings' in line) return [{ type: 'sync', record: { kind: 'settings', settings: line.settings } }];
  throw new Error('unknown record');
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
          const header = JSON.parse(text);
          if (header.version !== 1) throw new ImportError(options.fileName, 'line 1', `sync file version ${header.version} is newer than this app`);
          continue;
        }
        if (!text) continue;
        try {
          items.push(...lineItems(JSON.parse(text) as SyncLine));
        } catch (err) {
          items.push({ type: 'skip', skip: { file: options.fileName, where: `line ${lineNo}`, reason: `unreadable sync record (${(err as Error).message})` } });
        }
      }
      if (items.length) yield items;
    }
  }
};
