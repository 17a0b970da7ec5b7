import { RunIdError } from './errors';
import { CANONICAL_PREFIX, HEX_DIGIT, LEGACY_PREFIX, RUN_SEPARATOR, SUFFIX_LENGTH, hasClass } from './grammar';
import { scanResult, scanThread } from './scan';
import type { ParsedRunId, RunIdFormat } from './types';

export interface RunIdParts {
  /** Defaults to `'canonical'`. */
  readonly format?: RunIdFormat;
  readonly threadId: string;
  /** Required for canonical IDs; ignored (and may be `null`) for legacy ones. */
  readonly timestamp: number | null;
  readonly suffix: string;
}

export function timestampError(timestamp: unknown): RunIdError | undefined {
  if (typeof timestamp === 'number' && Number.isSafeInteger(timestamp) && timestamp >= 0) return undefined;
  return new RunIdError('INVALID_TIMESTAMP', timestamp, 0, 'timestamp must be an integer from 0 to Number.MAX_SAFE_INTEGER');
}

function assertSuffix(suffix: string): void {
  if (typeof suffix !== 'string' || suffix.length !== SUFFIX_LENGTH) {
    throw new RunIdError('INVALID_SUFFIX', suffix, 0, 'suffix must be 8 hex digits');
  }
  for (let i = 0; i < SUFFIX_LENGTH; i++) {
    if (!hasClass(suffix.charCodeAt(i), HEX_DIGIT)) throw new RunIdError('INVALID_SUFFIX', suffix, i, 'suffix must be 8 hex digits');
  }
}

/**
 * Builds a run ID from its parts, the inverse of `parseRunId`: for lowercase canonical input,
 * `formatRunId(parseRunId(x)) === x`. It checks the parsing grammar (not the stricter generation rule), so
 * every parsed ID can be written back; the suffix is written lowercase.
 */
export function formatRunId(parts: RunIdParts | ParsedRunId): string {
  const { threadId, suffix } = parts;
  if (typeof threadId !== 'string') throw new RunIdError('NOT_A_STRING', threadId, 0, 'thread id must be a string');
  if (!scanThread(threadId, 0, threadId.length)) {
    throw new RunIdError(scanResult.errorCode, threadId, scanResult.errorIndex, scanResult.errorReason);
  }
  assertSuffix(suffix);
  if (parts.format === 'legacy') return `${LEGACY_PREFIX}${threadId}_${suffix.toLowerCase()}`;
  const invalidTimestamp = timestampError(parts.timestamp);
  if (invalidTimestamp) throw invalidTimestamp;
  return `${CANONICAL_PREFIX}${threadId}${RUN_SEPARATOR}${parts.timestamp}_${suffix.toLowerCase()}`;
}
