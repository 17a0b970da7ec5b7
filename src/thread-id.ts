import { RunIdError } from './errors';
import { CANONICAL_PREFIX } from './grammar';
import { scanResult, scanThread } from './scan';
import type { ThreadId } from './types';

/**
 * Generation is stricter than parsing (SPEC.md §Generation): every emitted ID must be read to the same thread
 * by the two historical readers still deployed — `id.slice(7, id.indexOf('_run_'))` and the lazy regex
 * `^thread_(.*?)_run_(\d+)_([a-f0-9A-F]{8})$`. Both stop at the first `_run_`, which is where the thread
 * meets the separator unless `'_' + threadId + '_run'` already contains one.
 */
function isAmbiguousForHistoricalReaders(threadId: string): boolean {
  return `_${threadId}_run`.includes('_run_');
}

/** The reason `threadId` cannot be embedded in a generated run ID, or `undefined` when it can. */
export function threadIdGenerationError(threadId: unknown): RunIdError | undefined {
  if (typeof threadId !== 'string') return new RunIdError('NOT_A_STRING', threadId, 0, 'thread id must be a string');
  if (!scanThread(threadId, 0, threadId.length)) {
    return new RunIdError(scanResult.errorCode, threadId, scanResult.errorIndex, scanResult.errorReason);
  }
  if (isAmbiguousForHistoricalReaders(threadId)) {
    const at = `_${threadId}_run`.indexOf('_run_');
    return new RunIdError(
      'AMBIGUOUS_THREAD_ID',
      threadId,
      Math.max(at - 1, 0),
      'thread id would be misread by first-match readers ("_run_" inside it, or it starts with "run_" or ends with "_run")',
    );
  }
  return undefined;
}

/** True for a thread id that generation accepts: the grammar, and unambiguous for every historical reader. */
export function isThreadId(value: unknown): value is ThreadId {
  return typeof value === 'string' && scanThread(value, 0, value.length) && !isAmbiguousForHistoricalReaders(value);
}

/**
 * Strips repeated leading `thread_` prefixes, for comparison only: one historical generator embedded
 * `thread_abc`, the other `abc`. As in the Python original, `thread_` alone normalizes to `""`.
 */
export function normalizeThreadId(threadId: string): string {
  let normalized = threadId;
  while (normalized.startsWith(CANONICAL_PREFIX)) {
    normalized = normalized.slice(CANONICAL_PREFIX.length);
  }
  return normalized;
}
