import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportItem, Importer } from '../../src/lib/import/types';

export const CORPUS = path.resolve(__dirname, '../../../shared/corpus');

export function corpusReader(folder: string) {
  const dir = path.join(CORPUS, folder);
  return { dir, read: (name: string) => readFileSync(path.join(dir, name)) };
}

interface CorpusSuite {
  importer: Importer;
  folder: string;
  /** Per file, the checks of what it must give; its keys must be exactly the folder's files. */
  expected: Record<string, (name: string) => unknown>;
  /** Reads a file with the importer in chunks of the given size. */
  load: (name: string, chunk: number) => Promise<{ items: ImportItem[] }>;
  /** Files that cannot be read at all (malformed): no chunking comparison for them. */
  unreadable?: (name: string) => boolean;
}

/**
 * The checks every importer's corpus run shares: the expectations cover exactly the folder's files, and each
 * file is detected from its head, reads as expected, and reads the same one byte at a time.
 */
export function describeCorpus(title: string, suite: CorpusSuite): void {
  const { dir, read } = corpusReader(suite.folder);
  describe(title, () => {
    const files = readdirSync(dir).sort();

    it('covers every file in the corpus', () => {
      expect(files).toEqual(Object.keys(suite.expected).sort());
    });

    for (const name of files) {
      describe(name, () => {
        it('is detected from its head', () => {
          expect(suite.importer.detect(new TextDecoder().decode(read(name).subarray(0, 4096)), name)).toBe(true);
        });

        it('reads as expected', async () => {
          await suite.expected[name](name);
        });

        if (!suite.unreadable?.(name)) {
          it('reads the same with 1-byte chunks', async () => {
            expect((await suite.load(name, 1)).items).toEqual((await suite.load(name, 64 * 1024)).items);
          });
        }
      });
    }
  });
}
