import type { Association } from '../../association/associate';
import type { Party } from '../../association/party-tally';
import type { Preferences } from '../../model/preferences';
import type { CrosstalkDatabase } from '../store/database';
import { computeAssociation, decodeAssociation, encodeAssociation, loadParties } from './service';

const ASSOCIATION_SNAPSHOT = 'association';

/**
 * People as associated from the stored data, kept in the snapshots collection between sessions (opening the
 * app reads one document instead of every party), and the per-party tallies, read once until data changes.
 */
export class AssociationCache {
  private association: Promise<Association> | null = null;
  private parties: Promise<Map<string, Party>> | null = null;
  /** Bumped by every change to what association reads, so a result computed meanwhile is not kept. */
  private generation = 0;

  constructor(
    private readonly db: CrosstalkDatabase,
    private readonly preferences: () => Pick<Preferences, 'region' | 'me'>
  ) {}

  /** Changes whenever what association reads changes: results derived from the association key on it. */
  get version(): number {
    return this.generation;
  }

  /** From the snapshot when nothing it reads has changed since it was computed, else computed and snapshotted. */
  current(): Promise<Association> {
    return (this.association ??= (async () => {
      const generation = this.generation;
      const saved = await this.db.snapshots.findOne(ASSOCIATION_SNAPSHOT).exec();
      if (saved) return decodeAssociation(saved.data);
      const { association, parties } = await computeAssociation(this.db, this.preferences());
      if (generation === this.generation) {
        this.parties ??= Promise.resolve(parties);
        await this.db.snapshots.upsert({ id: ASSOCIATION_SNAPSHOT, data: encodeAssociation(association) });
      }
      return association;
    })());
  }

  partyMap(): Promise<Map<string, Party>> {
    return (this.parties ??= loadParties(this.db));
  }

  async forget(): Promise<void> {
    this.generation++;
    this.association = null;
    this.parties = null;
    await this.db.snapshots.findOne(ASSOCIATION_SNAPSHOT).remove();
  }

  /** Runs a write to what association reads; the snapshot is dropped before (a crash leaves none) and after. */
  async changing<T>(write: () => Promise<T>): Promise<T> {
    await this.forget();
    try {
      return await write();
    } finally {
      await this.forget();
    }
  }
}
