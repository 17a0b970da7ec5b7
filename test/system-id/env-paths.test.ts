import { describe, expect, it } from 'vitest';
import { isTelemetryDisabled, resolveSystemIdPaths } from '../../src/system-id/index';
import type { PathInputs } from '../../src/system-id/index';
import { readEnvOverride } from '../../src/system-id/env';

describe('isTelemetryDisabled', () => {
  it('honours UNIFIED_ID_TELEMETRY_DISABLED and DO_NOT_TRACK set to 1, true or yes', () => {
    for (const value of ['1', 'true', 'yes', 'TRUE', ' Yes ']) {
      expect(isTelemetryDisabled({ UNIFIED_ID_TELEMETRY_DISABLED: value })).toBe(true);
      expect(isTelemetryDisabled({ DO_NOT_TRACK: value })).toBe(true);
    }
    for (const value of ['0', 'false', 'no', '', 'on']) {
      expect(isTelemetryDisabled({ UNIFIED_ID_TELEMETRY_DISABLED: value, DO_NOT_TRACK: value })).toBe(false);
    }
    expect(isTelemetryDisabled({})).toBe(false);
  });
});

describe('readEnvOverride', () => {
  it('validates UNIFIED_ID_SYSTEM_ID and lowercases it', () => {
    expect(readEnvOverride({})).toEqual({ kind: 'none' });
    expect(readEnvOverride({ UNIFIED_ID_SYSTEM_ID: '' })).toEqual({ kind: 'none' });
    expect(readEnvOverride({ UNIFIED_ID_SYSTEM_ID: '5C146B14-3C52-8AFD-938A-375D0DF1FBF6' })).toEqual({
      kind: 'valid',
      id: '5c146b14-3c52-8afd-938a-375d0df1fbf6',
    });
    expect(readEnvOverride({ UNIFIED_ID_SYSTEM_ID: 'my-laptop' })).toEqual({ kind: 'invalid', value: 'my-laptop' });
  });
});

describe('resolveSystemIdPaths', () => {
  const linux = (env: PathInputs['env'], accountHome: string | null = '/home/account'): PathInputs => ({
    env,
    platform: 'linux',
    accountHome: () => accountHome ?? undefined,
  });

  it('prefers an absolute UNIFIED_ID_CONFIG_DIR and refuses a relative one', () => {
    expect(resolveSystemIdPaths(linux({ UNIFIED_ID_CONFIG_DIR: '/srv/ids/', HOME: '/home/u' }))).toEqual({
      ok: true,
      paths: { directory: '/srv/ids', file: '/srv/ids/system-id.json', origin: 'env' },
    });
    expect(resolveSystemIdPaths(linux({ UNIFIED_ID_CONFIG_DIR: 'ids' }))).toMatchObject({ ok: false, code: 'RELATIVE_CONFIG_DIR' });
  });

  it('follows XDG on Linux, ignoring a relative XDG_CONFIG_HOME and an empty HOME', () => {
    expect(resolveSystemIdPaths(linux({ XDG_CONFIG_HOME: '/x/config', HOME: '/home/u' }))).toMatchObject({
      paths: { file: '/x/config/unified-id/system-id.json', origin: 'platform' },
    });
    expect(resolveSystemIdPaths(linux({ XDG_CONFIG_HOME: 'config', HOME: '/home/u' }))).toMatchObject({
      paths: { file: '/home/u/.config/unified-id/system-id.json' },
    });
    expect(resolveSystemIdPaths(linux({ HOME: '' }))).toMatchObject({
      paths: { file: '/home/account/.config/unified-id/system-id.json' },
    });
    expect(resolveSystemIdPaths(linux({ HOME: 'relative' }))).toMatchObject({
      paths: { file: '/home/account/.config/unified-id/system-id.json' },
    });
    expect(resolveSystemIdPaths(linux({ HOME: '' }, null))).toMatchObject({ ok: false, code: 'NO_HOME_DIRECTORY' });
  });

  it('uses Application Support on macOS and APPDATA on Windows', () => {
    expect(resolveSystemIdPaths({ env: { HOME: '/Users/u' }, platform: 'darwin', accountHome: () => undefined })).toMatchObject({
      paths: { file: '/Users/u/Library/Application Support/unified-id/system-id.json' },
    });
    expect(
      resolveSystemIdPaths({ env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, platform: 'win32', accountHome: () => 'C:\\Users\\u' }),
    ).toMatchObject({ paths: { file: 'C:\\Users\\u\\AppData\\Roaming\\unified-id\\system-id.json' } });
    expect(resolveSystemIdPaths({ env: {}, platform: 'win32', accountHome: () => 'C:\\Users\\u' })).toMatchObject({
      paths: { file: 'C:\\Users\\u\\AppData\\Roaming\\unified-id\\system-id.json' },
    });
  });
});
