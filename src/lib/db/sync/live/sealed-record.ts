import { fromBase64, toBase64 } from '../../../crypto/base64';
import { FieldProblem } from '../../../boundary/fields';
import { lineItems, type SyncLine } from '../../../formats/crosstalk-sync/read';
import type { PreferencesRecord } from '../../../formats/crosstalk-sync/records';
import type { ImportItem } from '../../../import/types';
import type { CommEvent } from '../../../model/event';
import { contactId, ownerId } from '../../import/record-ids';
import type { VaultKeys } from './vault-keys';

/**
 * One user-data record as the server stores it: an opaque id and the sealed sync-file line. The plaintext is
 * exactly one line of a sync file, so a pulled record passes the same boundary as an imported file.
 */
export interface SealedRecord {
  id: string;
  /** base64 of IV (12 bytes) ‖ AES-GCM ciphertext and tag; the id is the additional data. */
  data: string;
}

const IV_BYTES = 12;

/** What makes two lines the same record (the local primary key, by kind). */
export function recordKey(line: SyncLine): string {
  if ('event' in line) return 'event\u0000' + line.event.id;
  if ('contact' in line) return 'contact\u0000' + contactId(line.contact);
  if ('owner' in line) return 'owner\u0000' + ownerId(line.owner);
  if ('edit' in line) return 'edit\u0000' + line.edit.a + '\u0000' + line.edit.b;
  if ('writeback' in line) return 'writeback\u0000' + line.writeback.id;
  return 'preferences';
}

/** The server id: HMAC of the record key, base64url, 128 bits (no number, name or event hash shows through). */
export async function sealedId(keys: VaultKeys, line: SyncLine): Promise<string> {
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', keys.name, new TextEncoder().encode(recordKey(line))));
  return 'r' + toBase64(mac.subarray(0, 16)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export async function sealRecord(keys: VaultKeys, line: SyncLine): Promise<SealedRecord> {
  const id = await sealedId(keys, line);
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const plain = new TextEncoder().encode(JSON.stringify(line));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(id) }, keys.seal, plain));
  const data = new Uint8Array(IV_BYTES + sealed.length);
  data.set(iv);
  data.set(sealed, IV_BYTES);
  return { id, data: toBase64(data) };
}

/** The validated line back from ImportItems (unknown fields dropped, every field checked). */
function lineOf(items: ImportItem[]): SyncLine {
  const [first] = items;
  switch (first.type) {
    case 'event': {
      const onPhone = items.some((item) => item.type === 'sync' && item.record.kind === 'on-phone');
      return { event: { ...first.event, id: first.id!, onPhone } as CommEvent & { onPhone: boolean } };
    }
    case 'contact':
      return { contact: first.contact };
    case 'owner':
      return { owner: first.owner };
    case 'sync':
      if (first.record.kind === 'edit') return { edit: first.record.edit };
      if (first.record.kind === 'writeback') return { writeback: first.record.writeback };
      // A legacy settings line reads as the preferences it carries (region and owner names).
      if (first.record.kind === 'preferences') return { preferences: { ...first.record.values, ...first.record.stamp } as PreferencesRecord };
  }
  throw new FieldProblem('not a user-data record');
}

/** A line through the sync-file boundary, rebuilt field by field: the same value always gives the same JSON. */
export function checkedLine(value: unknown, where: string): SyncLine {
  return lineOf(lineItems(value, where));
}

/**
 * Opens a record pulled from the server: it must authenticate under its own id, pass the sync-file boundary,
 * and stand for the record its id names (a server cannot move a sealed record to another id). Throws
 * FieldProblem otherwise; nothing from the server is used before this.
 */
export async function openRecord(keys: VaultKeys, record: SealedRecord): Promise<SyncLine> {
  const data = typeof record.data === 'string' ? fromBase64(record.data) : null;
  if (!data || data.length < IV_BYTES + 16) throw new FieldProblem(`record ${String(record.id).slice(0, 40)} has no sealed data`);
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: data.subarray(0, IV_BYTES) as BufferSource, additionalData: new TextEncoder().encode(record.id) },
      keys.seal,
      data.subarray(IV_BYTES) as BufferSource
    );
  } catch {
    throw new FieldProblem(`record ${record.id.slice(0, 40)} does not authenticate`);
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain));
  } catch {
    throw new FieldProblem(`record ${record.id} is not JSON`);
  }
  let line: SyncLine;
  try {
    line = checkedLine(value, `record ${record.id}`);
  } catch (err) {
    // The sync-file boundary's own reason, naming the record as an imported file's skip names its line.
    throw err instanceof FieldProblem ? new FieldProblem(`record ${record.id}: ${err.message}`) : err;
  }
  if ((await sealedId(keys, line)) !== record.id) throw new FieldProblem(`record ${record.id} holds another record's content`);
  return line;
}
