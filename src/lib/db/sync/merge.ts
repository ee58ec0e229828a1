import { isNewer, type BindingEdit } from '../../association/binding';
import { markProblem } from '../../boundary/writeback-mark';
import type { SyncRecord } from '../../formats/crosstalk-sync/records';
import type { ImportJournal } from '../import/journal';
import type { CrosstalkDatabase } from '../store/database';
import type { DeviceStateDoc, EditDoc } from '../store/schema';
import { eventsOf } from '../store/event-packs';
import type { Settings } from '../store/settings';
import { editDocId } from '../people/service';
import { withPreset } from '../import/presets';

/**
 * The reconcile rules of sync in one place (docs/sync.md): another copy's binding edits (per edge),
 * preferences (as a whole) and column-mapping presets (per header) by newest stamp, write-back marks by union
 * once each is verified against its event (a mark that is not what it claims is a skip). Events, contacts and
 * owner identities merge by id in the import itself. Every write goes through the import's journal; `settings`
 * (the import's working copy) is updated in place and written by the import when it commits.
 */
export async function applySyncRecords(
  db: CrosstalkDatabase,
  journal: ImportJournal,
  { preferences, device }: Settings,
  records: SyncRecord[],
  skip: (where: string, reason: string) => void
) {
  const edits = records.flatMap((r) => (r.kind === 'edit' ? [r.edit] : []));
  if (edits.length) await journal.upsert('edits', await newerEdits(db, device, edits));
  // An older copy's marks name its events by their scheme-1 ids.
  const renamed = new Map(records.flatMap((r) => (r.kind === 'renamed' ? [[r.from, r.to] as const] : [])));
  const marks = records.flatMap((r) => (r.kind === 'writeback' ? [{ ...r, writeback: { ...r.writeback, id: renamed.get(r.writeback.id) ?? r.writeback.id } }] : []));
  if (marks.length) {
    const events = await eventsOf(db).byIds(marks.map((m) => m.writeback.id));
    const verified = marks.filter(({ writeback, where }) => {
      const problem = markProblem(writeback, events.get(writeback.id));
      if (problem) skip(where, problem);
      return !problem;
    });
    // Union; a mark another copy has confirmed is confirmed here too.
    const existing = await db.writebacks.findByIds(verified.map((m) => m.writeback.id)).exec();
    const changed = verified.flatMap(({ writeback: w }) => {
      const mine = existing.get(w.id);
      return !mine || (mine.pending && !w.pending) ? [w] : [];
    });
    await journal.upsert('writebacks', changed);
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

/** Edits from elsewhere (sync) that win over this copy's: per edge, the newer decision. Advances the clock past them. */
async function newerEdits(db: CrosstalkDatabase, device: DeviceStateDoc, incoming: BindingEdit[]): Promise<EditDoc[]> {
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
  return winners;
}
