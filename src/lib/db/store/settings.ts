import type { RxCollection } from 'rxdb';
import { checkPreferencesPatch, repairCsvPresets, repairPreferences } from '../../boundary/preferences';
import { FieldProblem } from '../../boundary/fields';
import type { Preferences } from '../../model/preferences';
import { ID_SCHEME } from '../../model/ids';
import type { CrosstalkDatabase } from './database';
import type { DeviceStateDoc, LegacySettingsDoc, PreferencesDoc } from './schema';

/** The Backend's settings: the user's preferences (shared between copies) and this device's own state. */
export interface Settings {
  preferences: PreferencesDoc;
  device: DeviceStateDoc;
}

export function defaultPreferences(): Preferences {
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const language = typeof navigator !== 'undefined' && navigator.language?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
  return { region: regionGuess(), timeZone, me: [], language, labelWriteback: true };
}

function regionGuess(): string {
  const locale = typeof navigator !== 'undefined' ? navigator.language : Intl.DateTimeFormat().resolvedOptions().locale;
  const region = /[-_]([A-Z]{2})\b/i.exec(locale ?? '')?.[1];
  return region ? region.toUpperCase() : 'US';
}

function freshDeviceState(): DeviceStateDoc {
  return { id: 'device', deviceId: randomId(), clock: 0, nextSeq: 1, undo: [], idScheme: ID_SCHEME };
}

export function randomId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** What the UI sees of the stored preferences (not their stamp). */
export function preferencesOf({ region, timeZone, me, language, labelWriteback }: PreferencesDoc): Preferences {
  return { region, timeZone, me: [...me], language, labelWriteback };
}

/**
 * Reads the settings, creating them on first open. Stored preferences are repaired field by field (an
 * unusable value becomes the default), so the app opens and the Settings page can edit them whatever
 * an older version or a bug left behind.
 */
export async function loadSettings(db: CrosstalkDatabase): Promise<Settings> {
  const [storedDevice, storedPreferences] = await Promise.all([db.device.findOne('device').exec(), db.settings.findOne('preferences').exec()]);
  const device = storedDevice ? storedDevice.toMutableJSON() : freshDeviceState();
  const stamp = storedPreferences ? { clock: storedPreferences.clock, device: storedPreferences.device } : { clock: 0, device: device.deviceId };
  const stored = storedPreferences?.toMutableJSON();
  const preferences: PreferencesDoc = { id: 'preferences', ...repairPreferences(stored, defaultPreferences()), ...stamp, csvPresets: repairCsvPresets(stored?.csvPresets) };
  if (!storedDevice) await saveDeviceState(db, device);
  if (!storedPreferences) await savePreferences(db, preferences);
  return { preferences, device };
}

/**
 * The preferences after a change from the Settings page, stamped with the next Lamport clock value (so sync
 * carries it), or null when nothing changes. A wrong value is refused with the reason.
 */
export function changedPreferences({ preferences, device }: Settings, patch: unknown): PreferencesDoc | null {
  let valid: Partial<Preferences>;
  try {
    valid = checkPreferencesPatch(patch);
  } catch (err) {
    throw err instanceof FieldProblem ? new Error(`preferences not saved: ${err.message}`) : err;
  }
  const next = { ...preferences, ...valid };
  if (JSON.stringify(preferencesOf(next)) === JSON.stringify(preferencesOf(preferences))) return null;
  device.clock++;
  return { ...next, clock: device.clock, device: device.deviceId };
}

export async function savePreferences(db: CrosstalkDatabase, preferences: PreferencesDoc): Promise<void> {
  await db.settings.upsert(preferences);
}

export async function saveDeviceState(db: CrosstalkDatabase, device: DeviceStateDoc): Promise<void> {
  await db.device.upsert(device);
}

/**
 * Version 1 split the one settings document into preferences (kept in `settings`) and device state (the
 * `device` collection, which must exist before `settings` is opened). Running it again after an
 * interruption keeps the device state already written.
 */
export const settingsMigrations = {
  1: async (old: LegacySettingsDoc, collection: RxCollection): Promise<Omit<PreferencesDoc, 'csvPresets'>> => {
    const db = collection.database as unknown as CrosstalkDatabase;
    await db.device.insertIfNotExists({ id: 'device', deviceId: old.deviceId, clock: old.clock, nextSeq: old.nextSeq, undo: old.undo ?? [], idScheme: 1 });
    return {
      id: 'preferences',
      ...repairPreferences(old, defaultPreferences()),
      clock: old.assocClock ?? 0,
      device: old.assocDevice ?? old.deviceId
    };
  },
  /** Version 2 added the saved column-mapping presets. */
  2: (old: Omit<PreferencesDoc, 'csvPresets'>): PreferencesDoc => ({ ...old, csvPresets: [] })
};
