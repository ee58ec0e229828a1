import type { RxConflictHandler } from 'rxdb';
import { isNewer } from '../../../association/binding';
import { FieldProblem } from '../../../boundary/fields';
import type { SyncLine } from '../../../formats/crosstalk-sync/read';
import { openRecord, sealRecord, type SealedRecord } from './sealed-record';
import type { VaultKeys } from './vault-keys';

const canonical = (value: unknown) => JSON.stringify(value);

/**
 * Two versions of one record (same record key), merged by the sync-file rules (docs/sync.md): events union
 * with `onPhone` OR-ed; contacts and owners are content-addressed (equal); binding edits and preferences: last
 * writer by Lamport clock, then device id (an unbind is a tombstone that wins like any newer edit); write-back
 * marks: a confirmed mark wins over a pending one, else the earlier mark. Commutative and idempotent.
 */
export function mergeLines(a: SyncLine, b: SyncLine): SyncLine {
  if ('event' in a && 'event' in b) {
    const { onPhone: pa, ...ea } = a.event;
    const { onPhone: pb, ...eb } = b.event;
    const event = canonical(ea) <= canonical(eb) ? ea : eb;
    return { event: { ...event, onPhone: !!pa || !!pb } };
  }
  if ('edit' in a && 'edit' in b) return isNewer(a.edit, b.edit) || canonical(a) === canonical(b) ? a : b;
  if ('preferences' in a && 'preferences' in b) return isNewer(a.preferences, b.preferences) || canonical(a) === canonical(b) ? a : b;
  if ('writeback' in a && 'writeback' in b) {
    const [x, y] = [a.writeback, b.writeback];
    if (x.pending !== y.pending) return x.pending ? b : a;
    if (x.at !== y.at) return x.at < y.at ? a : b;
    return canonical(a) <= canonical(b) ? a : b;
  }
  if (('contact' in a && 'contact' in b) || ('owner' in a && 'owner' in b)) return canonical(a) <= canonical(b) ? a : b;
  throw new FieldProblem('two records of different kinds under one id');
}

type VaultDoc = SealedRecord & { _deleted: boolean };

/**
 * RxDB's conflict handler for the sealed records: it opens both versions (each through the boundary), merges
 * them by mergeLines and seals the result. A version that does not open loses to one that does.
 */
export function vaultConflictHandler(keys: VaultKeys): RxConflictHandler<SealedRecord> {
  const open = (doc: VaultDoc) => openRecord(keys, doc).catch((err: unknown) => (err instanceof FieldProblem ? null : Promise.reject(err)));
  return {
    isEqual: (a, b) => a.data === b.data && a._deleted === b._deleted,
    async resolve({ newDocumentState, realMasterState }) {
      const [mine, theirs] = await Promise.all([open(newDocumentState), open(realMasterState)]);
      if (!mine || !theirs) return theirs || !mine ? realMasterState : newDocumentState;
      const merged = mergeLines(mine, theirs);
      if (canonical(merged) === canonical(theirs)) return realMasterState;
      return { ...(await sealRecord(keys, merged)), _deleted: false };
    }
  };
}

/**
 * The vault collection's conflict handler, given to RxDB when the database opens: it merges with the keys
 * live sync connected with (`use`), and keeps the server's version while there are none.
 */
export class VaultConflicts {
  private current: RxConflictHandler<SealedRecord> | null = null;

  readonly handler: RxConflictHandler<SealedRecord> = {
    isEqual: (a, b) => a.data === b.data && a._deleted === b._deleted,
    resolve: async (input, context) => (this.current ? this.current.resolve(input, context) : input.realMasterState)
  };

  use(keys: VaultKeys | null): void {
    this.current = keys ? vaultConflictHandler(keys) : null;
  }
}
