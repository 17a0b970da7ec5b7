/**
 * The writers' lock: `system-id.json.lock`, created exclusively, so resets and migrations (which read the
 * record, change it and replace it) run one at a time across processes and no history entry is lost.
 *
 * A lock whose holder died is broken: at once when the holder ran on this host and its process is gone,
 * otherwise once it is older than `LOCK_STALE_MS` (a writer holds it for milliseconds). Breaking moves the
 * lock aside only if it is still the lock judged stale, so two breakers never remove a fresh lock.
 */
import { tempPathFor } from './atomic-write';
import { faultCodeOf, fsFault } from './errors';
import type { FileStat, SystemIdFileSystem } from './fs-layer';
import { moveAsideIfSame } from './storage';
import { sleep, type SystemIdTimers } from './timers';

export const LOCK_STALE_MS = 10_000;
const LOCK_POLL_MS = 10;
const MAX_LOCK_BYTES = 1_024;

export interface LockContext {
  readonly fs: SystemIdFileSystem;
  readonly timers: SystemIdTimers;
  readonly wallNow: () => number;
  readonly pid: number;
  readonly hostname: string;
  /** False only when `pid` surely does not run on this host. */
  readonly isProcessAlive: (pid: number) => boolean;
}

interface Holder {
  readonly pid: number;
  readonly hostname: string;
}

export function lockPathFor(file: string): string {
  return `${file}.lock`;
}

function parseHolder(content: string): Holder | null {
  try {
    const value: unknown = JSON.parse(content);
    if (typeof value !== 'object' || value === null) return null;
    const { pid, hostname } = value as Record<string, unknown>;
    return Number.isSafeInteger(pid) && typeof hostname === 'string' ? { pid: pid as number, hostname } : null;
  } catch {
    return null;
  }
}

async function readHolder(context: LockContext, lock: string): Promise<{ stat: FileStat; holder: Holder | null } | null> {
  try {
    const { content, stat } = await context.fs.readRegularFile(lock, MAX_LOCK_BYTES);
    return { stat, holder: parseHolder(content) };
  } catch (error) {
    if (faultCodeOf(error) === 'ENOENT') return null;
    throw error;
  }
}

/** Removes the lock if its holder is gone; true when the caller should try to take it again at once. */
async function breakIfStale(context: LockContext, file: string, lock: string): Promise<boolean> {
  const seen = await readHolder(context, lock);
  if (seen === null) return true;
  const { stat, holder } = seen;
  const holderGone = holder !== null && holder.hostname === context.hostname && !context.isProcessAlive(holder.pid);
  if (!holderGone && context.wallNow() - stat.mtimeMs <= LOCK_STALE_MS) return false;
  // Named like a temp file of this process: if we die before the unlink, the sweep removes it later.
  const aside = tempPathFor(file, context.pid);
  if (await moveAsideIfSame(context.fs, lock, stat, aside)) await context.fs.unlink(aside).catch(() => undefined);
  return true;
}

async function acquire(context: LockContext, file: string, lock: string, waitMs: number): Promise<FileStat> {
  const { fs, timers } = context;
  const deadline = timers.now() + waitMs;
  const owner = `${JSON.stringify({ pid: context.pid, hostname: context.hostname, at: new Date(context.wallNow()).toISOString() })}\n`;
  for (;;) {
    try {
      await fs.writeNewFile(lock, owner);
      return await fs.stat(lock);
    } catch (error) {
      if (faultCodeOf(error) !== 'EEXIST') throw error;
    }
    if (await breakIfStale(context, file, lock)) continue;
    if (timers.now() >= deadline) throw fsFault('LOCKED', `${lock} is held by another process`);
    await sleep(timers, LOCK_POLL_MS);
  }
}

/**
 * Runs `action` holding the lock of `file`. Waits for another holder at most `waitMs`, then fails with
 * `LOCKED`. The lock is released even when `action` throws.
 */
export async function withLock<T>(context: LockContext, file: string, waitMs: number, action: () => Promise<T>): Promise<T> {
  const lock = lockPathFor(file);
  const mine = await acquire(context, file, lock, waitMs);
  try {
    return await action();
  } finally {
    // Only our own lock: if it was broken as stale meanwhile, the lock now there belongs to someone else.
    const current = await context.fs.stat(lock).catch(() => null);
    if (current !== null && current.dev === mine.dev && current.ino === mine.ino) await context.fs.unlink(lock).catch(() => undefined);
  }
}
