import { readFileSync } from 'node:fs';
import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * libphonenumber's metadata (80 KB, in both bundles before the first row) as `JSON.parse` of a string rather
 * than the package's object literal: V8 scans a string ~6× faster than it parses the literal, and the data
 * worker compiles it on every start (bench/README.md, "Round twelve").
 */
function metadataAsJson(): Plugin {
  return {
    name: 'crosstalk:metadata-as-json',
    transform(_code, id) {
      if (!id.endsWith('/libphonenumber-js/metadata.min.json.js')) return null;
      const json = JSON.stringify(JSON.parse(readFileSync(id.slice(0, -'.js'.length), 'utf8')));
      return { code: `export default JSON.parse(${JSON.stringify(json)});`, map: null };
    }
  };
}

export default defineConfig({
  plugins: [sveltekit(), metadataAsJson()],
  worker: { format: 'es', plugins: () => [metadataAsJson()] },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', testTimeout: 30_000 }
      },
      {
        extends: true,
        test: { name: 'corpus', include: ['tests/corpus/**/*.test.ts'], environment: 'node', testTimeout: 60_000 }
      },
      {
        extends: true,
        test: { name: 'fuzz', include: ['tests/fuzz/**/*.fuzz.test.ts'], environment: 'node', testTimeout: 600_000, hookTimeout: 120_000 }
      }
    ]
  }
});
