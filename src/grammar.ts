/** Grammar constants shared by the parser, the generator and the guards (SPEC.md §Grammar). */
export const MAX_THREAD_ID_LENGTH = 200;
export const CANONICAL_PREFIX = 'thread_';
export const LEGACY_PREFIX = 'run_';
export const RUN_SEPARATOR = '_run_';
export const SUFFIX_LENGTH = 8;
/** Longest decimal form of Number.MAX_SAFE_INTEGER (9007199254740991). */
export const MAX_TIMESTAMP_DIGITS = 16;

/**
 * Character classes as bit flags in a table indexed by UTF-16 code unit. Scanning IDs with random hex in them
 * through range comparisons mispredicts branches on every other character; one table load per character does
 * not (measured ~2× faster by `npm run bench`). 64 KiB, so no code unit needs a bounds check.
 */
export const THREAD_CHAR = 1;
export const HEX_DIGIT = 2;
export const DIGIT = 4;
export const ALPHANUMERIC = 8;
export const CHAR_CLASS = /* @__PURE__ */ (() => {
  const table = new Uint8Array(65536);
  const mark = (chars: string, flags: number) => {
    for (let i = 0; i < chars.length; i++) table[chars.charCodeAt(i)] = (table[chars.charCodeAt(i)] ?? 0) | flags;
  };
  const lower = 'abcdefghijklmnopqrstuvwxyz';
  const digits = '0123456789';
  mark(lower + lower.toUpperCase() + digits + '_-', THREAD_CHAR);
  mark(lower + lower.toUpperCase() + digits, ALPHANUMERIC);
  mark(digits + 'abcdefABCDEF', HEX_DIGIT);
  mark(digits, DIGIT);
  return table;
})();

export function hasClass(charCode: number, flag: number): boolean {
  return ((CHAR_CLASS[charCode] as number) & flag) !== 0;
}
