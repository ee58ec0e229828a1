/**
 * Where an import's parse time goes (a diagnostic, not part of the table):
 *   npx tsx bench/node/breakdown.ts <path> <importName>
 * decode only → importer.parse (the format's parser) → importFile (+ ids and parties), each the best of 3.
 */
import { readFileSync } from 'node:fs';
import { importFile } from '../../src/lib/import/pipeline';
import { detectImporter } from '../../src/lib/import/registry';
import { IdAssigner } from '../../src/lib/model/ids';
import { partyKey } from '../../src/lib/model/party';
import type { DraftEvent } from '../../src/lib/model/event';
import { IMPORT_OPTIONS } from '../generate/corpus';

const [path, name] = process.argv.slice(2);
const buf = readFileSync(path);
async function* chunks() {
  for (let i = 0; i < buf.length; i += 1 << 20) yield buf.subarray(i, i + (1 << 20));
}
async function best(label: string, f: () => Promise<number>) {
  let min = Infinity;
  let n = 0;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    n = await f();
    min = Math.min(min, performance.now() - t0);
  }
  console.log(`${label.padEnd(34)} ${min.toFixed(0).padStart(6)} ms  ${(buf.length / 1e6 / (min / 1000)).toFixed(1).padStart(6)} MB/s  (${n})`);
  return min;
}
const importer = detectImporter(new TextDecoder().decode(buf.subarray(0, 4096)), name)!;
const drafts: DraftEvent[] = [];
await best('decode (TextDecoder, 1 MiB chunks)', async () => {
  const d = new TextDecoder();
  let n = 0;
  for await (const c of chunks()) n += d.decode(c, { stream: true }).length;
  return n;
});
await best(`importer.parse (${importer.format})`, async () => {
  let n = 0;
  drafts.length = 0;
  for await (const items of importer.parse(chunks(), { ...IMPORT_OPTIONS, fileName: name })) {
    for (const it of items) if (it.type === 'event') drafts.push(it.event);
    n += items.length;
  }
  return n;
});
await best('IdAssigner.assign only', async () => {
  const ids = new IdAssigner();
  for (const d of drafts) ids.assign(d);
  return drafts.length;
});
await best('partyKey only', async () => {
  for (const d of drafts) partyKey(d);
  return drafts.length;
});
await best('importFile (all of the above)', async () => {
  let n = 0;
  for await (const b of importFile(name, chunks(), IMPORT_OPTIONS)) n += b.events.length;
  return n;
});
