/**
 * Bounded persistence attempts: each attempt capped (default 5 s), all attempts capped (default 20 s),
 * backoff between attempts (default 1 s, 2 s, 4 s) for transient faults only; permanent faults stop at once.
 */
import { isTransientFault } from './errors';
import type { FsGate, GateResult } from './fs-gate';
import { sleep, type SystemIdTimers } from './timers';

export interface RetryPolicy {
  readonly attemptTimeoutMs: number;
  readonly totalTimeoutMs: number;
  readonly backoffMs: readonly number[];
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attemptTimeoutMs: 5_000,
  totalTimeoutMs: 20_000,
  backoffMs: [1_000, 2_000, 4_000],
};

export type AttemptOutcome<T> =
  | { readonly ok: true; readonly value: T; readonly attempts: number }
  | { readonly ok: false; readonly code: string; readonly error: unknown; readonly attempts: number };

function toOutcome<T>(result: GateResult<T>, attempts: number): AttemptOutcome<T> {
  switch (result.status) {
    case 'ok':
      return { ok: true, value: result.value, attempts };
    case 'failed':
      return { ok: false, code: result.code, error: result.error, attempts };
    case 'timeout':
      return { ok: false, code: 'ETIMEDOUT', error: null, attempts };
    case 'busy':
      return { ok: false, code: 'EBUSY_IN_FLIGHT', error: null, attempts };
  }
}

/**
 * Runs `attempt` through the gate until it succeeds, fails permanently or the budget runs out.
 * `onAttempt` sees every outcome as it happens (the first one decides what `getSystemId` returns).
 */
export async function runWithRetries<T>(
  gate: FsGate,
  timers: SystemIdTimers,
  policy: RetryPolicy,
  attempt: () => Promise<T>,
  onAttempt: (outcome: AttemptOutcome<T>) => void,
): Promise<AttemptOutcome<T>> {
  const deadline = timers.now() + policy.totalTimeoutMs;
  for (let attempts = 1; ; attempts++) {
    const remaining = deadline - timers.now();
    const outcome = toOutcome(await gate.run(attempt, Math.min(policy.attemptTimeoutMs, remaining)), attempts);
    onAttempt(outcome);
    if (outcome.ok || !isTransientFault(outcome.code)) return outcome;
    const backoff = policy.backoffMs[attempts - 1];
    if (backoff === undefined || timers.now() + backoff >= deadline) return outcome;
    await sleep(timers, backoff);
  }
}
