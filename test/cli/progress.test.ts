/** The progress line of `migrate`, on a fake clock: nothing within the first second, then phase, counts and time. */
import { describe, expect, it } from 'vitest';
import { PROGRESS_DELAY_MS, formatProgressLine, progressLine } from '../../codemod/engine/progress';
import type { ProgressTiming } from '../../codemod/engine/progress';
import { fakeIO } from './fake-io';

function fakeTiming() {
  let now = 0;
  let heartbeat: (() => void) | undefined;
  let stopped = false;
  const timing: ProgressTiming = {
    now: () => now,
    every: (_ms, tick) => {
      heartbeat = tick;
      return () => void (stopped = true);
    },
  };
  return {
    timing,
    advance: (ms: number) => {
      now += ms;
      heartbeat?.();
    },
    stopped: () => stopped,
  };
}

describe('progress line', () => {
  it('stays silent for a run shorter than the delay, then shows phase and counts, and erases itself', () => {
    const io = fakeIO();
    const clock = fakeTiming();
    const line = progressLine(io, 'unified-id-codemod migrate', clock.timing);
    line.phase('reading');
    line.update(1, 4);
    clock.advance(PROGRESS_DELAY_MS - 1);
    expect(io.stderrText()).toBe('');
    clock.advance(1);
    expect(io.stderrText()).toBe('\r\x1b[2Kunified-id-codemod migrate: reading 1/4 [#####...............] 25% 1.0 s');
    line.phase('rewriting');
    line.update(4, 4);
    clock.advance(500);
    expect(io.stderrText().endsWith('\r\x1b[2Kunified-id-codemod migrate: rewriting 4/4 [####################] 100% 1.5 s')).toBe(true);
    line.clear();
    expect(io.stderrText().endsWith('\r\x1b[2K')).toBe(true);
    expect(clock.stopped()).toBe(true);
    // Once cleared, the line stays away (the terminal may be asking questions now).
    const after = io.stderrText();
    line.phase('writing');
    line.update(4, 4);
    clock.advance(1000);
    expect(io.stderrText()).toBe(after);
  });

  it('redraws at most every 80 ms however often the run reports steps', () => {
    const io = fakeIO();
    const clock = fakeTiming();
    const line = progressLine(io, 'migrate', clock.timing);
    clock.advance(PROGRESS_DELAY_MS);
    const drawsBefore = io.err.length;
    for (let done = 1; done <= 100; done++) line.update(done, 100);
    expect(io.err.length).toBe(drawsBefore);
    clock.advance(80);
    expect(io.err.length).toBe(drawsBefore + 1);
  });

  it('a phase without counts yet (discovering files) shows the phase alone; a short run leaves nothing to erase', () => {
    expect(formatProgressLine('migrate', 'discovering', 0, 0, 2500)).toBe('migrate: discovering… 2.5 s');
    const io = fakeIO();
    const line = progressLine(io, 'migrate', fakeTiming().timing);
    line.update(10, 10);
    line.clear();
    expect(io.stderrText()).toBe('');
  });
});
