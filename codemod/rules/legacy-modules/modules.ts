/**
 * Which configured legacy module an import specifier names: paths from the run's root match relative imports that
 * resolve to the same file, bare specifiers match themselves. No file system access: the rule sees one file.
 */
import { dirname, isAbsolute, posix, resolve, sep } from 'node:path';
import type { LegacyModuleSpec } from '../../rule';

const sourceExtension = /(\.d)?\.[cm]?[jt]sx?$/;

function stripExtension(path: string): string {
  return path.replace(sourceExtension, '').replace(/\/index$/, '');
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** The run's root: `filePath` minus `relativePath`. */
function rootOf(filePath: string, relativePath: string): string {
  const absolute = toPosix(filePath);
  return absolute.endsWith(`/${relativePath}`) ? absolute.slice(0, absolute.length - relativePath.length - 1) : dirname(absolute);
}

function isRelativeSpecifier(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..' || specifier.startsWith('/');
}

/**
 * The configured legacy module that `specifier` (imported from `filePath`) names, or undefined. An entry matches
 * a bare specifier verbatim, and a relative specifier when both resolve to the same file (entries are paths from
 * the run's root; extensions and `/index` do not matter). tsconfig path aliases are not resolved: list the alias
 * itself as an entry.
 */
export function matchLegacyModule(specifier: string, filePath: string, relativePath: string, entries: readonly string[]): string | undefined {
  const relative = isRelativeSpecifier(specifier);
  const root = rootOf(filePath, relativePath);
  const target = relative ? stripExtension(toPosix(resolve(dirname(filePath), specifier))) : undefined;
  for (const entry of entries) {
    if (!relative && stripExtension(specifier) === stripExtension(entry)) return entry;
    if (target !== undefined) {
      const entryPath = stripExtension(posix.normalize(isAbsolute(entry) ? toPosix(entry) : `${root}/${entry}`));
      if (entryPath === target) return entry;
    }
  }
  return undefined;
}

/** Text every file importing `entry` must contain (its last path segment), for the prefilter. */
export function needleOf(entry: string): string {
  const segments = stripExtension(toPosix(entry)).split('/').filter((s) => s !== '' && s !== '.' && s !== '..');
  return segments[segments.length - 1] ?? entry;
}

/** The spec of a configured module (by its `module` string). */
export function specOf(specs: readonly LegacyModuleSpec[], module: string): LegacyModuleSpec | undefined {
  return specs.find((spec) => spec.module === module);
}
