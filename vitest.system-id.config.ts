import { defineConfig } from 'vitest/config';

// The system ID's unit tests (in-process, no dist/, no child processes): what `npm run mutation:system-id`
// (stryker.system-id.config.mjs) runs against each mutant of src/system-id. The end-to-end tests with real
// processes (test/system-id/e2e.test.ts, concurrent.test.ts) use the built module and are not part of it.
export default defineConfig({
  test: {
    include: ['test/system-id/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/system-id/e2e.test.ts', 'test/system-id/concurrent.test.ts'],
    testTimeout: 60_000,
  },
});
