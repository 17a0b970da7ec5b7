/**
 * The store on the real file system (temp directories), with faults injected through the file-system layer
 * because root ignores permissions.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  clearSystemIdCache,
  createSystemIdStore,
  getSystemId,
  getSystemIdInfo,
  nodeFileSystem,
  resetSystemId,
  SystemIdError,
} from '../../src/system-id/index';
import type { SystemIdFileSystem, SystemIdStoreOptions } from '../../src/system-id/index';
import { fault, instrument, recordWarnings, tempDir, UUID_V4, type FsHook, type FsOperation } from './helpers';

const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});

function setup(hooks: Partial<Record<FsOperation, FsHook>> = {}, extra: Partial<SystemIdStoreOptions> = {}) {
  const root = tempDir();
  dirs.push(root);
  const directory = join(root.path, 'config');
  const file = join(directory, 'system-id.json');
  const instrumented = instrument(nodeFileSystem, hooks);
  const recorded = recordWarnings();
  const options: SystemIdStoreOptions = {
    env: { UNIFIED_ID_CONFIG_DIR: directory },
    fs: instrumented.fs,
    warn: recorded.warn,
    ...extra,
  };
  return { root, directory, file, ...instrumented, ...recorded, options, store: createSystemIdStore(options) };
}

const WRITES: readonly FsOperation[] = ['writeNewFile', 'link', 'rename', 'unlink', 'mkdir'];

describe('getSystemId on a healthy file system', () => {
  it('creates a v4 ID once, persists it, and a fresh store reads the same ID', async () => {
    const t = setup();
    const id = await t.store.getSystemId();
    expect(id).toMatch(UUID_V4);
    expect(await t.store.getSystemId()).toBe(id);
    expect(await t.store.getSystemIdInfo()).toMatchObject({ id, source: 'file', persisted: true, path: t.file, lastErrorCode: null });
    expect(JSON.parse(readFileSync(t.file, 'utf8'))).toMatchObject({ format: 'unified-id/system-id', version: 1, id, history: [] });
    expect(readdirSync(t.directory)).toEqual(['system-id.json']);
    expect(await createSystemIdStore(t.options).getSystemId()).toBe(id);
    expect(t.warnings).toEqual([]);
  });

  it('serves 100 concurrent calls with one creation and one write', async () => {
    const t = setup();
    const ids = await Promise.all(Array.from({ length: 100 }, () => t.store.getSystemId()));
    expect(new Set(ids).size).toBe(1);
    expect(t.count('writeNewFile')).toBe(1);
    expect(t.count('link')).toBe(1);
    expect(t.count('mkdir')).toBe(1);
  });

  it('writes nothing when the ID already exists', async () => {
    const t = setup();
    const id = await createSystemIdStore({ ...t.options, fs: nodeFileSystem }).getSystemId();
    expect(await t.store.getSystemId()).toBe(id);
    for (const op of WRITES) expect(t.count(op)).toBe(0);
  });

  it('adopts the winner when another process links the file first', async () => {
    const winner = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
    const t = setup({
      link: (call) => {
        if (call.path.endsWith('.tmp')) writeFileSync(join(call.path, '../system-id.json'), JSON.stringify({ id: winner }));
      },
    });
    expect(await t.store.getSystemId()).toBe(winner);
    expect(await t.store.getSystemIdInfo()).toMatchObject({ source: 'file', persisted: true });
    expect(readdirSync(t.directory)).toEqual(['system-id.json']);
  });

  it('falls back to exclusive creation where hard links are unsupported', async () => {
    const t = setup({ link: () => { throw fault('EPERM'); } });
    const id = await t.store.getSystemId();
    expect(JSON.parse(readFileSync(t.file, 'utf8')).id).toBe(id);
    expect(readdirSync(t.directory)).toEqual(['system-id.json']);
    expect(await t.store.getSystemIdInfo()).toMatchObject({ persisted: true });
  });
});

describe('corrupt stored files', () => {
  const cases: Record<string, string> = {
    corrupt: '\u0000\u0001garbage',
    empty: '',
    truncated: '{"format":"unified-id/system-id","version":1,"id":"0f8fad5b-d9cb-46',
    'wrong-shape': '{"id":42}',
  };
  for (const [name, content] of Object.entries(cases)) {
    it(`quarantines a ${name} file beside it, creates a new ID, records it and warns once`, async () => {
      const t = setup();
      mkdirSync(t.directory);
      writeFileSync(t.file, content);
      const id = await t.store.getSystemId();
      const files = readdirSync(t.directory);
      const quarantined = files.filter((f) => f.startsWith('system-id.json.corrupt-'));
      expect(quarantined).toHaveLength(1);
      expect(readFileSync(join(t.directory, quarantined[0] ?? ''), 'utf8')).toBe(content);
      expect(files).toHaveLength(2);
      expect(JSON.parse(readFileSync(t.file, 'utf8')).id).toBe(id);
      const history = await t.store.systemIdHistory();
      expect(history).toEqual([expect.objectContaining({ reason: 'corrupt', oldId: null, newId: id, quarantinedTo: join(t.directory, quarantined[0] ?? '') })]);
      await t.store.flushSystemId();
      expect(t.warnings.map((w) => w.code)).toEqual(['SYSTEM_ID_QUARANTINED']);
      expect(t.warnings[0]?.message).toContain(quarantined[0]);
    });
  }
});

describe('quarantine race', () => {
  it('puts back a good file another process created between our check and our rename', async () => {
    const good = JSON.stringify({ id: '7c9e6679-7425-40de-944b-e07fc1f90ae7' });
    let swapped = false;
    const t = setup({
      rename: (call) => {
        if (swapped || !call.path.endsWith('system-id.json')) return;
        swapped = true;
        // The other process: quarantines the corrupt file and links a good one, just before our rename.
        renameSync(call.path, `${call.path}.corrupt-other`);
        writeFileSync(call.path, good);
      },
    });
    mkdirSync(t.directory);
    writeFileSync(t.file, '{broken');
    expect(await t.store.getSystemId()).toBe('7c9e6679-7425-40de-944b-e07fc1f90ae7');
    expect(readFileSync(t.file, 'utf8')).toBe(good);
    expect(readdirSync(t.directory)).toEqual(['system-id.json', 'system-id.json.corrupt-other']);
  });
});

describe('file systems that refuse writes', () => {
  const faults: [string, FsOperation][] = [
    ['EROFS', 'mkdir'],
    ['EACCES', 'writeNewFile'],
    ['EPERM', 'writeNewFile'],
    ['ENOSPC', 'writeNewFile'],
    ['ENOSPC', 'link'],
    ['EROFS', 'link'],
  ];
  for (const [code, op] of faults) {
    it(`${code} on ${op}: in-memory ID, persisted false, one warning, no retry, no temp file`, async () => {
      const t = setup({ [op]: () => { throw fault(code); } });
      const id = await t.store.getSystemId();
      expect(id).toMatch(UUID_V4);
      const info = await t.store.flushSystemId();
      expect(info).toMatchObject({ id, source: 'memory', persisted: false, lastErrorCode: code });
      expect(t.count(op)).toBe(1);
      expect(t.warnings).toHaveLength(1);
      expect(t.warnings[0]).toMatchObject({ code: 'SYSTEM_ID_NOT_PERSISTED', cause: code });
      expect(t.warnings[0]?.message).toContain(t.file);
      // Nothing left behind: no temp file, no partial ID file.
      expect(op === 'mkdir' ? t.root.list() : t.root.list('config')).toEqual([]);
      expect(await t.store.getSystemId()).toBe(id);
    });
  }

  it('a file where the directory should be: ENOTDIR, in-memory ID', async () => {
    const t = setup();
    writeFileSync(t.directory, 'not a directory');
    const info = await t.store.flushSystemId();
    expect(info).toMatchObject({ source: 'memory', persisted: false, lastErrorCode: 'ENOTDIR' });
    expect(readFileSync(t.directory, 'utf8')).toBe('not a directory');
    expect(t.warnings).toHaveLength(1);
  });

  it('a missing parent that cannot be created: in-memory ID', async () => {
    const t = setup({}, { env: { UNIFIED_ID_CONFIG_DIR: '/proc/self/no-such/unified-id' }, fs: nodeFileSystem });
    const info = await t.store.flushSystemId();
    expect(info).toMatchObject({ source: 'memory', persisted: false });
    expect(info.lastErrorCode).toMatch(/^E/);
    expect(t.warnings).toHaveLength(1);
  });

  it('a FIFO where the file should be is refused before opening', async () => {
    const t = setup();
    const kindOther: SystemIdFileSystem = { ...t.fs, stat: async () => ({ kind: 'other', size: 0, mtimeMs: 0, dev: 1, ino: 1, mode: 0o600, uid: 0 }) };
    const opened = instrument(kindOther);
    const store = createSystemIdStore({ ...t.options, fs: opened.fs });
    const info = await store.flushSystemId();
    expect(info).toMatchObject({ source: 'memory', persisted: false, lastErrorCode: 'NOT_REGULAR_FILE' });
    expect(opened.count('readRegularFile')).toBe(0);
  });
});

describe('environment', () => {
  it('UNIFIED_ID_SYSTEM_ID overrides the ID and is never written', async () => {
    const t = setup();
    const store = createSystemIdStore({ ...t.options, env: { ...t.options.env, UNIFIED_ID_SYSTEM_ID: '0F8FAD5B-D9CB-469F-A165-70867728950E' } });
    expect(await store.getSystemId()).toBe('0f8fad5b-d9cb-469f-a165-70867728950e');
    expect(await store.getSystemIdInfo()).toMatchObject({ source: 'env', persisted: false, path: null });
    expect(t.calls).toEqual([]);
    await expect(store.resetSystemId({ confirm: true })).rejects.toMatchObject({ code: 'ENV_OVERRIDE_ACTIVE' });
  });

  it('an invalid UNIFIED_ID_SYSTEM_ID is ignored with one warning', async () => {
    const t = setup();
    const store = createSystemIdStore({ ...t.options, env: { ...t.options.env, UNIFIED_ID_SYSTEM_ID: 'laptop-7' } });
    const id = await store.getSystemId();
    expect(JSON.parse(readFileSync(t.file, 'utf8')).id).toBe(id);
    expect(t.warnings.map((w) => w.code)).toEqual(['SYSTEM_ID_INVALID_ENV']);
  });

  it('opted out (DO_NOT_TRACK): an ephemeral ID and nothing touches the disk', async () => {
    const t = setup();
    const store = createSystemIdStore({ ...t.options, env: { ...t.options.env, DO_NOT_TRACK: '1' } });
    const id = await store.getSystemId();
    expect(await store.getSystemIdInfo()).toMatchObject({ id, source: 'memory', persisted: false, telemetryDisabled: true });
    const diagnosis = await store.diagnoseSystemId();
    expect(diagnosis.probe.skipped).toBe('TELEMETRY_DISABLED');
    await expect(store.resetSystemId({ confirm: true })).rejects.toMatchObject({ code: 'TELEMETRY_DISABLED' });
    expect(t.calls).toEqual([]);
    expect(t.root.list()).toEqual([]);
  });

  it('a relative UNIFIED_ID_CONFIG_DIR: in-memory ID and a clear warning', async () => {
    const t = setup({}, { env: { UNIFIED_ID_CONFIG_DIR: 'relative/dir' } });
    expect(await t.store.getSystemIdInfo()).toMatchObject({ source: 'memory', path: null, lastErrorCode: 'RELATIVE_CONFIG_DIR' });
    expect(t.warnings[0]?.message).toContain('absolute');
  });
});

describe('reset, migrate and history', () => {
  it('reset refuses without confirm and otherwise replaces the ID with a history entry', async () => {
    const t = setup();
    const first = await t.store.getSystemId();
    await expect(t.store.resetSystemId({} as { confirm: true })).rejects.toBeInstanceOf(SystemIdError);
    await expect(t.store.resetSystemId(undefined as unknown as { confirm: true })).rejects.toMatchObject({ code: 'CONFIRMATION_REQUIRED' });
    expect(await t.store.getSystemId()).toBe(first);
    const { oldId, newId } = await t.store.resetSystemId({ confirm: true });
    expect(oldId).toBe(first);
    expect(newId).not.toBe(first);
    expect(await t.store.getSystemId()).toBe(newId);
    expect(await createSystemIdStore(t.options).getSystemId()).toBe(newId);
    expect(await t.store.systemIdHistory()).toEqual([expect.objectContaining({ reason: 'reset', oldId: first, newId })]);
    expect(readdirSync(t.directory)).toEqual(['system-id.json']);
  });

  it('reset before any get defines the ID for the process', async () => {
    const t = setup();
    const { oldId, newId } = await t.store.resetSystemId({ confirm: true });
    expect(oldId).toBeNull();
    expect(await t.store.getSystemIdInfo()).toMatchObject({ id: newId, source: 'file', persisted: true });
  });

  it('migrate is a compare-and-swap on the stored ID', async () => {
    const t = setup();
    const current = await t.store.getSystemId();
    const target = '7C9E6679-7425-40DE-944B-E07FC1F90AE7';
    await expect(t.store.migrateSystemId('0f8fad5b-d9cb-469f-a165-70867728950e', target)).rejects.toMatchObject({ code: 'ID_MISMATCH' });
    await expect(t.store.migrateSystemId(current, 'nope')).rejects.toMatchObject({ code: 'INVALID_SYSTEM_ID' });
    expect(await t.store.migrateSystemId(current, target)).toEqual({ oldId: current, newId: target.toLowerCase() });
    expect(await createSystemIdStore(t.options).getSystemId()).toBe(target.toLowerCase());
    expect((await t.store.systemIdHistory()).map((e) => e.reason)).toEqual(['migrate']);
  });

  it('keeps at most 20 history entries', async () => {
    const t = setup();
    await t.store.getSystemId();
    for (let i = 0; i < 23; i++) await t.store.resetSystemId({ confirm: true });
    const history = await t.store.systemIdHistory();
    expect(history).toHaveLength(20);
    expect(history.at(-1)?.newId).toBe(await t.store.getSystemId());
  });

  it('reset fails loudly (PERSIST_FAILED with the fault) on a read-only directory', async () => {
    const t = setup({ writeNewFile: () => { throw fault('EROFS'); } });
    await expect(t.store.resetSystemId({ confirm: true })).rejects.toMatchObject({ code: 'PERSIST_FAILED', faultCode: 'EROFS' });
  });
});

describe('diagnoseSystemId', () => {
  it('reports paths, stored state and probe timings, leaving no probe file', async () => {
    const t = setup();
    const before = await t.store.diagnoseSystemId();
    expect(before).toMatchObject({ path: t.file, directoryOrigin: 'env', session: null, stored: { state: 'missing' }, probe: { skipped: null } });
    expect(before.probe.write.ok && before.probe.read.ok && before.probe.remove.ok).toBe(true);
    expect(before.probe.write.ms).toBeGreaterThanOrEqual(0);
    const id = await t.store.getSystemId();
    const after = await t.store.diagnoseSystemId();
    expect(after).toMatchObject({ stored: { state: 'valid', id }, session: { id, source: 'file' } });
    expect(readdirSync(t.directory)).toEqual(['system-id.json']);
  });

  it('never throws and names the fault on a read-only directory', async () => {
    const t = setup({ writeNewFile: () => { throw fault('EROFS'); }, stat: () => { throw fault('EIO'); } });
    const diagnosis = await t.store.diagnoseSystemId();
    expect(diagnosis.stored).toEqual({ state: 'error', id: null, detail: 'EIO' });
    expect(diagnosis.probe.write).toMatchObject({ ok: false, code: 'EROFS' });
    expect(diagnosis.probe.read.ok).toBe(false);
  });
});

describe('top-level functions', () => {
  it('use a default store created on first use (env read then, not at import); clearSystemIdCache forgets it', async () => {
    const t = setup();
    const other = tempDir();
    dirs.push(other);
    vi.stubEnv('UNIFIED_ID_CONFIG_DIR', t.directory);
    vi.stubEnv('DO_NOT_TRACK', '');
    vi.stubEnv('UNIFIED_ID_TELEMETRY_DISABLED', '');
    vi.stubEnv('UNIFIED_ID_SYSTEM_ID', '');
    try {
      clearSystemIdCache();
      const id = await getSystemId();
      expect(await getSystemIdInfo()).toMatchObject({ id, path: t.file, source: 'file' });
      vi.stubEnv('UNIFIED_ID_CONFIG_DIR', other.path);
      expect(await getSystemId()).toBe(id);
      clearSystemIdCache();
      const elsewhere = await getSystemId();
      expect(elsewhere).not.toBe(id);
      expect(JSON.parse(readFileSync(join(other.path, 'system-id.json'), 'utf8')).id).toBe(elsewhere);
      await expect(resetSystemId({ confirm: true })).resolves.toMatchObject({ oldId: elsewhere });
    } finally {
      vi.unstubAllEnvs();
      clearSystemIdCache();
    }
  });
});
