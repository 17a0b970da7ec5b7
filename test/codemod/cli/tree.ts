/** A folder's files, bytes and modes, to prove a run changed nothing but the edits it meant. */
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

export type Tree = Record<string, { readonly mode: string; readonly content: string }>;

/** Every entry under `root` (`.git` aside): its mode (octal, setuid/setgid included) and its bytes (hex) or link target. */
export function snapshotTree(root: string): Tree {
  const tree: Tree = {};
  const walk = (folder: string, prefix: string): void => {
    for (const name of readdirSync(folder).sort()) {
      if (name === '.git') continue;
      const path = join(folder, name);
      const stats = lstatSync(path);
      const key = prefix + name;
      const mode = (stats.mode & 0o7777).toString(8);
      if (stats.isSymbolicLink()) tree[key] = { mode: 'link', content: readlinkSync(path) };
      else if (stats.isDirectory()) {
        tree[`${key}/`] = { mode, content: '' };
        if (stats.mode & 0o400) walk(path, `${key}/`);
      } else tree[key] = { mode, content: stats.isFile() ? readFileSync(path).toString('hex') : 'special' };
    }
  };
  walk(root, '');
  return tree;
}

/** `before` with the files of `edits` given new text (mode kept): what a tree should be after exactly those edits. */
export function withEdits(before: Tree, edits: Readonly<Record<string, string>>): Tree {
  const after: Tree = { ...before };
  for (const [path, text] of Object.entries(edits)) {
    const entry = before[path];
    if (!entry) throw new Error(`${path} is not in the tree`);
    after[path] = { mode: entry.mode, content: Buffer.from(text).toString('hex') };
  }
  return after;
}
