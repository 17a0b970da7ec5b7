/**
 * The retry policy in virtual time: which faults are retried, when, and the time budget; the gate and the
 * timer helpers it rests on; fault codes.
 */
import { describe, expect, it } from 'vitest';
import { faultCodeOf, fsFault, isTransientFault, SystemIdError } from '../../src/system-id/errors';
import { FsGate } from '../../src/system-id/fs-gate';
import { DEFAULT_RETRY_POLICY, runWithRetries, type AttemptOutcome, type RetryPolicy } from '../../src/system-id/retry';
import { raceProgress, raceTimeout, sleep, unrefTimers, whileAwaited } from '../../src/system-id/timers';
import { fault, hang, ManualTimers } from './helpers';

/** Every fault that may fix itself within seconds (the oracle: written out, not read from the code). */
const TRANSIENT = ['EAGAIN', 'EBUSY', 'EINTR', 'EIO', 'EMFILE', 'ENFILE', 'ESTALE', 'ETIMEDOUT', 'EBUSY_IN_FLIGHT', 'UNSTABLE_FILE'];
const PERMANENT = [
  'EROFS',
  'EACCES',
  'EPERM',
  'ENOTDIR',
  'EISDIR',
  'ENOSPC',
  'EDQUOT',
  'ENOENT',
  'NOT_REGULAR_FILE',
  'DANGLING_SYMLINK',
  'UNTRUSTED_FILE',
  'UNTRUSTED_DIRECTORY',
  'UNKNOWN',
  'eio',
];

async function retried(policy: RetryPolicy, attempt: (timers: ManualTimers) => Promise<unknown>, runFor = 120_000) {
  const timers = new ManualTimers();
  const attemptsAt: number[] = [];
  const seen: AttemptOutcome<unknown>[] = [];
  let final: AttemptOutcome<unknown> | null = null;
  let finishedAt: number | null = null;
  void runWithRetries(new FsGate(timers), timers, policy, () => {
    attemptsAt.push(timers.now());
    return attempt(timers);
  }, (outcome) => seen.push(outcome)).then((outcome) => {
    final = outcome;
    finishedAt = timers.now();
  });
  await timers.advance(runFor);
  return { attemptsAt, seen, final: final as AttemptOutcome<unknown> | null, finishedAt: finishedAt as number | null, pending: timers.pending };
}

describe('which faults are retried', () => {
  for (const code of TRANSIENT) {
    it(`${code}: retried after 1 s, 2 s and 4 s, then given up with that code`, async () => {
      expect(isTransientFault(code)).toBe(true);
      const run = await retried(DEFAULT_RETRY_POLICY, () => Promise.reject(fault(code)));
      expect(run.attemptsAt).toEqual([0, 1_000, 3_000, 7_000]);
      expect(run.final).toMatchObject({ ok: false, code, attempts: 4 });
      expect(run.seen.map((o) => o.attempts)).toEqual([1, 2, 3, 4]);
      expect(run.pending).toBe(0);
    });
  }

  for (const code of PERMANENT) {
    it(`${code}: not retried`, async () => {
      expect(isTransientFault(code)).toBe(false);
      const run = await retried(DEFAULT_RETRY_POLICY, () => Promise.reject(fault(code)));
      expect(run.attemptsAt).toEqual([0]);
      expect(run.final).toMatchObject({ ok: false, code, attempts: 1 });
    });
  }

  it('stops at the first success and reports its value', async () => {
    let failures = 2;
    const run = await retried(DEFAULT_RETRY_POLICY, async () => {
      if (failures-- > 0) throw fault('EIO');
      return 'stored';
    });
    expect(run.attemptsAt).toEqual([0, 1_000, 3_000]);
    expect(run.final).toEqual({ ok: true, value: 'stored', attempts: 3 });
    expect(run.seen.map((o) => o.ok)).toEqual([false, false, true]);
  });
});

describe('the time budget', () => {
  it('defaults: 5 s per attempt, 20 s in all, backoff 1 s, 2 s, 4 s', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({ attemptTimeoutMs: 5_000, totalTimeoutMs: 20_000, backoffMs: [1_000, 2_000, 4_000] });
  });

  it('no attempt starts once its backoff would reach the deadline', async () => {
    const policy = { attemptTimeoutMs: 5_000, totalTimeoutMs: 15_000, backoffMs: [1_000, 2_000, 4_000, 8_000] };
    const run = await retried(policy, () => Promise.reject(fault('EIO')));
    expect(run.attemptsAt).toEqual([0, 1_000, 3_000, 7_000]);
    const longer = await retried({ ...policy, totalTimeoutMs: 15_001 }, () => Promise.reject(fault('EIO')));
    expect(longer.attemptsAt).toEqual([0, 1_000, 3_000, 7_000, 15_000]);
  });

  it('a timed-out attempt counts as ETIMEDOUT and the last attempt gets only the time left', async () => {
    const policy = { attemptTimeoutMs: 5_000, totalTimeoutMs: 6_000, backoffMs: [1_000, 1_000] };
    const run = await retried(policy, (timers) => sleep(timers, 3_000).then(() => Promise.reject(fault('EIO'))));
    expect(run.attemptsAt).toEqual([0, 4_000]);
    expect(run.final).toMatchObject({ ok: false, code: 'ETIMEDOUT', attempts: 2 });
    expect(run.finishedAt).toBe(6_000);
  });

  it('an attempt stuck past its bound holds the gate: the next one reports EBUSY_IN_FLIGHT without starting', async () => {
    const policy = { attemptTimeoutMs: 1_000, totalTimeoutMs: 20_000, backoffMs: [500, 500] };
    const run = await retried(policy, () => hang());
    expect(run.attemptsAt).toEqual([0]);
    expect(run.seen.map((o) => (o.ok ? 'ok' : o.code))).toEqual(['ETIMEDOUT', 'EBUSY_IN_FLIGHT', 'EBUSY_IN_FLIGHT']);
    expect(run.finishedAt).toBe(1_000 + 500 + 1_000 + 500 + 1_000);
  });
});

describe('FsGate', () => {
  it('runs one operation at a time and says when it is busy', async () => {
    const timers = new ManualTimers();
    const gate = new FsGate(timers);
    expect(gate.busy).toBe(false);
    let release: () => void = () => undefined;
    const first = gate.run(() => new Promise<string>((resolve) => (release = () => resolve('first'))), 10_000);
    expect(gate.busy).toBe(true);
    let secondStarted = false;
    const second = gate.run(async () => {
      secondStarted = true;
      return 'second';
    }, 10_000);
    await timers.advance(100);
    expect(secondStarted).toBe(false);
    release();
    await timers.advance(0);
    expect(await first).toEqual({ status: 'ok', value: 'first' });
    expect(await second).toEqual({ status: 'ok', value: 'second' });
    expect(gate.busy).toBe(false);
  });

  it('a failure carries its fault code and the error', async () => {
    const gate = new FsGate(new ManualTimers());
    const error = fault('EIO');
    expect(await gate.run(() => Promise.reject(error), 1_000)).toEqual({ status: 'failed', code: 'EIO', error });
  });

  it('the wait for the gate and the operation share one timeout', async () => {
    const timers = new ManualTimers();
    const gate = new FsGate(timers);
    void gate.run(() => sleep(timers, 600), 10_000);
    let result: unknown = null;
    void gate.run(() => sleep(timers, 600), 1_000).then((value) => (result = value));
    await timers.advance(999);
    expect(result).toBeNull();
    await timers.advance(1);
    expect(result).toEqual({ status: 'timeout' });
  });
});

describe('timer helpers', () => {
  it('raceTimeout passes a rejection through and treats a negative wait as none', async () => {
    const timers = new ManualTimers();
    await expect(raceTimeout(timers, Promise.reject(fault('EIO')), 100)).rejects.toMatchObject({ code: 'EIO' });
    expect(timers.pending).toBe(0);
    let raced: unknown = null;
    void raceTimeout(timers, hang(), -5).then((value) => (raced = value));
    await timers.advance(0);
    expect(raced).toEqual({ settled: false });
  });

  it('raceProgress waits while progress continues, up to its cap', async () => {
    const timers = new ManualTimers();
    let last = 0;
    let raced: unknown = null;
    void raceProgress(timers, hang(), 100, 1_000, () => last).then((value) => (raced = value));
    await timers.advance(90);
    last = 90;
    await timers.advance(90);
    expect(raced).toBeNull();
    await timers.advance(10);
    expect(raced).toEqual({ settled: false });
    expect(timers.now()).toBe(190);
    const capped = raceProgress(timers, hang(), 100, 50, () => timers.now());
    await timers.advance(50);
    expect(await capped).toEqual({ settled: false });
    const settled = raceProgress(timers, Promise.resolve('v'), 100, 1_000, () => timers.now());
    expect(await settled).toEqual({ settled: true, value: 'v' });
  });

  it('whileAwaited holds the process open only while it runs, also when the action throws', async () => {
    const timers = new ManualTimers();
    await expect(whileAwaited(timers, async () => {
      expect(timers.held).toBe(1);
      throw fault('EIO');
    })).rejects.toMatchObject({ code: 'EIO' });
    expect(timers.held).toBe(0);
    expect(await whileAwaited(timers, async () => 'v')).toBe('v');
    expect(timers.held).toBe(0);
  });

  it('the default timers are unref\'d and monotonic, and keepAlive can be released', async () => {
    const fired: string[] = [];
    const handle = unrefTimers.setTimeout(() => fired.push('fired'), 0) as NodeJS.Timeout;
    expect(handle.hasRef()).toBe(false);
    const cancelled = unrefTimers.setTimeout(() => fired.push('cancelled'), 0);
    unrefTimers.clearTimeout(cancelled);
    const before = unrefTimers.now();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(unrefTimers.now()).toBeGreaterThan(before);
    expect(fired).toEqual(['fired']);
    const release = unrefTimers.keepAlive();
    expect(typeof release).toBe('function');
    release();
  });
});

describe('errors', () => {
  it('faultCodeOf reads a non-empty string code, else UNKNOWN', () => {
    expect(faultCodeOf(fault('EIO'))).toBe('EIO');
    for (const value of [null, undefined, 'EIO', 5, {}, { code: '' }, { code: 5 }, new Error('x')]) expect(faultCodeOf(value)).toBe('UNKNOWN');
  });

  it('fsFault and SystemIdError carry their codes', () => {
    const error = fsFault('NOT_REGULAR_FILE', '/x is a FIFO');
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: 'NOT_REGULAR_FILE', message: 'NOT_REGULAR_FILE: /x is a FIFO' });
    const plain = new SystemIdError('ID_MISMATCH', 'differs');
    expect(plain).toBeInstanceOf(Error);
    expect(plain).toMatchObject({ name: 'SystemIdError', code: 'ID_MISMATCH', faultCode: null, message: 'differs' });
    expect(new SystemIdError('PERSIST_FAILED', 'x', 'EROFS').faultCode).toBe('EROFS');
  });
});
