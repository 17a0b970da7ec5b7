/**
 * Where the system ID lives: `UNIFIED_ID_CONFIG_DIR`, else the platform's per-user config directory
 * plus `unified-id/`. Resolved on demand (never at import time) from injected env/platform/home.
 */
import { posix, win32 } from 'node:path';
import { homedir as osHomedir, userInfo } from 'node:os';
import { ENV_CONFIG_DIR, type SystemIdEnv } from './env';

export const SYSTEM_ID_DIRECTORY_NAME = 'unified-id';
export const SYSTEM_ID_FILE_NAME = 'system-id.json';

export interface SystemIdPaths {
  readonly directory: string;
  readonly file: string;
  /** Where the directory came from. */
  readonly origin: 'env' | 'platform';
}

export type PathResolution =
  | { readonly ok: true; readonly paths: SystemIdPaths }
  | { readonly ok: false; readonly code: 'RELATIVE_CONFIG_DIR' | 'NO_HOME_DIRECTORY'; readonly message: string };

export interface PathInputs {
  readonly env: SystemIdEnv;
  readonly platform: NodeJS.Platform;
  /** The account's home directory when HOME is unusable; `undefined` when there is none. */
  readonly accountHome: () => string | undefined;
}

/** The home directory from the password database / OS, ignoring the HOME variable; undefined if unknown. */
export function defaultAccountHome(): string | undefined {
  try {
    const home = userInfo().homedir;
    if (home !== '') return home;
  } catch {
    // No passwd entry (containers with arbitrary UIDs): fall through to os.homedir().
  }
  try {
    const home = osHomedir();
    return home === '' ? undefined : home;
  } catch {
    return undefined;
  }
}

function usable(value: string | undefined, isAbsolute: (p: string) => boolean): string | undefined {
  return value !== undefined && value !== '' && isAbsolute(value) ? value : undefined;
}

export function resolveSystemIdPaths(inputs: PathInputs): PathResolution {
  const path = inputs.platform === 'win32' ? win32 : posix;
  const inDirectory = (directory: string, origin: SystemIdPaths['origin']): PathResolution => ({
    ok: true,
    paths: { directory, file: path.join(directory, SYSTEM_ID_FILE_NAME), origin },
  });

  const explicit = inputs.env[ENV_CONFIG_DIR];
  if (explicit !== undefined && explicit !== '') {
    // A relative directory would depend on the working directory and split the ID between launches.
    if (!path.isAbsolute(explicit)) {
      return { ok: false, code: 'RELATIVE_CONFIG_DIR', message: `${ENV_CONFIG_DIR} must be an absolute path, got ${JSON.stringify(explicit)}` };
    }
    return inDirectory(path.resolve(explicit), 'env');
  }

  const home = usable(inputs.env.HOME, path.isAbsolute) ?? usable(inputs.accountHome(), path.isAbsolute);
  let base: string | undefined;
  if (inputs.platform === 'win32') {
    base = usable(inputs.env.APPDATA, path.isAbsolute) ?? (home === undefined ? undefined : path.join(home, 'AppData', 'Roaming'));
  } else if (inputs.platform === 'darwin') {
    base = home === undefined ? undefined : path.join(home, 'Library', 'Application Support');
  } else {
    // XDG Base Directory: a relative XDG_CONFIG_HOME is invalid and must be ignored.
    base = usable(inputs.env.XDG_CONFIG_HOME, path.isAbsolute) ?? (home === undefined ? undefined : path.join(home, '.config'));
  }
  if (base === undefined) {
    return { ok: false, code: 'NO_HOME_DIRECTORY', message: `no home directory to hold the system ID; set ${ENV_CONFIG_DIR}` };
  }
  return inDirectory(path.join(base, SYSTEM_ID_DIRECTORY_NAME), 'platform');
}
