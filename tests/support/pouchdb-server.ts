import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * A CouchDB-protocol server for the live sync tests: PouchDB Server from npm on 127.0.0.1, its LevelDB files
 * under a temp dir (so a restart keeps what it stored), with one admin user (Basic auth, as for CouchDB).
 * CORS is on by default in PouchDB Server (any origin, credentials allowed).
 */
export interface CouchServer {
  url: string;
  port: number;
  username: string;
  password: string;
  /** Stops the process; its data stays for `start()`. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it and removes its data. */
  dispose(): Promise<void>;
  /** GET/PUT/DELETE on the server as the admin, parsed JSON. */
  request(path: string, init?: RequestInit): Promise<{ status: number; body: any }>;
}

const BIN = resolve('node_modules/.bin/pouchdb-server');

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

async function waitUntilUp(url: string, child: ChildProcess) {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`pouchdb-server exited with ${child.exitCode}`);
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('pouchdb-server did not start within 20 s');
}

export async function startCouchServer({ username = 'crosstalk', password = 'test-password-1' } = {}): Promise<CouchServer> {
  const dir = await mkdtemp(join(tmpdir(), 'crosstalk-couch-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const auth = 'Basic ' + Buffer.from(`${username}:${password}`).toString('base64');
  let child: ChildProcess | null = null;

  async function start() {
    // Its config.json and log.txt go to the working directory: the temp dir.
    child = spawn(BIN, ['--dir', dir, '--port', String(port), '--host', '127.0.0.1', '--no-stdout-logs'], { cwd: dir, stdio: 'ignore' });
    await waitUntilUp(url + '/', child);
  }
  async function stop() {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((done) => {
      running.once('exit', () => done());
      running.kill('SIGTERM');
    });
  }
  const request = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', auth);
    if (init.body) headers.set('content-type', 'application/json');
    const response = await fetch(url + path, { ...init, headers });
    return { status: response.status, body: await response.json().catch(() => null) };
  };

  await start();
  // The admin: from now on the server asks for credentials (no "admin party").
  const made = await fetch(`${url}/_config/admins/${username}`, { method: 'PUT', body: JSON.stringify(password) });
  if (!made.ok) throw new Error(`could not create the admin user (${made.status})`);
  return {
    url,
    port,
    username,
    password,
    start,
    stop,
    request,
    async dispose() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    }
  };
}
