import { defineConfig } from 'vitest/config';

// The codec's unit, property and vector tests: what `npm run mutation:codec` (stryker.codec.config.mjs) runs
// against each mutant of src/*.ts. The module-format test loads the built dist/ files, which hold no mutant.
export default defineConfig({
  test: {
    include: ['test/codec/**/*.test.ts', 'test/schema/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/codec/module-formats.test.ts'],
    testTimeout: 60_000,
  },
});
