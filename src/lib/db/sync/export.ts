import type { BindingEdit } from '../../association/binding';
import { encryptSyncFile } from '../../formats/crosstalk-sync/encrypted';
import type { SyncLine } from '../../formats/crosstalk-sync/read';
import type { Contact, OwnerIdentity } from '../../model/contact';
import type { CommEvent } from '../../model/event';
import type { SyncHeader } from '../../formats/crosstalk-sync/records';
import type { CrosstalkDatabase } from '../store/database';
import type { ContactDoc, EditDoc, EventDoc, OwnerDoc, PreferencesDoc, WritebackDoc } from '../store/schema';
import { preferencesOf, type Settings } from '../store/settings';
import { eventsOf } from '../store/event-packs';
import { ALL_MOMENTS, type Cursor } from '../store/event-store';

const PAGE = 5000;

function eventRecord(doc: EventDoc): CommEvent & { onPhone: boolean } {
  const { startInv: _i, party: _p, ...event } = doc;
  return event as CommEvent & { onPhone: boolean };
}

/** The sync-file line of a stored document of a synced collection (its local id dropped where the line has none). */
export const lineOfDoc = {
  events: (doc: EventDoc): SyncLine => ({ event: eventRecord(doc) }),
  contacts: ({ id: _id, ...contact }: ContactDoc): SyncLine => ({ contact: contact as Contact }),
  owners: ({ id: _id, ...owner }: OwnerDoc): SyncLine => ({ owner: owner as OwnerIdentity }),
  edits: ({ id: _id, ...edit }: EditDoc): SyncLine => ({ edit: edit as BindingEdit }),
  writebacks: (doc: WritebackDoc): SyncLine => ({ writeback: doc }),
  settings: (doc: PreferencesDoc): SyncLine => ({ preferences: { ...preferencesOf(doc), clock: doc.clock, device: doc.device } })
};

export async function* syncLines(db: CrosstalkDatabase, { preferences, device }: Settings): AsyncGenerator<string> {
  const header: SyncHeader = { format: 'crosstalk-sync', version: 1, device: device.deviceId, exportedAt: new Date().toISOString() };
  yield JSON.stringify(header) + '\n';
  const line = (l: SyncLine) => JSON.stringify(l) + '\n';
  yield line(lineOfDoc.settings(preferences));
  for (const csvPreset of preferences.csvPresets) yield line({ csvPreset });
  for (const c of await db.contacts.find().exec()) yield line(lineOfDoc.contacts(c.toJSON() as ContactDoc));
  for (const o of await db.owners.find().exec()) yield line(lineOfDoc.owners(o.toJSON() as OwnerDoc));
  for (const e of await db.edits.find().exec()) yield line(lineOfDoc.edits(e.toJSON() as EditDoc));
  for (const w of await db.writebacks.find().exec()) yield line(lineOfDoc.writebacks(w.toJSON()));
  // Events page by page in timeline order, so a million events never sit in memory at once.
  for (let cursor: Cursor | null = null; ; ) {
    const page = await eventsOf(db).newest(ALL_MOMENTS, cursor, PAGE);
    if (!page.length) break;
    let chunk = '';
    for (const e of page) chunk += line(lineOfDoc.events(e));
    yield chunk;
    const last = page[page.length - 1];
    cursor = { startInv: last.startInv, id: last.id };
  }
}

/** The whole local database as one gzip-compressed NDJSON sync file. */
async function* syncFileChunks(db: CrosstalkDatabase, settings: Settings): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  async function* bytes() {
    for await (const text of syncLines(db, settings)) yield encoder.encode(text);
  }
  // Loaded when a file is written: live sync uses this module's lines, not its files, from the app's start.
  const { gzipStream } = await import('../../util/gzip-stream');
  yield* gzipStream(bytes());
}

async function collect(chunks: AsyncIterable<Uint8Array>, type: string): Promise<Blob> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return new Blob(parts as BlobPart[], { type });
}

function syncBlob(db: CrosstalkDatabase, settings: Settings): Promise<Blob> {
  return collect(syncFileChunks(db, settings), 'application/gzip');
}

/**
 * The whole database as a sync file for another copy of Crosstalk, named by the time it was written; with a
 * passphrase, the same file sealed under it (see docs/sync.md, "Encrypted sync files").
 */
export async function syncFile(db: CrosstalkDatabase, settings: Settings, passphrase?: string): Promise<{ fileName: string; blob: Blob }> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  if (!passphrase) return { fileName: `crosstalk-sync-${stamp}.ctsync.gz`, blob: await syncBlob(db, settings) };
  const sealed = encryptSyncFile(syncFileChunks(db, settings), passphrase);
  return { fileName: `crosstalk-sync-${stamp}.ctsync.enc`, blob: await collect(sealed, 'application/octet-stream') };
}

/**
 * This copy's sync file for a shared folder: one name per device, rewritten on each scan, so the folder
 * holds one current file per copy and the others import it when its content changed.
 */
export async function folderSyncFile(db: CrosstalkDatabase, settings: Settings): Promise<{ fileName: string; blob: Blob }> {
  return { fileName: `crosstalk-sync-${settings.device.deviceId}.ctsync.gz`, blob: await syncBlob(db, settings) };
}
