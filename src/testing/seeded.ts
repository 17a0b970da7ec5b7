/**
 * A deterministic run ID generator for tests: the codec's own generator (same validation, same monotonic
 * ordering) fed by a seeded PRNG and a clock that steps forward each time it is read.
 */
import { createRunIdGenerator } from '../index';
import { TEST_RUN_TIMESTAMP, hashToSuffix } from './test-ids';

/** mulberry32: a tiny, well-distributed 32-bit PRNG; plenty for test data, never for secrets. */
export function createSeededRandom(seed: number | string): () => number {
  let state = Number.parseInt(hashToSuffix(String(seed)), 16);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** A `randomBytes(n)` drop-in whose bytes are a pure function of `seed` and the call sequence. */
export function createSeededRandomBytes(seed: number | string): (length: number) => Uint8Array {
  const next = createSeededRandom(seed);
  return (length) => {
    const bytes = new Uint8Array(length);
    for (let i = 0; i < length; i += 4) {
      const word = next();
      bytes[i] = word & 0xff;
      if (i + 1 < length) bytes[i + 1] = (word >>> 8) & 0xff;
      if (i + 2 < length) bytes[i + 2] = (word >>> 16) & 0xff;
      if (i + 3 < length) bytes[i + 3] = word >>> 24;
    }
    return bytes;
  };
}

export interface SteppingClockOptions {
  /** The first value returned (milliseconds since the epoch). Default `TEST_RUN_TIMESTAMP`. */
  readonly start?: number;
  /** How far the clock moves on every read, in milliseconds. Default 1; 0 freezes it. */
  readonly stepMs?: number;
}

/** A `now()` that returns `start`, `start + stepMs`, `start + 2·stepMs`, … on successive calls. */
export function createSteppingClock(options: SteppingClockOptions = {}): () => number {
  const start = options.start ?? TEST_RUN_TIMESTAMP;
  const stepMs = options.stepMs ?? 1;
  if (!Number.isSafeInteger(start) || start < 0) throw new RangeError(`start must be a non-negative safe integer, got ${String(start)}`);
  if (!Number.isSafeInteger(stepMs) || stepMs < 0) throw new RangeError(`stepMs must be a non-negative safe integer, got ${String(stepMs)}`);
  let reads = 0;
  return () => start + stepMs * reads++;
}

export type SeededRunIdGeneratorOptions = SteppingClockOptions;

/**
 * A run ID generator whose output depends only on `seed`, the options and the sequence of calls:
 * two generators made with the same arguments emit identical IDs. Timestamps start at
 * `TEST_RUN_TIMESTAMP` and advance `stepMs` (default 1) per clock read; suffixes come from mulberry32.
 */
export function createSeededRunIdGenerator(
  seed: number | string,
  options: SeededRunIdGeneratorOptions = {},
): ReturnType<typeof createRunIdGenerator> {
  return createRunIdGenerator({ now: createSteppingClock(options), randomBytes: createSeededRandomBytes(seed) });
}
