import { RunIdError } from './errors';
import { CANONICAL_PREFIX, MAX_THREAD_ID_LENGTH, RUN_SEPARATOR, THREAD_ID_PATTERN } from './grammar';
import { scanResult, scanThread } from './scan';
import type { ThreadId } from './types';

/**
 * Generation is stricter than parsing (SPEC.md §Generation): every emitted ID must be read to the same thread
 * by the two historical readers still deployed — `id.slice(7, id.indexOf('_run_'))` and the lazy regex
 * `^thread_(.*?)_run_(\d+)_([a-f0-9A-F]{8})$`. The first-match extractor stops at the first `_run_`, which is
 * where the thread meets the separator unless `'_' + threadId + '_run'` already contains one; the lazy regex,
 * anchored at both ends, reads such IDs correctly, so it is the extractor that sets the rule.
 * Returns where `_run_` first occurs in `'_' + threadId + '_run'`; -1 (none) means the thread is unambiguous.
 */
function firstSeparatorAround(threadId: string): number {
  return `_${threadId}_run`.indexOf(RUN_SEPARATOR);
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
  // The index points into `threadId`: one back from the padded string, and 0 for a thread starting `run_`.
  const separatorAt = firstSeparatorAround(threadId);
  if (separatorAt >= 0) return new RunIdError('AMBIGUOUS_THREAD_ID', threadId, Math.max(separatorAt - 1, 0));
  // Nothing left after the prefixes: the run would pair with the empty thread (`validateIdPair(id, '')`).
  if (stripThreadPrefixes(threadId) === '') return new RunIdError('EMPTY_NORMALIZED_THREAD_ID', threadId, threadId.length);
  return undefined;
}

/** True for a thread id that generation accepts: the grammar, and unambiguous for every historical reader. */
export function isThreadId(value: unknown): value is ThreadId {
  return (
    typeof value === 'string' && matchesThreadSyntax(value) && firstSeparatorAround(value) < 0 && stripThreadPrefixes(value) !== ''
  );
}

/**
 * `value` as a `ThreadId` when generation accepts it (`isThreadId`); otherwise throws the `RunIdError` that
 * `generateRunId` would. Not counted as a parse failure: a thread id is not a run ID.
 */
export function asThreadId(value: unknown): ThreadId {
  const rejected = threadIdGenerationError(value);
  if (rejected) throw rejected;
  return value as ThreadId;
}

/** `normalizeThreadId` without its type check, for strings already checked. */
export function stripThreadPrefixes(threadId: string): string {
  let normalized = threadId;
  while (normalized.startsWith(CANONICAL_PREFIX)) {
    normalized = normalized.slice(7 /* CANONICAL_PREFIX */);
  }
  return normalized;
}

/**
 * Strips repeated leading `thread_` prefixes, for comparison only: one historical generator embedded
 * `thread_abc`, the other `abc`. As in the Python original, `thread_` alone normalizes to `""` (which is why
 * generation refuses such a thread). Throws `RunIdError` (`NOT_A_STRING`) for a non-string.
 */
export function normalizeThreadId(threadId: string): string {
  if (typeof threadId !== 'string') throw new RunIdError('NOT_A_STRING', threadId);
  return stripThreadPrefixes(threadId);
}
