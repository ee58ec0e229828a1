export const LANGUAGES = ['en', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * What the user chooses on the Settings page. The same on every copy: a sync file carries them, and the
 * newest change wins everywhere. What belongs to one device (its id, counters, undo) is its device state.
 * Saved column-mapping presets are preferences too, stored beside these (PreferencesDoc.csvPresets) but
 * stamped one by one, so the newest preset per CSV header wins rather than the whole record.
 */
export interface Preferences {
  /** Default country for national numbers. */
  region: string;
  /** The zone in which exports without offsets (WhatsApp) were written. */
  timeZone: string;
  /** The owner's own names and numbers as chat exports show them. */
  me: string[];
  language: Language;
  /** Write-back bodies start with `[WhatsApp] …`. */
  labelWriteback: boolean;
}

/** When something last changed: a Lamport clock value, then the device id, order every change totally. */
export interface Stamp {
  clock: number;
  device: string;
}
