import type { ImportProgress } from './import/service';

export type Request = { id: number; method: string; args: unknown[] } | { cancel: true } | { takeOver: true };

export type Response =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: string }
  | { progress: ImportProgress }
  /** Another tab took the database over: this tab's calls fail until it takes it back. */
  | { lockLost: true };

/** The error of every call while another tab's worker holds the database. */
export const DATABASE_IN_OTHER_TAB = 'crosstalk:database-in-other-tab';
