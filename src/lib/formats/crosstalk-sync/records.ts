import type { BindingEdit } from '../../association/binding';
import type { CsvPreset } from '../mapped-csv/mapping';
import type { Preferences, Stamp } from '../../model/preferences';

/** The first line of a sync file. */
export interface SyncHeader {
  format: 'crosstalk-sync';
  version: 1;
  device: string;
  exportedAt: string;
}

/**
 * The user's preferences travel whole, with the stamp (Lamport clock, device) of their last change, so every
 * copy adopts the newest: two copies with different regions would otherwise associate the same data
 * differently. Device state (device id, counters, undo) never travels.
 */
export type PreferencesRecord = Preferences & Stamp;

/** The `settings` record of sync files written before preferences were split off: region and owner names. */
export interface LegacySettingsRecord extends Stamp {
  region: string;
  me: string[];
}

export interface WritebackRecord {
  id: string;
  phoneId: string;
  /** Absent in files from before numbers were kept: such marks cannot be verified and are rejected. */
  number: string;
  at: number;
  /** Absent in files from before write-back batches: such marks are confirmed. */
  batch: string;
  pending: boolean;
}

/** What a sync file carries besides events, contacts and owner identities. */
export type SyncRecord =
  | { kind: 'edit'; edit: BindingEdit }
  | { kind: 'writeback'; writeback: WritebackRecord; where: string }
  | { kind: 'csv-preset'; preset: CsvPreset }
  /** `values` is every preference, or only region and owner names from a legacy settings record. */
  | { kind: 'preferences'; values: Partial<Preferences>; stamp: Stamp }
  | { kind: 'on-phone'; id: string }
  /** An event an older copy named by its scheme-1 chat id (model/ids.ts), and the id it has now. */
  | { kind: 'renamed'; from: string; to: string };
