import { checkLiveConfig, type LiveConfig } from '../../../boundary/live-config';
import { FieldProblem } from '../../../boundary/fields';
import type { SyncLine } from '../../../formats/crosstalk-sync/read';
import type { CrosstalkDatabase } from '../../store/database';
import type { ImportReport, LiveSyncDoc } from '../../store/schema';
import type { Settings } from '../../store/settings';
import type { VaultConflicts } from './conflict';
import { CouchClient, LiveSyncError } from './couch';
import type { Waiting } from './inbox';
import { removeCheckpoints } from './checkpoints';
import { SYNCED } from './outbox';
import type { Session } from './session';
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
    const [{ Session }, id] = await Promise.all([import('./session'), replicationId(saved, keyRecord)]);
    const session = new Session(this.host, saved, keys, id, (change) => this.update(change));
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
