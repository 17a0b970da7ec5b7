/**
 * Which files a run looks at: source extensions under the given paths, minus `.gitignore`d paths, dependency
 * and build folders, generated folders, `--exclude`, plus the `--include` filter and the `--shard` slice.
 */
import { lstat, readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import ignore from 'ignore';
import type { Ignore } from 'ignore';
import picomatch from 'picomatch';

export const sourceExtensions = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;

/** Folders never entered: dependencies, build output, VCS data, generated code. */
export const skippedFolders: ReadonlySet<string> = new Set(['node_modules', 'dist', 'build', 'out', 'coverage', '.next', 'generated', '.git', '.hg', '.svn']);

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

export interface DiscoveryOptions {
  /** Files or folders, absolute. */
  readonly paths: readonly string[];
  /** Relative paths (for globs, shards and reports) are taken from here. */
  readonly root: string;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly shard?: Shard;
}

export interface DiscoveredFile {
  readonly filePath: string;
  readonly relativePath: string;
}

export interface Discovery {
  readonly files: readonly DiscoveredFile[];
  /** Paths given that do not exist. */
  readonly missing: readonly string[];
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

export async function discoverFiles(options: DiscoveryOptions): Promise<Discovery> {
  const found = new Map<string, DiscoveredFile>();
  const missing: string[] = [];
  const includes = options.include.length > 0 ? picomatch([...options.include], { dot: true }) : undefined;
  const excludes = options.exclude.length > 0 ? picomatch([...options.exclude], { dot: true }) : undefined;

  const snapshots: DiscoveredFile[] = [];
  const consider = (filePath: string): void => {
    if (found.has(filePath)) return;
    const relativePath = toPosix(relative(options.root, filePath)) || basename(filePath);
    if (includes && !includes(relativePath)) return;
    if (excludes?.(relativePath)) return;
    if (!inShard(relativePath, options.shard)) return;
    found.set(filePath, { filePath, relativePath });
  };

  const walk = async (folder: string, outer: readonly IgnoreScope[]): Promise<void> => {
    const own = await readIgnoreFile(folder);
    const scopes = own ? [...outer, own] : outer;
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      return; // unreadable folder: nothing in it can be migrated
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(folder, entry.name);
      // Symbolic links are never followed or rewritten: renaming over one would replace the link with a copy.
      if (entry.isDirectory()) {
        if (skippedFolders.has(entry.name) || isIgnored(scopes, path, true)) continue;
        await walk(path, scopes);
      } else if (entry.isFile() && isSourceFile(entry.name)) {
        if (!isIgnored(scopes, path, false)) consider(path);
      } else if (entry.isFile() && entry.name.endsWith('.snap') && !isIgnored(scopes, path, false)) {
        snapshots.push({ filePath: path, relativePath: toPosix(relative(options.root, path)) });
      }
    }
  };

  for (const given of options.paths) {
    const path = resolve(given);
    let stats;
    try {
      stats = await lstat(path);
    } catch {
      missing.push(given);
      continue;
    }
    if (stats.isDirectory()) await walk(path, await ancestorScopes(path, options.root));
    else if (stats.isFile() && isSourceFile(path)) consider(path); // named explicitly: taken even if ignored
  }

  const files = [...found.values()].sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0));
  return { files, missing, snapshots };
}
