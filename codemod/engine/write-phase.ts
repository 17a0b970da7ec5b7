/**
 * Phase 6 of a `migrate` run (`--apply` only). First the guard, all or nothing: in a git work tree, a file that
 * would change and has uncommitted changes (`--allow-dirty` aside), or a git that cannot answer, stops the phase
 * before any write, so a tree is never left half-migrated. Then each changed file is written atomically unless it
 * changed on disk since it was read. A signal stops the phase between two files; files not reached are reported as
 * `interrupted`.
 */
import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FileState } from './file-state';
import { failFile, yieldToEvents } from './file-state';
import { writeFileAtomically } from './file-system';
import { dirtyFiles, gitTopLevel } from './git';
import type { DirtyState } from './git';
import type { ApplyRefusal } from './report';
import { gitWorkTreeTop } from './run-root';
import type { RunSettings } from './settings';
import { encodeSource, hashBytes } from './text';

export interface WriteHooks {
  readonly signal?: AbortSignal;
  /** Called once a file is on disk (tests use it to interrupt a run in the middle of its writes). */
  readonly onWritten?: (path: string) => Promise<void> | void;
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * Uncommitted files among `files`, per git work tree (no check outside git), or the first error git gave for a work
 * tree it could not read.
 */
async function dirtyPaths(files: readonly string[]): Promise<Map<string, DirtyState> | ApplyRefusal> {
  const tops = new Set<string>();
  const checkedFolders = new Set<string>();
  for (const file of files) {
    const folder = dirname(file);
    if (checkedFolders.has(folder)) continue;
    checkedFolders.add(folder);
    if (gitWorkTreeTop(folder) === undefined) continue;
    const answer = await gitTopLevel(folder);
    if ('error' in answer) return gitRefusal(folder, answer.error);
    tops.add(answer.top);
  }
  const dirty = new Map<string, DirtyState>();
  for (const top of tops) {
    const answer = await dirtyFiles(top);
    if ('error' in answer) return gitRefusal(top, answer.error);
    for (const [path, state] of answer) dirty.set(realPath(path), state);
  }
  return dirty;
}

function gitRefusal(folder: string, error: string): ApplyRefusal {
  return {
    code: 'git-error',
    message: `git could not tell which files have uncommitted changes in ${folder} (${error}). Fix git, or pass --allow-dirty to write without this check`,
  };
}

/**
 * The guard of `--apply`: `undefined` when every file of `changed` may be written; else why nothing may be (the
 * dirty files also get their `dirty` failure, so the report lists them).
 */
export async function guardWrites(changed: readonly FileState[], allowDirty: boolean): Promise<ApplyRefusal | undefined> {
  if (allowDirty || changed.length === 0) return undefined;
  const dirty = await dirtyPaths(changed.map((state) => state.file.filePath));
  if (!(dirty instanceof Map)) return dirty;
  let count = 0;
  for (const state of changed) {
    const dirtyState = dirty.get(realPath(state.file.filePath));
    if (!dirtyState) continue;
    count++;
    failFile(state, 'dirty', dirtyState === 'untracked' ? 'not committed to git (untracked); commit it or pass --allow-dirty' : 'has uncommitted changes; commit or stash them, or pass --allow-dirty');
  }
  if (count === 0) return undefined;
  return {
    code: 'dirty',
    message: `${count === 1 ? '1 file that would change has' : `${count} files that would change have`} uncommitted changes (listed under skipped). Commit or stash them, or pass --allow-dirty`,
  };
}

/** Writes `changed`; returns the files written. A file that cannot be written gets its `failure`. */
export async function writeChanges(settings: RunSettings, changed: readonly FileState[], hooks: WriteHooks): Promise<Set<FileState>> {
  const written = new Set<FileState>();
  const { signal } = hooks;
  for (const state of changed) {
    if (signal?.aborted) break;
    const outcome = writeFileAtomically(settings.fs, { path: state.file.filePath, data: encodeSource(state.text, state.hasBom), expectedHash: state.hash, hash: hashBytes });
    if (outcome.ok) {
      written.add(state);
      await hooks.onWritten?.(state.file.relativePath);
    } else failFile(state, outcome.reason, outcome.message);
    // Between two files (never inside one), let a SIGINT handler stop the run.
    await yieldToEvents();
  }
  if (signal?.aborted) {
    for (const state of changed) if (!written.has(state) && !state.failure) failFile(state, 'interrupted', 'interrupted before this file was written; it is unchanged');
  }
  return written;
}
