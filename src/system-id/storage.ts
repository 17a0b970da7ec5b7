/**
 * Reading the stored ID and quarantining unreadable files. Non-regular files (a FIFO, a device, a
 * directory) are refused from `stat` before anything opens them.
 */
import { randomBytes } from 'node:crypto';
import { faultCodeOf, fsFault } from './errors';
import type { FileStat, SystemIdFileSystem } from './fs-layer';
import { MAX_RECORD_BYTES, parseRecord, type InvalidReason, type SystemIdRecord } from './record';
import { sleep, type SystemIdTimers } from './timers';

export type StoredRead =
  | { readonly state: 'missing' }
  | { readonly state: 'valid'; readonly record: SystemIdRecord }
  | { readonly state: 'invalid'; readonly reason: InvalidReason; readonly identity: FileStat };

// A writer without hard links (the fallback in exclusive-create) creates the file empty and fills it a
// moment later; an empty file this young is re-read a few times before it counts as corrupt.
const FRESH_EMPTY_FILE_MS = 2_000;
const FRESH_EMPTY_REREADS = 5;
const FRESH_EMPTY_REREAD_DELAY_MS = 20;

async function readOnce(fs: SystemIdFileSystem, file: string): Promise<StoredRead> {
  let stat: FileStat;
  try {
    stat = await fs.stat(file);
  } catch (error) {
    if (faultCodeOf(error) === 'ENOENT') return { state: 'missing' };
    throw error;
  }
  if (stat.kind !== 'file') throw fsFault('NOT_REGULAR_FILE', `${file} is not a regular file`);
  if (stat.size > MAX_RECORD_BYTES) return { state: 'invalid', reason: 'too-large', identity: stat };
  let read: { content: string; stat: FileStat };
  try {
    read = await fs.readRegularFile(file, MAX_RECORD_BYTES);
  } catch (error) {
    // Quarantined or replaced by another process between stat and open.
    if (faultCodeOf(error) === 'ENOENT') return { state: 'missing' };
    throw error;
  }
  const parsed = parseRecord(read.content);
  return parsed.ok ? { state: 'valid', record: parsed.record } : { state: 'invalid', reason: parsed.reason, identity: read.stat };
}

export async function readStored(
  fs: SystemIdFileSystem,
  file: string,
  timers: SystemIdTimers,
  wallNow: () => number,
): Promise<StoredRead> {
  let read = await readOnce(fs, file);
  for (let reread = 0; reread < FRESH_EMPTY_REREADS; reread++) {
    if (read.state !== 'invalid' || read.reason !== 'empty') break;
    if (wallNow() - read.identity.mtimeMs > FRESH_EMPTY_FILE_MS) break;
    await sleep(timers, FRESH_EMPTY_REREAD_DELAY_MS);
    read = await readOnce(fs, file);
  }
  return read;
}

export function quarantinePathFor(file: string, wallNow: number): string {
  const stamp = new Date(wallNow).toISOString().replace(/[:.]/g, '-');
  return `${file}.corrupt-${stamp}-${randomBytes(3).toString('hex')}`;
}

/**
 * Moves an unreadable file aside (rename: the bytes are kept, never truncated). Returns the new path, or
 * `null` when the file at `file` is no longer the one judged unreadable (another process already dealt
 * with it), in which case the caller reads again.
 */
export async function quarantine(
  fs: SystemIdFileSystem,
  file: string,
  identity: FileStat,
  wallNow: number,
): Promise<string | null> {
  let current: FileStat;
  try {
    current = await fs.stat(file);
  } catch (error) {
    if (faultCodeOf(error) === 'ENOENT') return null;
    throw error;
  }
  if (current.dev !== identity.dev || current.ino !== identity.ino) return null;
  const target = quarantinePathFor(file, wallNow);
  try {
    await fs.rename(file, target);
  } catch (error) {
    if (faultCodeOf(error) === 'ENOENT') return null;
    throw error;
  }
  // Between our stat and rename another process may have quarantined the file and created a good one,
  // which we just moved. Put it back (link is exclusive: never over a newer file) and let the caller re-read.
  const moved = await fs.stat(target);
  if (moved.dev !== identity.dev || moved.ino !== identity.ino) {
    await fs.link(target, file).then(
      () => fs.unlink(target),
      () => undefined,
    );
    return null;
  }
  return target;
}
