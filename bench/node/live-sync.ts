/**
 * Live sync to a local CouchDB-protocol server and back, in its own process (run by bench/run.ts):
 *   live-sync.ts <path> <importName>
 * Imports the file into a memory-storage copy A, connects A to a fresh PouchDB Server (LevelDB in a temp dir)
 * and times until the server acknowledged every sealed record; closes A, connects an empty copy B and times until B
 * holds every event. Prints one line `RESULT {json}`.
 */
import { readFileSync } from 'node:fs';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { Backend } from '../../src/lib/db/backend';
import { recordsOf } from '../../src/lib/db/sync/live/session';
import { KEY_RECORD_ID } from '../../src/lib/db/sync/live/vault-keys';
import { startCouchServer } from '../../tests/support/pouchdb-server';

const [path, importName] = process.argv.slice(2);
const PASSPHRASE = 'bench passphrase';

async function until(what: string, probe: () => Promise<boolean>, status: () => { state: string; configured: boolean; error: string | null }, limitMs = 1_800_000) {
  const end = Date.now() + limitMs;
  let next = Date.now() + 10_000;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    // A connect that failed is not retried (the user connects again): nothing more will come.
    const now = status();
    if (now.state === 'error' && !now.configured) throw new Error(`live sync did not connect: ${now.error}`);
    // Progress on stderr (bench/run.ts reads only the RESULT line).
    if (Date.now() > next) {
      console.error(`waiting for ${what}: ${JSON.stringify(now)}`);
      next = Date.now() + 10_000;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function main() {
  const server = await startCouchServer();
  try {
    const config = { url: server.url, db: 'bench', username: server.username, password: server.password, passphrase: PASSPHRASE };
    const bytes = readFileSync(path);
    const a = await Backend.open(getRxStorageMemory(), 'bench-a');
    const [report] = await a.importFiles([{ name: importName, size: bytes.length, chunks: async function* () { yield new Uint8Array(bytes); } }]);
    const events = await recordsOf(a.db, 'events');
    let started = Date.now();
    await a.liveConnect(config);
    await until('A sealed everything', async () => a.liveStatus().sealing === null && a.liveStatus().state === 'active', () => a.liveStatus());
    // The vault also holds the key record, pulled from the server.
    const records = await a.db.vault.count({ selector: { id: { $ne: KEY_RECORD_ID } } }).exec();
    // Sent: the server acknowledged every sealed record.
    await until('every record on the server', async () => a.liveStatus().pushed >= records, () => a.liveStatus());
    const pushMs = Date.now() - started;
    await a.close();

    const b = await Backend.open(getRxStorageMemory(), 'bench-b');
    started = Date.now();
    await b.liveConnect(config);
    await until('every event in B', async () => (await recordsOf(b.db, 'events')) === events, () => b.liveStatus());
    const pullMs = Date.now() - started;
    const status = b.liveStatus();
    await b.close();
    console.log('RESULT ' + JSON.stringify({ events, imported: report.imported, records, pushMs, pullMs, pulled: status.pulled, rejected: status.rejected }));
  } finally {
    await server.dispose();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  }
);
