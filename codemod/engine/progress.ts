/**
 * The progress line of `migrate` on a terminal's stderr: nothing for a run that ends within about a second,
 * then the phase, the steps done of all and the time so far, redrawn at most ~12 times a second (and at least
 * every quarter second, so a long phase without steps still shows it is alive), erased when the run ends.
 */
import type { CliIO } from '../../src/cli/io';
import type { MigratePhase } from './options';

export interface Progress {
  phase(phase: MigratePhase): void;
  update(done: number, total: number): void;
  /** Erases the line; nothing is drawn after. */
  clear(): void;
}

/** The clock and the timer of the line (injected by tests, which never wait on real time). */
export interface ProgressTiming {
  readonly now: () => number;
  /** Calls `tick` every `ms` until the returned function is called; never keeps the process alive. */
  readonly every: (ms: number, tick: () => void) => () => void;
}

/** A run shorter than this shows no line at all. */
export const PROGRESS_DELAY_MS = 1000;
const MIN_REDRAW_MS = 80;
const HEARTBEAT_MS = 250;
const BAR_WIDTH = 20;

const realTiming: ProgressTiming = {
  now: () => performance.now(),
  every: (ms, tick) => {
    const timer = setInterval(tick, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};

/** `migrate: reading 1200/4000 [######..............] 30% 2.4 s` */
export function formatProgressLine(label: string, phase: MigratePhase, done: number, total: number, elapsedMs: number): string {
  const seconds = `${(elapsedMs / 1000).toFixed(1)} s`;
  if (total === 0) return `${label}: ${phase}… ${seconds}`;
  const ratio = Math.min(1, done / total);
  const filled = Math.round(ratio * BAR_WIDTH);
  return `${label}: ${phase} ${done}/${total} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${Math.round(ratio * 100)}% ${seconds}`;
}

export function progressLine(io: CliIO, label: string, timing: ProgressTiming = realTiming): Progress {
  const started = timing.now();
  let phase: MigratePhase = 'discovering';
  let done = 0;
  let total = 0;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let drawn = false;
  let cleared = false;
  const draw = (): void => {
    if (cleared) return;
    const now = timing.now();
    if (now - started < PROGRESS_DELAY_MS || now - lastDraw < MIN_REDRAW_MS) return;
    lastDraw = now;
    // \r and erase-line: the line is redrawn in place, and a shorter line leaves nothing of the longer one behind.
    io.stderr(`\r\x1b[2K${formatProgressLine(label, phase, done, total, now - started)}`);
    drawn = true;
  };
  const stopHeartbeat = timing.every(HEARTBEAT_MS, draw);
  return {
    phase(next) {
      phase = next;
      draw();
    },
    update(nextDone, nextTotal) {
      done = nextDone;
      total = nextTotal;
      draw();
    },
    clear() {
      // For good: the terminal may belong to something else now (the questions of --interactive).
      cleared = true;
      stopHeartbeat();
      if (drawn) io.stderr('\r\x1b[2K');
      drawn = false;
    },
  };
}

export const noProgress: Progress = { phase: () => undefined, update: () => undefined, clear: () => undefined };
