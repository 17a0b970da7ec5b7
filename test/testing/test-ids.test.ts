import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RunIdError, compareRunIds, isCanonicalRunId, isThreadId, parseRunId, validateIdPair } from '../../src/index';
import {
  DEFAULT_TEST_THREAD_ID,
  TEST_RUN_TIMESTAMP,
  createTestIds,
  hashToSuffix,
} from '../../src/testing/index';
import { threadIdArbitrary } from '../../src/testing/arbitraries';

describe('hashToSuffix', () => {
  it('is FNV-1a 32-bit, as 8 lowercase hex digits', () => {
    // Published FNV-1a test vectors.
    expect(hashToSuffix('')).toBe('811c9dc5');
    expect(hashToSuffix('a')).toBe('e40c292c');
    expect(hashToSuffix('foobar')).toBe('bf9cf968');
  });

  it('always gives 8 lowercase hex digits', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => /^[0-9a-f]{8}$/.test(hashToSuffix(text))));
  });
});

describe('createTestIds', () => {
  it('defaults to the documented thread, timestamp and a pinned suffix', () => {
    const ids = createTestIds();
    expect(ids.threadId).toBe(DEFAULT_TEST_THREAD_ID);
    expect(ids.runId).toBe(`thread_test_thread_run_${TEST_RUN_TIMESTAMP}_${hashToSuffix('test_thread\u00000')}`);
    // Pinned so a change of the scheme (which would break users' snapshots) cannot go unnoticed.
    expect(ids.runId).toBe('thread_test_thread_run_1700000000000_7bae5bba');
    expect(new Date(TEST_RUN_TIMESTAMP).toISOString()).toBe('2023-11-14T22:13:20.000Z');
  });

  it('returns the same pair for the same arguments, and a valid pair for every generation-valid thread', () => {
    fc.assert(
      fc.property(threadIdArbitrary(), fc.nat({ max: 1_000_000 }), (threadId, run) => {
        const ids = createTestIds(threadId, { run });
        expect(createTestIds(threadId, { run })).toEqual(ids);
        expect(isCanonicalRunId(ids.runId)).toBe(true);
        expect(isThreadId(ids.threadId)).toBe(true);
        expect(validateIdPair(ids.runId, ids.threadId)).toBe(true);
        expect(parseRunId(ids.runId)).toEqual({
          format: 'canonical',
          threadId,
          timestamp: TEST_RUN_TIMESTAMP + run,
          suffix: hashToSuffix(`${threadId}\u0000${run}`),
        });
      }),
      { numRuns: 300 },
    );
  });

  it('gives distinct runs of one thread that sort by run index', () => {
    const runs = [0, 1, 2, 10].map((run) => createTestIds('thread-a', { run }).runId);
    expect(new Set(runs).size).toBe(runs.length);
    for (let i = 1; i < runs.length; i++) expect(compareRunIds(runs[i - 1] as string, runs[i] as string)).toBe(-1);
  });

  it('keeps a thread_ prefix as given (no stripping)', () => {
    const ids = createTestIds('thread_abc');
    expect(parseRunId(ids.runId).threadId).toBe('thread_abc');
    expect(validateIdPair(ids.runId, 'abc')).toBe(true);
  });

  it.each([
    ['thread 1', 'INVALID_THREAD_ID'],
    ['', 'INVALID_THREAD_ID'],
    ['_leading', 'INVALID_THREAD_ID'],
    ['x_run', 'AMBIGUOUS_THREAD_ID'],
    ['run_abc', 'AMBIGUOUS_THREAD_ID'],
    ['a'.repeat(201), 'THREAD_ID_TOO_LONG'],
  ])('rejects thread %j with the generator error %s', (threadId, code) => {
    let caught: unknown;
    try {
      createTestIds(threadId);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RunIdError);
    expect((caught as RunIdError).code).toBe(code);
  });

  it.each([-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER])('rejects run index %s', (run) => {
    expect(() => createTestIds('t', { run })).toThrow(RangeError);
  });
});
