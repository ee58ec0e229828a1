import { replicateCouchDB, type RxCouchDBReplicationState } from 'rxdb/plugins/replication-couchdb';
import type { Subscription } from 'rxjs';
import { checkLiveConfig, type LiveConfig } from '../../../boundary/live-config';
import { loadParties, storedEventCount } from '../../people/service';
import { FieldProblem } from '../../../boundary/fields';
import type { SyncLine } from '../../../formats/crosstalk-sync/read';
import type { CrosstalkDatabase } from '../../store/database';
import type { ImportReport, LiveSyncDoc, TextDoc } from '../../store/schema';
import type { Settings } from '../../store/settings';
import { syncLines } from '../export';
import type { VaultConflicts } from './conflict';
import { CouchClient, LiveSyncError, type Reach } from './couch';
import { Inbox, type Applied, type VaultCheckpoint, type Waiting } from './inbox';
import { inboxCheckpoint, outboxCheckpointOf, removeCheckpoints, saveInboxCheckpoint, saveOutboxCheckpoint, vaultPage } from './checkpoints';
import { Outbox, SYNCED, type Synced } from './outbox';
import { unlockKeyRecord, WrongPassphrase, type VaultKeys } from './vault-keys';

export type LiveState = 'off' | 'connecting' | 'active' | 'paused' | 'error';

/** What the Sync page shows of live sync (never the password or passphrase). */
export interface LiveStatus {
  state: LiveState;
  /** A server is set up on this device (else the page offers the form). */
  configured: boolean;
  /** Why it is paused: the user, or the server cannot be reached (it resumes by itself). */
  pausedBy: 'user' | 'network' | null;
  url: string | null;
  db: string | null;
  username: string | null;
  /** Records sent to the server and received from it since this page of the app opened. */
  pushed: number;
  pulled: number;
  /** Received records that did not open or that the merge skipped, and the first reason. */
  rejected: number;
  rejectedReason: string | null;
  /** Received records this copy could not store yet (a full disk, a storage error), tried again by themselves. */
  waiting: Waiting | null;
  /** When this copy last finished exchanging with the server (ms since 1970). */
  lastSynced: number | null;
  /** Records being sealed for the server (the first connect seals them all). */
  sealing: { done: number; total: number } | null;
  error: string | null;
}

/** What live sync needs of the Backend. */
export interface LiveHost {
  db: CrosstalkDatabase;
  settings: Settings;
  conflicts: VaultConflicts;
  /** Imports pulled records through the sync-file import (same boundary, same merge rules, all or nothing). */
  importLines(lines: SyncLine[]): Promise<ImportReport>;
  /** Runs `fn` while no import is under way (so it never reads an import's uncommitted writes). */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
}

const FLUSH_DELAY_MS = 200;
const RETRY_MS = 5000;
const WRONG_PASSPHRASE = 'wrong passphrase: this sync database was set up with another one. Nothing was changed.';

const idle = (): LiveStatus => ({
  state: 'off',
  configured: false,
  pausedBy: null,
  url: null,
  db: null,
  username: null,
  pushed: 0,
  pulled: 0,
  rejected: 0,
  rejectedReason: null,
  waiting: null,
  lastSynced: null,
  sealing: null,
  error: null
});

/**
 * Live sync through the user's own CouchDB (docs/sync.md, "Live sync"). This copy's user-data records are
 * sealed into the vault collection as they change; RxDB replicates the vault with the server, live, both
 * ways, retrying while the server cannot be reached; records pulled from it are opened and imported like a
 * sync file. Runs in the data worker: the page only asks for the status.
 */
export class LiveSync {
  private current: LiveStatus = idle();
  private session: Session | null = null;

  constructor(private readonly host: LiveHost) {}

  /**
   * Resumes live sync as it was left when the app last ran (keys derived again from the stored key record),
   * or connects with settings saved by `prepare` (the first run after the page allowed the server).
   */
  async restore(): Promise<void> {
    const doc = await this.host.db.livesync.findOne('live').exec();
    if (!doc) return;
    const saved = doc.toMutableJSON();
    try {
      if (!saved.keyRecord) return await this.connectWith(saved);
      const keys = await unlockKeyRecord(JSON.parse(saved.keyRecord), saved.passphrase);
      await this.begin(saved, keys, saved.keyRecord, saved.paused);
    } catch (err) {
      this.current = { ...idle(), state: 'error', url: saved.url, db: saved.db, username: saved.username, error: `live sync could not resume: ${(err as Error).message}` };
    }
  }

  status(): LiveStatus {
    const { sealing, waiting } = this.current;
    return { ...this.current, configured: this.session !== null, sealing: sealing && { ...sealing }, waiting: waiting && { ...waiting } };
  }

  /**
   * Connects to a server (replacing the one connected before). A wrong passphrase, refused credentials or an
   * unreachable server is an error in the status, and then nothing was written, here or on the server.
   */
  async connect(input: unknown): Promise<LiveStatus> {
    const config = validConfig(input);
    await this.stop();
    await this.connectWith(config);
    return this.status();
  }

  /**
   * Keeps checked settings to connect with when the app next opens: the page reloads first, so that its
   * Content-Security-Policy allows the new server (src/app.html). Nothing is sent yet.
   */
  async prepare(input: unknown): Promise<LiveStatus> {
    const config = validConfig(input);
    await this.stop();
    await this.host.db.livesync.upsert({ id: 'live', ...config, keyRecord: '', paused: false });
    this.current = { ...idle(), state: 'connecting', url: config.url, db: config.db, username: config.username };
    return this.status();
  }

  private async connectWith(config: LiveConfig) {
    this.current = { ...idle(), state: 'connecting', url: config.url, db: config.db, username: config.username };
    let unlocked: { keys: VaultKeys; keyRecord: string };
    try {
      unlocked = await new CouchClient(config).unlock(config.passphrase);
    } catch (err) {
      if (!(err instanceof LiveSyncError || err instanceof WrongPassphrase || err instanceof FieldProblem)) throw err;
      const message = err instanceof WrongPassphrase ? WRONG_PASSPHRASE : err instanceof FieldProblem ? `the key record on the server is unusable: ${err.message}` : err.message;
      await this.host.db.livesync.findOne('live').remove();
      this.current = { ...this.current, state: 'error', error: message };
      return;
    }
    const saved: LiveSyncDoc = { id: 'live', url: config.url, db: config.db, username: config.username, password: config.password, passphrase: config.passphrase, keyRecord: unlocked.keyRecord, paused: false };
    await this.host.db.livesync.upsert(saved);
    await this.begin(saved, unlocked.keys, unlocked.keyRecord, false);
  }

  async pause(): Promise<LiveStatus> {
    if (this.session) {
      await this.session.stopReplication();
      await this.host.db.livesync.upsert({ ...this.session.saved, paused: true });
      this.current = { ...this.current, state: 'paused', pausedBy: 'user' };
    }
    return this.status();
  }

  async resume(): Promise<LiveStatus> {
    if (this.session) {
      await this.host.db.livesync.upsert({ ...this.session.saved, paused: false });
      this.current = { ...this.current, state: 'active', pausedBy: null, error: null };
      this.session.startReplication();
    }
    return this.status();
  }

  /** Stops live sync and forgets the server, its credentials and the sealed records (this copy's data stays). */
  async stop(): Promise<LiveStatus> {
    const session = this.session;
    this.session = null;
    if (session) {
      await session.close(true);
      await this.host.db.vault.find().remove();
      await removeCheckpoints(this.host.db, SYNCED);
    }
    await this.host.db.livesync.findOne('live').remove();
    this.host.conflicts.use(null);
    this.current = idle();
    return this.status();
  }

  /** Ends the session when the database closes (live sync resumes when the app next opens). */
  async close(): Promise<void> {
    await this.session?.close(false);
    this.session = null;
  }

  private async begin(saved: LiveSyncDoc, keys: VaultKeys, keyRecord: string, paused: boolean) {
    this.host.conflicts.use(keys);
    this.current = { ...idle(), state: paused ? 'paused' : 'connecting', pausedBy: paused ? 'user' : null, url: saved.url, db: saved.db, username: saved.username };
    const session = new Session(this.host, saved, keys, await replicationId(saved, keyRecord), (change) => this.update(change));
    this.session = session;
    // The inbox's checkpoint is set before anything is pulled: on a first connect it is "now", and a record
    // pulled before it was set would lie behind it.
    try {
      await session.startInbox();
    } catch (err) {
      this.update({ state: 'error', error: (err as Error).message });
    }
    if (this.session !== session) return;
    if (!paused) session.startReplication();
    void session.sealPending().catch((err: unknown) => this.update({ state: 'error', error: (err as Error).message }));
  }

  private update(change: Partial<LiveStatus> | ((s: LiveStatus) => Partial<LiveStatus>)) {
    if (!this.session) return;
    this.current = { ...this.current, ...(typeof change === 'function' ? change(this.current) : change) };
  }
}

function validConfig(input: unknown): LiveConfig {
  try {
    return checkLiveConfig(input);
  } catch (err) {
    throw err instanceof FieldProblem ? new Error(`live sync not started: ${err.message}`) : err;
  }
}

/** The replication's checkpoints belong to one database under one key record. */
async function replicationId(saved: LiveSyncDoc, keyRecord: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${saved.url}\u0000${saved.db}\u0000${keyRecord}`));
  return 'crosstalk-live-' + Array.from(new Uint8Array(digest).subarray(0, 12), (b) => b.toString(16).padStart(2, '0')).join('');
}

type Update = (change: Partial<LiveStatus> | ((s: LiveStatus) => Partial<LiveStatus>)) => void;

/** One connection: the change tracking, the inbox, and the RxDB replication while not paused. */
class Session {
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
