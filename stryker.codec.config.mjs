// Mutation testing of the codec (`npm run mutation:codec`): every top-level `src/*.ts` file, against the
// codec's unit and property tests (vitest.codec.config.ts). The test kit (src/testing) is not mutated: its
// arbitraries are the oracle of the property tests, so a mutant there weakens the tests, not the codec.
// The system ID (src/system-id) has its own run (stryker.system-id.config.mjs).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.codec.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: ['src/*.ts'],
  coverageAnalysis: 'perTest',
  // The machine is shared: two test processes at most.
  concurrency: 2,
  timeoutMS: 10_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/codec.html' },
  jsonReporter: { fileName: 'reports/mutation/codec.json' },
  tempDirName: '.stryker-tmp',
  // Not copied into the sandbox: other runs' sandboxes and reports, and codemod fixtures (deliberately invalid TypeScript).
  ignorePatterns: ['.stryker-tmp*', 'reports', 'fixtures/codemod'],
  incremental: false,
  // break: the score reached (100% of non-ignored mutants), less a margin for mutants that only time out under load.
  thresholds: { high: 99, low: 97, break: 99 },
};
