import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [sveltekit()],
  worker: { format: 'es' },
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
