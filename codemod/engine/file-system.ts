/**
 * The only file-system writes the codemod makes, behind a small interface so fault tests can make any step
 * fail (a rename that throws, a file changed between read and write) and check that nothing was lost.
 * Everything is synchronous on purpose: a signal handler (SIGINT) runs between files, never inside one write;
 * and for many small files, synchronous reads are faster than the thread pool's round trips.
 */
import { chmodSync, chownSync, closeSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { temporaryPathFor } from './temporary-files';

export interface FileSystem {
  readFileSync(path: string): Uint8Array;
  /** Creates `path` (failing if it exists), writes `data`, flushes it to disk and closes it. */
  writeNewFileSync(path: string, data: Uint8Array, mode: number): void;
  chmodSync(path: string, mode: number): void;
  chownSync(path: string, uid: number, gid: number): void;
  renameSync(from: string, to: string): void;
  unlinkSync(path: string): void;
  metadataSync(path: string): FileMetadata;
  /** Last modification time (stale temporary files). */
  modifiedMsSync(path: string): number;
}

export interface FileMetadata {
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
}

export const nodeFileSystem: FileSystem = {
  readFileSync: (path) => readFileSync(path),
  writeNewFileSync: (path, data, mode) => {
    const fd = openSync(path, 'wx', mode);
    try {
      let offset = 0;
      while (offset < data.byteLength) offset += writeSync(fd, data, offset, data.byteLength - offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  },
  chmodSync: (path, mode) => chmodSync(path, mode),
  renameSync: (from, to) => renameSync(from, to),
  unlinkSync: (path) => unlinkSync(path),
  chownSync: (path, uid, gid) => chownSync(path, uid, gid),
  metadataSync: (path) => {
    const stats = statSync(path);
    return { mode: stats.mode & 0o7777, uid: stats.uid, gid: stats.gid };
  },
  modifiedMsSync: (path) => statSync(path).mtimeMs,
};

export type WriteOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: 'conflict' | 'write-error'; readonly message: string };

export interface AtomicWrite {
  readonly path: string;
  readonly data: Uint8Array;
  /** Hash of the bytes the run read; the file must still hash to it. */
  readonly expectedHash: string;
  readonly hash: (bytes: Uint8Array) => string;
}

/**
 * Replaces `path` with `data` so that at every moment the path holds either its old bytes or its new ones:
 * write a temporary sibling, flush it, give it the original mode, rename it over the original.
 * A failure at any step removes the temporary file and leaves the original untouched.
 */
export function writeFileAtomically(fs: FileSystem, write: AtomicWrite): WriteOutcome {
  let current: Uint8Array;
  let metadata: FileMetadata;
  try {
    current = fs.readFileSync(write.path);
    metadata = fs.metadataSync(write.path);
  } catch (error) {
    return { ok: false, reason: 'conflict', message: `could not re-read the file before writing: ${messageOf(error)}` };
  }
  if (write.hash(current) !== write.expectedHash) {
    return { ok: false, reason: 'conflict', message: 'the file changed on disk after it was read; left as is (run again)' };
  }
  const temporary = temporaryPathFor(write.path);
  try {
    fs.writeNewFileSync(temporary, write.data, metadata.mode);
    // Keep the owner when we can, then set the mode exactly: the mode given at creation is filtered by the umask,
    // and a chown clears the setuid and setgid bits, so chmod comes last.
    if (process.getuid?.() === 0) fs.chownSync(temporary, metadata.uid, metadata.gid);
    fs.chmodSync(temporary, metadata.mode);
    fs.renameSync(temporary, write.path);
    return { ok: true };
  } catch (error) {
    try {
      fs.unlinkSync(temporary);
    } catch {
      // Nothing to remove: the temporary file was never created (or already renamed).
    }
    return { ok: false, reason: 'write-error', message: `could not write: ${messageOf(error)}; the original is unchanged` };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
