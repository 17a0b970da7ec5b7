/** Grammar constants shared by the parser, the generator and the guards (SPEC.md §ABNF). */
export const MAX_THREAD_ID_LENGTH = 200;
export const CANONICAL_PREFIX = 'thread_';
export const LEGACY_PREFIX = 'run_';
export const RUN_SEPARATOR = '_run_';
/** Length of Number.MAX_SAFE_INTEGER (9007199254740991) in decimal. */
export const MAX_TIMESTAMP_DIGITS = 16;

/** `thread-id` of the ABNF without its length limit (checked apart). Accepting paths test patterns (native code in V8); the scanner explains rejections. */
export const THREAD_ID_PATTERN = /^[A-Za-z0-9][\w-]*$/;
export const SUFFIX_PATTERN = /^[\da-fA-F]{8}$/;

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
