import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { Backend } from '../../src/lib/db/backend';
import { importFile } from '../../src/lib/import/pipeline';
import { detectBinaryImporter, detectImporter } from '../../src/lib/import/registry';
import { ImportError, type ImportOptions } from '../../src/lib/import/types';
import { DecodeError } from '../../src/lib/util/decode-error';
import { mutate, mutationArb } from './mutations';
import { fileSeeds, inputOf, syncSeed, type Seed } from './seeds';

/**
 * Random mutations of every corpus and fixture file, and of a real sync file, through the importers and the
 * Backend. The property: no uncaught error and no hang; every failure is a diagnostic that names the file.
 * Repeatable: a fixed seed (FUZZ_SEED) and a time budget (FUZZ_BUDGET_MS) instead of a case count.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 60_000);
const CASE_TIMEOUT_MS = 20_000;
const options: Omit<ImportOptions, 'fileName'> = { region: 'US', timeZone: 'Europe/Berlin', me: ['Me'] };

const caseArb = (seeds: Seed[]) =>
  fc.record({
    seed: fc.nat(seeds.length - 1),
    mutations: fc.array(mutationArb, { minLength: 1, maxLength: 6 }),
    chunkSize: fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 65, max: 1 << 16 }))
  });

function chunked(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  return inputOf('', bytes, size).chunks();
}

/** Null when the items were read; the error otherwise, after checking every skip names where and why. */
async function readThrough(items: AsyncIterable<{ skips: { file: string; where: string; reason: string }[] }>): Promise<unknown> {
  try {
    for await (const batch of items) {
      for (const s of batch.skips) {
        expect(s.file.length).toBeGreaterThan(0);
        expect(s.where.length).toBeGreaterThan(0);
        expect(s.reason.length).toBeGreaterThan(3);
      }
    }
    return null;
  } catch (err) {
    return err;
  }
}

/**
 * An ImportError naming the file. A bare importer may also refuse bytes that are not UTF-8 with decodeText's
 * DecodeError, which names the offset; the pipeline turns it into the file's ImportError (checked in its run).
 */
function expectDiagnostic(err: unknown, name: string, bare = false): void {
  if (err === null) return;
  if (bare && err instanceof DecodeError) {
    expect(err.message).toMatch(/^is not valid UTF-8 text after byte \d+: the file is damaged or in another encoding$/);
    return;
  }
  if (!(err instanceof ImportError)) throw new Error(`${name}: not a diagnostic: ${(err as Error)?.stack ?? String(err)}`);
  expect(err.message.startsWith(name)).toBe(true);
}

/** Importer items as batches of skips, so one checker reads both the pipeline and a bare importer. */
async function* skipsOf(items: AsyncIterable<{ type: string }[]>) {
  for await (const batch of items) yield { skips: batch.flatMap((i) => ('skip' in i ? [i.skip as never] : [])) };
}

const report: string[] = [];

describe('fuzz', () => {
  let seeds: Seed[];
  let sync: Seed;

  beforeAll(async () => {
    seeds = fileSeeds();
    sync = await syncSeed();
  });

  afterAll(() => console.log(`fuzz (seed ${SEED}, budget ${BUDGET_MS} ms): ${report.join('; ')}`));

  it('every importer: a mutated file is read or refused with a diagnostic naming it', async () => {
    const all = [...seeds, sync];
    const byFormat = new Map<string, number>();
    const details = await fc.check(
      fc.asyncProperty(caseArb(all), async ({ seed, mutations, chunkSize }) => {
        const { name, bytes: original } = all[seed];
        const bytes = mutate(original, mutations);
        expectDiagnostic(await readThrough(importFile(name, chunked(bytes, chunkSize), options)), name);
        // The importer the original was made for, on bytes it may no longer recognise: no detection to hide behind.
        const head = original.subarray(0, 4096);
        const importer = detectBinaryImporter(head, name) ?? detectImporter(new TextDecoder().decode(head), name);
        if (!importer) return;
        byFormat.set(importer.format, (byFormat.get(importer.format) ?? 0) + 1);
        expectDiagnostic(await readThrough(skipsOf(importer.parse(chunked(bytes, chunkSize), { ...options, fileName: name }))), name, true);
      }),
      { seed: SEED, numRuns: 1_000_000, interruptAfterTimeLimit: BUDGET_MS * 0.75, markInterruptAsFailure: false, timeout: CASE_TIMEOUT_MS, endOnFailure: true }
    );
    report.push(`${details.numRuns} files through the importers (${[...byFormat].map(([f, n]) => `${f} ${n}`).join(', ')})`);
    expect(details.failed, `${fc.defaultReportMessage(details)}\n${(details.errorInstance as Error)?.stack ?? ""}`).toBe(false);
    expect(details.numRuns).toBeGreaterThan(0);
  });

  it('sync files through the Backend: every failure names the file', async () => {
    const backend = await Backend.open(getRxStorageMemory(), 'fuzz-' + Math.random().toString(36).slice(2));
    const details = await fc.check(
      fc.asyncProperty(caseArb([sync]), async ({ mutations, chunkSize }) => {
        const bytes = mutate(sync.bytes, mutations);
        const [result] = await backend.importFiles([inputOf(sync.name, bytes, chunkSize)]);
        expect(['done', 'failed']).toContain(result.status);
        if (result.status === 'failed') expect(result.error?.startsWith(sync.name)).toBe(true);
        for (const s of result.skipped) expect(s.reason.length).toBeGreaterThan(3);
      }),
      { seed: SEED, numRuns: 1_000_000, interruptAfterTimeLimit: BUDGET_MS * 0.25, markInterruptAsFailure: false, timeout: CASE_TIMEOUT_MS, endOnFailure: true }
    );
    await backend.close();
    report.push(`${details.numRuns} sync files through the Backend`);
    expect(details.failed, `${fc.defaultReportMessage(details)}\n${(details.errorInstance as Error)?.stack ?? ""}`).toBe(false);
    expect(details.numRuns).toBeGreaterThan(0);
  });
});
