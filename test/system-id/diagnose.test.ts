/**
 * diagnoseSystemId in virtual time with an in-memory file system: every field, every skipped or failed step.
 */
import { describe, expect, it } from 'vitest';
import { createSystemIdStore, type SystemIdStoreOptions } from '../../src/system-id/index';
import { sleep } from '../../src/system-id/timers';
import { fault, hang, instrument, ManualTimers, MemoryFs, type FsHook, type FsOperation } from './helpers';

const DIR = '/cfg/unified-id';
const FILE = `${DIR}/system-id.json`;
const ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

function setup(hooks: (timers: ManualTimers) => Partial<Record<FsOperation, FsHook>> = () => ({}), extra: Partial<SystemIdStoreOptions> = {}) {
  const timers = new ManualTimers();
  const memory = new MemoryFs();
  const instrumented = instrument(memory, hooks(timers), () => timers.now());
  const store = createSystemIdStore({
    env: { UNIFIED_ID_CONFIG_DIR: DIR },
    fs: instrumented.fs,
    timers,
    pid: 4242,
    wallNow: () => Date.UTC(2026, 0, 1),
    warn: () => undefined,
    ...extra,
  });
  const diagnose = async (advance = 0) => {
    const pending = store.diagnoseSystemId();
    await timers.advance(advance);
    return pending;
  };
  return { timers, memory, store, diagnose, ...instrumented };
}

describe('diagnoseSystemId', () => {
  it('times each probe step with the store clock and removes the probe', async () => {
    const t = setup((timers) => ({
      writeNewFile: () => sleep(timers, 300),
      readRegularFile: (call) => (call.path.includes('probe') ? sleep(timers, 20) : undefined),
      unlink: () => sleep(timers, 5),
    }));
    const d = await t.diagnose(1_000);
    expect(d).toEqual({
      path: FILE,
      directory: DIR,
      directoryOrigin: 'env',
      pathError: null,
      telemetryDisabled: false,
      envOverride: 'none',
      session: null,
      stored: { state: 'missing', id: null, detail: null },
      lastErrorCode: null,
      probe: {
        skipped: null,
        write: { ok: true, ms: 300, code: null },
        read: { ok: true, ms: 20, code: null },
        remove: { ok: true, ms: 5, code: null },
      },
      durationMs: 325,
    });
    const probe = t.calls.find((c) => c.op === 'writeNewFile')?.path ?? '';
    expect(probe).toMatch(/^\/cfg\/unified-id\/\.system-id-probe-4242-[0-9a-f]{8}$/);
    expect([...t.memory.files.keys()]).toEqual([]);
  });

  it('writes the probe as "probe <time>" and checks it reads back the same', async () => {
    const memory = new MemoryFs();
    const plain = instrument(memory).fs;
    let written = '';
    const options = { env: { UNIFIED_ID_CONFIG_DIR: DIR }, wallNow: () => Date.UTC(2026, 0, 1), warn: () => undefined };
    const recording = createSystemIdStore({
      ...options,
      fs: { ...plain, writeNewFile: async (path, content) => { written = content; await memory.writeNewFile(path, content); } },
    });
    expect((await recording.diagnoseSystemId()).probe.read.ok).toBe(true);
    expect(written).toBe('probe 2026-01-01T00:00:00.000Z\n');
    const corrupting = createSystemIdStore({
      ...options,
      fs: { ...plain, readRegularFile: async (path, max) => ({ ...(await memory.readRegularFile(path, max)), content: 'other' }) },
    });
    const d = await corrupting.diagnoseSystemId();
    expect(d.probe.read).toMatchObject({ ok: false, code: 'EIO' });
    expect(d.probe.remove.ok).toBe(true);
    expect([...memory.files.keys()]).toEqual([]);
  });

  it('a failed write skips read and remove', async () => {
    const t = setup(() => ({ writeNewFile: () => { throw fault('ENOSPC'); } }));
    const d = await t.diagnose();
    expect(d.probe).toEqual({
      skipped: null,
      write: { ok: false, ms: 0, code: 'ENOSPC' },
      read: { ok: false, ms: null, code: null },
      remove: { ok: false, ms: null, code: null },
    });
  });

  it('reports the stored state: valid with its ID, invalid with the reason', async () => {
    const t = setup();
    t.memory.directories.add('/cfg').add(DIR);
    t.memory.files.set(FILE, { content: JSON.stringify({ id: ID }), ino: 1, mtimeMs: 0 });
    expect((await t.diagnose()).stored).toEqual({ state: 'valid', id: ID, detail: null });
    t.memory.files.set(FILE, { content: '[]', ino: 2, mtimeMs: 0 });
    expect((await t.diagnose()).stored).toEqual({ state: 'invalid', id: null, detail: 'wrong-shape' });
    // Diagnosis only reads: the invalid file is still there.
    expect(t.memory.files.get(FILE)?.content).toBe('[]');
  });

  it('bounds each step: a hung read reports ETIMEDOUT, and the probe finds the gate busy', async () => {
    const t = setup(() => ({ stat: () => hang() }), { diagnoseTimeoutMs: 500 });
    const d = await t.diagnose(2_000);
    expect(d.stored).toEqual({ state: 'error', id: null, detail: 'ETIMEDOUT' });
    expect(d.probe.skipped).toBe('EBUSY_IN_FLIGHT');
    expect(d.durationMs).toBe(1_000);
  });

  it('a probe that hangs is reported as ETIMEDOUT', async () => {
    const t = setup(() => ({ writeNewFile: () => hang() }), { diagnoseTimeoutMs: 500 });
    const d = await t.diagnose(1_000);
    expect(d.stored.state).toBe('missing');
    expect(d.probe.skipped).toBe('ETIMEDOUT');
  });

  it('without a directory: the path error, and nothing read or probed', async () => {
    const t = setup(() => ({}), { env: { UNIFIED_ID_CONFIG_DIR: 'relative', UNIFIED_ID_SYSTEM_ID: 'not-a-uuid' } });
    const d = await t.diagnose();
    expect(d).toMatchObject({
      path: null,
      directory: null,
      directoryOrigin: null,
      pathError: 'RELATIVE_CONFIG_DIR',
      envOverride: 'invalid',
      stored: { state: 'skipped', id: null, detail: 'NO_DIRECTORY' },
      probe: { skipped: 'NO_DIRECTORY' },
    });
    expect(t.calls).toEqual([]);
  });

  it('shows the session and the last error once the ID is resolved, and the env override', async () => {
    const t = setup(() => ({ mkdir: () => { throw fault('EROFS'); } }));
    const pending = t.store.getSystemId();
    await t.timers.advance(0);
    const id = await pending;
    const d = await t.diagnose();
    expect(d.session).toMatchObject({ id, source: 'memory', persisted: false });
    expect(d.lastErrorCode).toBe('EROFS');
    const overridden = setup(() => ({}), { env: { UNIFIED_ID_CONFIG_DIR: DIR, UNIFIED_ID_SYSTEM_ID: ID } });
    expect((await overridden.diagnose()).envOverride).toBe('valid');
  });
});
