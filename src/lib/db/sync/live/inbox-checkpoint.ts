import { getChangedDocumentsSince } from 'rxdb';
import type { CrosstalkDatabase } from '../../store/database';
import type { Pulled, VaultCheckpoint } from './inbox';

/** How far the records pulled into the vault are applied to this copy; in the snapshots collection (local). */
export const INBOX_CHECKPOINT = 'live-inbox-checkpoint';

const PAGE = 2000;

function parsed(text: string): VaultCheckpoint | null {
  try {
    const value = JSON.parse(text) as Partial<VaultCheckpoint>;
    return typeof value.id === 'string' && typeof value.lwt === 'number' && Number.isFinite(value.lwt) ? { id: value.id, lwt: value.lwt } : null;
  } catch {
    return null;
  }
}

export async function saveInboxCheckpoint(db: CrosstalkDatabase, through: VaultCheckpoint): Promise<void> {
  await db.snapshots.upsert({ id: INBOX_CHECKPOINT, data: JSON.stringify(through) });
}

/**
 * Where applying starts when a session begins. A copy that never kept one (a first connect, or live sync
 * set up before the checkpoint existed, when every pulled record was applied as it came) starts from now.
 */
export async function inboxCheckpoint(db: CrosstalkDatabase): Promise<VaultCheckpoint> {
  const doc = await db.snapshots.findOne(INBOX_CHECKPOINT).exec();
  const kept = doc && parsed(doc.data);
  if (kept) return kept;
  const now = { id: '', lwt: Date.now() };
  await saveInboxCheckpoint(db, now);
  return now;
}

/**
 * Vault records written after the checkpoint, in write order. Which of them this copy sealed itself is not
 * kept: they are taken as pulled, and applying one again changes nothing (the merge is idempotent).
 */
export async function* vaultSince(db: CrosstalkDatabase, from: VaultCheckpoint): AsyncGenerator<Pulled[]> {
  for (let checkpoint = from; ; ) {
    const { documents, checkpoint: next } = await getChangedDocumentsSince(db.vault.storageInstance, PAGE, checkpoint);
    const docs = documents.filter((d) => !d._deleted).map((d) => ({ id: d.id, data: d.data, lwt: d._meta.lwt, local: false }));
    if (docs.length) yield docs;
    if (documents.length < PAGE || !next) return;
    checkpoint = next as VaultCheckpoint;
  }
}
