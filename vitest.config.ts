import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The codemod imports the core by its package name: tests run it against the source, not a build.
  resolve: {
    alias: [
      { find: /^unified-id$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      { find: /^unified-id\/testing$/, replacement: fileURLToPath(new URL('./src/testing/index.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'fixtures/**', 'dist/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
