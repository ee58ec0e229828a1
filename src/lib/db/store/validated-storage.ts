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
 * z-schema and RxDB's wrapper (~95 KB) are not loaded with the data worker, whose start only reads (bench/README.md,
 * "First row, round three"): they load this long after the first validated collection opens, off the first
 * row's path, or at the first write if that comes sooner (which then waits for them).
 */
const PRELOAD_MS = 1_000;

let loading: Promise<typeof import('rxdb/plugins/validate-z-schema')> | null = null;

function validation() {
  loading ??= import('rxdb/plugins/validate-z-schema').catch((err: unknown) => {
    // A chunk that could not load: the next write tries again (this one fails: a write must not go unchecked).
    loading = null;
    throw err;
  });
  return loading;
}

/**
 * The storage, with writes to VALIDATED_COLLECTIONS checked against their schema (an invalid document fails
 * with status 422).
 */
export function withValidation(storage: Storage): Storage {
  let preload: ReturnType<typeof setTimeout> | null = null;
  return Object.assign({}, storage, {
    async createStorageInstance(params: Params): Promise<Instance> {
      const instance = (await storage.createStorageInstance(params)) as Instance;
      if (VALIDATED_COLLECTIONS.has(params.collectionName)) {
        if (!preload) {
          preload = setTimeout(() => validation().catch(() => {}), PRELOAD_MS);
          // In Node (tests, the CLI) the timer does not keep the process alive.
          (preload as { unref?: () => void }).unref?.();
        }
        validateWrites(storage, instance, params);
      }
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
    validating ??= validation().then(
      async ({ wrappedValidateZSchemaStorage }) => {
        instance.bulkWrite = write;
        const same: Storage = Object.assign({}, storage, { createStorageInstance: async () => instance });
        await wrappedValidateZSchemaStorage({ storage: same }).createStorageInstance(params);
      },
      (err: unknown) => {
        validating = null;
        throw err;
      }
    );
    await validating;
    return instance.bulkWrite(rows, context);
  };
}
