import { replicateCouchDB, type RxCouchDBReplicationState } from 'rxdb/plugins/replication-couchdb';
import type { Subscription } from 'rxjs';
import { loadParties, storedEventCount } from '../../people/service';
import type { CrosstalkDatabase } from '../../store/database';
import type { LiveSyncDoc, TextDoc } from '../../store/schema';
import type { LiveHost, LiveStatus } from './replication';
import { CouchClient, type Reach } from './couch';
import { Inbox, type Applied, type VaultCheckpoint } from './inbox';
import { inboxCheckpoint, outboxCheckpointOf, saveInboxCheckpoint, saveOutboxCheckpoint, vaultPage } from './checkpoints';
import { Outbox, SYNCED, type Synced } from './outbox';
import type { VaultKeys } from './vault-keys';

// Loaded when live sync starts (replication.ts), not with the data worker: most copies never connect a server.

const FLUSH_DELAY_MS = 200;
const RETRY_MS = 5000;

type Update = (change: Partial<LiveStatus> | ((s: LiveStatus) => Partial<LiveStatus>)) => void;

/** One connection: the change tracking, the inbox, and the RxDB replication while not paused. */
export class Session {
  private readonly outbox: Outbox;
  private readonly inbox: Inbox;
  private readonly client: CouchClient;
  private readonly subscriptions: Subscription[] = [];
  private replication: RxCouchDBReplicationState<TextDoc> | null = null;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private closing = false;
  /** Progress of sealing every record (the first connect); null otherwise. */
  private sealing: { done: number; total: number } | null = null;
  /** The inbox checkpoint's writes, one after another (a later batch's never overtaken by an earlier one's). */
  private checkpointWrites: Promise<void> = Promise.resolve();
  private reach: Reach = 'ok';

  constructor(
    private readonly host: LiveHost,
    readonly saved: LiveSyncDoc,
    keys: VaultKeys,
    private readonly id: string,
    private readonly update: Update
  ) {
    this.outbox = new Outbox(host.db, keys);
    this.inbox = new Inbox(keys, {
      importLines: (lines) => host.importLines(lines),
      readVault: (from) => vaultPage(host.db, from),
      applied: (applied, through) => this.applied(applied, through),
      waiting: (waiting) => this.update({ waiting })
    });
    this.client = new CouchClient(saved, (reach) => this.reached(reach));
    for (const name of SYNCED) {
      this.subscriptions.push(
        host.db[name === 'events' ? 'searchchunks' : name].eventBulks$.subscribe(() => this.flushSoon())
      );
    }
    // Every vault change goes through the inbox in order, so its checkpoint passes this copy's own records too;
    // what the replication wrote (pulled, or a conflict resolved) goes into this copy.
    this.subscriptions.push(
      host.db.vault.eventBulks$.subscribe((bulk) => {
        const local = !bulk.context.startsWith('replication-');
        const docs = bulk.events
          .filter((e) => e.operation !== 'DELETE')
          .map((e) => ({ id: e.documentId, data: String(e.documentData.data), lwt: e.documentData._meta.lwt, local }));
        this.inbox.take(docs);
      })
    );
  }

  startReplication() {
    const replication = replicateCouchDB<TextDoc>({
      replicationIdentifier: this.id,
      collection: this.host.db.vault,
      url: this.client.dbUrl,
      fetch: this.client.fetch,
      live: true,
      waitForLeadership: false,
      retryTime: RETRY_MS,
      // Only sealed records travel: whatever the server holds is reduced to an id and a text before the inbox opens it.
      pull: { batchSize: 500, modifier: (doc) => ({ id: doc.id, data: typeof doc.data === 'string' ? doc.data : '', _deleted: doc._deleted }) },
      // Records are never deleted on the server (an unbind is a record of its own); a cleared vault stays local.
      push: { batchSize: 500, modifier: (doc) => (doc._deleted ? null : doc) }
    });
    this.replication = replication;
    let worked = false;
    this.subscriptions.push(
      replication.sent$.subscribe(() => this.update((s) => ({ pushed: s.pushed + 1 }))),
      replication.error$.subscribe((err) => this.failed(err)),
      replication.active$.subscribe((active) => {
        if (active) worked = true;
        else if (worked && this.reach === 'ok' && this.replication === replication) this.update((s) => (s.state === 'error' ? {} : { state: 'active', lastSynced: Date.now() }));
      })
    );
  }

  /**
   * Starts the inbox at its checkpoint: records pulled before the app last closed but not applied then (the tab
   * closed while they were on their way in, or their import kept failing) are read from the vault first.
   */
  async startInbox() {
    this.inbox.start(await inboxCheckpoint(this.host.db));
  }

  async stopReplication() {
    const replication = this.replication;
    this.replication = null;
    await replication?.cancel();
  }

  /**
   * Seals what this copy wrote while the app was closed and had not sealed yet (the tab closed before a flush),
   * or, on the first connect, every record, with progress.
   */
  async sealPending() {
    const { db } = this.host;
    const unsealed = await Promise.all(SYNCED.map(async (name) => ((await outboxCheckpointOf(db, name)) ? 0 : recordsOf(db, name))));
    const total = unsealed.reduce((a, b) => a + b, 0);
    if (total) {
      this.sealing = { done: 0, total };
      this.update({ sealing: { ...this.sealing } });
    }
    this.flushNow();
    await this.flushing;
    this.sealing = null;
    this.update({ sealing: null });
  }

  async close(removeReplicationCheckpoints: boolean) {
    // Sealing stops after the page it is on: what is left is sealed when the app next opens.
    this.closing = true;
    for (const s of this.subscriptions) s.unsubscribe();
    this.inbox.close();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    const replication = this.replication;
    this.replication = null;
    await (removeReplicationCheckpoints ? replication?.remove() : replication?.cancel());
    await this.flushing;
    await this.checkpointWrites;
  }

  private flushSoon() {
    this.flushTimer ??= setTimeout(() => this.flushNow(), FLUSH_DELAY_MS);
  }

  private flushNow() {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    this.flushing = this.flushing.then(() => this.sealChanges()).catch((err: unknown) => this.update({ state: 'error', error: (err as Error).message }));
  }

  /**
   * Seals what each synced collection wrote past its outbox checkpoint, a page at a time, each page under the
   * import lock (never an import's uncommitted writes: a rolled-back import's events are gone by then), and
   * moves the checkpoint past it. Events before write-back marks: a mark is checked against its event when it
   * arrives elsewhere.
   */
  private async sealChanges() {
    const { db } = this.host;
    for (const name of SYNCED) {
      for (let from = await outboxCheckpointOf(db, name); !this.closing; ) {
        const sealed = await this.host.exclusive(() => this.outbox.sealChangesAfter(name, from));
        if (!sealed) break;
        await saveOutboxCheckpoint(db, name, sealed.through);
        from = sealed.through;
        if (this.sealing) {
          this.sealing.done = Math.min(this.sealing.done + sealed.records, this.sealing.total);
          this.update({ sealing: { ...this.sealing } });
        }
      }
    }
  }

  private applied({ opened, rejected, problem }: Applied, through: VaultCheckpoint) {
    this.update((s) => ({ pulled: s.pulled + opened, rejected: s.rejected + rejected, rejectedReason: s.rejectedReason ?? problem }));
    this.checkpointWrites = this.checkpointWrites
      .then(() => saveInboxCheckpoint(this.host.db, through))
      .catch((err: unknown) => this.update({ state: 'error', error: (err as Error).message }));
  }

  private reached(reach: Reach) {
    this.reach = reach;
    if (!this.replication) return;
    if (reach === 'unreachable') this.update({ state: 'paused', pausedBy: 'network' });
    else if (reach === 'refused') this.update({ state: 'error', pausedBy: null, error: 'the server refused the username or password' });
    else this.update((s) => (s.pausedBy === 'network' || s.state !== 'active' ? { state: 'active', pausedBy: null, error: null } : {}));
  }

  private failed(err: unknown) {
    if (this.reach !== 'ok') return;
    this.update({ state: 'error', error: `the server's answer was not understood (${String((err as Error).message).slice(0, 200)})` });
  }
}

/** How many records a synced collection holds; events from their parties' tallies (they live in packs). */
export async function recordsOf(db: CrosstalkDatabase, name: Synced): Promise<number> {
  if (name !== 'events') return db[name].count().exec();
  return storedEventCount(await loadParties(db));
}
