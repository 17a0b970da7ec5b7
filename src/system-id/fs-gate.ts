/**
 * One file-system operation sequence in flight per store. A call that times out is abandoned but still
 * occupies the gate until it really returns, so a hung file system can never pile up calls in Node's small
 * I/O thread pool (which would starve every other `fs` call in the process).
 */
import { faultCodeOf } from './errors';
import { raceTimeout, type SystemIdTimers } from './timers';

export type GateResult<T> =
  | { readonly status: 'ok'; readonly value: T }
  | { readonly status: 'failed'; readonly code: string; readonly error: unknown }
  /** The operation did not finish in time; it is still running and still holds the gate. */
  | { readonly status: 'timeout' }
  /** A previous operation was still running after waiting `timeoutMs`; nothing was started. */
  | { readonly status: 'busy' };

export class FsGate {
  private inFlight: Promise<void> | null = null;

  constructor(private readonly timers: SystemIdTimers) {}

  get busy(): boolean {
    return this.inFlight !== null;
  }

  /** Runs `operation` once the gate is free, waiting at most `timeoutMs` in total. Never rejects. */
  async run<T>(operation: () => Promise<T>, timeoutMs: number): Promise<GateResult<T>> {
    const started = this.timers.now();
    while (this.inFlight !== null) {
      const waited = await raceTimeout(this.timers, this.inFlight, timeoutMs - (this.timers.now() - started));
      if (!waited.settled) return { status: 'busy' };
    }
    const running = operation().then(
      (value): GateResult<T> => ({ status: 'ok', value }),
      (error: unknown): GateResult<T> => ({ status: 'failed', code: faultCodeOf(error), error }),
    );
    const occupied = running.then(() => {
      if (this.inFlight === occupied) this.inFlight = null;
    });
    this.inFlight = occupied;
    const raced = await raceTimeout(this.timers, running, timeoutMs - (this.timers.now() - started));
    return raced.settled ? raced.value : { status: 'timeout' };
  }
}
