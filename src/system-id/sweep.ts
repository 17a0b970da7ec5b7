/**
 * Removes what a killed process may leave in the ID directory: its temp files (`system-id.json.<pid>.<hex>.tmp`,
 * also the name of a broken lock moved aside) and diagnosis probes (`.system-id-probe-<pid>-<hex>`). Only
 * those names, and only when stale: the writing process no longer runs on this host and the file is older
 * than `STALE_TEMP_MS` (a live writer holds one for milliseconds; the age also protects the files of a
 * process on another host sharing the directory). Best effort: faults are ignored.
 */
import { join } from 'node:path';
import { faultCodeOf } from './errors';
import type { SystemIdFileSystem } from './fs-layer';
import { SYSTEM_ID_FILE_NAME } from './paths';

export const STALE_TEMP_MS = 30_000;

const escaped = SYSTEM_ID_FILE_NAME.replace(/[.]/g, '\\.');
const OWN_TEMP_NAMES: readonly RegExp[] = [new RegExp(`^${escaped}\\.(\\d+)\\.[0-9a-f]{8}\\.tmp$`), /^\.system-id-probe-(\d+)-[0-9a-f]{8}$/];

export interface SweepContext {
  readonly fs: SystemIdFileSystem;
  readonly wallNow: () => number;
  readonly isProcessAlive: (pid: number) => boolean;
}

/** The writing process's ID when `name` is one of this module's temp files, else `null`. */
export function tempFileOwner(name: string): number | null {
  for (const pattern of OWN_TEMP_NAMES) {
    const match = pattern.exec(name);
    if (match?.[1] !== undefined) return Number(match[1]);
  }
  return null;
}

/** Returns the names it removed. */
export async function sweepStaleTemps(context: SweepContext, directory: string): Promise<readonly string[]> {
  const { fs } = context;
  const removed: string[] = [];
  let names: readonly string[];
  try {
    names = await fs.readDirectory(directory);
  } catch {
    return removed;
  }
  for (const name of names) {
    const owner = tempFileOwner(name);
    if (owner === null || context.isProcessAlive(owner)) continue;
    const path = join(directory, name);
    try {
      const stat = await fs.lstat(path);
      if (stat.kind !== 'file' || context.wallNow() - stat.mtimeMs < STALE_TEMP_MS) continue;
      await fs.unlink(path);
      removed.push(name);
    } catch (error) {
      if (faultCodeOf(error) !== 'ENOENT') return removed;
    }
  }
  return removed;
}
