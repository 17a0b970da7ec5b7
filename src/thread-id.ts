import { RunIdError } from './errors';
import { CANONICAL_PREFIX, MAX_THREAD_ID_LENGTH, THREAD_ID_PATTERN } from './grammar';
import { scanResult, scanThread } from './scan';
import type { ThreadId } from './types';

/**
 * Generation is stricter than parsing (SPEC.md §Generation): every emitted ID must be read to the same thread
 * by the two historical readers still deployed — `id.slice(7, id.indexOf('_run_'))` and the lazy regex
 * `^thread_(.*?)_run_(\d+)_([a-f0-9A-F]{8})$`. Both stop at the first `_run_`, which is where the thread
 * meets the separator unless `'_' + threadId + '_run'` already contains one.
 */
function isAmbiguousForHistoricalReaders(threadId: string): boolean {
  // `'_' + t + '_run'` contains `_run_` exactly when one of these holds; spelled out, nothing is allocated.
  return threadId.includes('_run_') || threadId.startsWith('run_') || threadId.endsWith('_run') || threadId === 'run';
}

/** `thread-id` of the ABNF; the length is checked first, since irregexp runs `*` faster than `{0,199}`. */
function matchesThreadSyntax(threadId: string): boolean {
  return threadId.length <= MAX_THREAD_ID_LENGTH && THREAD_ID_PATTERN.test(threadId);
}

/** Why `threadId` breaks the `thread-id` grammar (SPEC.md §ABNF), or `undefined` when it does not. */
export function threadIdSyntaxError(threadId: string): RunIdError | undefined {
  if (matchesThreadSyntax(threadId)) return undefined;
  scanThread(threadId, 0, threadId.length);
  return new RunIdError(scanResult.errorCode, threadId, scanResult.errorIndex);
}

/** The reason `threadId` cannot be embedded in a generated run ID, or `undefined` when it can. */
export function threadIdGenerationError(threadId: unknown): RunIdError | undefined {
  if (typeof threadId !== 'string') return new RunIdError('NOT_A_STRING', threadId);
  const invalid = threadIdSyntaxError(threadId);
  if (invalid) return invalid;
  if (isAmbiguousForHistoricalReaders(threadId)) {
    return new RunIdError('AMBIGUOUS_THREAD_ID', threadId, Math.max(`_${threadId}_run`.indexOf('_run_') - 1, 0));
  }
  return undefined;
}

/** True for a thread id that generation accepts: the grammar, and unambiguous for every historical reader. */
export function isThreadId(value: unknown): value is ThreadId {
  return typeof value === 'string' && matchesThreadSyntax(value) && !isAmbiguousForHistoricalReaders(value);
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
