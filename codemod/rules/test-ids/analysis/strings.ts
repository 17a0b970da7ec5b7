/**
 * The string values of a file that the rule does not rewrite (production source), from one regular expression over
 * its text: comments are skipped, module specifiers and template literals with substitutions are left out. A test
 * value equal to one of them is shared with code this rule leaves as it is.
 */
import { cook } from './tokens';

const STRINGS_AND_COMMENTS =
  /\/\/[^\n]*|\/\*[\s\S]*?\*\/|'((?:[^'\\\n]|\\[\s\S])*)'|"((?:[^"\\\n]|\\[\s\S])*)"|`((?:[^`\\$]|\\[\s\S]|\$(?!\{))*)`|`(?:[^`\\]|\\[\s\S])*`/g;

function endsWithWord(text: string, end: number, word: string): boolean {
  const start = end - word.length + 1;
  if (start < 0 || !text.startsWith(word, start)) return false;
  const before = text.charCodeAt(start - 1);
  return !(before >= 48 && before <= 57) && !(before >= 65 && before <= 90) && !(before >= 97 && before <= 122) && before !== 95 && before !== 36;
}

/** `from 'x'`, `import 'x'`, `require('x')`, `import('x')`, `module 'x'`: the string at `index` names a module. */
function isModuleSpecifier(text: string, index: number): boolean {
  let j = index - 1;
  while (j >= 0 && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j--;
  if (text.charCodeAt(j) === 40 /* ( */) {
    j--;
    while (j >= 0 && text.charCodeAt(j) === 32) j--;
    return endsWithWord(text, j, 'require') || endsWithWord(text, j, 'import');
  }
  return endsWithWord(text, j, 'from') || endsWithWord(text, j, 'import') || endsWithWord(text, j, 'module');
}

/** Longest value kept: longer strings are messages and templates, not IDs. */
export const MAX_STRING_LENGTH = 200;

/** Distinct string values of `text` (no module specifiers, at most `MAX_STRING_LENGTH` characters, no line breaks). */
export function stringValuesOf(text: string): string[] {
  const values = new Set<string>();
  STRINGS_AND_COMMENTS.lastIndex = 0;
  for (let match = STRINGS_AND_COMMENTS.exec(text); match; match = STRINGS_AND_COMMENTS.exec(text)) {
    const raw = match[1] ?? match[2] ?? match[3];
    if (raw === undefined || raw.length === 0 || raw.length > MAX_STRING_LENGTH * 2) continue;
    if (isModuleSpecifier(text, match.index)) continue;
    const value = cook(raw);
    if (value.length <= MAX_STRING_LENGTH && !value.includes('\n')) values.add(value);
  }
  return [...values];
}
