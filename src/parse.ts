import { RunIdError } from './errors';
import { reportParseFailure } from './monitor';
import { isCanonicalMatch, matchesRunId, readParts, readThread, scanResult, scanRunId } from './scan';
import type { CanonicalRunId, LegacyRunId, ParsedRunId, RunId } from './types';

export type SafeParseResult = { readonly ok: true; readonly value: ParsedRunId } | { readonly ok: false; readonly error: RunIdError };

/** The counted reason `value` is not a run ID, or `undefined` when it is one. Only failures pay for an Error. */
function rejection(value: unknown): RunIdError | undefined {
  if (typeof value === 'string' && matchesRunId(value)) return undefined;
  let error: RunIdError;
  if (typeof value === 'string') {
    scanRunId(value);
    error = new RunIdError(scanResult.errorCode, value, scanResult.errorIndex);
  } else {
    error = new RunIdError('NOT_A_STRING', value);
  }
  reportParseFailure(error);
  return error;
}

/** Parses a canonical or legacy run ID. Throws `RunIdError` with a code and the offending index. */
export function parseRunId(id: string): ParsedRunId {
  const rejected = rejection(id);
  if (rejected) throw rejected;
  return readParts(id);
}

/** Like `parseRunId`, for any value, and never throws. */
export function safeParseRunId(value: unknown): SafeParseResult {
  const rejected = rejection(value);
  return rejected ? { ok: false, error: rejected } : { ok: true, value: readParts(value as string) };
}

/**
 * `value` as a `RunId` when it is a run ID in either format; otherwise throws the `RunIdError` that
 * `parseRunId` would (counted as a parse failure). The checked cast for `if (!isRunId(x)) throw …`.
 */
export function asRunId(value: unknown): RunId {
  const rejected = rejection(value);
  if (rejected) throw rejected;
  return value as RunId;
}

/** True for a run ID in either format. */
export function isRunId(value: unknown): value is RunId {
  return typeof value === 'string' && matchesRunId(value);
}

/** True for a canonical `thread_<threadId>_run_<ms>_<hex8>` run ID. */
export function isCanonicalRunId(value: unknown): value is CanonicalRunId {
  return isRunId(value) && isCanonicalMatch(value);
}

/** True for a legacy `run_<threadId>_<hex8>` run ID. */
export function isLegacyRunId(value: unknown): value is LegacyRunId {
  return isRunId(value) && !isCanonicalMatch(value);
}

/** The thread a run belongs to, exactly as embedded; `undefined` when the value is not a readable run ID. */
export function extractThreadId(id: unknown): string | undefined {
  return rejection(id) ? undefined : readThread(id as string);
}

/**
 * The thread of a run, exactly as embedded in its ID (like `parseRunId(id).threadId`: no prefix is stripped,
 * so `threadIdOf(generateRunId('thread_abc'))` is `'thread_abc'` and `threadIdOf(generateRunId('abc'))` is
 * `'abc'`). To ask whether a run belongs to a thread given in either historical spelling, use
 * `validateIdPair`, which compares normalized threads. This is the form the `thread-access` codemod rewrites
 * `ctx.thread_id` reads into: the result's type follows the argument's, so a rewritten expression keeps its
 * static type: a `string` run ID gives a `string` thread (and throws `RunIdError` when it is unreadable,
 * rather than routing to a wrong thread), `undefined`/`null` pass through.
 */
export function threadIdOf(runId: string): string;
export function threadIdOf(runId: string | undefined): string | undefined;
export function threadIdOf(runId: string | null): string | null;
export function threadIdOf(runId: string | null | undefined): string | null | undefined;
export function threadIdOf(runId: string | null | undefined): string | null | undefined {
  return runId == null ? runId : parseRunId(runId).threadId;
}
