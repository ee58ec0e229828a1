/**
 * The standalone bench page (not part of the app build): `vite build --config bench/browser/vite.config.ts`
 * writes bench/browser/dist/, served under /__bench/ on the same origin as the built app.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/__bench/',
  logLevel: 'warn',
  worker: { format: 'es' },
  build: { outDir: resolve(here, 'dist'), emptyOutDir: true, target: 'es2022', minify: true, sourcemap: false }
});
