/**
 * The store's options, warnings and the bookkeeping between its first resolution, background persistence and
 * explicit changes, in virtual time with an in-memory file system.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSystemIdStore, type SystemIdStoreOptions } from '../../src/system-id/index';
import { sleep } from '../../src/system-id/timers';
import { fault, instrument, ManualTimers, MemoryFs, recordWarnings, type FsHook, type FsOperation } from './helpers';

const DIR = '/cfg/unified-id';
const FILE = `${DIR}/system-id.json`;
const IDS = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333'];

afterEach(() => {
  vi.restoreAllMocks();
});

function setup(hooks: (timers: ManualTimers) => Partial<Record<FsOperation, FsHook>> = () => ({}), extra: Partial<SystemIdStoreOptions> = {}) {
  const timers = new ManualTimers();
  const memory = new MemoryFs();
  const instrumented = instrument(memory, hooks(timers), () => timers.now());
  const recorded = recordWarnings();
  let next = 0;
  const store = createSystemIdStore({
    env: { UNIFIED_ID_CONFIG_DIR: DIR },
    fs: instrumented.fs,
    timers,
    randomId: () => IDS[next++] ?? 'exhausted',
    wallNow: () => Date.UTC(2026, 0, 1),
    warn: recorded.warn,
    ...extra,
  });
  const settled = async <T>(promise: Promise<T>, ms = 0): Promise<T> => {
    await timers.advance(ms);
    return promise;
  };
  return { timers, memory, store, settled, ...instrumented, ...recorded };
}

describe('options', () => {
  it('randomId mints the stored ID and generateSystemId; wallNow stamps createdAt', async () => {
    const t = setup();
    expect(await t.settled(t.store.getSystemId())).toBe(IDS[0]);
    expect(await t.store.getSystemIdInfo()).toMatchObject({ createdAt: '2026-01-01T00:00:00.000Z', path: FILE });
    expect(t.store.generateSystemId()).toBe(IDS[1]);
    expect(await t.store.getSystemId()).toBe(IDS[0]);
  });

  it('pid names the temp files', async () => {
    const t = setup(() => ({}), { pid: 31337 });
    await t.settled(t.store.getSystemId());
    expect(t.calls.find((c) => c.op === 'writeNewFile')?.path).toMatch(/^\/cfg\/unified-id\/system-id\.json\.31337\.[0-9a-f]{8}\.tmp$/);
  });

  it('platform and accountHome choose the default directory', async () => {
    const t = setup(() => ({}), { env: { HOME: '' }, platform: 'darwin', accountHome: () => '/Users/me' });
    await t.settled(t.store.getSystemId());
    expect((await t.store.getSystemIdInfo()).path).toBe('/Users/me/Library/Application Support/unified-id/system-id.json');
  });

  it('getSystemId({ maxWaitMs }) sets the wait of the call that starts the resolution', async () => {
    const t = setup((timers) => ({ stat: (call) => (call.at === 0 ? sleep(timers, 1_000) : undefined) }));
    let answeredAt: number | null = null;
    void t.store.getSystemId({ maxWaitMs: 200 }).then(() => (answeredAt = t.timers.now()));
    await t.timers.advance(500);
    expect(answeredAt).toBe(200);
  });

  it('retry overrides only the fields it names', async () => {
    const t = setup(() => ({ writeNewFile: () => { throw fault('EIO'); } }), { retry: { backoffMs: [10] } });
    await t.settled(t.store.getSystemId(), 1_000);
    expect(t.calls.filter((c) => c.op === 'stat' && c.path === FILE).map((c) => c.at)).toEqual([0, 10]);
  });

  it('by default warnings go to process.emitWarning as UnifiedIdWarning with their code', async () => {
    const emitted = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const store = createSystemIdStore({ env: { UNIFIED_ID_CONFIG_DIR: 'relative' } });
    await store.getSystemId();
    expect(emitted).toHaveBeenCalledTimes(1);
    expect(emitted.mock.calls[0]?.[0]).toMatch(/^unified-id: UNIFIED_ID_CONFIG_DIR must be an absolute path/);
    expect(emitted.mock.calls[0]?.[1]).toEqual({ type: 'UnifiedIdWarning', code: 'SYSTEM_ID_NO_DIRECTORY' });
  });
});

describe('warnings', () => {
  it('not persisted: names the path, the fault and both ways out, once', async () => {
    const t = setup(() => ({ mkdir: () => { throw fault('EROFS'); } }));
    await t.settled(t.store.flushSystemId());
    expect(t.warnings).toEqual([
      {
        code: 'SYSTEM_ID_NOT_PERSISTED',
        cause: 'EROFS',
        message:
          `unified-id: could not store the system ID at ${FILE} (EROFS); this process uses an in-memory ID that will not ` +
          'survive a restart. Make the directory writable, or set UNIFIED_ID_CONFIG_DIR to a writable directory or ' +
          'UNIFIED_ID_SYSTEM_ID to a fixed UUID.',
      },
    ]);
    await expect(t.store.resetSystemId({ confirm: true })).rejects.toMatchObject({ faultCode: 'EROFS' });
    expect(t.warnings).toHaveLength(1);
  });

  it('quarantine: says where the file went and whether the ID was created or adopted', async () => {
    const t = setup();
    t.memory.directories.add('/cfg').add(DIR);
    t.memory.files.set(FILE, { content: '{broken', ino: 1, mtimeMs: 0 });
    await t.settled(t.store.flushSystemId());
    expect(t.warnings).toHaveLength(1);
    expect(t.warnings[0]).toMatchObject({ code: 'SYSTEM_ID_QUARANTINED', cause: 'corrupt' });
    expect(t.warnings[0]?.message).toMatch(
      new RegExp(`^unified-id: the system ID file ${FILE} was unreadable \\(corrupt\\); moved it to ${FILE}\\.corrupt-\\S+ and created the ID ${IDS[0]}\\.$`),
    );

    // Another process creates the new file right after our quarantine: we adopt its ID.
    const adopted = setup(() => ({
      link: (call) => {
        if (call.path.endsWith('.tmp') && !adopted.memory.files.has(FILE)) {
          adopted.memory.files.set(FILE, { content: JSON.stringify({ id: IDS[2] }), ino: 50, mtimeMs: 0 });
        }
      },
    }));
    adopted.memory.directories.add('/cfg').add(DIR);
    adopted.memory.files.set(FILE, { content: '{broken', ino: 1, mtimeMs: 0 });
    expect(await adopted.settled(adopted.store.getSystemId())).toBe(IDS[2]);
    await adopted.settled(adopted.store.flushSystemId());
    expect(adopted.warnings[0]?.message).toContain(`and adopted the ID ${IDS[2]}.`);
  });

  it('an invalid override: names the variable and the value; a valid one warns nothing', async () => {
    const t = setup(() => ({}), { env: { UNIFIED_ID_CONFIG_DIR: DIR, UNIFIED_ID_SYSTEM_ID: ' laptop-7 ' } });
    await t.settled(t.store.getSystemId());
    expect(t.warnings).toEqual([
      { code: 'SYSTEM_ID_INVALID_ENV', cause: 'INVALID_ENV_ID', message: 'unified-id: UNIFIED_ID_SYSTEM_ID is not a UUID ("laptop-7"); ignoring it.' },
    ]);
    expect(await t.store.getSystemIdInfo()).toMatchObject({ source: 'file', lastErrorCode: null });
  });

  it('no directory: the reason and the in-memory fallback', async () => {
    const t = setup(() => ({}), { env: { HOME: '' }, accountHome: () => undefined, platform: 'linux' });
    await t.settled(t.store.getSystemId());
    expect(t.warnings).toEqual([
      {
        code: 'SYSTEM_ID_NO_DIRECTORY',
        cause: 'NO_HOME_DIRECTORY',
        message: 'unified-id: no home directory to hold the system ID; set UNIFIED_ID_CONFIG_DIR; using an in-memory ID for this process.',
      },
    ]);
    expect(await t.store.getSystemIdInfo()).toMatchObject({ source: 'memory', path: null, lastErrorCode: 'NO_HOME_DIRECTORY' });
  });

  it('a late disk holding another ID: the message names both IDs', async () => {
    const t = setup((timers) => ({ stat: (call) => (call.at === 0 ? sleep(timers, 3_000) : undefined) }));
    t.memory.directories.add('/cfg').add(DIR);
    t.memory.files.set(FILE, { content: JSON.stringify({ id: IDS[2] }), ino: 9, mtimeMs: 0 });
    await t.settled(t.store.getSystemId(), 1_000);
    await t.timers.advance(5_000);
    expect(t.warnings[0]?.message).toBe(
      `unified-id: the disk answered too late: ${FILE} holds ${IDS[2]}, this process keeps its in-memory ID ${IDS[0]} until restart.`,
    );
  });
});

describe('changes during the first resolution', () => {
  it('a reset while the first attempt is still running wins; the late attempt changes nothing', async () => {
    const t = setup((timers) => ({ stat: (call) => (call.at === 0 && call.path === FILE ? sleep(timers, 3_000) : undefined) }));
    const first = await t.settled(t.store.getSystemId(), 1_000);
    expect(first).toBe(IDS[0]);
    const reset = t.store.resetSystemId({ confirm: true });
    await t.timers.advance(10_000);
    const { oldId, newId } = await reset;
    expect(newId).toBe(IDS[1]);
    expect(oldId).toBe(IDS[0]);
    const info = await t.settled(t.store.flushSystemId());
    expect(info).toMatchObject({ id: IDS[1], source: 'file', persisted: true, lastErrorCode: null });
    expect(t.warnings).toEqual([]);
  });

  it('flushSystemId waits for the latest background work', async () => {
    const t = setup((timers) => ({ writeNewFile: (call) => (call.at === 0 ? sleep(timers, 1_500) : undefined) }));
    let flushed: unknown = null;
    void t.store.flushSystemId().then((info) => (flushed = info));
    await t.timers.advance(1_200);
    expect(flushed).toBeNull();
    await t.timers.advance(1_000);
    expect(flushed).toMatchObject({ id: IDS[0], persisted: true });
  });

  it('telemetry disabled: info says so, and the in-memory ID names the path it would use', async () => {
    const t = setup(() => ({}), { env: { UNIFIED_ID_CONFIG_DIR: DIR, UNIFIED_ID_TELEMETRY_DISABLED: 'true' } });
    expect(await t.settled(t.store.getSystemIdInfo())).toMatchObject({ id: IDS[0], source: 'memory', path: FILE, telemetryDisabled: true, createdAt: '2026-01-01T00:00:00.000Z' });
    expect(t.calls).toEqual([]);
  });

  it('a migrate from this process\'s in-memory ID reports the stored one as replaced', async () => {
    const t = setup();
    const id = await t.settled(t.store.getSystemId());
    const target = IDS[2] ?? '';
    expect(await t.settled(t.store.migrateSystemId(id.toUpperCase(), target))).toEqual({ oldId: id, newId: target });
    await expect(t.store.migrateSystemId(id, 'nope')).rejects.toMatchObject({ code: 'INVALID_SYSTEM_ID', message: 'migrateSystemId: newId is not a UUID: "nope"' });
    await expect(t.store.migrateSystemId('nope', id)).rejects.toMatchObject({ code: 'INVALID_SYSTEM_ID', message: 'migrateSystemId: oldId is not a UUID: "nope"' });
  });
});

describe('explicit changes on a hung or refusing disk', () => {
  it('a reset stuck in the disk fails with ETIMEDOUT at the attempt bound; the next finds the disk busy', async () => {
    const t = setup(() => ({ rename: () => new Promise<void>(() => undefined) }));
    t.memory.directories.add('/cfg').add(DIR);
    t.memory.files.set(FILE, { content: JSON.stringify({ id: IDS[2] }), ino: 1, mtimeMs: 0 });
    const first = t.store.resetSystemId({ confirm: true });
    const firstResult = first.catch((error: unknown) => error);
    await t.timers.advance(5_000);
    expect(await firstResult).toMatchObject({ code: 'PERSIST_FAILED', faultCode: 'ETIMEDOUT', message: `could not write ${FILE} in time (ETIMEDOUT)` });
    const second = t.store.resetSystemId({ confirm: true }).catch((error: unknown) => error);
    await t.timers.advance(5_000);
    expect(await second).toMatchObject({ code: 'PERSIST_FAILED', faultCode: 'EBUSY_IN_FLIGHT', message: `could not write ${FILE} in time (EBUSY_IN_FLIGHT)` });
  });

  it('a failed write names the file and the fault; a mismatch names both IDs', async () => {
    const t = setup(() => ({ writeNewFile: (call) => (call.path.endsWith('.lock') ? undefined : Promise.reject(fault('ENOSPC'))) }));
    t.memory.directories.add('/cfg').add(DIR);
    t.memory.files.set(FILE, { content: JSON.stringify({ id: IDS[2] }), ino: 1, mtimeMs: 0 });
    const reset = t.store.resetSystemId({ confirm: true }).catch((error: unknown) => error);
    await t.timers.advance(0);
    expect(await reset).toMatchObject({ code: 'PERSIST_FAILED', faultCode: 'ENOSPC', message: `could not write ${FILE} (ENOSPC)` });
    const empty = setup();
    const migrate = empty.store.migrateSystemId(IDS[0] ?? '', IDS[1] ?? '').catch((error: unknown) => error);
    await empty.timers.advance(0);
    expect(await migrate).toMatchObject({ code: 'ID_MISMATCH', message: `the stored ID is absent, not ${IDS[0]}` });
  });

  it('refusals name the call and the reason', async () => {
    const override = setup(() => ({}), { env: { UNIFIED_ID_SYSTEM_ID: IDS[2] } });
    await expect(override.store.resetSystemId({ confirm: true })).rejects.toMatchObject({
      message: 'resetSystemId: UNIFIED_ID_SYSTEM_ID fixes the ID; change that variable instead',
    });
    const optedOut = setup(() => ({}), { env: { DO_NOT_TRACK: 'yes' } });
    await expect(optedOut.store.migrateSystemId(IDS[0] ?? '', IDS[1] ?? '')).rejects.toMatchObject({
      code: 'TELEMETRY_DISABLED',
      message: 'migrateSystemId: telemetry is disabled, so nothing is written to disk',
    });
    const nowhere = setup(() => ({}), { env: { UNIFIED_ID_CONFIG_DIR: 'rel' } });
    await expect(nowhere.store.resetSystemId({ confirm: true })).rejects.toMatchObject({
      code: 'NO_CONFIG_DIR',
      message: 'resetSystemId: UNIFIED_ID_CONFIG_DIR must be an absolute path, got "rel"',
    });
    await expect(nowhere.store.resetSystemId({ confirm: false } as unknown as { confirm: true })).rejects.toMatchObject({
      message: "resetSystemId changes this installation's ID: pass { confirm: true }",
    });
  });

  it('no sweep after a failed resolution', async () => {
    const t = setup(() => ({ mkdir: () => { throw fault('EROFS'); } }));
    await t.settled(t.store.flushSystemId());
    expect(t.count('readDirectory')).toBe(0);
  });
});
