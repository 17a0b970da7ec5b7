/**
 * Reading the stored ID and quarantining unreadable files. Non-regular files (a FIFO, a device, a
 * directory) are refused from `stat` before anything opens them; faults that will not fix themselves (a
 * dangling symlink, a directory in place of the file, an untrusted file) are reported as such, at once.
 */
import { randomBytes } from 'node:crypto';
import { faultCodeOf, fsFault } from './errors';
import type { FileStat, SystemIdFileSystem } from './fs-layer';
import { MAX_RECORD_BYTES, parseRecord, type InvalidReason, type SystemIdRecord } from './record';
import { sleep, type SystemIdTimers } from './timers';
import { checkDirectoryTrust, checkFileTrust, type TrustPolicy } from './trust';

export type StoredRead =
  | { readonly state: 'missing' }
  | { readonly state: 'valid'; readonly record: SystemIdRecord }
  | { readonly state: 'invalid'; readonly reason: InvalidReason; readonly identity: FileStat };

export interface ReadContext {
  readonly fs: SystemIdFileSystem;
  readonly timers: SystemIdTimers;
  readonly wallNow: () => number;
  readonly trust: TrustPolicy;
}

export interface StoredLocation {
  readonly directory: string;
  readonly file: string;
}

// A writer without hard links (the fallback in exclusive-create) creates the file empty and fills it a
// moment later; an empty file this young is re-read a few times before it counts as corrupt.
const FRESH_EMPTY_FILE_MS = 2_000;
const FRESH_EMPTY_REREADS = 5;
const FRESH_EMPTY_REREAD_DELAY_MS = 20;

async function statOrNull(fs: SystemIdFileSystem, path: string, lstat = false): Promise<FileStat | null> {
  try {
    return await (lstat ? fs.lstat(path) : fs.stat(path));
  } catch (error) {
    if (faultCodeOf(error) === 'ENOENT') return null;
    throw error;
  }
}

/** Why a missing file is missing: really absent, or a symlink pointing nowhere (which no retry will fix). */
async function missingOrDangling(fs: SystemIdFileSystem, file: string): Promise<StoredRead> {
  const link = await statOrNull(fs, file, true);
  if (link?.kind === 'symlink') throw fsFault('DANGLING_SYMLINK', `${file} is a symbolic link to nothing`);
  return { state: 'missing' };
}

async function readOnce(context: ReadContext, file: string): Promise<StoredRead> {
  const { fs } = context;
  const stat = await statOrNull(fs, file);
  if (stat === null) return missingOrDangling(fs, file);
  if (stat.kind === 'directory') throw fsFault('EISDIR', `${file} is a directory, not the ID file`);
  if (stat.kind !== 'file') throw fsFault('NOT_REGULAR_FILE', `${file} is not a regular file`);
  checkFileTrust(stat, file, context.trust);
  if (stat.size > MAX_RECORD_BYTES) return { state: 'invalid', reason: 'too-large', identity: stat };
  let read: { content: string; stat: FileStat };
  try {
    read = await fs.readRegularFile(file, MAX_RECORD_BYTES);
  } catch (error) {
    // Quarantined or replaced by another process between stat and open.
    if (faultCodeOf(error) === 'ENOENT') return { state: 'missing' };
    throw error;
  }
  // The file opened may not be the one stat saw: check the owner of the one actually read.
  checkFileTrust(read.stat, file, context.trust);
  const parsed = parseRecord(read.content);
  return parsed.ok ? { state: 'valid', record: parsed.record } : { state: 'invalid', reason: parsed.reason, identity: read.stat };
}

export async function readStored(context: ReadContext, location: StoredLocation): Promise<StoredRead> {
  const directory = await statOrNull(context.fs, location.directory);
  if (directory !== null) checkDirectoryTrust(directory, location.directory, context.trust);
  let read = await readOnce(context, location.file);
  for (let reread = 0; reread < FRESH_EMPTY_REREADS; reread++) {
    if (read.state !== 'invalid' || read.reason !== 'empty') break;
    if (context.wallNow() - read.identity.mtimeMs > FRESH_EMPTY_FILE_MS) break;
    await sleep(context.timers, FRESH_EMPTY_REREAD_DELAY_MS);
    read = await readOnce(context, location.file);
  }
  return read;
}

export function quarantinePathFor(file: string, wallNow: number): string {
  const stamp = new Date(wallNow).toISOString().replace(/[:.]/g, '-');
  return `${file}.corrupt-${stamp}-${randomBytes(3).toString('hex')}`;
}

function sameFile(a: FileStat, b: FileStat): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

/**
 * Renames `path` to `target` only if it is still the file `identity` describes. Returns false when it is
 * gone or is another file (another process dealt with it first); nothing is lost either way.
 */
export async function moveAsideIfSame(fs: SystemIdFileSystem, path: string, identity: FileStat, target: string): Promise<boolean> {
  const current = await statOrNull(fs, path);
  if (current === null || !sameFile(current, identity)) return false;
  try {
    await fs.rename(path, target);
  } catch (error) {
    if (faultCodeOf(error) === 'ENOENT') return false;
    throw error;
  }
  // Between our stat and rename another process may have replaced the file, and we just moved the newer
  // one. Put it back (link is exclusive: never over a still newer file) and report that nothing was moved.
  const moved = await fs.stat(target);
  if (!sameFile(moved, identity)) {
    await fs.link(target, path).then(
      () => fs.unlink(target),
      () => undefined,
    );
    return false;
  }
  return true;
}

/**
 * Moves an unreadable file aside (rename: the bytes are kept, never truncated). Returns the new path, or
 * `null` when the file at `file` is no longer the one judged unreadable, in which case the caller reads again.
 */
export async function quarantine(fs: SystemIdFileSystem, file: string, identity: FileStat, wallNow: number): Promise<string | null> {
  const target = quarantinePathFor(file, wallNow);
  return (await moveAsideIfSame(fs, file, identity, target)) ? target : null;
}
