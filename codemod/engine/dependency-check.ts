/**
 * After `--apply`: the packages (nearest `package.json`) whose files now import the codec's package without
 * declaring it, each with the command that adds it, in the package manager its lockfile names.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { isTestFile } from '../test-files';
import { toPosix } from './discovery';
import type { FileState } from './file-state';
import type { MissingDependency } from './report';
import { gitWorkTreeTop } from './run-root';

const specifierPattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)(['"])([^'"\r\n]+)\1/g;

/** `@scope/name` or `name` of a bare specifier (`unified-id/testing` → `unified-id`); `undefined` for a relative or absolute one. */
export function packageNameOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:') || specifier === '') return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? (parts.length >= 2 ? `${parts[0]}/${parts[1]}` : undefined) : parts[0];
}

export function importsPackage(text: string, name: string): boolean {
  for (const match of text.matchAll(specifierPattern)) if (packageNameOf(match[2] ?? '') === name) return true;
  return false;
}

interface PackageJson {
  readonly name?: unknown;
  readonly dependencies?: unknown;
  readonly peerDependencies?: unknown;
  readonly optionalDependencies?: unknown;
  readonly devDependencies?: unknown;
}

function readPackageJson(path: string): PackageJson | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as PackageJson) : undefined;
  } catch {
    return undefined;
  }
}

function declares(field: unknown, name: string): boolean {
  return typeof field === 'object' && field !== null && Object.hasOwn(field, name);
}

/** The nearest folder at or above `from`, up to `top`, holding a `package.json`. */
function nearestPackageFolder(from: string, top: string): string | undefined {
  for (let folder = from; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    if (folder === top || dirname(folder) === folder) return undefined;
  }
}

const lockfiles: readonly (readonly [string, string, string])[] = [
  ['pnpm-lock.yaml', 'pnpm add', 'pnpm add -D'],
  ['yarn.lock', 'yarn add', 'yarn add -D'],
  ['bun.lock', 'bun add', 'bun add -d'],
  ['bun.lockb', 'bun add', 'bun add -d'],
  ['package-lock.json', 'npm install', 'npm install --save-dev'],
  ['npm-shrinkwrap.json', 'npm install', 'npm install --save-dev'],
];

/** The add command of the package manager whose lockfile is nearest above `folder` (npm when there is none). */
export function addCommand(folder: string, top: string, name: string, dev: boolean): string {
  for (let probe = folder; ; probe = dirname(probe)) {
    for (const [lockfile, add, addDev] of lockfiles) if (existsSync(join(probe, lockfile))) return `${dev ? addDev : add} ${name}`;
    if (probe === top || dirname(probe) === probe) break;
  }
  return `${dev ? 'npm install --save-dev' : 'npm install'} ${name}`;
}

/**
 * `written` files that import `importFrom`'s package, grouped by nearest `package.json`, where that package does not
 * declare it (in `dependencies`, `peerDependencies` or `optionalDependencies`; `devDependencies` count when every
 * importing file is a test file).
 */
export function missingDependencies(root: string, importFrom: string, testFilePatterns: readonly string[], written: Iterable<FileState>): MissingDependency[] {
  const name = packageNameOf(importFrom);
  if (name === undefined) return [];
  const top = gitWorkTreeTop(root) ?? root;
  const byFolder = new Map<string, string[]>();
  for (const state of written) {
    if (!importsPackage(state.text, name)) continue;
    const folder = nearestPackageFolder(dirname(state.file.filePath), top);
    if (folder === undefined) continue;
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), state.file.relativePath]);
  }
  const missing: MissingDependency[] = [];
  for (const [folder, files] of byFolder) {
    const manifest = readPackageJson(join(folder, 'package.json'));
    if (!manifest || manifest.name === name) continue;
    const testsOnly = files.every((file) => isTestFile(file, testFilePatterns));
    const declared = declares(manifest.dependencies, name) || declares(manifest.peerDependencies, name) || declares(manifest.optionalDependencies, name) || (testsOnly && declares(manifest.devDependencies, name));
    if (declared) continue;
    missing.push({
      packageJson: toPosix(relative(root, join(folder, 'package.json'))),
      dependency: name,
      files: [...files].sort(),
      folder: toPosix(relative(root, folder)) || '.',
      command: addCommand(folder, top, name, testsOnly),
    });
  }
  return missing.sort((a, b) => (a.packageJson < b.packageJson ? -1 : a.packageJson > b.packageJson ? 1 : 0));
}
