import { getChangedDocumentsSince, type RxDocumentData, type RxStorageInstance } from 'rxdb';
import type { CrosstalkDatabase } from '../../store/database';
import type { VaultCheckpoint, VaultPage } from './inbox';
import type { Synced } from './outbox';

/**
 * How far live sync has taken each collection's changes, as RxDB storage checkpoints (the change order:
 * last write time, then id), kept in the snapshots collection (this device's own, never synced): the inbox's
 * over the vault (pulled records applied here), the outbox's over each synced collection (this copy's
 * records sealed for the server). What lies past a checkpoint when the app opens is taken up again.
 */
const INBOX_CHECKPOINT = 'live-inbox-checkpoint';
const outboxCheckpoint = (collection: Synced) => `live-outbox-${collection}`;

const PAGE = 2000;

function parsed(text: string): VaultCheckpoint | null {
  try {
    const value = JSON.parse(text) as Partial<VaultCheckpoint>;
    return typeof value.id === 'string' && typeof value.lwt === 'number' && Number.isFinite(value.lwt) ? { id: value.id, lwt: value.lwt } : null;
  } catch {
    return null;
  }
}

async function load(db: CrosstalkDatabase, name: string): Promise<VaultCheckpoint | null> {
  const doc = await db.snapshots.findOne(name).exec();
  return doc && parsed(doc.data);
}

async function save(db: CrosstalkDatabase, name: string, checkpoint: VaultCheckpoint): Promise<void> {
  await db.snapshots.upsert({ id: name, data: JSON.stringify(checkpoint) });
}

export const saveInboxCheckpoint = (db: CrosstalkDatabase, through: VaultCheckpoint) => save(db, INBOX_CHECKPOINT, through);

/**
 * Where applying starts when a session begins. A copy that never kept one (a first connect, or live sync
 * set up before the checkpoint existed, when every pulled record was applied as it came) starts from now.
 */
export async function inboxCheckpoint(db: CrosstalkDatabase): Promise<VaultCheckpoint> {
  const kept = await load(db, INBOX_CHECKPOINT);
  if (kept) return kept;
  const now = { id: '', lwt: Date.now() };
  await save(db, INBOX_CHECKPOINT, now);
  return now;
}

/** Where sealing a collection's changes goes on from; null: never sealed (every record is to be sealed). */
export const outboxCheckpointOf = (db: CrosstalkDatabase, collection: Synced) => load(db, outboxCheckpoint(collection));
export const saveOutboxCheckpoint = (db: CrosstalkDatabase, collection: Synced, through: VaultCheckpoint) => save(db, outboxCheckpoint(collection), through);

/** Forgets every checkpoint (live sync stopped: a new connection starts over). */
export async function removeCheckpoints(db: CrosstalkDatabase, collections: readonly Synced[]): Promise<void> {
  // Ids without a document are reported in the result, not thrown.
  await db.snapshots.bulkRemove([INBOX_CHECKPOINT, ...collections.map(outboxCheckpoint)]);
}

export interface ChangePage<T> {
  /** The documents written after the checkpoint, in write order (removed ones included, flagged `_deleted`). */
  docs: RxDocumentData<T>[];
  /** Where the next page starts: past every document of this one. */
  through: VaultCheckpoint;
}

/** One page of a storage instance's changes after `from` (the beginning when null); null when there are none. */
export async function changesAfter<T>(instance: RxStorageInstance<T, unknown, unknown, unknown>, from: VaultCheckpoint | null, size = PAGE): Promise<ChangePage<T> | null> {
  const { documents, checkpoint } = await getChangedDocumentsSince(instance, size, from ?? undefined);
  return documents.length ? { docs: documents, through: checkpoint as VaultCheckpoint } : null;
}

/** One page of the vault records written after the checkpoint, in write order, with their place in that order. */
export async function vaultPage(db: CrosstalkDatabase, from: VaultCheckpoint): Promise<VaultPage | null> {
  const page = await changesAfter(db.vault.storageInstance, from);
  // Which of them this copy sealed itself is not kept: they are taken as pulled, and applying one again
  // changes nothing (the merge is idempotent).
  if (!page) return null;
  const docs = page.docs.filter((d) => !d._deleted).map((d) => ({ id: d.id, data: d.data, lwt: d._meta.lwt, local: false }));
  return { docs, through: page.through };
}
