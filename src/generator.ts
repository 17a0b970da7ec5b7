import { RunIdError } from './errors';
import { CANONICAL_PREFIX, RUN_SEPARATOR } from './grammar';
import { randomUint32 } from './random';
import { sharedState } from './shared-state';
import { threadIdGenerationError } from './thread-id';
import type { CanonicalRunId } from './types';

export interface RunIdGeneratorOptions {
  /** Milliseconds since the epoch; default `Date.now`. Must return a safe non-negative integer. */
  readonly now?: () => number;
  /** Source of random bytes (4 are read per new millisecond); default: pooled Web Crypto. */
  readonly randomBytes?: (length: number) => Uint8Array;
}

export interface RunIdGenerator {
  /** A new canonical run ID for `threadId`; throws `RunIdError` for a thread id generation rejects. */
  generate(threadId: string): CanonicalRunId;
}

const MAX_SUFFIX = 0xffffffff;

/** 8 lowercase hex digits. */
function suffixHex(suffix: number): string {
  return suffix.toString(16).padStart(8, '0');
}

function uint32From(randomBytes: (length: number) => Uint8Array): () => number {
  return () => {
    const bytes = randomBytes(4);
    if (!(bytes?.length >= 4)) throw new RunIdError('INVALID_ARGUMENT', bytes);
    return ((bytes[0] as number) | ((bytes[1] as number) << 8) | ((bytes[2] as number) << 16) | ((bytes[3] as number) << 24)) >>> 0;
  };
}

/**
 * A monotonic generator (SPEC.md §Generation): each ID compares greater than the previous one by
 * `compareRunIds` — a new millisecond draws a fresh random suffix; within one millisecond, or when the clock
 * steps back, the last timestamp is kept and the suffix incremented (carrying into the timestamp on overflow),
 * as ULID's monotonic mode does. So no ID repeats within a generator. Throws `RunIdError` (`INVALID_ARGUMENT`)
 * for options of the wrong type, and from `generate` when `randomBytes(4)` returns fewer than 4 bytes.
 */
export function createRunIdGenerator(options: RunIdGeneratorOptions = {}): RunIdGenerator {
  const { now = Date.now, randomBytes } = Object(options) as RunIdGeneratorOptions;
  if (typeof options !== 'object' || !options || typeof now !== 'function' || (randomBytes !== undefined && typeof randomBytes !== 'function')) {
    throw new RunIdError('INVALID_ARGUMENT', options);
  }
  const random = randomBytes ? uint32From(randomBytes) : randomUint32;
  let lastTimestamp = -1;
  let lastSuffix = 0;
  // Thread ids repeat across calls (one thread, many runs): validate each distinct one once.
  let lastThreadId: string | undefined;

  return {
    generate(threadId: string): CanonicalRunId {
      // Stryker disable next-line ConditionalExpression: a cache; checking the thread on every call gives the same results.
      if (threadId !== lastThreadId) {
        const rejected = threadIdGenerationError(threadId);
        if (rejected) throw rejected;
        lastThreadId = threadId;
      }
      let timestamp = now();
      if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new RunIdError('INVALID_TIMESTAMP', timestamp);
      let suffix: number;
      if (timestamp > lastTimestamp) {
        suffix = random();
      } else {
        timestamp = lastTimestamp;
        suffix = lastSuffix + 1;
        if (suffix > MAX_SUFFIX) {
          if (++timestamp > Number.MAX_SAFE_INTEGER) throw new RunIdError('INVALID_TIMESTAMP', timestamp);
          suffix = random();
        }
      }
      lastTimestamp = timestamp;
      lastSuffix = suffix;
      return `${CANONICAL_PREFIX}${threadId}${RUN_SEPARATOR}${timestamp}_${suffixHex(suffix)}` as CanonicalRunId;
    },
  };
}

/**
 * A new canonical run ID for `threadId` from the process-wide monotonic generator, one for every copy of this
 * package in the process (shared-state.ts). Throws `RunIdError` for a thread id generation refuses.
 */
export function generateRunId(threadId: string): CanonicalRunId {
  return (sharedState().defaultGenerator ??= createRunIdGenerator()).generate(threadId);
}
