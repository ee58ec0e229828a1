import type { RxStorage, RxStorageInstance } from 'rxdb';

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

type Storage = RxStorage<unknown, unknown>;
type Params = Parameters<Storage['createStorageInstance']>[0];
type Instance = RxStorageInstance<unknown, unknown, unknown>;

/**
 * The storage, with writes to VALIDATED_COLLECTIONS checked against their schema (an invalid document fails
 * with status 422). z-schema (~95 KB) is loaded at the first such write, not with the data worker: opening the
 * app only reads (bench/README.md, "First row, round three").
 */
export function withValidation(storage: Storage): Storage {
  return Object.assign({}, storage, {
    async createStorageInstance(params: Params): Promise<Instance> {
      const instance = (await storage.createStorageInstance(params)) as Instance;
      if (VALIDATED_COLLECTIONS.has(params.collectionName)) validateWrites(storage, instance, params);
      return instance;
    }
  });
}

/**
 * Until its first write, `instance` only reads; that write loads RxDB's z-schema wrapper and applies it to
 * this very instance (the wrapper replaces `bulkWrite` in place), then every write goes through it.
 */
function validateWrites(storage: Storage, instance: Instance, params: Params): void {
  const write = instance.bulkWrite;
  let validating: Promise<void> | null = null;
  instance.bulkWrite = async (rows, context) => {
    validating ??= import('rxdb/plugins/validate-z-schema').then(
      async ({ wrappedValidateZSchemaStorage }) => {
        instance.bulkWrite = write;
        const same: Storage = Object.assign({}, storage, { createStorageInstance: async () => instance });
        await wrappedValidateZSchemaStorage({ storage: same }).createStorageInstance(params);
      },
      (err: unknown) => {
        // A chunk that could not load: the next write tries again (this one fails, as a write must not go unchecked).
        validating = null;
        throw err;
      }
    );
    await validating;
    return instance.bulkWrite(rows, context);
  };
}
