/**
 * Words of names and values, shared by the rules and the provenance analysis: a value whose own words say it is
 * invalid on purpose (`'garbage'`, `'unknown-run'`, `'not-a-run'`) is a test's probe of a rejection path.
 */

/** Words that make a value itself say it is not a valid ID. */
const INVALID_VALUE_WORDS: ReadonlySet<string> = new Set([
  'invalid', 'bad', 'malformed', 'bogus', 'broken', 'illegal', 'garbage', 'corrupt', 'corrupted', 'unknown', 'nonexistent', 'unreadable',
  'unparseable', 'junk', 'not', 'none', 'null', 'undefined', 'missing', 'wrong',
]);

/** Splits `parentRunId`, `RUN_ID_A`, `run_id2` into lowercase words. */
export function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}

/** A value whose own words say it is invalid, unknown or missing on purpose. */
export function soundsInvalid(value: string): boolean {
  return wordsOf(value).some((word) => INVALID_VALUE_WORDS.has(word));
}
