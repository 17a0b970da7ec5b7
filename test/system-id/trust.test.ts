/**
 * An ID another user could have planted is not adopted: a directory others can write, or a file or
 * directory owned by another account. Tests run as root, so ownership is set with chown and the store is
 * told it runs as an ordinary user (`uid` option).
 */
import { chmodSync, chownSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSystemIdStore, type SystemIdStoreOptions } from '../../src/system-id/index';
import { checkDirectoryTrust, checkFileTrust } from '../../src/system-id/trust';
import type { FileStat } from '../../src/system-id/index';
import { recordWarnings, tempDir } from './helpers';

const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});

const PLANTED = '0f8fad5b-d9cb-469f-a165-70867728950e';
const ME = 1_000;
const SOMEONE = 2_000;

function planted(setup: (directory: string, file: string) => void, extra: Partial<SystemIdStoreOptions> = {}) {
  const root = tempDir();
  dirs.push(root);
  const directory = join(root.path, 'config');
  const file = join(directory, 'system-id.json');
  mkdirSync(directory, { mode: 0o700 });
  writeFileSync(file, JSON.stringify({ id: PLANTED }));
  setup(directory, file);
  const recorded = recordWarnings();
  const env = { UNIFIED_ID_CONFIG_DIR: directory, ...(extra.env ?? {}) };
  const store = createSystemIdStore({ uid: ME, warn: recorded.warn, ...extra, env });
  return { directory, file, store, ...recorded };
}

describe('untrusted locations', () => {
  const cases: [string, (directory: string, file: string) => void, string][] = [
    ['a directory every user can write', (directory) => chmodSync(directory, 0o777), 'UNTRUSTED_DIRECTORY'],
    ['a sticky world-writable directory', (directory) => chmodSync(directory, 0o1777), 'UNTRUSTED_DIRECTORY'],
    ['a directory owned by another user', (directory, file) => { chownSync(directory, SOMEONE, SOMEONE); chownSync(file, ME, ME); }, 'UNTRUSTED_DIRECTORY'],
    ['an ID file owned by another user', (directory, file) => { chownSync(directory, ME, ME); chownSync(file, SOMEONE, SOMEONE); }, 'UNTRUSTED_FILE'],
  ];
  for (const [name, setup, code] of cases) {
    it(`${name}: the planted ID is not used; in-memory ID, one warning naming the override`, async () => {
      const t = planted(setup);
      const id = await t.store.getSystemId();
      expect(id).not.toBe(PLANTED);
      expect(await t.store.flushSystemId()).toMatchObject({ id, source: 'memory', persisted: false, lastErrorCode: code });
      expect(t.warnings).toHaveLength(1);
      expect(t.warnings[0]).toMatchObject({ code: 'SYSTEM_ID_UNTRUSTED', cause: code });
      expect(t.warnings[0]?.message).toContain('UNIFIED_ID_TRUST_CONFIG_DIR');
      expect(t.warnings[0]?.message).toContain(t.file);
      await expect(t.store.resetSystemId({ confirm: true })).rejects.toMatchObject({ code: 'PERSIST_FAILED', faultCode: code });
      expect((await t.store.diagnoseSystemId()).stored).toEqual({ state: 'error', id: null, detail: code });
    });

    it(`${name}: trusted when UNIFIED_ID_TRUST_CONFIG_DIR=1`, async () => {
      const t = planted(setup, { env: { UNIFIED_ID_TRUST_CONFIG_DIR: '1' } });
      expect(await t.store.getSystemId()).toBe(PLANTED);
      expect(t.warnings).toEqual([]);
    });
  }

  it('files and directories of root, and of this user, are trusted', async () => {
    const root = planted(() => undefined);
    expect(await root.store.getSystemId()).toBe(PLANTED);
    const mine = planted((directory, file) => {
      chownSync(directory, ME, ME);
      chownSync(file, ME, ME);
    });
    expect(await mine.store.getSystemId()).toBe(PLANTED);
    expect([...root.warnings, ...mine.warnings]).toEqual([]);
  });

  it('a group-writable directory of this user is trusted', async () => {
    const t = planted((directory) => chmodSync(directory, 0o770));
    expect(await t.store.getSystemId()).toBe(PLANTED);
  });

  it('no check where there are no user IDs (uid null)', async () => {
    const t = planted((directory, file) => {
      chmodSync(directory, 0o777);
      chownSync(file, SOMEONE, SOMEONE);
    }, { uid: null });
    expect(await t.store.getSystemId()).toBe(PLANTED);
  });

  it('a new directory is created private, so its own ID is trusted on the next start', async () => {
    const root = tempDir();
    dirs.push(root);
    const directory = join(root.path, 'new');
    const options = { env: { UNIFIED_ID_CONFIG_DIR: directory }, uid: 0, warn: () => undefined };
    const id = await createSystemIdStore(options).getSystemId();
    expect(await createSystemIdStore(options).getSystemIdInfo()).toMatchObject({ id, source: 'file' });
    expect(readdirSync(directory)).toEqual(['system-id.json']);
  });
});

describe('trust checks on stat results', () => {
  const stat = (over: Partial<FileStat>): FileStat => ({ kind: 'directory', size: 0, mtimeMs: 0, dev: 1, ino: 1, mode: 0o700, uid: ME, ...over });
  const policy = { uid: ME, trustAll: false };

  it('reads only the other-write bit of a directory, and ignores non-directories', () => {
    expect(() => checkDirectoryTrust(stat({ mode: 0o775 }), '/d', policy)).not.toThrow();
    expect(() => checkDirectoryTrust(stat({ mode: 0o702 }), '/d', policy)).toThrow(/writable by every user \(mode 702\)/);
    expect(() => checkDirectoryTrust(stat({ kind: 'file', mode: 0o777, uid: SOMEONE }), '/d', policy)).not.toThrow();
    expect(() => checkDirectoryTrust(stat({ uid: SOMEONE }), '/d', policy)).toThrow(/belongs to another user \(uid 2000\)/);
    expect(() => checkDirectoryTrust(stat({ uid: SOMEONE, mode: 0o777 }), '/d', { uid: ME, trustAll: true })).not.toThrow();
  });

  it('files: only the owner counts', () => {
    expect(() => checkFileTrust(stat({ kind: 'file', mode: 0o666 }), '/f', policy)).not.toThrow();
    expect(() => checkFileTrust(stat({ kind: 'file', uid: 0 }), '/f', policy)).not.toThrow();
    expect(() => checkFileTrust(stat({ kind: 'file', uid: SOMEONE }), '/f', policy)).toThrow(expect.objectContaining({ code: 'UNTRUSTED_FILE' }));
    expect(() => checkFileTrust(stat({ kind: 'file', uid: SOMEONE }), '/f', { uid: null, trustAll: false })).not.toThrow();
  });
});
