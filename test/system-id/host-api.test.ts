/**
 * The defaults that read the machine (process liveness, host name, account home) and the top-level functions
 * bound to the default store.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  clearSystemIdCache,
  diagnoseSystemId,
  flushSystemId,
  generateSystemId,
  getSystemId,
  migrateSystemId,
  systemIdHistory,
} from '../../src/system-id/index';
import { hostName, isProcessAlive } from '../../src/system-id/host';
import { defaultAccountHome } from '../../src/system-id/paths';
import { tempDir, UUID_V4 } from './helpers';

const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  clearSystemIdCache();
  for (const dir of dirs.splice(0)) dir.remove();
});

describe('machine defaults', () => {
  it('isProcessAlive: this process runs, an exited one does not', () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    const exited = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    expect(isProcessAlive(exited)).toBe(false);
  });

  it('isProcessAlive: a process of another user (EPERM) counts as running', () => {
    vi.spyOn(process, 'kill').mockImplementation(() => {
      throw Object.assign(new Error('EPERM'), { code: 'EPERM' });
    });
    expect(isProcessAlive(1)).toBe(true);
  });

  it('hostName is the OS host name', () => {
    expect(hostName()).toBe(hostname());
  });

  it('defaultAccountHome is the account\'s home directory, ignoring HOME', () => {
    vi.stubEnv('HOME', '/elsewhere');
    expect(defaultAccountHome()).toBe(userInfo().homedir);
  });
});

describe('top-level functions', () => {
  it('flush, generate, migrate, history and diagnose act on the default store', async () => {
    const root = tempDir();
    dirs.push(root);
    vi.stubEnv('UNIFIED_ID_CONFIG_DIR', root.path);
    vi.stubEnv('DO_NOT_TRACK', '');
    vi.stubEnv('UNIFIED_ID_TELEMETRY_DISABLED', '');
    vi.stubEnv('UNIFIED_ID_SYSTEM_ID', '');
    clearSystemIdCache();
    const id = await getSystemId();
    expect(await flushSystemId()).toMatchObject({ id, source: 'file', persisted: true });
    const fresh = generateSystemId();
    expect(fresh).toMatch(UUID_V4);
    expect(fresh).not.toBe(id);
    expect(await migrateSystemId(id, fresh)).toEqual({ oldId: id, newId: fresh });
    expect(JSON.parse(readFileSync(join(root.path, 'system-id.json'), 'utf8')).id).toBe(fresh);
    expect(await systemIdHistory()).toEqual([expect.objectContaining({ reason: 'migrate', oldId: id, newId: fresh })]);
    expect(await diagnoseSystemId()).toMatchObject({ stored: { state: 'valid', id: fresh }, session: { id: fresh } });
  });
});
