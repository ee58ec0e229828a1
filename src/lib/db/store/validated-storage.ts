import type { RxStorage } from 'rxdb';
import { wrappedValidateZSchemaStorage } from 'rxdb/plugins/validate-z-schema';

/**
 * RxDB's schema validation for the collections written a few documents at a time: the user's settings and
 * this device's state, binding edits, owners, import reports. z-schema, not ajv: ajv compiles validators with
 * `new Function`, which the app's Content-Security-Policy forbids. z-schema adds 0.2–2.7 ms to a small write
 * and ~1.5 ms an event (bench/RESULTS.md, "Schema validation"): nothing one notices on a click, but a 10k-event
 * import would take 26–40× as long to store. So the bulk writes stay unvalidated — events, parties, contacts,
 * the search index, snapshots, and write-back marks (one per event of a write-back set) — and those documents
 * come through the checked boundary (src/lib/boundary) and the code that builds them.
 */
export const VALIDATED_COLLECTIONS: ReadonlySet<string> = new Set(['settings', 'device', 'edits', 'owners', 'imports']);

/** The storage, with writes to VALIDATED_COLLECTIONS checked against their schema (an invalid document fails with status 422). */
export function withValidation(storage: RxStorage<unknown, unknown>): RxStorage<unknown, unknown> {
  const validating = wrappedValidateZSchemaStorage({ storage });
  return Object.assign({}, storage, {
    createStorageInstance: (params: Parameters<RxStorage<unknown, unknown>['createStorageInstance']>[0]) =>
      (VALIDATED_COLLECTIONS.has(params.collectionName) ? validating : storage).createStorageInstance(params)
  });
}
