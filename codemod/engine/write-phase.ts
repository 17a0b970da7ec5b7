/**
 * Phase 6 of a `migrate` run (`--apply` only): each changed file written atomically, unless git says it has
 * uncommitted changes (`--allow-dirty` aside) or it changed on disk since it was read. A signal stops the phase
 * between two files; files not reached are reported as `interrupted`.
 */
import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FileState } from './file-state';
import { failFile, yieldToEvents } from './file-state';
import { writeFileAtomically } from './file-system';
import { dirtyFiles, gitTopLevel } from './git';
import type { RunSettings } from './settings';
import { encodeSource, hashBytes } from './text';

export interface WriteHooks {
  readonly allowDirty: boolean;
  readonly signal?: AbortSignal;
}

/** Writes `changed`; returns the files written. A file that cannot be written gets its `failure`. */
export async function writeChanges(settings: RunSettings, changed: readonly FileState[], hooks: WriteHooks): Promise<Set<FileState>> {
  const written = new Set<FileState>();
  const { signal } = hooks;
  if (settings.mode !== 'apply' || changed.length === 0) return written;
  if (!signal?.aborted) {
    const dirty = hooks.allowDirty ? undefined : await dirtyPaths(changed.map((state) => state.file.filePath));
    for (const state of changed) {
      if (signal?.aborted) break;
      const dirtyState = dirty?.get(realPath(state.file.filePath));
      if (dirtyState) {
        failFile(state, 'dirty', dirtyState === 'untracked' ? 'not committed to git (untracked); commit it or pass --allow-dirty' : 'has uncommitted changes; commit or stash them, or pass --allow-dirty');
        continue;
      }
      const outcome = writeFileAtomically(settings.fs, { path: state.file.filePath, data: encodeSource(state.text, state.hasBom), expectedHash: state.hash, hash: hashBytes });
      if (outcome.ok) written.add(state);
      else failFile(state, outcome.reason, outcome.message);
      // Between two files (never inside one), let a SIGINT handler stop the run.
      await yieldToEvents();
    }
  }
  if (signal?.aborted) {
    for (const state of changed) if (!written.has(state) && !state.failure) failFile(state, 'interrupted', 'interrupted before this file was written; it is unchanged');
  }
  return written;
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Uncommitted files among `files`, per git work tree (no check outside git). */
async function dirtyPaths(files: readonly string[]): Promise<Map<string, 'modified' | 'untracked'>> {
  const tops = new Map<string, string | undefined>();
  const dirty = new Map<string, 'modified' | 'untracked'>();
  for (const file of files) {
    const folder = dirname(file);
    if (!tops.has(folder)) tops.set(folder, await gitTopLevel(folder));
  }
  for (const top of new Set(tops.values())) {
    if (top === undefined) continue;
    for (const [path, state] of await dirtyFiles(top)) dirty.set(realPath(path), state);
  }
  return dirty;
}
