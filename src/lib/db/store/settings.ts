import type { CrosstalkDatabase } from './database';
import type { SettingsDoc } from './schema';

export type Settings = Omit<SettingsDoc, 'id' | 'deviceId' | 'clock' | 'nextSeq' | 'assocClock' | 'assocDevice' | 'undo' | 'csvPresets'>;

export function defaultSettings(): SettingsDoc {
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const language = typeof navigator !== 'undefined' && navigator.language?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
  const deviceId = randomId();
  return {
    id: 'settings',
    region: regionGuess(),
    timeZone,
    me: [],
    language,
    deviceId,
    clock: 0,
    nextSeq: 1,
    labelWriteback: true,
    assocClock: 0,
    assocDevice: deviceId,
    undo: [],
    csvPresets: []
  };
}

function regionGuess(): string {
  const locale = typeof navigator !== 'undefined' ? navigator.language : Intl.DateTimeFormat().resolvedOptions().locale;
  const region = /[-_]([A-Z]{2})\b/i.exec(locale ?? '')?.[1];
  return region ? region.toUpperCase() : 'US';
}

export function randomId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function loadSettings(db: CrosstalkDatabase): Promise<SettingsDoc> {
  const doc = await db.settings.findOne('settings').exec();
  if (doc) return { ...defaultSettings(), ...doc.toMutableJSON() };
  const fresh = defaultSettings();
  await db.settings.insert(fresh);
  return fresh;
}

export async function saveSettings(db: CrosstalkDatabase, settings: SettingsDoc): Promise<void> {
  await db.settings.upsert(settings);
}
