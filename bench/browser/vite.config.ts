/**
 * The standalone bench page (not part of the app build): `vite build --config bench/browser/vite.config.ts`
 * writes bench/browser/dist/, served under /__bench/ on the same origin as the built app.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

/** Importers that registry.ts names but that are still being written resolve to a stub that detects nothing. */
function stubMissingImporters(stubbed: string[]): Plugin {
  return {
    name: 'bench-stub-missing-importers',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !importer.includes('/src/lib/importers/') || !/^\.\/[a-z0-9-]+$/.test(source)) return null;
      const base = resolve(dirname(importer), source);
      if (['.ts', '.js', '/index.ts'].some((ext) => existsSync(base + ext))) return null;
      stubbed.push(source.slice(2));
      return `\0bench-stub:${source.slice(2)}`;
    },
    load(id) {
      if (!id.startsWith('\0bench-stub:')) return null;
      const name = id.slice('\0bench-stub:'.length);
      const exportName = name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) + 'Importer';
      return `export const ${exportName} = { format: 'stub-${name}', detect: () => false, async *parse() { throw new Error('importer ${name} is not written yet (bench stub)'); } };`;
    },
    closeBundle() {
      if (stubbed.length) console.log(`BENCH-STUB ${[...new Set(stubbed)].join(' ')}`);
    }
  };
}

export default defineConfig({
  root: here,
  base: '/__bench/',
  logLevel: 'warn',
  plugins: [stubMissingImporters([])],
  worker: { format: 'es', plugins: () => [stubMissingImporters([])] },
  build: { outDir: resolve(here, 'dist'), emptyOutDir: true, target: 'es2022', minify: true, sourcemap: false }
});
