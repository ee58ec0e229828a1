import { isNewer, type BindingEdit } from '../../association/binding';
import type { SyncRecord } from '../../formats/crosstalk-sync/records';
import type { CrosstalkDatabase } from '../store/database';
import type { DeviceStateDoc, EditDoc } from '../store/schema';
import type { Settings } from '../store/settings';
import { editDocId } from '../people/service';
import { withPreset } from '../import/presets';

/**
 * The reconcile rules of sync in one place (docs/sync.md): another copy's binding edits (per edge),
 * preferences (as a whole) and column-mapping presets (per header) by newest stamp, write-back marks by union. Events, contacts and owner identities
 * merge by id in the import itself.
 */
export async function applySyncRecords(db: CrosstalkDatabase, { preferences, device }: Settings, records: SyncRecord[]) {
  const edits = records.flatMap((r) => (r.kind === 'edit' ? [r.edit] : []));
  if (edits.length) await mergeEdits(db, device, edits);
  const writebacks = records.flatMap((r) => (r.kind === 'writeback' ? [r.writeback] : []));
  if (writebacks.length) {
    // Union; a mark another copy has confirmed is confirmed here too.
    const existing = await db.writebacks.findByIds(writebacks.map((w) => w.id)).exec();
    const changed = writebacks.filter((w) => {
      const mine = existing.get(w.id);
      return !mine || (mine.pending && !w.pending);
    });
    if (changed.length) await db.writebacks.bulkUpsert(changed);
  }
  for (const r of records) {
    if (r.kind === 'csv-preset') {
      device.clock = Math.max(device.clock, r.preset.clock);
      preferences.csvPresets = withPreset(preferences.csvPresets, r.preset);
    }
    if (r.kind !== 'preferences') continue;
    device.clock = Math.max(device.clock, r.stamp.clock);
    if (isNewer(r.stamp, preferences)) Object.assign(preferences, r.values, r.stamp);
  }
}

/** Merges edits from elsewhere (sync): per edge, the newer decision wins. */
async function mergeEdits(db: CrosstalkDatabase, device: DeviceStateDoc, incoming: BindingEdit[]): Promise<number> {
  const byId = new Map<string, BindingEdit>();
  for (const e of incoming) {
    const id = editDocId(e.a, e.b);
    const cur = byId.get(id);
    if (!cur || isNewer(e, cur)) byId.set(id, e);
  }
  const existing = await db.edits.findByIds([...byId.keys()]).exec();
  const winners: EditDoc[] = [];
  for (const [id, e] of byId) {
    const mine = existing.get(id);
    device.clock = Math.max(device.clock, e.clock);
    if (!mine || isNewer(e, mine)) winners.push({ a: e.a, b: e.b, op: e.op, clock: e.clock, device: e.device, id });
  }
  if (winners.length) await db.edits.bulkUpsert(winners);
  return winners.length;
}
