import { wrappedValidateStorageFactory, type RxJsonSchema, type RxStorage } from 'rxdb';

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

type ZSchemaPlugin = typeof import('rxdb/plugins/validate-z-schema');

/**
 * z-schema is loaded by the first validated write, not with the database: a sixth of the data worker's code
 * that every start compiled before the first row could show, and that opening never uses.
 */
let plugin: ZSchemaPlugin | null = null;
let loading: Promise<ZSchemaPlugin> | null = null;
const loadPlugin = () => (loading ??= import('rxdb/plugins/validate-z-schema').then((p) => (plugin = p)));

/** RxDB asks for a validator when a collection opens (and may ask when idle); this one builds z-schema's at its first use, in a write that has loaded it. */
function lazyValidator(schema: RxJsonSchema<unknown>) {
  let validate: ((doc: unknown) => unknown[]) | null = null;
  return (doc: unknown) => {
    if (!plugin) throw new Error('schema validation: z-schema was not loaded before a write');
    return (validate ??= plugin.getValidator(schema))(doc);
  };
}

const validating = wrappedValidateStorageFactory(lazyValidator, 'z-schema-lazy');

/** The storage, with writes to VALIDATED_COLLECTIONS checked against their schema (an invalid document fails with status 422). */
export function withValidation(storage: RxStorage<unknown, unknown>): RxStorage<unknown, unknown> {
  const checked = validating({ storage });
  return Object.assign({}, storage, {
    async createStorageInstance(params: Parameters<RxStorage<unknown, unknown>['createStorageInstance']>[0]) {
      if (!VALIDATED_COLLECTIONS.has(params.collectionName)) return storage.createStorageInstance(params);
      const instance = await checked.createStorageInstance(params);
      const write = instance.bulkWrite.bind(instance);
      instance.bulkWrite = async (rows, context) => {
        await loadPlugin();
        return write(rows, context);
      };
      return instance;
    }
  });
}
