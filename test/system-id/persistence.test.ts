/**
 * Slow, flaky and hung file systems, in virtual time: an in-memory file system whose calls are delayed or
 * stuck by hooks, and manual timers, so 20-second scenarios run in milliseconds.
 */
import { describe, expect, it } from 'vitest';
import { createSystemIdStore } from '../../src/system-id/index';
import { sleep } from '../../src/system-id/timers';
import { fault, hang, instrument, ManualTimers, MemoryFs, recordWarnings, UUID_V4, type FsHook, type FsOperation } from './helpers';

const DIR = '/cfg/unified-id';
const FILE = `${DIR}/system-id.json`;

function setup(hooks: (timers: ManualTimers) => Partial<Record<FsOperation, FsHook>>) {
  const timers = new ManualTimers();
  const memory = new MemoryFs();
  // maxInFlight: how many calls were inside the file system at once (the issue: never more than one).
  const { fs, calls, count, maxInFlight } = instrument(memory, hooks(timers), () => timers.now());
  const recorded = recordWarnings();
  const store = createSystemIdStore({ env: { UNIFIED_ID_CONFIG_DIR: DIR }, fs, timers, warn: recorded.warn });
  const storedId = (): string | undefined => {
    const file = memory.files.get(FILE);
    return file === undefined ? undefined : (JSON.parse(file.content) as { id: string }).id;
  };
  return { timers, memory, store, calls, count, storedId, maxInFlight, ...recorded };
}

/** Resolves the promise's value once virtual time has advanced enough; fails if it is still pending. */
async function after<T>(timers: ManualTimers, ms: number, promise: Promise<T>): Promise<T> {
  let done = false;
  void promise.then(() => (done = true), () => (done = true));
  await timers.advance(ms);
  expect(done).toBe(true);
  return promise;
}

describe('slow file system', () => {
  it('answers at the wait bound with an in-memory ID, then persists that same ID', async () => {
    const t = setup((timers) => ({
      stat: (call) => (call.path === FILE && call.at === 0 ? sleep(timers, 3_000) : undefined),
    }));
    const pending = t.store.getSystemId();
    await t.timers.advance(999);
    let answered = false;
    void pending.then(() => (answered = true));
    await t.timers.advance(0);
    expect(answered).toBe(false);
    const id = await after(t.timers, 1, pending);
    expect(id).toMatch(UUID_V4);
    expect(await t.store.getSystemIdInfo()).toMatchObject({ id, source: 'memory', persisted: false, lastErrorCode: 'ETIMEDOUT' });
    await t.timers.advance(2_000);
    expect(await t.store.getSystemIdInfo()).toMatchObject({ id, source: 'file', persisted: true, lastErrorCode: null });
    expect(t.storedId()).toBe(id);
    expect(t.warnings).toEqual([]);
  });

  it('caps an attempt at 5 s and retries after the abandoned call returns, keeping the ID', async () => {
    let slowWrites = 1;
    const t = setup((timers) => ({
      writeNewFile: () => (slowWrites-- > 0 ? sleep(timers, 6_000) : undefined),
    }));
    const id = await after(t.timers, 1_000, t.store.getSystemId());
    await t.timers.advance(5_000);
    // The first attempt timed out at 5 s but its write finished at 6 s and linked the file.
    await t.timers.advance(2_000);
    expect(t.storedId()).toBe(id);
    expect(await t.store.flushSystemId()).toMatchObject({ id, persisted: true, source: 'file' });
    expect(t.maxInFlight()).toBe(1);
  });
});

describe('transient faults', () => {
  it('retries with backoff 1 s, 2 s and persists the same ID', async () => {
    let failures = 2;
    const t = setup(() => ({
      writeNewFile: () => {
        if (failures-- > 0) throw fault('EBUSY');
      },
    }));
    const id = await after(t.timers, 0, t.store.getSystemId());
    expect(await t.store.getSystemIdInfo()).toMatchObject({ id, source: 'memory', lastErrorCode: 'EBUSY' });
    await t.timers.advance(3_000);
    const attemptsAt = t.calls.filter((c) => c.op === 'stat' && c.path === FILE).map((c) => c.at);
    expect(attemptsAt).toEqual([0, 1_000, 3_000]);
    expect(await t.store.getSystemIdInfo()).toMatchObject({ id, source: 'file', persisted: true });
    expect(t.storedId()).toBe(id);
    expect(t.warnings).toEqual([]);
  });

  it('gives up within the 20 s budget: 4 attempts, one warning, no timers left', async () => {
    const t = setup(() => ({ writeNewFile: () => { throw fault('EIO'); } }));
    const id = await after(t.timers, 0, t.store.getSystemId());
    await t.timers.advance(60_000);
    const attemptsAt = t.calls.filter((c) => c.op === 'stat' && c.path === FILE).map((c) => c.at);
    expect(attemptsAt).toEqual([0, 1_000, 3_000, 7_000]);
    expect(await t.store.flushSystemId()).toMatchObject({ id, source: 'memory', persisted: false, lastErrorCode: 'EIO' });
    expect(t.warnings).toHaveLength(1);
    expect(t.timers.pending).toBe(0);
    expect([...t.memory.files.keys()]).toEqual([]);
  });

  it('does not retry permanent faults', async () => {
    const t = setup(() => ({ mkdir: () => { throw fault('EROFS'); } }));
    await after(t.timers, 0, t.store.getSystemId());
    await t.timers.advance(60_000);
    expect(t.count('mkdir')).toBe(1);
    expect(t.calls.filter((c) => c.op === 'stat' && c.path === FILE)).toHaveLength(1);
    expect(t.timers.pending).toBe(0);
  });
});

describe('hung file system', () => {
  it('never starts another call while one is stuck, and stops within the budget', async () => {
    const t = setup(() => ({ stat: () => hang() }));
    const id = await after(t.timers, 1_000, t.store.getSystemId());
    const many = await after(t.timers, 0, Promise.all(Array.from({ length: 50 }, () => t.store.getSystemId())));
    expect(new Set([id, ...many]).size).toBe(1);
    await t.timers.advance(120_000);
    expect(t.calls).toHaveLength(1);
    expect(t.maxInFlight()).toBe(1);
    const info = await after(t.timers, 0, t.store.flushSystemId());
    expect(info).toMatchObject({ id, source: 'memory', persisted: false });
    expect(['ETIMEDOUT', 'EBUSY_IN_FLIGHT']).toContain(info.lastErrorCode);
    expect(t.warnings).toHaveLength(1);
    expect(t.timers.pending).toBe(0);
    // Nothing holds the process open once callers have their answers: it can exit on its own.
    expect(t.timers.held).toBe(0);
    // Diagnosis stays bounded and starts nothing either.
    const diagnosis = await after(t.timers, 10_000, t.store.diagnoseSystemId());
    expect(diagnosis.stored).toMatchObject({ state: 'error', detail: 'EBUSY_IN_FLIGHT' });
    expect(diagnosis.probe.skipped).toBe('EBUSY_IN_FLIGHT');
    expect(t.calls).toHaveLength(1);
  });

  it('resumes once the stuck call returns and persists the same ID', async () => {
    const t = setup((timers) => ({ stat: (call) => (call.at === 0 ? sleep(timers, 12_000) : undefined) }));
    const id = await after(t.timers, 1_000, t.store.getSystemId());
    await t.timers.advance(20_000);
    expect(t.maxInFlight()).toBe(1);
    expect(await t.store.getSystemIdInfo()).toMatchObject({ id, persisted: true });
    expect(t.storedId()).toBe(id);
  });

  it('keeps the handed-out ID when the late disk holds another one', async () => {
    const other = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
    const t = setup((timers) => ({ stat: (call) => (call.at === 0 ? sleep(timers, 3_000) : undefined) }));
    t.memory.directories.add('/cfg').add(DIR);
    t.memory.files.set(FILE, { content: JSON.stringify({ id: other }), ino: 99, mtimeMs: 0 });
    const id = await after(t.timers, 1_000, t.store.getSystemId());
    expect(id).not.toBe(other);
    await t.timers.advance(5_000);
    expect(await t.store.getSystemIdInfo()).toMatchObject({ id, source: 'memory', persisted: false, lastErrorCode: 'STORED_ID_DIFFERS' });
    expect(t.storedId()).toBe(other);
    expect(t.warnings.map((w) => w.cause)).toEqual(['STORED_ID_DIFFERS']);
  });
});
