/**
 * The writers' lock and concurrent resets/migrations: several stores on one directory (each with its own
 * gate and cache, as separate processes have), on the real file system and in virtual time.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSystemIdStore, nodeFileSystem, type SystemIdStoreOptions } from '../../src/system-id/index';
import { LOCK_STALE_MS, lockPathFor, withLock, type LockContext } from '../../src/system-id/lock';
import { fault, instrument, ManualTimers, MemoryFs, recordWarnings, tempDir } from './helpers';

const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});

const INITIAL = '0f8fad5b-d9cb-469f-a165-70867728950e';

function sharedDirectory(extra: Partial<SystemIdStoreOptions> = {}) {
  const root = tempDir();
  dirs.push(root);
  const directory = join(root.path, 'config');
  const file = join(directory, 'system-id.json');
  const store = (more: Partial<SystemIdStoreOptions> = {}) =>
    createSystemIdStore({ env: { UNIFIED_ID_CONFIG_DIR: directory }, warn: () => undefined, ...extra, ...more });
  const stored = () => JSON.parse(readFileSync(file, 'utf8')) as { id: string; history: { oldId: string | null; newId: string; reason: string }[] };
  return { directory, file, store, stored };
}

describe('concurrent resets from separate stores', () => {
  it('serialize: every reset lands in the history, chained, and the last one is stored', async () => {
    const t = sharedDirectory();
    mkdirSync(t.directory, { mode: 0o700 });
    writeFileSync(t.file, JSON.stringify({ id: INITIAL }));
    const changes = await Promise.all(Array.from({ length: 8 }, () => t.store().resetSystemId({ confirm: true })));
    const { id, history } = t.stored();
    expect(history.map((e) => e.reason)).toEqual(Array(8).fill('reset'));
    expect(history[0]?.oldId).toBe(INITIAL);
    for (let i = 1; i < history.length; i++) expect(history[i]?.oldId).toBe(history[i - 1]?.newId);
    expect(history.at(-1)?.newId).toBe(id);
    // Each reset reports the ID it replaced and the one it wrote, exactly as the chain has them.
    const chain = history.map((e) => `${e.oldId} -> ${e.newId}`).sort();
    expect(changes.map((c) => `${c.oldId} -> ${c.newId}`).sort()).toEqual(chain);
    expect(readdirSync(t.directory)).toEqual(['system-id.json']);
  });

  it('a reset racing a first get on an empty directory never overwrites the ID the get created', async () => {
    const t = sharedDirectory();
    const [got, change] = await Promise.all([t.store().getSystemId(), t.store().resetSystemId({ confirm: true })]);
    const { id, history } = t.stored();
    expect(id).toBe(change.newId);
    if (change.oldId === null) {
      // The reset created the file first: the get adopted the reset's ID.
      expect(got).toBe(change.newId);
    } else {
      expect(change.oldId).toBe(got);
    }
    expect(history).toEqual([expect.objectContaining({ reason: 'reset', oldId: change.oldId, newId: change.newId })]);
  });

  it('migrations are compare-and-swaps under the lock: of two with the same old ID, one wins', async () => {
    const t = sharedDirectory();
    const current = await t.store().getSystemId();
    const targets = ['7c9e6679-7425-40de-944b-e07fc1f90ae7', '16fd2706-8baf-433b-82eb-8c7fada847da'];
    const results = await Promise.allSettled(targets.map((target) => t.store().migrateSystemId(current, target)));
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.reason).toMatchObject({ code: 'ID_MISMATCH' });
    expect(t.stored().history).toHaveLength(1);
  });

  it('releases the lock when the change is refused', async () => {
    const t = sharedDirectory();
    await t.store().getSystemId();
    await expect(t.store().migrateSystemId(INITIAL, INITIAL)).rejects.toMatchObject({ code: 'ID_MISMATCH' });
    expect(readdirSync(t.directory)).toEqual(['system-id.json']);
  });

  it('a reset over an unreadable file quarantines it and records both changes', async () => {
    const t = sharedDirectory();
    mkdirSync(t.directory, { mode: 0o700 });
    writeFileSync(t.file, '{broken');
    const { oldId, newId } = await t.store().resetSystemId({ confirm: true });
    expect(oldId).toBeNull();
    const quarantined = readdirSync(t.directory).filter((name) => name.includes('.corrupt-'));
    expect(quarantined).toHaveLength(1);
    expect(t.stored().history).toEqual([
      expect.objectContaining({ reason: 'corrupt', oldId: null, newId, quarantinedTo: join(t.directory, quarantined[0] ?? '') }),
      expect.objectContaining({ reason: 'reset', oldId: null, newId }),
    ]);
  });
});

describe('stale locks', () => {
  function lockFixture(holder: { pid: number; hostname: string }, mtimeMs = 0) {
    const timers = new ManualTimers();
    const memory = new MemoryFs();
    let wall = 100_000;
    memory.wallNow = () => wall;
    memory.directories.add('/d');
    memory.files.set(lockPathFor('/d/system-id.json'), { content: JSON.stringify(holder), ino: 500, mtimeMs });
    const { fs, count, calls } = instrument(memory, {}, () => timers.now());
    const context: LockContext = {
      fs,
      timers,
      wallNow: () => wall,
      pid: 42,
      hostname: 'here',
      isProcessAlive: (pid) => pid === 7,
    };
    const run = (waitMs: number) => withLock(context, '/d/system-id.json', waitMs, async () => 'done');
    return { timers, memory, run, count, calls, advanceWall: (ms: number) => (wall += ms) };
  }

  it('breaks at once a lock whose holder no longer runs on this host', async () => {
    const t = lockFixture({ pid: 8, hostname: 'here' }, 100_000);
    await expect(t.run(1_000)).resolves.toBe('done');
    expect([...t.memory.files.keys()]).toEqual([]);
  });

  it('waits for a live holder, then fails with LOCKED at the bound', async () => {
    const t = lockFixture({ pid: 7, hostname: 'here' }, 100_000);
    let outcome: unknown = 'pending';
    void t.run(1_000).then(
      (value) => (outcome = value),
      (error: unknown) => (outcome = error),
    );
    await t.timers.advance(990);
    expect(outcome).toBe('pending');
    await t.timers.advance(20);
    expect(outcome).toMatchObject({ code: 'LOCKED' });
    expect(t.memory.files.get(lockPathFor('/d/system-id.json'))?.ino).toBe(500);
  });

  it('does not judge a holder on another host by its process ID, only by age', async () => {
    const young = lockFixture({ pid: 8, hostname: 'elsewhere' }, 100_000 - LOCK_STALE_MS);
    await expect(young.run(0)).rejects.toMatchObject({ code: 'LOCKED' });
    const old = lockFixture({ pid: 8, hostname: 'elsewhere' }, 100_000 - LOCK_STALE_MS - 1);
    await expect(old.run(0)).resolves.toBe('done');
  });

  it('breaks an unreadable lock only once it is old', async () => {
    const t = lockFixture({ pid: 8, hostname: 'here' }, 100_000);
    t.memory.files.set(lockPathFor('/d/system-id.json'), { content: '', ino: 500, mtimeMs: 100_000 });
    await expect(t.run(0)).rejects.toMatchObject({ code: 'LOCKED' });
    t.advanceWall(LOCK_STALE_MS + 1);
    await expect(t.run(0)).resolves.toBe('done');
  });

  it('takes a lock that disappears while it looks at it, and leaves a lock that is not its own', async () => {
    const t = lockFixture({ pid: 7, hostname: 'here' }, 100_000);
    const lock = lockPathFor('/d/system-id.json');
    t.memory.files.delete(lock);
    const context = { fs: t.memory, timers: t.timers, wallNow: () => 0, pid: 42, hostname: 'here', isProcessAlive: () => true };
    await withLock(context, '/d/system-id.json', 0, async () => {
      // Someone broke our lock and took it: releasing must not remove theirs.
      t.memory.files.set(lock, { content: '{}', ino: 900, mtimeMs: 0 });
    });
    expect(t.memory.files.get(lock)?.ino).toBe(900);
  });

  it('a lock it cannot create (read-only directory) fails the reset with that fault', async () => {
    const root = tempDir();
    dirs.push(root);
    const directory = join(root.path, 'config');
    const { fs } = instrument(nodeFileSystem, { writeNewFile: (call) => (call.path.endsWith('.lock') ? Promise.reject(fault('EROFS')) : undefined) });
    const recorded = recordWarnings();
    const store = createSystemIdStore({ env: { UNIFIED_ID_CONFIG_DIR: directory }, fs, warn: recorded.warn });
    await expect(store.resetSystemId({ confirm: true })).rejects.toMatchObject({ code: 'PERSIST_FAILED', faultCode: 'EROFS' });
  });
});

describe('lock contents and release', () => {
  function held(content: string, mtimeMs: number) {
    const memory = new MemoryFs();
    memory.directories.add('/d');
    memory.files.set(lockPathFor('/d/system-id.json'), { content, ino: 500, mtimeMs });
    const context: LockContext = { fs: memory, timers: new ManualTimers(), wallNow: () => 100_000, pid: 42, hostname: 'here', isProcessAlive: () => false };
    return { memory, run: () => withLock(context, '/d/system-id.json', 0, async () => 'done') };
  }

  it('a lock that does not name a process on this host is judged by age only', async () => {
    for (const content of ['null', '5', '"x"', '{"pid":"8","hostname":"here"}', '{"pid":8}', '{"pid":8.5,"hostname":"here"}', '{"hostname":"here"}']) {
      await expect(held(content, 100_000).run(), content).rejects.toMatchObject({ code: 'LOCKED', message: 'LOCKED: /d/system-id.json.lock is held by another process' });
      await expect(held(content, 100_000 - LOCK_STALE_MS - 1).run(), content).resolves.toBe('done');
    }
    await expect(held('{"pid":8,"hostname":"here"}', 100_000).run()).resolves.toBe('done');
  });

  it('writes its process, host and time into the lock', async () => {
    const memory = new MemoryFs();
    memory.directories.add('/d');
    let seen = '';
    const context: LockContext = { fs: memory, timers: new ManualTimers(), wallNow: () => Date.UTC(2026, 0, 1), pid: 42, hostname: 'here', isProcessAlive: () => true };
    await withLock(context, '/d/system-id.json', 0, async () => {
      seen = memory.files.get(lockPathFor('/d/system-id.json'))?.content ?? '';
    });
    expect(seen).toBe('{"pid":42,"hostname":"here","at":"2026-01-01T00:00:00.000Z"}\n');
    expect(memory.files.size).toBe(0);
  });

  it('release leaves a lock on another device, and copes with a lock already gone', async () => {
    const memory = new MemoryFs();
    memory.directories.add('/d');
    const lock = lockPathFor('/d/system-id.json');
    const otherDevice = { ...instrument(memory).fs, stat: async (path: string) => ({ ...(await memory.stat(path)), dev: path === lock && memory.files.get(lock)?.ino === 777 ? 2 : 1 }) };
    const context: LockContext = { fs: otherDevice, timers: new ManualTimers(), wallNow: () => 0, pid: 42, hostname: 'here', isProcessAlive: () => true };
    await withLock(context, '/d/system-id.json', 0, async () => {
      const mine = memory.files.get(lock);
      if (mine !== undefined) memory.files.set(lock, { ...mine, ino: 777 });
    });
    expect(memory.files.get(lock)?.ino).toBe(777);
    memory.files.delete(lock);
    await expect(withLock({ ...context, fs: memory }, '/d/system-id.json', 0, async () => memory.files.delete(lock))).resolves.toBe(true);
  });

  it('a lock that vanishes while being read is taken at once', async () => {
    const memory = new MemoryFs();
    memory.directories.add('/d');
    const lock = lockPathFor('/d/system-id.json');
    memory.files.set(lock, { content: '{}', ino: 5, mtimeMs: 100_000 });
    const vanishing = instrument(memory, { readRegularFile: () => { memory.files.delete(lock); throw fault('ENOENT'); } });
    const context: LockContext = { fs: vanishing.fs, timers: new ManualTimers(), wallNow: () => 100_000, pid: 42, hostname: 'here', isProcessAlive: () => true };
    await expect(withLock(context, '/d/system-id.json', 0, async () => 'done')).resolves.toBe('done');
    const failing = instrument(memory, { readRegularFile: () => { throw fault('EIO'); } });
    memory.files.set(lock, { content: '{}', ino: 6, mtimeMs: 100_000 });
    await expect(withLock({ ...context, fs: failing.fs }, '/d/system-id.json', 0, async () => 'done')).rejects.toMatchObject({ code: 'EIO' });
  });
});
