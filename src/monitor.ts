/**
 * Parse-failure monitoring: services alert on the rate of unreadable IDs, by code, without wrapping every call.
 * Counted by the parsing entry points (`parseRunId`, `safeParseRunId`, `asRunId`, `extractThreadId`, `threadIdOf`,
 * `validateIdPair`, schemas); the `is*` guards are questions, not failures, and are not counted. Counts and
 * listeners are shared by every copy of the package in the process (shared-state.ts).
 */
import { RUN_ID_ERROR_CODES, RunIdError, type RunIdErrorCode } from './errors';
import { sharedState, type ParseFailureListener } from './shared-state';

export type { ParseFailureListener };

/** Calls `listener` with every parse failure. Returns a function that removes it. */
export function onParseFailure(listener: ParseFailureListener): () => void {
  if (typeof listener !== 'function') throw new RunIdError('INVALID_ARGUMENT', listener);
  const { listeners } = sharedState();
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Parse failures since start (or the last reset), one entry per error code. */
export function getParseFailureCounts(): Record<RunIdErrorCode, number> {
  const { counts } = sharedState();
  const snapshot = {} as Record<RunIdErrorCode, number>;
  for (const code of RUN_ID_ERROR_CODES) snapshot[code] = counts.get(code) ?? 0;
  return snapshot;
}

export function resetParseFailureCounts(): void {
  sharedState().counts.clear();
}

/** Records one failure. */
export function reportParseFailure(error: RunIdError): void {
  const { counts, listeners } = sharedState();
  counts.set(error.code, (counts.get(error.code) ?? 0) + 1);
  for (const listener of listeners) {
    try {
      listener(error);
    } catch (listenerError) {
      // A broken listener must not change what parsing returns; surface it the way EventTarget does.
      queueMicrotask(() => {
        throw listenerError;
      });
    }
  }
}
