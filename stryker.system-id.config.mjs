// Mutation testing of the system ID (`npm run mutation:system-id`): every file of src/system-id, against its
// unit tests (vitest.system-id.config.ts: in-process, virtual time, injected file-system faults). The
// end-to-end tests with real processes are left out: they use the built module, which mutants do not reach.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.system-id.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: ['src/system-id/**/*.ts'],
  coverageAnalysis: 'perTest',
  // The machine is shared: two test processes at most.
  concurrency: 2,
  timeoutMS: 60_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/system-id.html' },
  jsonReporter: { fileName: 'reports/mutation/system-id.json' },
  // Its own sandbox folder, so it can run beside the codec's run.
  tempDirName: '.stryker-tmp-system-id',
  incremental: false,
  thresholds: { high: 90, low: 85, break: 93 },
};
