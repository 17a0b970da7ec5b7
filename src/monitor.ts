/**
 * Parse-failure monitoring: services alert on the rate of unreadable IDs, by code, without wrapping every call.
 * Counted by the parsing entry points (`parseRunId`, `safeParseRunId`, `extractThreadId`, `threadIdOf`,
 * `validateIdPair`, schemas); the `is*` guards are questions, not failures, and are not counted.
 */
import { RUN_ID_ERROR_CODES, type RunIdError, type RunIdErrorCode } from './errors';

export type ParseFailureListener = (error: RunIdError) => void;

const listeners = new Set<ParseFailureListener>();
const counts = new Map<RunIdErrorCode, number>();

/** Calls `listener` with every parse failure. Returns a function that removes it. */
export function onParseFailure(listener: ParseFailureListener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Parse failures since start (or the last reset), one entry per error code. */
export function getParseFailureCounts(): Record<RunIdErrorCode, number> {
  const snapshot = {} as Record<RunIdErrorCode, number>;
  for (const code of RUN_ID_ERROR_CODES) snapshot[code] = counts.get(code) ?? 0;
  return snapshot;
}

export function resetParseFailureCounts(): void {
  counts.clear();
}

/** Records one failure. */
export function reportParseFailure(error: RunIdError): void {
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
