/**
 * `npx tsx bench/node/io.ts FILE...`: imports the files one after another into a fresh database (RxDB's memory storage, Node) and
 * prints the characters of texts read and written, the documents written, and what is stored after each file, per family of the texts collection:
 * p: event packs, d: the moment directory, h: the id directory, ix: search-index buckets, journal: an
 * import's copies set aside. What an import costs IndexedDB beside its events' own bytes (bench/README.md,
 * "Round nine").
 */
import { normalizeMangoQuery, prepareQuery } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { Backend } from '../../src/lib/db/backend';
import { TextStore } from '../../src/lib/db/store/text-store';

interface Tally {
  read: number;
  written: number;
  docs: number;
}
const families = new Map<string, Tally>();
const familyOf = (id: string) => (id.startsWith('import-journal') ? 'journal' : id.startsWith('ix') ? 'ix' : id.slice(0, 2));
function tally(id: string): Tally {
  const family = familyOf(id);
  let t = families.get(family);
  if (!t) families.set(family, (t = { read: 0, written: 0, docs: 0 }));
  return t;
}

const { runs, read, write } = TextStore.prototype;
TextStore.prototype.runs = async function (asks) {
  const found = await runs.call(this, asks);
  for (const run of found) for (const d of run) tally(d.id).read += d.data.length;
  return found;
};
TextStore.prototype.read = async function (ids) {
  const found = await read.call(this, ids);
  for (const [id, data] of found) tally(id).read += data.length;
  return found;
};
TextStore.prototype.write = async function (docs) {
  for (const d of docs) {
    const t = tally(d.id);
    t.written += d.data.length;
    t.docs++;
  }
  return write.call(this, docs);
};

async function main() {
  const paths = process.argv.slice(2);
  const backend = await Backend.open(getRxStorageMemory(), 'io' + Math.random().toString(36).slice(2));
  for (const path of paths) {
    families.clear();
    const t0 = performance.now();
    const chunks = () => createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Uint8Array>;
    const [report] = await backend.importFiles([{ name: basename(path), size: statSync(path).size, chunks }]);
    console.log(`${path}: ${report.status}, ${report.imported} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const stored = new Map<string, { chars: number; docs: number }>();
    const schema = backend.db.searchchunks.storageInstance.schema;
    const { documents } = await backend.db.searchchunks.storageInstance.query(prepareQuery(schema, normalizeMangoQuery(schema, {})));
    for (const d of documents.filter((doc) => !doc._deleted)) {
      const family = familyOf(d.id);
      const s = stored.get(family) ?? { chars: 0, docs: 0 };
      s.chars += d.data.length;
      s.docs++;
      stored.set(family, s);
    }
    console.log('family   read (M chars)  written (M chars)  documents written  stored (M chars)  documents stored');
    const mb = (chars: number) => (chars / 1e6).toFixed(1).padStart(9);
    for (const [family, t] of [...families].sort()) {
      const s = stored.get(family);
      console.log(`${family.padEnd(8)} ${mb(t.read)}       ${mb(t.written)}          ${String(t.docs).padStart(9)}  ${s ? mb(s.chars) : '        -'}  ${String(s?.docs ?? '-').padStart(16)}`);
    }
  }
  process.exit(0);
}
void main();
