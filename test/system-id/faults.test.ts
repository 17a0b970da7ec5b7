/**
 * Permanent faults reported at once, stale temp files of dead processes removed, and the first call's wait
 * adapting to a slow disk that keeps answering.
 */
import { mkdirSync, readdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSystemIdStore, nodeFileSystem } from '../../src/system-id/index';
import { STALE_TEMP_MS, sweepStaleTemps, tempFileOwner } from '../../src/system-id/sweep';
import { sleep } from '../../src/system-id/timers';
import { fault, instrument, ManualTimers, MemoryFs, recordWarnings, tempDir, type FsHook, type FsOperation } from './helpers';

const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});

function realDirectory() {
  const root = tempDir();
  dirs.push(root);
  const directory = join(root.path, 'config');
  mkdirSync(directory, { mode: 0o700 });
  return { directory, file: join(directory, 'system-id.json') };
}

describe('permanent faults are reported at once, without retries', () => {
  const cases: [string, (file: string) => void, string][] = [
    ['a dangling system-id.json symlink', (file) => symlinkSync(join(file, '..', 'nowhere.json'), file), 'DANGLING_SYMLINK'],
    ['a directory where the file should be', (file) => mkdirSync(file), 'EISDIR'],
  ];
  for (const [name, make, code] of cases) {
    it(`${name}: ${code} on the first attempt, one warning, the path untouched`, async () => {
      const { directory, file } = realDirectory();
      make(file);
      const timers = new ManualTimers();
      const { fs, calls } = instrument(nodeFileSystem, {}, () => timers.now());
      const recorded = recordWarnings();
      const store = createSystemIdStore({ env: { UNIFIED_ID_CONFIG_DIR: directory }, fs, timers, warn: recorded.warn });
      let id: string | null = null;
      void store.getSystemId().then((value) => (id = value));
      // Real I/O settles outside virtual time: wait for it without advancing the clock.
      for (let i = 0; i < 200 && id === null; i++) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(id).not.toBeNull();
      expect(timers.now()).toBe(0);
      const info = await store.getSystemIdInfo();
      expect(info).toMatchObject({ source: 'memory', persisted: false, lastErrorCode: code });
      await timers.advance(60_000);
      expect(calls.filter((c) => c.path === file && c.op === 'stat')).toHaveLength(1);
      expect(calls.filter((c) => c.op === 'writeNewFile' || c.op === 'link')).toEqual([]);
      expect(recorded.warnings.map((w) => w.cause)).toEqual([code]);
      expect(readdirSync(directory).sort()).toEqual(['system-id.json']);
    });
  }
});

describe('stale temp files', () => {
  const PID_DEAD = 4_000_001;
  const PID_ALIVE = 4_000_002;
  const alive = (pid: number) => pid === PID_ALIVE;

  it('names: only this module\'s temp and probe files, with the writer\'s process ID', () => {
    expect(tempFileOwner('system-id.json.123.0a1b2c3d.tmp')).toBe(123);
    expect(tempFileOwner('.system-id-probe-77-0a1b2c3d')).toBe(77);
    for (const name of [
      'system-id.json',
      'system-id.json.lock',
      'system-id.json.corrupt-2026-01-01T00-00-00-000Z-abcdef',
      'system-id.json.123.0a1b2c3.tmp',
      'system-id.json.123.0A1B2C3D.tmp',
      'system-id.json.123.0a1b2c3d.tmp.bak',
      'xsystem-id.json.123.0a1b2c3d.tmp',
      'systemXid.json.123.0a1b2c3d.tmp',
      'system-id.json.x.0a1b2c3d.tmp',
      '.system-id-probe-77-0a1b2c3d-x',
      'a.system-id-probe-77-0a1b2c3d',
      'notes.txt',
    ]) {
      expect(tempFileOwner(name), name).toBeNull();
    }
  });

  it('removes old temp files of processes that are gone, and nothing else', async () => {
    const { directory } = realDirectory();
    const old = (Date.now() - STALE_TEMP_MS - 60_000) / 1_000;
    const names = {
      deadOld: `system-id.json.${PID_DEAD}.00000001.tmp`,
      deadProbe: `.system-id-probe-${PID_DEAD}-00000002`,
      deadYoung: `system-id.json.${PID_DEAD}.00000003.tmp`,
      aliveOld: `system-id.json.${PID_ALIVE}.00000004.tmp`,
      quarantined: 'system-id.json.corrupt-2026-01-01T00-00-00-000Z-abcdef',
      foreign: 'notes.txt',
    };
    for (const name of Object.values(names)) writeFileSync(join(directory, name), 'x');
    for (const name of [names.deadOld, names.deadProbe, names.aliveOld, names.quarantined, names.foreign]) utimesSync(join(directory, name), old, old);
    mkdirSync(join(directory, `system-id.json.${PID_DEAD}.00000005.tmp`));
    const removed = await sweepStaleTemps({ fs: nodeFileSystem, wallNow: Date.now, isProcessAlive: alive }, directory);
    expect([...removed].sort()).toEqual([names.deadOld, names.deadProbe].sort());
    expect(readdirSync(directory).sort()).toEqual(
      [names.deadYoung, names.aliveOld, names.quarantined, names.foreign, `system-id.json.${PID_DEAD}.00000005.tmp`].sort(),
    );
  });

  it('a store sweeps after settling its ID (a process killed between link and unlink left its temp)', async () => {
    const memory = new MemoryFs();
    let wall = 1_000_000;
    memory.wallNow = () => wall;
    memory.directories.add('/cfg');
    memory.files.set('/cfg/system-id.json', { content: JSON.stringify({ id: '0f8fad5b-d9cb-469f-a165-70867728950e' }), ino: 1, mtimeMs: 0 });
    memory.files.set(`/cfg/system-id.json.${PID_DEAD}.0a0b0c0d.tmp`, { content: '{}', ino: 1, mtimeMs: 0 });
    const store = createSystemIdStore({ env: { UNIFIED_ID_CONFIG_DIR: '/cfg' }, fs: memory, wallNow: () => wall, isProcessAlive: alive });
    await store.flushSystemId();
    expect([...memory.files.keys()]).toEqual(['/cfg/system-id.json']);
    wall += 1;
  });

  it('a temp file exactly STALE_TEMP_MS old is stale; a millisecond younger is not', async () => {
    const memory = new MemoryFs();
    memory.directories.add('/cfg');
    memory.files.set(`/cfg/system-id.json.${PID_DEAD}.00000001.tmp`, { content: '', ino: 1, mtimeMs: 1 });
    memory.files.set(`/cfg/system-id.json.${PID_DEAD}.00000002.tmp`, { content: '', ino: 2, mtimeMs: 0 });
    const removed = await sweepStaleTemps({ fs: memory, wallNow: () => STALE_TEMP_MS, isProcessAlive: alive }, '/cfg');
    expect(removed).toEqual([`system-id.json.${PID_DEAD}.00000002.tmp`]);
  });

  it('stops at the first fault other than ENOENT, and survives an unreadable directory', async () => {
    const memory = new MemoryFs();
    memory.directories.add('/cfg');
    for (const n of [1, 2]) memory.files.set(`/cfg/system-id.json.${PID_DEAD}.0000000${n}.tmp`, { content: '', ino: n, mtimeMs: 0 });
    const failing = instrument(memory, { unlink: () => { throw fault('EROFS'); } });
    const context = { wallNow: () => STALE_TEMP_MS * 10, isProcessAlive: alive };
    expect(await sweepStaleTemps({ ...context, fs: failing.fs }, '/cfg')).toEqual([]);
    expect(failing.count('unlink')).toBe(1);
    const vanishing = instrument(memory, { lstat: () => { throw fault('ENOENT'); } });
    expect(await sweepStaleTemps({ ...context, fs: vanishing.fs }, '/cfg')).toEqual([]);
    expect(vanishing.count('lstat')).toBe(2);
    expect(await sweepStaleTemps({ ...context, fs: memory }, '/missing')).toEqual([]);
  });
});

describe('a slow disk that keeps answering', () => {
  function slowStore(hook: (timers: ManualTimers) => Partial<Record<FsOperation, FsHook>>) {
    const timers = new ManualTimers();
    const memory = new MemoryFs();
    const { fs } = instrument(memory, hook(timers), () => timers.now());
    const store = createSystemIdStore({ env: { UNIFIED_ID_CONFIG_DIR: '/cfg/unified-id' }, fs, timers, warn: () => undefined });
    return { timers, memory, store };
  }
  const everyCall = (ms: number) => (timers: ManualTimers) => {
    const slow: FsHook = () => sleep(timers, ms);
    return { stat: slow, lstat: slow, mkdir: slow, writeNewFile: slow, link: slow, unlink: slow, syncDirectory: slow, readRegularFile: slow };
  };

  it('is waited for past maxWaitMs while each call returns within it: the stored ID, no split', async () => {
    const t = slowStore(everyCall(400));
    let id: string | null = null;
    void t.store.getSystemId().then((value) => (id = value));
    await t.timers.advance(1_500);
    expect(id).toBeNull();
    await t.timers.advance(2_000);
    expect(id).not.toBeNull();
    expect(await t.store.getSystemIdInfo()).toMatchObject({ id, source: 'file', persisted: true });
  });

  it('is not waited for once one call takes longer than maxWaitMs', async () => {
    const t = slowStore(everyCall(1_200));
    let id: string | null = null;
    void t.store.getSystemId().then((value) => (id = value));
    await t.timers.advance(1_000);
    expect(id).not.toBeNull();
    expect(await t.store.getSystemIdInfo()).toMatchObject({ source: 'memory', lastErrorCode: 'ETIMEDOUT' });
  });

  it('is waited for at most the attempt bound (5 s) in total', async () => {
    const t = slowStore(everyCall(900));
    let answeredAt: number | null = null;
    void t.store.getSystemId().then(() => (answeredAt = t.timers.now()));
    await t.timers.advance(6_000);
    expect(answeredAt).toBe(5_000);
  });

});
