/**
 * How the `test-ids` rule turns an old test ID into a canonical one: pure functions of the original text
 * (and the thread beside it), so the same literal maps the same way in every file, run and machine.
 */
import { MAX_THREAD_ID_LENGTH, formatRunId, isThreadId } from 'unified-id';
import { DEFAULT_TEST_THREAD_ID, TEST_RUN_TIMESTAMP, hashToSuffix } from 'unified-id/testing';

/**
 * The timestamp of every run ID the rule invents (2023-11-14T22:13:20.000Z), the same one the test kit's
 * `createTestIds` uses, so migrated IDs are recognisable as test IDs. Converted legacy IDs keep timestamp 0
 * ("unknown"), as `toCanonicalRunId` does.
 */
export const TEST_IDS_TIMESTAMP = TEST_RUN_TIMESTAMP;

/** The thread of a run ID with no thread beside it. */
export const TEST_IDS_DEFAULT_THREAD = DEFAULT_TEST_THREAD_ID;

/**
 * The canonical replacement of a non-ID test string: `thread_<threadId>_run_1700000000000_<hex8>`, where hex8 is
 * the FNV-1a hash of `original + "\0" + threadId`. `threadId` must be one generation accepts (`isThreadId`).
 */
export function replacementRunId(original: string, threadId: string): string {
  return formatRunId({ threadId, timestamp: TEST_IDS_TIMESTAMP, suffix: hashToSuffix(`${original}\u0000${threadId}`) });
}

/**
 * A valid thread id for an invalid one, readable and deterministic:
 * 1. every character outside `[A-Za-z0-9_-]` becomes `_` (`'thread 1'` → `thread_1`);
 * 2. a first character that is not alphanumeric gets a `t` in front (`'-x'` → `t-x`);
 * 3. the result is cut to 200 characters;
 * 4. every `_`-separated segment that is exactly `run` becomes `Run`, so `_run_` cannot appear where the
 *    historical first-match readers would split (`'run abc'` → `Run_abc`);
 * 5. nothing left (the empty string) → `test_thread`.
 */
export function sanitizeThreadId(original: string): string {
  let threadId = original.replace(/[^A-Za-z0-9_-]/g, '_');
  if (threadId.length === 0) return TEST_IDS_DEFAULT_THREAD;
  if (!/^[A-Za-z0-9]/.test(threadId)) threadId = `t${threadId}`;
  threadId = threadId.slice(0, MAX_THREAD_ID_LENGTH);
  threadId = threadId
    .split('_')
    .map((segment) => (segment === 'run' ? 'Run' : segment))
    .join('_');
  // The steps above always give a valid thread id; the guard keeps a future grammar change from emitting a bad one.
  return isThreadId(threadId) ? threadId : TEST_IDS_DEFAULT_THREAD;
}
