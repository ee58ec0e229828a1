import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'fflate';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { Backend } from '../../src/lib/db/backend';
import type { InputFile } from '../../src/lib/db/import/service';

export interface Seed {
  name: string;
  bytes: Uint8Array;
}

/** Larger files add little to a mutation run and slow every case down. */
const MAX_SEED_BYTES = 1 << 20;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (entry === 'licenses' || entry.endsWith('.md')) return [];
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every corpus and fixture file small enough to mutate, in a stable order (the seed makes runs repeatable). */
export function fileSeeds(): Seed[] {
  const roots = [resolve(__dirname, '../../../shared/corpus'), resolve(__dirname, '../fixtures')];
  return roots
    .flatMap(filesUnder)
    .filter((path) => statSync(path).size <= MAX_SEED_BYTES)
    .sort()
    .map((path) => ({ name: path.slice(path.lastIndexOf('/') + 1), bytes: new Uint8Array(readFileSync(path)) }));
}

export function inputOf(name: string, bytes: Uint8Array, chunkSize: number): InputFile {
  return {
    name,
    size: bytes.length,
    async *chunks() {
      for (let at = 0; at < bytes.length; at += chunkSize) yield bytes.subarray(at, at + chunkSize);
    }
  };
}

/** A real sync file (plain, not gzipped, so mutations hit its records), written by a copy holding the fixtures. */
export async function syncSeed(): Promise<Seed> {
  const backend = await Backend.open(getRxStorageMemory(), 'fuzz-seed-' + Math.random().toString(36).slice(2));
  const fixtures = resolve(__dirname, '../fixtures/e2e');
  const files = readdirSync(fixtures).map((f) => {
    const bytes = new Uint8Array(readFileSync(join(fixtures, f)));
    return inputOf(f, bytes, bytes.length || 1);
  });
  await backend.importFiles(files);
  await backend.updateSettings({ me: ['Me'] });
  const [first, second] = await backend.people();
  if (first && second) await backend.merge(first.id, second.id);
  const { blob } = await backend.exportSync();
  await backend.close();
  const bytes = new Uint8Array(await blob.arrayBuffer());
  return { name: 'crosstalk-sync-fuzz.ctsync', bytes: bytes[0] === 0x1f ? gunzipSync(bytes) : bytes };
}
