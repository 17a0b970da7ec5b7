/**
 * The temporary files `--apply` writes beside each target before renaming it over the original. Their name says
 * whose they are (`.<name>.unified-id-<pid>-<random>.tmp`), so a later run can remove those a killed run left,
 * and only those: a file of another tool never matches, and one whose process may still be writing is kept.
 */
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import type { FileSystem } from './file-system';

/** A temporary file older than this is stale even if a process with its pid runs (pids are reused). */
export const staleAfterMs = 60 * 60 * 1000;

const ownName = /^\..+\.unified-id-(\d+)-[0-9a-f]{12}\.tmp$/;

/** `.<name>.unified-id-<pid>-<random>.tmp` beside the target, so the final rename never crosses file systems. */
export function temporaryPathFor(target: string, pid: number = process.pid): string {
  return join(dirname(target), `.${basename(target)}.unified-id-${pid}-${randomBytes(6).toString('hex')}.tmp`);
}

export function isOwnTemporaryFile(name: string): boolean {
  return ownName.test(name);
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Stale: the run that wrote it is gone (its pid is not running, or it is older than any run lasts). */
export function isStale(path: string, modifiedMs: number, now: number, isAlive: (pid: number) => boolean = processIsAlive): boolean {
  const pid = Number(ownName.exec(basename(path))?.[1]);
  if (!Number.isSafeInteger(pid)) return false;
  if (pid === process.pid) return false;
  return now - modifiedMs > staleAfterMs || !isAlive(pid);
}

/** Removes the stale ones among `paths` (found by discovery); returns those removed. Failures leave a file in place. */
export function removeStaleTemporaryFiles(fs: FileSystem, paths: readonly string[], now = Date.now()): string[] {
  const removed: string[] = [];
  for (const path of paths) {
    try {
      if (!isStale(path, fs.modifiedMsSync(path), now)) continue;
      fs.unlinkSync(path);
      removed.push(path);
    } catch {
      // Gone already, or not ours to remove: leave it.
    }
  }
  return removed;
}
