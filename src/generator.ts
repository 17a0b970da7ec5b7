import { RunIdError } from './errors';
import { CANONICAL_PREFIX, RUN_SEPARATOR } from './grammar';
import { randomUint32 } from './random';
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

const HEX = Array.from({ length: 256 }, (_, byte) => (byte < 16 ? '0' : '') + byte.toString(16));

/** 8 lowercase hex digits; four table reads beat `toString(16).padStart(8, '0')` (`npm run bench`). */
function suffixHex(suffix: number): string {
  return (
    (HEX[suffix >>> 24] as string) + HEX[(suffix >>> 16) & 255] + HEX[(suffix >>> 8) & 255] + HEX[suffix & 255]
  );
}

function uint32From(randomBytes: (length: number) => Uint8Array): () => number {
  return () => {
    const bytes = randomBytes(4);
    if (!(bytes?.length >= 4)) throw new TypeError('randomBytes(4) returned fewer than 4 bytes');
    return ((bytes[0] as number) | ((bytes[1] as number) << 8) | ((bytes[2] as number) << 16) | ((bytes[3] as number) << 24)) >>> 0;
  };
}

/**
 * A monotonic generator (SPEC.md §Generation): each ID compares greater than the previous one by
 * `compareRunIds` — a new millisecond draws a fresh random suffix; within one millisecond, or when the clock
 * steps back, the last timestamp is kept and the suffix incremented (carrying into the timestamp on overflow),
 * as ULID's monotonic mode does. So no ID repeats within a generator.
 */
export function createRunIdGenerator(options: RunIdGeneratorOptions = {}): RunIdGenerator {
  const now = options.now ?? Date.now;
  const random = options.randomBytes ? uint32From(options.randomBytes) : randomUint32;
  let lastTimestamp = -1;
  let lastSuffix = 0;
  // Thread ids repeat across calls (one thread, many runs): validate each distinct one once, and build
  // `thread_<t>_run_<ms>_` once per thread and millisecond.
  let lastThreadId: string | undefined;
  let head = '';
  let headTimestamp = -1;

  return {
    generate(threadId: string): CanonicalRunId {
      if (threadId !== lastThreadId) {
        const rejected = threadIdGenerationError(threadId);
        if (rejected) throw rejected;
        lastThreadId = threadId;
        headTimestamp = -1;
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
      if (timestamp !== headTimestamp) {
        head = `${CANONICAL_PREFIX}${threadId}${RUN_SEPARATOR}${timestamp}_`;
        headTimestamp = timestamp;
      }
      return (head + suffixHex(suffix)) as CanonicalRunId;
    },
  };
}

let defaultGenerator: RunIdGenerator | undefined;

/** A new canonical run ID for `threadId` from the process-wide monotonic generator. */
export function generateRunId(threadId: string): CanonicalRunId {
  defaultGenerator ??= createRunIdGenerator();
  return defaultGenerator.generate(threadId);
}
