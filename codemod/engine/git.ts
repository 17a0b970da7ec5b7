/** `--apply` refuses to touch files with uncommitted changes: git must be able to show and undo the rewrite. */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

function git(cwd: string, args: readonly string[]): Promise<string | undefined> {
  return new Promise((done) => {
    execFile('git', [...args], { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' }, (error, stdout) => done(error ? undefined : stdout));
  });
}

/** The top folder of the git work tree containing `folder`, or `undefined` outside git (or without git installed). */
export async function gitTopLevel(folder: string): Promise<string | undefined> {
  const out = await git(folder, ['rev-parse', '--show-toplevel']);
  return out === undefined ? undefined : resolve(out.trim());
}

export type DirtyState = 'modified' | 'untracked';

/** Absolute paths of files with uncommitted changes (staged, unstaged or untracked) in the work tree at `top`. */
export async function dirtyFiles(top: string): Promise<Map<string, DirtyState>> {
  const out = await git(top, ['status', '--porcelain', '-z', '--untracked-files=all']);
  const dirty = new Map<string, DirtyState>();
  if (out === undefined) return dirty;
  const records = out.split('\0');
  for (let i = 0; i < records.length; i++) {
    const record = records[i] ?? '';
    if (record.length < 4) continue;
    const status = record.slice(0, 2);
    dirty.set(resolve(top, record.slice(3)), status === '??' ? 'untracked' : 'modified');
    // A rename or copy record is followed by its source path, which is not a file of the work tree any more.
    if (status[0] === 'R' || status[0] === 'C') i++;
  }
  return dirty;
}
