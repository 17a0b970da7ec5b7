/**
 * Which files a run looks at: source extensions and JSON data files under the given paths, minus `.gitignore`d
 * paths, dependency and build folders, generated folders, `--exclude`, plus the `--include` filter and the
 * `--shard` slice. Beside them, the project: every such file under the root that the configuration lets in,
 * whatever the run narrowed to (paths, flags, shard), so every run of one project decides from the same evidence.
 */
import { lstat, readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import ignore from 'ignore';
import type { Ignore } from 'ignore';
import picomatch from 'picomatch';
import { isOwnTemporaryFile } from './temporary-files';

export const sourceExtensions = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;

/** Folders never entered: dependencies, build output, VCS data, generated code. */
export const skippedFolders: ReadonlySet<string> = new Set(['node_modules', 'dist', 'build', 'out', 'coverage', '.next', 'generated', '.git', '.hg', '.svn']);

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

export interface FileFilters {
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

export interface DiscoveryOptions extends FileFilters {
  /** Files or folders, absolute. */
  readonly paths: readonly string[];
  /** Relative paths (for globs, shards and reports) are taken from here. */
  readonly root: string;
  readonly shard?: Shard;
  /**
   * The project's own filters (the configuration's `include`/`exclude`): the project is every file under `root`
   * they let in, plus the run's files of every shard. Absent: the project is the run's files of every shard.
   */
  readonly project?: FileFilters;
  /** Patterns that must each match at least one file under the paths (the command line's); see `unmatched`. */
  readonly mustMatch?: FileFilters;
}

export interface DiscoveredFile {
  readonly filePath: string;
  readonly relativePath: string;
}

export interface Discovery {
  /** The files this run may change: under the paths, through the filters, in the shard. Sorted by relative path. */
  readonly files: readonly DiscoveredFile[];
  /** Every file of the project, for the project pass (the same list in every shard). Sorted by relative path. */
  readonly project: readonly DiscoveredFile[];
  /** Paths given that do not exist. */
  readonly missing: readonly string[];
  /** Paths given that exist but are neither a folder nor a file the codemod reads (`tsconfig.json`, a FIFO). */
  readonly unsupported: readonly string[];
  /** Files of the run before the shard took its slice. */
  readonly unsharded: number;
  /** Folders that could not be listed (relative path and why): nothing in them was seen. */
  readonly unreadable: readonly { readonly path: string; readonly message: string }[];
  /** `mustMatch` patterns that matched no file, as `--include <glob>` / `--exclude <glob>`. */
  readonly unmatched: readonly string[];
  /** Temporary files of this codemod met on the way (absolute paths); a run with `--apply` removes the stale ones. */
  readonly temporaryFiles: readonly string[];
  /** Jest/Vitest snapshot files (`*.snap`) met on the way (not filtered by include/exclude/shard). */
  readonly snapshots: readonly DiscoveredFile[];
}

export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

export function isSourceFile(path: string): boolean {
  const name = basename(path);
  if (/\.d\.[mc]?ts$/.test(name)) return false; // declarations describe code; they hold no ID values to migrate
  return sourceExtensions.some((extension) => name.endsWith(extension));
}

/** JSON files that are tools' configuration or lock files, not data: never read, never rewritten. */
const toolJsonFile = /^(?:(?:package|package-lock|npm-shrinkwrap|unified-id\.config)\.json|[tj]sconfig.*\.json)$/;

/** A `.json` file that may hold data (fixtures, recorded runs): a candidate for rules that opt in to JSON. */
export function isJsonDataFile(path: string): boolean {
  const name = basename(path);
  return name.endsWith('.json') && !toolJsonFile.test(name);
}

/** True for a `.json` path: such files are data, parsed as JSON, and only syntactic rules see them. */
export function isJsonPath(path: string): boolean {
  return path.toLowerCase().endsWith('.json');
}

/** A file discovery takes: source code, or JSON data. */
export function isDiscoverable(path: string): boolean {
  return isSourceFile(path) || isJsonDataFile(path);
}

/** FNV-1a (32 bit): stable across machines and Node versions, so every CI job computes the same slices. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export function inShard(relativePath: string, shard: Shard | undefined): boolean {
  return shard === undefined || stableHash(relativePath) % shard.count === shard.index - 1;
}

/** Thrown for a glob that is not one (an unclosed brace such as `*.{ts`), instead of matching it as literal text. */
export class PatternError extends Error {
  override readonly name = 'PatternError';
}

/** Compiles globs strictly: unbalanced braces, brackets or parentheses are errors. */
export function compileGlobs(patterns: readonly string[], flag: string): (path: string) => boolean {
  for (const pattern of patterns) {
    try {
      picomatch(pattern, { dot: true, strictBrackets: true });
    } catch (error) {
      throw new PatternError(`${flag} '${pattern}' is not a valid glob: ${(error as Error).message}`);
    }
  }
  return picomatch([...patterns], { dot: true });
}

/** `i/n` with 1 ≤ i ≤ n, or an error message. */
export function parseShard(value: string): Shard | string {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  if (!match) return `--shard expects <i>/<n> (e.g. 2/4), got "${value}"`;
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || index < 1 || index > count) return `--shard ${value}: i must be between 1 and n (n ≥ 1)`;
  return { index, count };
}

interface IgnoreScope {
  readonly base: string;
  readonly matcher: Ignore;
}

async function readIgnoreFile(folder: string): Promise<IgnoreScope | undefined> {
  try {
    return { base: folder, matcher: ignore().add(await readFile(join(folder, '.gitignore'), 'utf8')) };
  } catch {
    return undefined;
  }
}

/** Outer scopes decide first; a deeper `.gitignore` may re-include (`!pattern`) what an outer one ignored. */
function isIgnored(scopes: readonly IgnoreScope[], path: string, isFolder: boolean): boolean {
  let ignored = false;
  for (const scope of scopes) {
    const rel = toPosix(relative(scope.base, path));
    if (rel === '' || rel.startsWith('..')) continue;
    const result = scope.matcher.test(isFolder ? `${rel}/` : rel);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/** `.gitignore` files above `folder`, up to the enclosing git work tree's top (or `root` outside git). */
async function ancestorScopes(folder: string, root: string): Promise<IgnoreScope[]> {
  const chain: string[] = [];
  let current = dirname(folder);
  let gitTop: string | undefined;
  for (let probe = folder; ; probe = dirname(probe)) {
    if (await exists(join(probe, '.git'))) {
      gitTop = probe;
      break;
    }
    if (dirname(probe) === probe) break;
  }
  const top = gitTop ?? root;
  if (folder === top || relative(top, folder).startsWith('..')) return [];
  for (;;) {
    chain.unshift(current);
    if (current === top || dirname(current) === current) break;
    current = dirname(current);
  }
  const scopes: IgnoreScope[] = [];
  for (const ancestor of chain) {
    const scope = await readIgnoreFile(ancestor);
    if (scope) scopes.push(scope);
  }
  return scopes;
}

interface Walk {
  readonly found: Map<string, DiscoveredFile>;
  readonly missing: readonly string[];
  readonly unsupported: readonly string[];
  readonly snapshots: readonly DiscoveredFile[];
  readonly unreadable: readonly { readonly path: string; readonly message: string }[];
  readonly unmatched: readonly string[];
  readonly temporaryFiles: readonly string[];
}

/** One matcher per pattern that must match something, with whether it has. */
function patternChecks(mustMatch: FileFilters | undefined): { label: string; test: (path: string) => boolean; hit: boolean }[] {
  if (!mustMatch) return [];
  const checks = (flag: string, patterns: readonly string[]) => patterns.map((pattern) => ({ label: `${flag} '${pattern}'`, test: compileGlobs([pattern], flag), hit: false }));
  return [...checks('--include', mustMatch.include), ...checks('--exclude', mustMatch.exclude)];
}

/** Every discoverable file under `paths` that the filters let in (no shard). */
async function walkPaths(paths: readonly string[], root: string, filters: FileFilters, mustMatch?: FileFilters): Promise<Walk> {
  const found = new Map<string, DiscoveredFile>();
  const missing: string[] = [];
  const unsupported: string[] = [];
  const unreadable: { path: string; message: string }[] = [];
  const temporaryFiles: string[] = [];
  // The command line's patterns first, so an error names the flag.
  const checks = patternChecks(mustMatch);
  const includes = filters.include.length > 0 ? compileGlobs(filters.include, 'include pattern') : undefined;
  const excludes = filters.exclude.length > 0 ? compileGlobs(filters.exclude, 'exclude pattern') : undefined;

  const snapshots: DiscoveredFile[] = [];
  const consider = (filePath: string): void => {
    if (found.has(filePath)) return;
    const relativePath = toPosix(relative(root, filePath)) || basename(filePath);
    for (const check of checks) if (!check.hit && check.test(relativePath)) check.hit = true;
    if (includes && !includes(relativePath)) return;
    if (excludes?.(relativePath)) return;
    found.set(filePath, { filePath, relativePath });
  };

  const walk = async (folder: string, outer: readonly IgnoreScope[]): Promise<void> => {
    const own = await readIgnoreFile(folder);
    const scopes = own ? [...outer, own] : outer;
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      // Nothing in it can be migrated, nor give evidence: the report says so.
      unreadable.push({ path: toPosix(relative(root, folder)) || '.', message: `folder could not be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(folder, entry.name);
      // Symbolic links are never followed or rewritten: renaming over one would replace the link with a copy.
      if (entry.isDirectory()) {
        if (skippedFolders.has(entry.name) || isIgnored(scopes, path, true)) continue;
        await walk(path, scopes);
      } else if (entry.isFile() && isDiscoverable(entry.name)) {
        if (!isIgnored(scopes, path, false)) consider(path);
      } else if (entry.isFile() && entry.name.endsWith('.snap') && !isIgnored(scopes, path, false)) {
        snapshots.push({ filePath: path, relativePath: toPosix(relative(root, path)) });
      } else if (entry.isFile() && isOwnTemporaryFile(entry.name)) {
        temporaryFiles.push(path);
      }
    }
  };

  for (const given of paths) {
    const path = resolve(given);
    let stats;
    try {
      stats = await lstat(path);
    } catch {
      missing.push(given);
      continue;
    }
    if (stats.isDirectory()) await walk(path, await ancestorScopes(path, root));
    else if (stats.isFile() && isDiscoverable(path)) consider(path); // named explicitly: taken even if ignored
    else unsupported.push(given);
  }
  const unmatched = checks.filter((check) => !check.hit).map((check) => check.label);
  return { found, missing, unsupported, snapshots, unreadable, unmatched, temporaryFiles };
}

const byRelativePath = (a: DiscoveredFile, b: DiscoveredFile): number => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0);

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((item, index) => item === b[index]);

export async function discoverFiles(options: DiscoveryOptions): Promise<Discovery> {
  const run = await walkPaths(options.paths, options.root, options, options.mustMatch);
  const files = [...run.found.values()].filter((file) => inShard(file.relativePath, options.shard)).sort(byRelativePath);
  const projectFiles = new Map(run.found);
  const unreadable = new Map(run.unreadable.map((entry) => [entry.path, entry]));
  const temporaryFiles = new Set(run.temporaryFiles);
  const filters = options.project;
  // A run over the whole root with the project's own filters has walked the project already.
  const walkedProject = filters !== undefined && options.paths.length === 1 && resolve(options.paths[0] ?? '') === resolve(options.root) && sameList(filters.include, options.include) && sameList(filters.exclude, options.exclude);
  if (filters !== undefined && !walkedProject) {
    const walk = await walkPaths([options.root], options.root, filters);
    for (const [path, file] of walk.found) projectFiles.set(path, file);
    for (const entry of walk.unreadable) unreadable.set(entry.path, entry);
    for (const path of walk.temporaryFiles) temporaryFiles.add(path);
  }
  const project = [...projectFiles.values()].sort(byRelativePath);
  return {
    files,
    project,
    missing: run.missing,
    unsupported: run.unsupported,
    unsharded: run.found.size,
    unreadable: [...unreadable.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    unmatched: run.unmatched,
    snapshots: run.snapshots,
    temporaryFiles: [...temporaryFiles].sort(),
  };
}
