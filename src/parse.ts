import { RunIdError } from './errors';
import { reportParseFailure } from './monitor';
import { isCanonicalMatch, matchesRunId, readParts, readThread, scanResult, scanRunId } from './scan';
import type { CanonicalRunId, LegacyRunId, ParsedRunId, RunId } from './types';

export type SafeParseResult = { readonly ok: true; readonly value: ParsedRunId } | { readonly ok: false; readonly error: RunIdError };

/** The error explaining why `id` is not a run ID (only called once the fast path has rejected it). */
function explainRejection(id: string): RunIdError {
  scanRunId(id);
  return new RunIdError(scanResult.errorCode, id, scanResult.errorIndex, scanResult.errorReason);
}

function notAString(value: unknown): RunIdError {
  return new RunIdError('NOT_A_STRING', value, 0, 'run id must be a string');
}

/** Parses a canonical or legacy run ID. Throws `RunIdError` with a code and the offending index. */
export function parseRunId(id: string): ParsedRunId {
  if (typeof id !== 'string') {
    reportParseFailure('NOT_A_STRING', () => notAString(id));
    throw notAString(id);
  }
  if (!matchesRunId(id)) {
    const error = explainRejection(id);
    reportParseFailure(error.code, () => error);
    throw error;
  }
  return readParts(id);
}

/** Like `parseRunId`, for any value, and never throws. */
export function safeParseRunId(value: unknown): SafeParseResult {
  if (typeof value !== 'string') {
    const error = notAString(value);
    reportParseFailure(error.code, () => error);
    return { ok: false, error };
  }
  if (!matchesRunId(value)) {
    const error = explainRejection(value);
    reportParseFailure(error.code, () => error);
    return { ok: false, error };
  }
  return { ok: true, value: readParts(value) };
}

/** True for a run ID in either format. */
export function isRunId(value: unknown): value is RunId {
  return typeof value === 'string' && matchesRunId(value);
}

/** True for a canonical `thread_<threadId>_run_<ms>_<hex8>` run ID. */
export function isCanonicalRunId(value: unknown): value is CanonicalRunId {
  return typeof value === 'string' && matchesRunId(value) && isCanonicalMatch(value);
}

/** True for a legacy `run_<threadId>_<hex8>` run ID. */
export function isLegacyRunId(value: unknown): value is LegacyRunId {
  return typeof value === 'string' && matchesRunId(value) && !isCanonicalMatch(value);
}

/** The thread a run belongs to, exactly as embedded; `undefined` when the value is not a readable run ID. */
export function extractThreadId(id: unknown): string | undefined {
  if (typeof id !== 'string') {
    reportParseFailure('NOT_A_STRING', () => notAString(id));
    return undefined;
  }
  if (!matchesRunId(id)) {
    // Counting needs only the code; the Error (and its stack) is built only for listeners.
    scanRunId(id);
    reportParseFailure(scanResult.errorCode, () => explainRejection(id));
    return undefined;
  }
  return readThread(id);
}

/**
 * The thread of a run, derived from its ID — the form the `thread-access` codemod rewrites `ctx.thread_id`
 * reads into. The result's type follows the argument's, so a rewritten expression keeps its static type:
 * a `string` run ID gives a `string` thread (and throws `RunIdError` when it is unreadable, rather than
 * routing to a wrong thread), `undefined`/`null` pass through.
 */
export function threadIdOf(runId: string): string;
export function threadIdOf(runId: string | undefined): string | undefined;
export function threadIdOf(runId: string | null): string | null;
export function threadIdOf(runId: string | null | undefined): string | null | undefined;
export function threadIdOf(runId: string | null | undefined): string | null | undefined {
  if (runId === undefined || runId === null) return runId;
  return parseRunId(runId).threadId;
}
