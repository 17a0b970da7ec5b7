/**
 * The root of a run comes from its targets, never from the folder the command was started in: the common folder of
 * the targets (symbolic links followed), or the folder above it, up to the top of its git work tree, that holds
 * `unified-id.config.json`. So one target gives one result from any folder.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { configFileName } from './config';

export interface RunRoot {
  /** Real path of the run's root. */
  readonly root: string;
  /** The targets as real paths (a missing one as given, resolved), in the order given. */
  readonly paths: readonly string[];
  /** The config file of the run: the explicit one, else the one found walking up; `undefined` when there is none. */
  readonly configPath?: string;
  /** Whether `configPath` was given explicitly (`--config`): it must exist. */
  readonly explicitConfig: boolean;
}

function realPathOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** True when `path` is `folder` or inside it. */
function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** The deepest folder containing every one of `folders`. */
function commonFolder(folders: readonly string[]): string {
  let common = folders[0] ?? sep;
  for (const folder of folders.slice(1)) while (!isInside(common, folder)) common = dirname(common);
  return common;
}

/** The top of the git work tree holding `folder` (a `.git` folder or file), or `undefined` outside git. */
export function gitWorkTreeTop(folder: string): string | undefined {
  for (let probe = folder; ; probe = dirname(probe)) {
    if (existsSync(join(probe, '.git'))) return probe;
    if (dirname(probe) === probe) return undefined;
  }
}

/** `unified-id.config.json` in `from` or a folder above it, up to the git top (only `from` itself outside git). */
function findConfig(from: string): string | undefined {
  const top = gitWorkTreeTop(from) ?? from;
  for (let folder = from; ; folder = dirname(folder)) {
    const candidate = join(folder, configFileName);
    if (existsSync(candidate)) return candidate;
    if (folder === top || dirname(folder) === folder) return undefined;
  }
}

/**
 * `cwd` resolves the targets and `--config` as typed; everything after (globs, reports, test-file patterns) is taken
 * from the root this returns.
 */
export function resolveRunRoot(cwd: string, givenPaths: readonly string[], configPath: string | undefined): RunRoot {
  const paths = givenPaths.map((path) => realPathOrResolved(resolve(cwd, path)));
  const base = commonFolder(paths.map((path) => (isFolder(path) ? path : dirname(path))));
  const explicit = configPath === undefined ? undefined : realPathOrResolved(resolve(cwd, configPath));
  const config = explicit ?? findConfig(base);
  const configFolder = config === undefined ? undefined : dirname(config);
  const root = configFolder !== undefined && isInside(configFolder, base) ? configFolder : base;
  return { root, paths, ...(config !== undefined ? { configPath: config } : {}), explicitConfig: explicit !== undefined };
}
