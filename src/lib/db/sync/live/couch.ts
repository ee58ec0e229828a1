import type { LiveConfig } from '../../../boundary/live-config';
import { KEY_RECORD_ID, newKeyRecord, unlockKeyRecord, type VaultKeys } from './vault-keys';

/** A failure live sync reports to the user as it is (what went wrong and what to do). */
export class LiveSyncError extends Error {}

/** How the last request to the server went: live sync's state follows it. */
export type Reach = 'ok' | 'unreachable' | 'refused';

const REFUSED = 'the server refused the username or password';
/** Tries of each request while connecting (see `request`). */
const CONNECT_ATTEMPTS = 2;

/**
 * The only way live sync talks to the network: requests to the configured database and nowhere else, with the
 * credentials, each outcome reported (a request that fails is the network; 401/403 is the credentials).
 */
export class CouchClient {
  /** The database's URL, ending in `/` (what RxDB's CouchDB replication expects). */
  readonly dbUrl: string;
  private readonly auth: string | null;

  constructor(
    config: LiveConfig,
    private readonly onReach: (reach: Reach) => void = () => {}
  ) {
    this.dbUrl = `${config.url}/${encodeURIComponent(config.db)}/`;
    this.auth = config.username ? 'Basic ' + btoa(String.fromCharCode(...new TextEncoder().encode(`${config.username}:${config.password}`))) : null;
  }

  readonly fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.startsWith(this.dbUrl)) throw new LiveSyncError(`live sync asked for ${url.slice(0, 80)}, outside the configured database`);
    const headers = new Headers(init.headers);
    if (this.auth) headers.set('authorization', this.auth);
    let response: Response;
    try {
      response = await fetch(url, { ...init, headers, credentials: 'omit', cache: 'no-store' });
    } catch (err) {
      this.onReach('unreachable');
      throw err;
    }
    this.onReach(response.status === 401 || response.status === 403 ? 'refused' : 'ok');
    return response;
  };

  /**
   * The vault's key record (created, with the database, by the first device) and the keys the passphrase
   * derives from it. A wrong passphrase, refused credentials or an unreachable server throw before this
   * device writes anything; the record read from the server is checked before use.
   */
  async unlock(passphrase: string): Promise<{ keys: VaultKeys; keyRecord: string }> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const found = await this.request(this.dbUrl + KEY_RECORD_ID);
      if (found.ok) {
        const record: unknown = await found.json().catch(() => null);
        return { keys: await unlockKeyRecord(record, passphrase), keyRecord: JSON.stringify(record) };
      }
      if (found.status !== 404) throw await this.failure(found);
      await this.ensureDatabase();
      const fresh = await newKeyRecord(passphrase);
      const put = await this.request(this.dbUrl + KEY_RECORD_ID, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fresh.record) });
      if (put.ok) return { keys: fresh.keys, keyRecord: JSON.stringify(fresh.record) };
      // 409: another device created the key record meanwhile; read theirs.
      if (put.status !== 409) throw await this.failure(put);
    }
    throw new LiveSyncError('the key record on the server keeps changing');
  }

  private async ensureDatabase() {
    const info = await this.request(this.dbUrl);
    if (info.ok) return;
    if (info.status !== 404) throw await this.failure(info);
    const created = await this.request(this.dbUrl, { method: 'PUT' });
    // 412: created meanwhile by another device.
    if (!created.ok && created.status !== 412) throw new LiveSyncError(`the database does not exist and this user cannot create it (${created.status}); create it on the server`);
  }

  /**
   * A request of the connect steps, tried twice when it fails without an answer: a connection kept open
   * between two of them may be closed by the server as it is reused (CouchDB and PouchDB Server close one idle
   * for 5 s, and deriving the keys takes seconds), which fails the request though the server is there.
   */
  private async request(url: string, init?: RequestInit) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.fetch(url, init);
      } catch (err) {
        if (err instanceof LiveSyncError) throw err;
        if (attempt < CONNECT_ATTEMPTS) continue;
        throw new LiveSyncError(`cannot reach the server (${(err as Error).message}); check the address and that it allows this app's origin (CORS)`);
      }
    }
  }

  private async failure(response: Response) {
    if (response.status === 401 || response.status === 403) return new LiveSyncError(REFUSED);
    return new LiveSyncError(`the server answered ${response.status} ${response.statusText}`.trim());
  }
}
