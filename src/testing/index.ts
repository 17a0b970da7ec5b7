/**
 * `unified-id/testing`: deterministic IDs and a seeded generator for tests. No dependencies: the fast-check
 * arbitraries live in `unified-id/testing/arbitraries`, so only that entry needs fast-check installed.
 */
export { createTestIds, hashToSuffix, DEFAULT_TEST_THREAD_ID, TEST_RUN_TIMESTAMP } from './test-ids';
export type { TestIds, TestIdsOptions } from './test-ids';
export {
  createSeededRunIdGenerator,
  createSeededRandom,
  createSeededRandomBytes,
  createSteppingClock,
} from './seeded';
export type { SeededRunIdGeneratorOptions, SteppingClockOptions } from './seeded';
