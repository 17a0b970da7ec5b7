/**
 * The storage layer on its own (in memory): the quarantine's identity check, the young-empty-file re-reads,
 * exclusive creation, and two stores sharing one directory as two processes would.
 */
import { describe, expect, it } from 'vitest';
import { createExclusive, replaceAtomically, tempPathFor } from '../../src/system-id/atomic-write';
import { createSystemIdStore } from '../../src/system-id/index';
import { loadOrCreate } from '../../src/system-id/load-or-create';
import { moveAsideIfSame, quarantine, quarantinePathFor, readStored, type ReadContext } from '../../src/system-id/storage';
import { fault, instrument, ManualTimers, MemoryFs, recordWarnings } from './helpers';

const DIR = '/cfg';
const FILE = `${DIR}/system-id.json`;
const ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const OTHER = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const TRUST_ALL = { uid: null, trustAll: false };

function memory() {
  const fs = new MemoryFs();
  fs.directories.add(DIR);
  return fs;
}

describe('quarantine: the identity check', () => {
  it('moves the file it judged, keeping its bytes', async () => {
    const fs = memory();
    fs.files.set(FILE, { content: '{broken', ino: 7, mtimeMs: 0 });
    const identity = await fs.stat(FILE);
    const to = await quarantine(fs, FILE, identity, Date.UTC(2026, 0, 2, 3, 4, 5, 6));
    expect(to).toMatch(/^\/cfg\/system-id\.json\.corrupt-2026-01-02T03-04-05-006Z-[0-9a-f]{6}$/);
    expect(fs.files.get(to ?? '')?.content).toBe('{broken');
    expect(fs.files.has(FILE)).toBe(false);
  });

  it('leaves alone a file that is no longer the one judged (another inode), and a file that is gone', async () => {
    const fs = memory();
    fs.files.set(FILE, { content: '{broken', ino: 7, mtimeMs: 0 });
    const identity = await fs.stat(FILE);
    fs.files.set(FILE, { content: JSON.stringify({ id: ID }), ino: 8, mtimeMs: 0 });
    expect(await quarantine(fs, FILE, identity, 0)).toBeNull();
    expect(fs.files.get(FILE)?.ino).toBe(8);
    expect(await quarantine(fs, FILE, { ...identity, dev: 2, ino: 8 }, 0)).toBeNull();
    expect([...fs.files.keys()]).toEqual([FILE]);
    fs.files.delete(FILE);
    expect(await quarantine(fs, FILE, identity, 0)).toBeNull();
  });

  it('a rename that finds the file gone is no fault; any other rename fault is', async () => {
    const fs = memory();
    fs.files.set(FILE, { content: '{broken', ino: 7, mtimeMs: 0 });
    const identity = await fs.stat(FILE);
    const gone = instrument(fs, { rename: () => { throw fault('ENOENT'); } });
    expect(await moveAsideIfSame(gone.fs, FILE, identity, `${FILE}.aside`)).toBe(false);
    const failing = instrument(fs, { rename: () => { throw fault('EROFS'); } });
    await expect(moveAsideIfSame(failing.fs, FILE, identity, `${FILE}.aside`)).rejects.toMatchObject({ code: 'EROFS' });
    const statFails = instrument(fs, { stat: () => { throw fault('EIO'); } });
    await expect(moveAsideIfSame(statFails.fs, FILE, identity, `${FILE}.aside`)).rejects.toMatchObject({ code: 'EIO' });
  });

  it('puts back a newer file it moved by mistake, unless a still newer one took the name', async () => {
    const fs = memory();
    fs.files.set(FILE, { content: '{broken', ino: 7, mtimeMs: 0 });
    const identity = await fs.stat(FILE);
    // Between our stat and our rename, another process replaces the file with a good one.
    const swapping = instrument(fs, {
      rename: (call) => {
        if (call.path === FILE) fs.files.set(FILE, { content: JSON.stringify({ id: ID }), ino: 9, mtimeMs: 0 });
      },
    });
    expect(await moveAsideIfSame(swapping.fs, FILE, identity, `${FILE}.aside`)).toBe(false);
    expect(fs.files.get(FILE)?.ino).toBe(9);
    expect(fs.files.has(`${FILE}.aside`)).toBe(false);

    // Same, but yet another file appears before we can put ours back: both are kept.
    const crowded = instrument(fs, {
      rename: (call) => {
        if (call.path === FILE) fs.files.set(FILE, { content: JSON.stringify({ id: ID }), ino: 10, mtimeMs: 0 });
      },
      link: () => {
        fs.files.set(FILE, { content: JSON.stringify({ id: OTHER }), ino: 11, mtimeMs: 0 });
        throw fault('EEXIST');
      },
    });
    fs.files.set(FILE, { content: '{broken', ino: 7, mtimeMs: 0 });
    expect(await moveAsideIfSame(crowded.fs, FILE, identity, `${FILE}.aside`)).toBe(false);
    expect(fs.files.get(FILE)?.ino).toBe(11);
    expect(fs.files.get(`${FILE}.aside`)?.ino).toBe(10);
  });

  it('quarantine paths differ each time', () => {
    expect(quarantinePathFor(FILE, 0)).not.toBe(quarantinePathFor(FILE, 0));
    expect(tempPathFor(FILE, 12)).toMatch(/^\/cfg\/system-id\.json\.12\.[0-9a-f]{8}\.tmp$/);
  });
});

describe('readStored', () => {
  function reader(fs: MemoryFs, wall = 0) {
    const timers = new ManualTimers();
    const context: ReadContext = { fs, timers, wallNow: () => wall, trust: TRUST_ALL };
    return { timers, read: () => readStored(context, { directory: DIR, file: FILE }) };
  }

  it('re-reads a young empty file until it is filled', async () => {
    const fs = memory();
    fs.files.set(FILE, { content: '', ino: 1, mtimeMs: 0 });
    const t = reader(fs, 2_000);
    let result: unknown = null;
    void t.read().then((value) => (result = value));
    await t.timers.advance(40);
    expect(result).toBeNull();
    fs.files.set(FILE, { content: JSON.stringify({ id: ID }), ino: 1, mtimeMs: 0 });
    await t.timers.advance(20);
    expect(result).toMatchObject({ state: 'valid', record: { id: ID } });
  });

  it('gives a young empty file five re-reads 20 ms apart, then calls it empty', async () => {
    const fs = memory();
    fs.files.set(FILE, { content: '', ino: 1, mtimeMs: 0 });
    const counted = instrument(fs);
    const timers = new ManualTimers();
    let result: unknown = null;
    void readStored({ fs: counted.fs, timers, wallNow: () => 0, trust: TRUST_ALL }, { directory: DIR, file: FILE }).then((value) => (result = value));
    await timers.advance(99);
    expect(result).toBeNull();
    await timers.advance(1);
    expect(result).toMatchObject({ state: 'invalid', reason: 'empty' });
    expect(counted.count('readRegularFile')).toBe(6);
  });

  it('does not wait for an empty file older than 2 s', async () => {
    const fs = memory();
    fs.files.set(FILE, { content: '', ino: 1, mtimeMs: 0 });
    expect(await reader(fs, 2_001).read()).toMatchObject({ state: 'invalid', reason: 'empty' });
  });

  it('a file too large is judged from stat, without reading it', async () => {
    const fs = memory();
    fs.files.set(FILE, { content: 'x'.repeat(64 * 1024 + 1), ino: 1, mtimeMs: 0 });
    const counted = instrument(fs);
    const read = await readStored({ fs: counted.fs, timers: new ManualTimers(), wallNow: () => 0, trust: TRUST_ALL }, { directory: DIR, file: FILE });
    expect(read).toMatchObject({ state: 'invalid', reason: 'too-large' });
    expect(counted.count('readRegularFile')).toBe(0);
  });

  it('a file removed between stat and open reads as missing; other faults propagate', async () => {
    const fs = memory();
    fs.files.set(FILE, { content: JSON.stringify({ id: ID }), ino: 1, mtimeMs: 0 });
    const context = (hooks: Parameters<typeof instrument>[1]) => ({ fs: instrument(fs, hooks).fs, timers: new ManualTimers(), wallNow: () => 0, trust: TRUST_ALL });
    expect(await readStored(context({ readRegularFile: () => { throw fault('ENOENT'); } }), { directory: DIR, file: FILE })).toEqual({ state: 'missing' });
    await expect(readStored(context({ readRegularFile: () => { throw fault('EIO'); } }), { directory: DIR, file: FILE })).rejects.toMatchObject({ code: 'EIO' });
    await expect(readStored(context({ stat: () => { throw fault('EACCES'); } }), { directory: DIR, file: FILE })).rejects.toMatchObject({ code: 'EACCES' });
  });

  it('checks the owner of the file actually opened, not only the one stat saw', async () => {
    const fs = memory();
    fs.files.set(FILE, { content: JSON.stringify({ id: ID }), ino: 1, mtimeMs: 0 });
    const swapped = instrument(fs, {
      readRegularFile: () => {
        fs.files.set(FILE, { content: JSON.stringify({ id: OTHER }), ino: 2, mtimeMs: 0, uid: 2_000 });
      },
    });
    const context = { fs: swapped.fs, timers: new ManualTimers(), wallNow: () => 0, trust: { uid: 1_000, trustAll: false } };
    await expect(readStored(context, { directory: DIR, file: FILE })).rejects.toMatchObject({ code: 'UNTRUSTED_FILE' });
  });
});

describe('exclusive creation and replacement', () => {
  it('creates once; a second creation finds it there and leaves no temp file', async () => {
    const fs = memory();
    expect(await createExclusive(fs, FILE, DIR, 'first', 1)).toBe('created');
    expect(await createExclusive(fs, FILE, DIR, 'second', 1)).toBe('exists');
    expect([...fs.files.keys()]).toEqual([FILE]);
    expect(fs.files.get(FILE)?.content).toBe('first');
  });

  for (const code of ['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']) {
    it(`falls back to O_EXCL creation when link says ${code}`, async () => {
      const fs = memory();
      const noLinks = instrument(fs, { link: () => { throw fault(code); } });
      expect(await createExclusive(noLinks.fs, FILE, DIR, 'content', 1)).toBe('created');
      expect([...fs.files.keys()]).toEqual([FILE]);
      expect(await createExclusive(noLinks.fs, FILE, DIR, 'again', 1)).toBe('exists');
      expect(fs.files.get(FILE)?.content).toBe('content');
    });
  }

  it('other link faults propagate (after removing the temp file), and the fallback\'s own faults too', async () => {
    const fs = memory();
    const failing = instrument(fs, { link: () => { throw fault('EIO'); } });
    await expect(createExclusive(failing.fs, FILE, DIR, 'content', 1)).rejects.toMatchObject({ code: 'EIO' });
    expect([...fs.files.keys()]).toEqual([]);
    let writes = 0;
    const fallbackFails = instrument(fs, {
      link: () => { throw fault('EPERM'); },
      writeNewFile: () => {
        if (writes++ > 0) throw fault('ENOSPC');
      },
    });
    await expect(createExclusive(fallbackFails.fs, FILE, DIR, 'content', 1)).rejects.toMatchObject({ code: 'ENOSPC' });
  });

  it('syncs the directory after creating or replacing, and ignores a failing sync', async () => {
    const fs = memory();
    const synced = instrument(fs, { syncDirectory: () => { throw fault('EINVAL'); } });
    expect(await createExclusive(synced.fs, FILE, DIR, 'a', 1)).toBe('created');
    await replaceAtomically(synced.fs, FILE, DIR, 'b', 1);
    expect(synced.count('syncDirectory')).toBe(2);
    expect(fs.files.get(FILE)?.content).toBe('b');
    expect(await createExclusive(synced.fs, FILE, DIR, 'c', 1)).toBe('exists');
    expect(synced.count('syncDirectory')).toBe(2);
  });

  it('a failed replacement removes its temp file and keeps the old content', async () => {
    const fs = memory();
    fs.files.set(FILE, { content: 'old', ino: 1, mtimeMs: 0 });
    const failing = instrument(fs, { rename: () => { throw fault('EXDEV'); } });
    await expect(replaceAtomically(failing.fs, FILE, DIR, 'new', 1)).rejects.toMatchObject({ code: 'EXDEV' });
    expect([...fs.files.keys()]).toEqual([FILE]);
    expect(fs.files.get(FILE)?.content).toBe('old');
  });
});

describe('loadOrCreate', () => {
  const context = (fs: MemoryFs | ReturnType<typeof instrument>['fs']) => ({
    fs,
    timers: new ManualTimers(),
    wallNow: () => 0,
    trust: TRUST_ALL,
    pid: 1,
    paths: { directory: DIR, file: FILE, origin: 'env' as const },
  });

  it('gives up with UNSTABLE_FILE when the file keeps changing', async () => {
    const fs = memory();
    // Every creation loses, and every read finds nothing: a file that appears and vanishes.
    const flapping = instrument(fs, { link: () => { throw fault('EEXIST'); } });
    await expect(loadOrCreate(context(flapping.fs), { id: ID, createdAt: 'now' })).rejects.toMatchObject({ code: 'UNSTABLE_FILE' });
    expect(flapping.count('link')).toBe(4);
  });

  it('records the quarantine in the new file\'s history', async () => {
    const fs = memory();
    fs.files.set(FILE, { content: '{broken', ino: 1, mtimeMs: 0 });
    const loaded = await loadOrCreate(context(fs), { id: ID, createdAt: '2026-01-01T00:00:00.000Z' });
    expect(loaded).toMatchObject({ id: ID, created: true, quarantined: { reason: 'corrupt' } });
    expect(loaded.history).toEqual([{ at: new Date(0).toISOString(), reason: 'corrupt', oldId: null, newId: ID, quarantinedTo: loaded.quarantined?.to }]);
    expect(JSON.parse(fs.files.get(FILE)?.content ?? '')).toMatchObject({ id: ID, createdAt: '2026-01-01T00:00:00.000Z', history: loaded.history });
  });
});

describe('two stores on one directory (two processes)', () => {
  function twoStores() {
    const fs = memory();
    const options = { env: { UNIFIED_ID_CONFIG_DIR: DIR }, fs, warn: recordWarnings().warn };
    return { fs, a: createSystemIdStore(options), b: createSystemIdStore(options) };
  }

  it('agree on one ID when they start together', async () => {
    const t = twoStores();
    const [a, b] = await Promise.all([t.a.getSystemId(), t.b.getSystemId()]);
    expect(a).toBe(b);
    expect(await t.a.getSystemIdInfo()).toMatchObject({ source: 'file', persisted: true });
    expect(await t.b.getSystemIdInfo()).toMatchObject({ source: 'file', persisted: true });
  });

  it('history re-reads the file: a reset by the other store shows, while the cached ID stays', async () => {
    const t = twoStores();
    const first = await t.a.getSystemId();
    const { newId } = await t.b.resetSystemId({ confirm: true });
    expect(await t.a.systemIdHistory()).toEqual([expect.objectContaining({ reason: 'reset', oldId: first, newId })]);
    expect(await t.a.getSystemId()).toBe(first);
    // A's reset builds on what is stored now (B's ID), not on A's cached one.
    expect(await t.a.resetSystemId({ confirm: true })).toMatchObject({ oldId: newId });
    expect((await t.b.systemIdHistory()).map((e) => e.oldId)).toEqual([first, newId]);
  });

  it('history falls back to what the store knows when the file cannot be read', async () => {
    const fs = memory();
    let failing = false;
    const flaky = instrument(fs, { readRegularFile: () => { if (failing) throw fault('EIO'); } });
    const store = createSystemIdStore({ env: { UNIFIED_ID_CONFIG_DIR: DIR }, fs: flaky.fs, warn: () => undefined });
    await store.getSystemId();
    const { newId } = await store.resetSystemId({ confirm: true });
    failing = true;
    expect(await store.systemIdHistory()).toEqual([expect.objectContaining({ reason: 'reset', newId })]);
    fs.files.set(FILE, { content: '{broken', ino: 99, mtimeMs: 0 });
    failing = false;
    expect(await store.systemIdHistory()).toEqual([expect.objectContaining({ reason: 'reset', newId })]);
  });

  it('history of an env ID or an opted-out store reads nothing', async () => {
    const fs = memory();
    const counted = instrument(fs);
    for (const env of [{ UNIFIED_ID_SYSTEM_ID: ID }, { DO_NOT_TRACK: '1' }, { UNIFIED_ID_CONFIG_DIR: 'relative' }]) {
      const store = createSystemIdStore({ env: { UNIFIED_ID_CONFIG_DIR: DIR, ...env }, fs: counted.fs, warn: () => undefined });
      expect(await store.systemIdHistory()).toEqual([]);
    }
    expect(counted.calls).toEqual([]);
  });
});

describe('boundaries', () => {
  it('a file of exactly MAX_RECORD_BYTES is read; one byte more is too large', async () => {
    const record = JSON.stringify({ id: ID });
    const fs = memory();
    fs.files.set(FILE, { content: record + ' '.repeat(64 * 1024 - record.length), ino: 1, mtimeMs: 0 });
    const context = { fs, timers: new ManualTimers(), wallNow: () => 0, trust: TRUST_ALL };
    expect(await readStored(context, { directory: DIR, file: FILE })).toMatchObject({ state: 'valid', record: { id: ID } });
    fs.files.set(FILE, { content: record + ' '.repeat(64 * 1024 - record.length + 1), ino: 1, mtimeMs: 0 });
    expect(await readStored(context, { directory: DIR, file: FILE })).toMatchObject({ state: 'invalid', reason: 'too-large' });
  });

  it('an empty file exactly 2 s old still gets its re-reads; a missing file none', async () => {
    const fs = memory();
    fs.files.set(FILE, { content: '', ino: 1, mtimeMs: 1_000 });
    const counted = instrument(fs);
    const timers = new ManualTimers();
    const pending = readStored({ fs: counted.fs, timers, wallNow: () => 3_000, trust: TRUST_ALL }, { directory: DIR, file: FILE });
    await timers.advance(100);
    expect(await pending).toMatchObject({ state: 'invalid', reason: 'empty' });
    expect(counted.count('readRegularFile')).toBe(6);
    fs.files.delete(FILE);
    expect(await readStored({ fs: counted.fs, timers, wallNow: () => 3_000, trust: TRUST_ALL }, { directory: DIR, file: FILE })).toEqual({ state: 'missing' });
  });
});
