/**
 * The file-system layer: the few operations the system ID needs, behind an interface so tests can inject
 * EROFS, ENOSPC, slow or hung calls. `nodeFileSystem` is the real implementation (node:fs/promises only:
 * nothing here blocks the event loop).
 */
import { constants, promises as fsp } from 'node:fs';
import { dirname } from 'node:path';
import type { Stats } from 'node:fs';
import { faultCodeOf, fsFault } from './errors';

export interface FileStat {
  /** `symlink` only from `lstat`. */
  readonly kind: 'file' | 'directory' | 'symlink' | 'other';
  readonly size: number;
  readonly mtimeMs: number;
  /** Identity, to make sure a file is still the one we read before quarantining it. */
  readonly dev: number;
  readonly ino: number;
  /** Permission bits (`0o777` and the sticky bit); 0 where the platform has none. */
  readonly mode: number;
  /** Owner's user ID (0 on Windows, where the trust check does not run). */
  readonly uid: number;
}

export interface SystemIdFileSystem {
  /** stat (follows symlinks, so a dotfile manager's link to a regular file works). */
  stat(path: string): Promise<FileStat>;
  /** lstat (does not follow a symlink: tells a dangling link from a missing file). */
  lstat(path: string): Promise<FileStat>;
  /** The names in a directory (to find stale temp files of dead processes). */
  readDirectory(path: string): Promise<readonly string[]>;
  /**
   * Reads a regular file: opened non-blocking and checked with fstat, so a FIFO swapped in after `stat`
   * is refused (`NOT_REGULAR_FILE`) instead of hanging a thread. Reads at most `maxBytes + 1` bytes.
   */
  readRegularFile(path: string, maxBytes: number): Promise<{ readonly content: string; readonly stat: FileStat }>;
  /** Creates `path` exclusively (EEXIST if present), writes, fsyncs, closes; on failure removes what it created. */
  writeNewFile(path: string, content: string): Promise<void>;
  link(existingPath: string, newPath: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** mkdir -p with mode 0700. */
  mkdir(path: string): Promise<void>;
  /** fsync a directory so a new entry survives a crash (best effort: callers ignore its faults). */
  syncDirectory(path: string): Promise<void>;
}

function kindOf(stats: Stats): FileStat['kind'] {
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'directory';
  return stats.isSymbolicLink() ? 'symlink' : 'other';
}

function toFileStat(stats: Stats): FileStat {
  return {
    kind: kindOf(stats),
    size: stats.size,
    mtimeMs: stats.mtimeMs,
    dev: stats.dev,
    ino: stats.ino,
    mode: stats.mode & 0o1777,
    uid: stats.uid,
  };
}

const MAX_DIRECTORY_DEPTH = 64;

/**
 * mkdir -p, one level at a time. Node's own `recursive: true` spins forever on some uncreatable parents
 * (e.g. under /proc), pinning a thread-pool thread; this version fails with the parent's error instead.
 */
async function makeDirectories(path: string, depth: number): Promise<void> {
  const parent = dirname(path);
  try {
    await makeDirectory(path);
    return;
  } catch (error) {
    if (faultCodeOf(error) !== 'ENOENT' || parent === path || depth === 0) throw error;
  }
  await makeDirectories(parent, depth - 1);
  // The parent exists now; a second ENOENT means it cannot hold directories (a pseudo file system).
  await makeDirectory(path);
}

async function makeDirectory(path: string): Promise<void> {
  try {
    await fsp.mkdir(path, { mode: 0o700 });
  } catch (error) {
    if (faultCodeOf(error) !== 'EEXIST') throw error;
    if (!(await fsp.stat(path)).isDirectory()) throw fsFault('ENOTDIR', `${path} exists and is not a directory`);
  }
}

// Not defined on Windows, where FIFOs cannot appear at a path anyway.
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;

export const nodeFileSystem: SystemIdFileSystem = {
  async stat(path) {
    return toFileStat(await fsp.stat(path));
  },

  async lstat(path) {
    return toFileStat(await fsp.lstat(path));
  },

  async readDirectory(path) {
    return fsp.readdir(path);
  },

  async readRegularFile(path, maxBytes) {
    const handle = await fsp.open(path, constants.O_RDONLY | O_NONBLOCK);
    try {
      const stat = toFileStat(await handle.stat());
      if (stat.kind !== 'file') throw fsFault('NOT_REGULAR_FILE', `${path} is not a regular file`);
      const buffer = Buffer.alloc(maxBytes + 1);
      let length = 0;
      while (length < buffer.length) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      return { content: buffer.subarray(0, length).toString('utf8'), stat };
    } finally {
      await handle.close();
    }
  },

  async writeNewFile(path, content) {
    const handle = await fsp.open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } catch (error) {
      await handle.close().catch(() => undefined);
      // We created it exclusively, so it is ours to remove: never leave a half-written file behind.
      await fsp.unlink(path).catch(() => undefined);
      throw error;
    }
    await handle.close();
  },

  async link(existingPath, newPath) {
    await fsp.link(existingPath, newPath);
  },

  async rename(from, to) {
    await fsp.rename(from, to);
  },

  async unlink(path) {
    await fsp.unlink(path);
  },

  async mkdir(path) {
    await makeDirectories(path, MAX_DIRECTORY_DEPTH);
  },

  async syncDirectory(path) {
    const handle = await fsp.open(path, constants.O_RDONLY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
};

/** The same file system, calling `onSettled` each time one of its calls returns or fails. */
export function observeSettled(fs: SystemIdFileSystem, onSettled: () => void): SystemIdFileSystem {
  const observed = <A extends unknown[], R>(call: (...args: A) => Promise<R>) => (...args: A): Promise<R> =>
    call(...args).finally(onSettled);
  return {
    stat: observed((path) => fs.stat(path)),
    lstat: observed((path) => fs.lstat(path)),
    readDirectory: observed((path) => fs.readDirectory(path)),
    readRegularFile: observed((path, maxBytes) => fs.readRegularFile(path, maxBytes)),
    writeNewFile: observed((path, content) => fs.writeNewFile(path, content)),
    link: observed((from, to) => fs.link(from, to)),
    rename: observed((from, to) => fs.rename(from, to)),
    unlink: observed((path) => fs.unlink(path)),
    mkdir: observed((path) => fs.mkdir(path)),
    syncDirectory: observed((path) => fs.syncDirectory(path)),
  };
}
