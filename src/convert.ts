import { RunIdError } from './errors';
import { formatRunId, timestampError } from './format';
import { parseRunId } from './parse';
import { threadIdGenerationError } from './thread-id';
import type { CanonicalRunId } from './types';

export interface ToCanonicalOptions {
  /** Milliseconds to put in the converted ID. Default `0`: legacy IDs carry no time, and 0 means "unknown". */
  readonly timestamp?: number;
}

/**
 * Converts a legacy `run_<threadId>_<hex8>` ID to canonical, keeping its thread and suffix; deterministic,
 * so converting twice (or on two machines) gives the same ID. A canonical ID comes back with its suffix
 * lowercased and nothing else changed. A legacy thread that generation would reject (SPEC.md §Generation)
 * throws its code (`AMBIGUOUS_THREAD_ID`, `EMPTY_NORMALIZED_THREAD_ID`). A timestamp outside the grammar throws
 * `INVALID_TIMESTAMP`, whatever the input's format; options that are not an object, `INVALID_ARGUMENT`.
 */
export function toCanonicalRunId(id: string, options: ToCanonicalOptions = {}): CanonicalRunId {
  if (typeof options !== 'object' || options === null) throw new RunIdError('INVALID_ARGUMENT', options);
  const timestamp = options.timestamp ?? 0;
  const invalidTimestamp = timestampError(timestamp);
  if (invalidTimestamp) throw invalidTimestamp;
  const parsed = parseRunId(id);
  if (parsed.format === 'canonical') return formatRunId(parsed) as CanonicalRunId;
  const rejected = threadIdGenerationError(parsed.threadId);
  if (rejected) throw rejected;
  return formatRunId({ threadId: parsed.threadId, timestamp, suffix: parsed.suffix }) as CanonicalRunId;
}
