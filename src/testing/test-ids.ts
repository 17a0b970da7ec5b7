/**
 * Deterministic test IDs: the same thread (and run index) always gives the same run ID, so snapshots and
 * fixtures stay stable across runs and machines.
 */
import { formatRunId } from '../index';
import type { CanonicalRunId, ThreadId } from '../index';
import { threadIdGenerationError } from '../thread-id';

/**
 * The timestamp every test run ID carries (plus its run index): 2023-11-14T22:13:20.000Z.
 * Fixed and documented so a test ID is recognisable and reproducible.
 */
export const TEST_RUN_TIMESTAMP = 1_700_000_000_000;

/** The thread `createTestIds()` uses when none is given. */
export const DEFAULT_TEST_THREAD_ID = 'test_thread';

/**
 * FNV-1a 32-bit hash of the UTF-16 code units of `text`, as 8 lowercase hex digits. Not cryptographic:
 * it only has to spread test inputs over suffixes, identically on every platform.
 */
export function hashToSuffix(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

export interface TestIdsOptions {
  /**
   * Distinguishes several runs of one thread: run `n` gets timestamp `TEST_RUN_TIMESTAMP + n`, so
   * runs of a thread sort in index order. A non-negative safe integer; default 0.
   */
  readonly run?: number;
}

export interface TestIds {
  readonly threadId: ThreadId;
  readonly runId: CanonicalRunId;
}

/**
 * A valid `{ threadId, runId }` pair for tests, the same on every call with the same arguments:
 * `thread_<threadId>_run_<TEST_RUN_TIMESTAMP + run>_<hashToSuffix(threadId + '\0' + run)>`.
 * Throws the codec's `RunIdError` when `threadId` is not one generation accepts (`isThreadId`).
 */
export function createTestIds(threadId: string = DEFAULT_TEST_THREAD_ID, options: TestIdsOptions = {}): TestIds {
  const run = options.run ?? 0;
  if (!Number.isSafeInteger(run) || run < 0 || run > Number.MAX_SAFE_INTEGER - TEST_RUN_TIMESTAMP) {
    throw new RangeError(`createTestIds: options.run must be a non-negative safe integer, got ${String(run)}`);
  }
  // The same check and error (code, index) as generateRunId, so tests see what production would.
  const rejected = threadIdGenerationError(threadId);
  if (rejected) throw rejected;
  const runId = formatRunId({
    format: 'canonical',
    threadId,
    timestamp: TEST_RUN_TIMESTAMP + run,
    suffix: hashToSuffix(`${threadId}\u0000${run}`),
  }) as CanonicalRunId;
  return { threadId: threadId as ThreadId, runId };
}
