/**
 * The grammar's two implementations, which a property test keeps in agreement:
 * - `RUN_ID_PATTERN` + `readParts`, the fast path for valid IDs. V8 runs the regex as native code, faster
 *   than any character loop in JavaScript here (measured by `npm run bench`); only the timestamp is read
 *   afterwards, in JavaScript.
 * - `scanRunId`, which explains a rejection: the error code and the index of the offending character.
 *
 * Both read right to left (suffix, separator, timestamp, `_run_`), so a thread id containing `_run_` or
 * ending in `_run` is still unambiguous (SPEC.md §Parsing). Work is bounded whatever the input's length: the thread is length-checked before
 * its characters are read and the timestamp scan stops after 17 digits.
 *
 * Failures go to the module-level `scanResult`; JavaScript runs one scan at a time.
 */
import type { RunIdErrorCode } from './errors';
import {
  CANONICAL_PREFIX,
  LEGACY_PREFIX,
  MAX_THREAD_ID_LENGTH,
  MAX_TIMESTAMP_DIGITS,
  RUN_SEPARATOR,
  isDigit,
} from './grammar';
import type { ParsedRunId } from './types';

const MAX_SAFE_INTEGER_DIGITS = String(Number.MAX_SAFE_INTEGER);

/**
 * Both formats in one pattern (SPEC.md §ABNF). The canonical thread is matched lazily and the tail is
 * anchored, so the split is the one right-to-left reading gives. irregexp runs unbounded quantifiers
 * ~1.6× faster than `{0,199}` (`npm run bench`), so the pattern leaves both lengths to `matchesRunId`:
 * the input is capped at the longest ID the grammar allows before the pattern runs (work stays bounded),
 * then `threadFits` and `timestampIsSafe` check what an ID of that length can still break.
 */
const RUN_ID_PATTERN = /^(?:thread_[A-Za-z0-9][\w-]*?_run_(?:0|[1-9]\d*)|run_[A-Za-z0-9][\w-]*)_[\da-fA-F]{8}$/;
/** Up to this length no thread can pass 200 characters: the legacy prefix, a thread of 200, `_`, the suffix. */
const THREAD_SURELY_FITS_LENGTH = 213; // 4 + 200 + 1 + 8
/** The longest ID the grammar allows: `thread_`, a thread of 200, `_run_`, 16 digits, `_`, the suffix. */
const MAX_RUN_ID_LENGTH = 237; // 7 + 200 + 5 + 16 + 1 + 8

/** Index where the timestamp of a canonical ID matched by the pattern starts. */
function timestampStartOf(s: string): number {
  let start = s.length - 9;
  while (isDigit(s.charCodeAt(start - 1))) start--;
  return start;
}

/** The thread of an ID the pattern matched has at most 200 characters. */
function threadFits(s: string): boolean {
  return (
    s.length <= THREAD_SURELY_FITS_LENGTH ||
    (isCanonicalMatch(s) && timestampStartOf(s) - 12 /* thread_ and _run_ */ <= MAX_THREAD_ID_LENGTH)
  );
}

/** The timestamp of a canonical ID the pattern matched is at most 16 digits and ≤ Number.MAX_SAFE_INTEGER. */
function timestampIsSafe(s: string): boolean {
  if (!isCanonicalMatch(s)) return true;
  const start = timestampStartOf(s);
  const digits = s.length - 9 - start;
  return digits < MAX_TIMESTAMP_DIGITS || (digits === MAX_TIMESTAMP_DIGITS && s.slice(start, s.length - 9) <= MAX_SAFE_INTEGER_DIGITS);
}

/** The fast accept test: true exactly when `scanRunId(s)` would be (a property test checks it). */
export function matchesRunId(s: string): boolean {
  // Stryker disable next-line ConditionalExpression: the length cap only bounds the pattern's work; any longer match has a thread over 200 or a timestamp over 16 digits, which `threadFits` or `timestampIsSafe` rejects.
  return s.length <= MAX_RUN_ID_LENGTH && RUN_ID_PATTERN.test(s) && threadFits(s) && timestampIsSafe(s);
}

/** The parts of an ID that `matchesRunId` accepted. */
export function readParts(s: string): ParsedRunId {
  const length = s.length;
  const suffix = s.slice(length - 8).toLowerCase();
  if (!isCanonicalMatch(s)) return { format: 'legacy', threadId: s.slice(4, length - 9), timestamp: null, suffix };
  const timestampStart = timestampStartOf(s);
  // Exact: at most 16 digits, and the value was checked against Number.MAX_SAFE_INTEGER.
  return { format: 'canonical', threadId: s.slice(7, timestampStart - 5), timestamp: Number(s.slice(timestampStart, length - 9)), suffix };
}

/** The thread of an ID that `matchesRunId` accepted. */
export function readThread(s: string): string {
  return s.charCodeAt(0) === 116 /* t */ ? s.slice(7, timestampStartOf(s) - 5) : s.slice(4, s.length - 9);
}

/** True when `matchesRunId` accepted a canonical ID. */
export function isCanonicalMatch(s: string): boolean {
  return s.charCodeAt(0) === 116 /* t */;
}

export interface ScanFailure {
  errorCode: RunIdErrorCode;
  errorIndex: number;
}

/** Why the last scan failed. */
// Stryker disable next-line ObjectLiteral,StringLiteral: the initial value is never read; every failed scan sets both fields first.
export const scanResult: ScanFailure = { errorCode: 'EMPTY', errorIndex: 0 };

function fail(code: RunIdErrorCode, index: number): false {
  scanResult.errorCode = code;
  scanResult.errorIndex = index;
  return false;
}

function isAlphanumeric(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Checks `s.slice(start, end)` against `thread-id`: 1–200 of [A-Za-z0-9_-], the first alphanumeric. */
export function scanThread(s: string, start: number, end: number): boolean {
  if (end <= start) return fail('INVALID_THREAD_ID', start);
  if (end - start > MAX_THREAD_ID_LENGTH) return fail('THREAD_ID_TOO_LONG', start + MAX_THREAD_ID_LENGTH);
  // Stryker disable next-line EqualityOperator: reading one past `end` is never reached: callers scan only a thread that breaks the grammar before its end, or one bounded by `_`.
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (!isAlphanumeric(c) && (i === start || (c !== 95 /* _ */ && c !== 45) /* - */)) return fail('INVALID_THREAD_ID', i);
  }
  return true;
}

/** Scans a complete run ID in either format; on failure `scanResult` says why and where. */
export function scanRunId(s: string): boolean {
  const length = s.length;
  if (length === 0) return fail('EMPTY', 0);
  const prefixLength = s.startsWith(CANONICAL_PREFIX) ? 7 : s.startsWith(LEGACY_PREFIX) ? 4 : 0;
  if (prefixLength === 0) return fail('INVALID_PREFIX', 0);

  const suffixStart = length - 8;
  if (suffixStart <= prefixLength) return fail('INVALID_SUFFIX', length);
  for (let i = suffixStart; i < length; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c) && ((c | 0x20) < 97 || (c | 0x20) > 102) /* a-f, either case */) return fail('INVALID_SUFFIX', i);
  }
  const separator = suffixStart - 1;
  if (s.charCodeAt(separator) !== 95 /* _ */) return fail('MISSING_SEPARATOR', separator);
  if (prefixLength === 4 /* legacy */) return scanThread(s, prefixLength, separator);

  // Canonical: the timestamp is the run of digits ending at the separator.
  let timestampStart = separator;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: the prefix ends in `_`, which stops the digit run anyway; the bound keeps the intent explicit.
  while (timestampStart > prefixLength && isDigit(s.charCodeAt(timestampStart - 1))) {
    if (separator - --timestampStart > MAX_TIMESTAMP_DIGITS) return fail('INVALID_TIMESTAMP', timestampStart);
  }
  const digits = separator - timestampStart;
  if (
    digits === 0 ||
    (digits > 1 && s.charCodeAt(timestampStart) === 48) /* leading 0 */ ||
    (digits === MAX_TIMESTAMP_DIGITS && s.slice(timestampStart, separator) > MAX_SAFE_INTEGER_DIGITS)
  ) {
    return fail('INVALID_TIMESTAMP', digits === 0 ? separator - 1 : timestampStart);
  }
  // `_run_` must end right before the timestamp.
  for (let i = 1; i <= 5; i++) {
    const at = timestampStart - i;
    if (at < prefixLength || s.charCodeAt(at) !== RUN_SEPARATOR.charCodeAt(5 - i)) {
      return fail('MISSING_RUN_SEPARATOR', Math.max(at, prefixLength));
    }
  }
  return scanThread(s, prefixLength, timestampStart - 5);
}
