import type { BindingEdit } from '../../association/binding';
import type { CsvPreset } from '../mapped-csv/mapping';

/** The first line of a sync file. */
export interface SyncHeader {
  format: 'crosstalk-sync';
  version: 1;
  device: string;
  exportedAt: string;
}

/**
 * Association settings travel with a stamp (Lamport clock, device) so every copy adopts the newest ones:
 * two copies with different regions would otherwise associate the same data differently.
 */
export interface AssociationSettingsRecord {
  region: string;
  me: string[];
  clock: number;
  device: string;
}

export interface WritebackRecord {
  id: string;
  phoneId: string;
  at: number;
  /** Absent in files from before write-back batches: such marks are confirmed. */
  batch: string;
  pending: boolean;
}

/** What a sync file carries besides events, contacts and owner identities. */
export type SyncRecord =
  | { kind: 'edit'; edit: BindingEdit }
  | { kind: 'writeback'; writeback: WritebackRecord }
  | { kind: 'settings'; settings: AssociationSettingsRecord }
  | { kind: 'csv-preset'; preset: CsvPreset }
  | { kind: 'on-phone'; id: string };
