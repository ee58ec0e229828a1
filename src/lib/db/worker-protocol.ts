import type { ImportProgress } from './import/service';

export type Request = { id: number; method: string; args: unknown[] } | { cancel: true };

export type Response =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: string }
  | { progress: ImportProgress };
