/**
 * What a file names of other files, from its text alone (no parse: the project pass reads every file): import and
 * require specifiers, the module key a relative one resolves to, and the JSON files it names.
 */
import { posix } from 'node:path';

/** `import … from 'x'`, `export … from 'x'`, `import 'x'`, `import('x')`, `require('x')`. */
const specifierPattern = /(?:\bfrom|\bimport|\brequire)\s*\(?\s*(['"])([^'"\r\n]{1,500})\1/g;
const sourceExtension = /(?:\.d)?\.[cm]?[jt]sx?$/;
/** A quoted JSON file name or path (`'./fixtures/runs.json'`). */
const jsonNamePattern = /(['"`])([^'"`\r\n]{0,300}\.json)\1/g;

/** A module's key: its path from the root without extension or `/index` (`src/a/index.ts` → `src/a`). */
export function moduleKey(path: string): string {
  return posix.normalize(path).replace(/^\.\//, '').replace(sourceExtension, '').replace(/\/index$/, '');
}

export interface Specifier {
  readonly specifier: string;
  /** Offset of the match in the text (for line numbers). */
  readonly index: number;
}

/** Every import/require specifier of the text, in order. */
export function specifiersIn(text: string): Specifier[] {
  const found: Specifier[] = [];
  if (!text.includes('import') && !text.includes('require') && !text.includes('from')) return found;
  specifierPattern.lastIndex = 0;
  for (let match = specifierPattern.exec(text); match; match = specifierPattern.exec(text)) found.push({ specifier: match[2] ?? '', index: match.index });
  return found;
}

export function isRelativeSpecifier(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../');
}

/** The module key a relative specifier of the file at `relativePath` names. */
export function relativeModuleKey(relativePath: string, specifier: string): string {
  return moduleKey(posix.join(posix.dirname(relativePath), specifier));
}

/** Base names of the JSON files the text names (`'../fixtures/runs.json'` → `runs.json`). */
export function jsonNamesIn(text: string): string[] {
  const names: string[] = [];
  if (!text.includes('.json')) return names;
  jsonNamePattern.lastIndex = 0;
  for (let match = jsonNamePattern.exec(text); match; match = jsonNamePattern.exec(text)) names.push(posix.basename(match[2] ?? ''));
  return names;
}
