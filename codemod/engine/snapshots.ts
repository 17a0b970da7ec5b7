/**
 * Snapshot files (`__snapshots__/*.snap`, `*.snap`) that still contain an original a rule replaced: the test
 * would fail until the snapshot is updated, so the report lists them (the codemod never edits snapshots).
 */
import type { JsonValue } from '../rule';
import type { DiscoveredFile } from './discovery';
import type { FileSystem } from './file-system';

/**
 * A rule asks for the snapshot scan by returning, in its per-file `data`, an object with
 * `replacements: [{ original: string, … }]` (as `test-ids` does with the literals it replaced).
 */
export function snapshotStringsOf(data: JsonValue): readonly string[] {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return [];
  const replacements = (data as { readonly [key: string]: JsonValue })['replacements'];
  if (!Array.isArray(replacements)) return [];
  const strings: string[] = [];
  for (const replacement of replacements as readonly JsonValue[]) {
    if (typeof replacement !== 'object' || replacement === null || Array.isArray(replacement)) continue;
    const original = (replacement as { readonly [key: string]: JsonValue })['original'];
    if (typeof original === 'string' && original !== '') strings.push(original);
  }
  return strings;
}

const wordChar = /[A-Za-z0-9_$-]/;

/** `needle` occurs in `haystack` as a whole value (not inside a longer identifier-like word). */
function containsValue(haystack: string, needle: string): boolean {
  for (let index = haystack.indexOf(needle); index !== -1; index = haystack.indexOf(needle, index + 1)) {
    const before = haystack[index - 1];
    const after = haystack[index + needle.length];
    if ((before === undefined || !wordChar.test(before)) && (after === undefined || !wordChar.test(after))) return true;
  }
  return false;
}

export function findSnapshotFiles(files: readonly DiscoveredFile[], strings: ReadonlySet<string>, fs: FileSystem): { path: string; originals: string[] }[] {
  const found: { path: string; originals: string[] }[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = Buffer.from(fs.readFileSync(file.filePath)).toString('utf8');
    } catch {
      continue;
    }
    const originals = [...strings].filter((value) => containsValue(text, value)).sort();
    if (originals.length > 0) found.push({ path: file.relativePath, originals });
  }
  return found;
}
