/**
 * `--apply` refuses to touch files with uncommitted changes: git must be able to show and undo the rewrite. When
 * git cannot answer for a work tree (not installed, "dubious ownership"), that is an error, never "all clean".
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

export type GitAnswer = { readonly ok: true; readonly stdout: string } | { readonly ok: false; readonly error: string };

function git(cwd: string, args: readonly string[]): Promise<GitAnswer> {
  return new Promise((done) => {
    execFile('git', [...args], { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (!error) return done({ ok: true, stdout });
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return done({ ok: false, error: 'git was not found on PATH' });
      const said = stderr.split('\n').map((line) => line.trim()).filter((line) => line !== '');
      // git's first line says what failed ("fatal: detected dubious ownership in repository at …"); hints follow.
      done({ ok: false, error: said.find((line) => line.startsWith('fatal:')) ?? said[0] ?? error.message });
    });
  });
}

/** The top folder of the git work tree containing `folder`, or git's error. */
export async function gitTopLevel(folder: string): Promise<{ readonly top: string } | { readonly error: string }> {
  const answer = await git(folder, ['rev-parse', '--show-toplevel']);
  return answer.ok ? { top: resolve(answer.stdout.trim()) } : { error: answer.error };
}

export type DirtyState = 'modified' | 'untracked';

/** Absolute paths of files with uncommitted changes (staged, unstaged or untracked) in the work tree at `top`, or git's error. */
export async function dirtyFiles(top: string): Promise<Map<string, DirtyState> | { readonly error: string }> {
  const answer = await git(top, ['status', '--porcelain', '-z', '--untracked-files=all']);
  if (!answer.ok) return { error: answer.error };
  const dirty = new Map<string, DirtyState>();
  const records = answer.stdout.split('\0');
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
