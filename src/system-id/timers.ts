/**
 * Time, injectable: a monotonic clock and timers. The default timers are unref'd, so background retries
 * and timeouts never keep the process alive; `keepAlive` holds it open only while a caller awaits an answer
 * (an await on unref'd timers alone would let Node exit mid-call).
 */
import { performance } from 'node:perf_hooks';

export interface SystemIdTimers {
  /** Monotonic milliseconds, for deadlines and probe timings. */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Keeps the process alive until the returned function is called. */
  keepAlive(): () => void;
}

export const unrefTimers: SystemIdTimers = {
  now: () => performance.now(),
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms);
    handle.unref();
    return handle;
  },
  clearTimeout(handle) {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
  keepAlive() {
    const handle = setInterval(() => undefined, 2 ** 31 - 1);
    return () => clearInterval(handle);
  },
};

/** Runs `action` while keeping the process alive (for calls whose caller is waiting on the result). */
export async function whileAwaited<T>(timers: SystemIdTimers, action: () => Promise<T>): Promise<T> {
  const release = timers.keepAlive();
  try {
    return await action();
  } finally {
    release();
  }
}

export function sleep(timers: SystemIdTimers, ms: number): Promise<void> {
  return new Promise((resolve) => {
    timers.setTimeout(resolve, ms);
  });
}

export type Raced<T> = { readonly settled: true; readonly value: T } | { readonly settled: false };

/** Waits for `promise` at most `ms`; the promise itself keeps running (it cannot be cancelled). */
export function raceTimeout<T>(timers: SystemIdTimers, promise: Promise<T>, ms: number): Promise<Raced<T>> {
  return new Promise((resolve, reject) => {
    const handle = timers.setTimeout(() => resolve({ settled: false }), Math.max(0, ms));
    promise.then(
      (value) => {
        timers.clearTimeout(handle);
        resolve({ settled: true, value });
      },
      (error: unknown) => {
        timers.clearTimeout(handle);
        reject(error);
      },
    );
  });
}

/**
 * Waits for `promise` while there is progress: gives up once `idleMs` pass with no progress (`lastProgress`,
 * monotonic ms, moves on each step), or `capMs` in total. A slow disk that keeps answering is waited for; a
 * hung one is not.
 */
export async function raceProgress<T>(
  timers: SystemIdTimers,
  promise: Promise<T>,
  idleMs: number,
  capMs: number,
  lastProgress: () => number,
): Promise<Raced<T>> {
  const deadline = timers.now() + capMs;
  for (;;) {
    const wait = Math.min(lastProgress() + idleMs, deadline) - timers.now();
    if (wait <= 0) return { settled: false };
    const raced = await raceTimeout(timers, promise, wait);
    if (raced.settled) return raced;
  }
}
