import { PartyTally } from '../../association/party-tally';
import { contentId, ID_SCHEME, PHONE_ID_PREFIX } from '../../model/ids';
import { ImportJournal } from '../import/journal';
import { ASSOCIATION_SNAPSHOT } from '../people/association-cache';
import type { CrosstalkDatabase } from './database';
import { LegacyEvents, moveLegacyEvents } from './legacy-events';
import { emptyImportReport, type DeviceStateDoc, type ImportReport, type LegacyEventDoc } from './schema';
import { randomId, saveDeviceState, type Settings } from './settings';
import { storageProblem } from './storage-errors';

const PAGE = 2_000;

/** The journal's file name while a batch is moved (the app does not report it as an interrupted import). */
export const UPGRADE_JOURNAL_FILE = 'event ids (upgrade)';

const isSchemeOneChat = (d: LegacyEventDoc) => d.channel !== 'phone' && d.id.startsWith(PHONE_ID_PREFIX);

/**
 * Moves chat events stored under id scheme 1 (hashed with the direction and counterpart, which follow the
 * owner's names) to their scheme-2 ids (thread and content; model/ids.ts), once, in insertion order and in
 * batches that each commit or roll back whole (the import journal). For each event's new id:
 * - the first event to claim it takes it;
 * - a later event of the same import is a twin (two real records, e.g. the same "ok" from two people in
 *   one minute) and takes the next repeat suffix, as a fresh import of that file gives it;
 * - an event of another import is the same record stored twice (before and after the owner's names were
 *   set): it is dropped, its on-phone flag and write-back mark go to the one kept, and the tallies of its
 *   party are counted again from the events left.
 * A batch cut off by a closed tab is rolled back when the app opens, and the pass starts again.
 * `onProgress` gets the events checked so far, after each page (`pageSize` events; tests make it small).
 */
export async function upgradeChatIds(
  db: CrosstalkDatabase,
  device: DeviceStateDoc,
  onProgress: (checked: number) => void = () => {},
  pageSize = PAGE
): Promise<void> {
  if (device.idScheme >= ID_SCHEME) return;
  let checked = 0;
  // Moved events keep their place in insertion order, so paging on past them is safe (and each is checked once).
  for await (const page of new LegacyEvents(db).pages(pageSize)) {
    const legacy = page.filter(isSchemeOneChat);
    if (legacy.length) await moveBatch(db, legacy);
    checked += page.length;
    onProgress(checked);
  }
  device.idScheme = ID_SCHEME;
  await saveDeviceState(db, device);
}

/**
 * How far the one-time update of an earlier release's stored events has got: `done` of `total` events
 * checked for the id-scheme move (`ids`, upgradeChatIds), then moved into packs (`move`, moveLegacyEvents).
 * Each phase is reported with `done: 0` before it starts and after every page it finishes.
 */
export interface UpgradeProgress {
  phase: 'ids' | 'move';
  done: number;
  total: number;
}

/**
 * Runs the upgrade, then moves the events of the one-document-per-event layout into packs; returns why it
 * failed (what was moved of it stays moved, batch by batch), or null. `onProgress` hears of a phase only
 * when it has events to work on (the legacy collection is counted, by its index, before each phase:
 * the id upgrade may drop copies of one record, so the move can have fewer).
 */
export async function tryChatIdUpgrade(db: CrosstalkDatabase, settings: Settings, onProgress: (p: UpgradeProgress) => void = () => {}): Promise<string | null> {
  try {
    if (settings.device.idScheme < ID_SCHEME) {
      const total = await db.events.count().exec();
      if (total) onProgress({ phase: 'ids', done: 0, total });
      await upgradeChatIds(db, settings.device, (done) => onProgress({ phase: 'ids', done, total }));
    }
    const total = await db.events.count().exec();
    if (total) {
      onProgress({ phase: 'move', done: 0, total });
      await moveLegacyEvents(db, (done) => onProgress({ phase: 'move', done, total }));
    }
    return null;
  } catch (err) {
    return storageProblem(err);
  }
}

/** A file not imported because stored chat ids still wait for the upgrade. */
export function idUpgradePendingReport(file: { name: string; size: number }, problem: string): ImportReport {
  return {
    ...emptyImportReport(file),
    status: 'failed',
    error: `${file.name}: not imported: ${idUpgradeProblemText(problem)} Free some disk space or reload the app, then import it again.`
  };
}

const idUpgradeProblemText = (problem: string) => `the chat ids stored by an earlier version could not be moved to the current id scheme (${problem}), and a file imported meanwhile would store its chats twice. Nothing was changed.`;

async function moveBatch(db: CrosstalkDatabase, legacy: LegacyEventDoc[]): Promise<void> {
  const bases = legacy.map((d) => contentId(d));
  const events = new LegacyEvents(db);
  /** Every id this batch looked at or claimed, with its holder (null: free). */
  const holders = new Map<string, LegacyEventDoc | null>(await events.byIds(bases));
  const holderOf = async (id: string): Promise<LegacyEventDoc | null> => {
    if (!holders.has(id)) holders.set(id, (await events.byIds([id])).get(id) ?? null);
    return holders.get(id)!;
  };

  /** Old id → the id its event (or the copy kept of it) has now. */
  const renamed = new Map<string, string>();
  const fresh = new Map<string, LegacyEventDoc>();
  const keptPatched = new Map<string, LegacyEventDoc>();
  const recount = new Set<string>();
  for (let i = 0; i < legacy.length; i++) {
    const doc = legacy[i];
    for (let n = 0; ; n++) {
      const id = n ? `${bases[i]}-${n}` : bases[i];
      const holder = await holderOf(id);
      if (!holder) {
        const moved = { ...doc, id };
        holders.set(id, moved);
        fresh.set(id, moved);
        renamed.set(doc.id, id);
        break;
      }
      // The same event, moved by a batch whose old copies a closed tab left behind.
      if (holder.seq === doc.seq) {
        renamed.set(doc.id, id);
        break;
      }
      if (holder.importId === doc.importId) continue;
      renamed.set(doc.id, id);
      recount.add(doc.party);
      if (doc.onPhone && !holder.onPhone) {
        holder.onPhone = true;
        if (!fresh.has(id)) keptPatched.set(id, holder);
      }
      break;
    }
  }

  const journal = await ImportJournal.begin(db, randomId(), UPGRADE_JOURNAL_FILE);
  try {
    await events.put([...fresh.values(), ...keptPatched.values()], journal);
    await events.remove(legacy.map((d) => d.id), journal);
    await moveMarks(db, journal, renamed);
    if (recount.size) {
      const counted = await recountedParties(db, recount);
      await journal.upsert('parties', [...counted.values()]);
      await journal.remove('parties', [...recount].filter((key) => !counted.has(key)));
      await journal.remove('snapshots', [ASSOCIATION_SNAPSHOT]);
    }
    await journal.commit();
  } catch (err) {
    await journal.rollback();
    throw err;
  }
}

/** Write-back marks are keyed by their event's id: they follow it (a kept copy's own mark stays). */
async function moveMarks(db: CrosstalkDatabase, journal: ImportJournal, renamed: Map<string, string>): Promise<void> {
  const marks = await db.writebacks.findByIds([...renamed.keys()]).exec();
  if (!marks.size) return;
  const present = await db.writebacks.findByIds([...marks.keys()].map((old) => renamed.get(old)!)).exec();
  // Two dropped copies of one record may both have had a mark: the event keeps one.
  const moved = new Map<string, object>();
  for (const [old, mark] of marks) {
    const id = renamed.get(old)!;
    if (!present.has(id) && !moved.has(id)) moved.set(id, { ...mark.toMutableJSON(), id });
  }
  await journal.upsert('writebacks', [...moved.values()]);
  await journal.remove('writebacks', [...marks.keys()]);
}

/** The tallies of these parties counted again from their events; a party with none left is not in the result. */
async function recountedParties(db: CrosstalkDatabase, keys: Set<string>) {
  const tally = new PartyTally();
  for (const key of keys) {
    for (const doc of await new LegacyEvents(db).ofParty(key)) tally.add(doc, key);
  }
  return tally.parties;
}
