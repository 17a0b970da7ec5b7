/**
 * The two ways the ID file is written, both never exposing a partial file.
 *
 * Creation, so that exactly one of many racing processes wins: write a private temp file, fsync it, then
 * `link` it to the final name (atomic, EEXIST when someone else won). Where hard links are unsupported,
 * fall back to O_EXCL creation of the final name. Replacement (reset, migrate): temp + fsync + rename.
 */
import { randomBytes } from 'node:crypto';
import { faultCodeOf } from './errors';
import type { SystemIdFileSystem } from './fs-layer';

export type CreateResult = 'created' | 'exists';

// What link(2) says when the file system has no hard links (FAT, exFAT, some FUSE and network mounts).
// The temp file was just created in the same directory, so these cannot mean "read-only" here.
const LINK_UNSUPPORTED: ReadonlySet<string> = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

export function tempPathFor(file: string, pid: number): string {
  return `${file}.${pid}.${randomBytes(4).toString('hex')}.tmp`;
}

export async function createExclusive(
  fs: SystemIdFileSystem,
  file: string,
  directory: string,
  content: string,
  pid: number,
): Promise<CreateResult> {
  const temp = tempPathFor(file, pid);
  let result: CreateResult | 'link-unsupported';
  // writeNewFile removes its own file when it fails, so a failed write leaves no temp behind.
  await fs.writeNewFile(temp, content);
  try {
    await fs.link(temp, file);
    result = 'created';
  } catch (error) {
    const code = faultCodeOf(error);
    if (code === 'EEXIST') result = 'exists';
    else if (LINK_UNSUPPORTED.has(code)) result = 'link-unsupported';
    else throw error;
  } finally {
    await fs.unlink(temp).catch(() => undefined);
  }
  if (result === 'link-unsupported') {
    try {
      await fs.writeNewFile(file, content);
      result = 'created';
    } catch (error) {
      if (faultCodeOf(error) !== 'EEXIST') throw error;
      return 'exists';
    }
  }
  if (result === 'created') await fs.syncDirectory(directory).catch(() => undefined);
  return result;
}

/** Replaces the file atomically (temp + fsync + rename): readers see the old content or the new, never a mix. */
export async function replaceAtomically(
  fs: SystemIdFileSystem,
  file: string,
  directory: string,
  content: string,
  pid: number,
): Promise<void> {
  const temp = tempPathFor(file, pid);
  await fs.writeNewFile(temp, content);
  try {
    await fs.rename(temp, file);
  } catch (error) {
    await fs.unlink(temp).catch(() => undefined);
    throw error;
  }
  await fs.syncDirectory(directory).catch(() => undefined);
}
