import { RunIdError } from './errors';
import { CANONICAL_PREFIX, LEGACY_PREFIX, RUN_SEPARATOR, SUFFIX_PATTERN } from './grammar';
import { threadIdSyntaxError } from './thread-id';
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
  return Number.isSafeInteger(timestamp) && (timestamp as number) >= 0 ? undefined : new RunIdError('INVALID_TIMESTAMP', timestamp);
}

/**
 * Builds a run ID from its parts, the inverse of `parseRunId`: for lowercase canonical input,
 * `formatRunId(parseRunId(x)) === x`. It checks the parsing grammar (not the stricter generation rule), so
 * every parsed ID can be written back; the suffix is written lowercase. Error indices point into the part;
 * `INVALID_ARGUMENT` when `parts` is not an object or its `format` is neither `'canonical'` nor `'legacy'`.
 */
export function formatRunId(parts: RunIdParts | ParsedRunId): string {
  if (typeof parts !== 'object' || parts === null || !(parts.format === undefined || parts.format === 'canonical' || parts.format === 'legacy')) {
    throw new RunIdError('INVALID_ARGUMENT', parts);
  }
  const { threadId, suffix } = parts;
  const invalid =
    typeof threadId === 'string' ? threadIdSyntaxError(threadId) : new RunIdError('NOT_A_STRING', threadId);
  if (invalid) throw invalid;
  if (typeof suffix !== 'string' || !SUFFIX_PATTERN.test(suffix)) {
    const badChar = typeof suffix === 'string' ? suffix.search(/[^\da-fA-F]/) : -1;
    // Stryker disable next-line EqualityOperator: at badChar 0 both branches give 0.
    throw new RunIdError('INVALID_SUFFIX', suffix, badChar < 0 ? 0 : badChar);
  }
  if (parts.format === 'legacy') return `${LEGACY_PREFIX}${threadId}_${suffix.toLowerCase()}`;
  const invalidTimestamp = timestampError(parts.timestamp);
  if (invalidTimestamp) throw invalidTimestamp;
  return `${CANONICAL_PREFIX}${threadId}${RUN_SEPARATOR}${parts.timestamp}_${suffix.toLowerCase()}`;
}
