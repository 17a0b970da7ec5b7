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
import { CANONICAL_PREFIX, LEGACY_PREFIX, MAX_THREAD_ID_LENGTH, MAX_TIMESTAMP_DIGITS, RUN_SEPARATOR, SUFFIX_LENGTH, isDigit } from './grammar';
import type { ParsedRunId } from './types';

const MAX_SAFE_INTEGER_DIGITS = String(Number.MAX_SAFE_INTEGER);

/**
 * Both formats in one pattern (SPEC.md §ABNF). The canonical thread is matched lazily and the tail is
 * anchored, so the split is the one right-to-left reading gives. irregexp runs unbounded quantifiers
 * ~1.6× faster than `{0,199}` (`npm run bench`), so the fast pattern leaves lengths to `matchesRunId`:
 * in an ID of at most 213 characters no thread can pass 200. Longer IDs (up to the 237 a canonical ID can
 * reach) go through the exact pattern. The timestamp bound is checked by `timestampIsSafe`.
 */
const RUN_ID_FAST = /^(?:thread_[A-Za-z0-9][\w-]*?_run_(?:0|[1-9]\d*)|run_[A-Za-z0-9][\w-]*)_[\da-fA-F]{8}$/;
const RUN_ID_EXACT = /^(?:thread_[A-Za-z0-9][\w-]{0,199}?_run_(?:0|[1-9]\d{0,15})|run_[A-Za-z0-9][\w-]{0,199})_[\da-fA-F]{8}$/;
const FAST_MAX_LENGTH = LEGACY_PREFIX.length + MAX_THREAD_ID_LENGTH + 1 + SUFFIX_LENGTH;
const MAX_RUN_ID_LENGTH = CANONICAL_PREFIX.length + MAX_THREAD_ID_LENGTH + RUN_SEPARATOR.length + MAX_TIMESTAMP_DIGITS + 1 + SUFFIX_LENGTH;

/** Index where the timestamp of a canonical ID matched by a pattern starts. */
function timestampStartOf(s: string): number {
  let start = s.length - 9;
  while (isDigit(s.charCodeAt(start - 1))) start--;
  return start;
}

/**
 * ≤ Number.MAX_SAFE_INTEGER. Only a timestamp of 16 or more digits can pass it, and such a timestamp puts a
 * digit 25 characters from the end; other IDs are let through after one read.
 */
function timestampIsSafe(s: string): boolean {
  if (s.charCodeAt(0) !== 116 /* t */ || !isDigit(s.charCodeAt(s.length - 25))) return true;
  const start = timestampStartOf(s);
  const digits = s.length - 9 - start;
  return digits < MAX_TIMESTAMP_DIGITS || (digits === MAX_TIMESTAMP_DIGITS && s.slice(start, s.length - 9) <= MAX_SAFE_INTEGER_DIGITS);
}

/** The fast accept test: true exactly when `scanRunId(s)` would be (a property test checks it). */
export function matchesRunId(s: string): boolean {
  const length = s.length;
  return (length <= FAST_MAX_LENGTH ? RUN_ID_FAST.test(s) : length <= MAX_RUN_ID_LENGTH && RUN_ID_EXACT.test(s)) && timestampIsSafe(s);
}

/** The parts of an ID that `matchesRunId` accepted; the timestamp is read right to left with its start. */
export function readParts(s: string): ParsedRunId {
  const length = s.length;
  const suffix = s.slice(length - 8).toLowerCase();
  if (s.charCodeAt(0) !== 116 /* t */) return { format: 'legacy', threadId: s.slice(4, length - 9), timestamp: null, suffix };
  let i = length - 10;
  let timestamp = 0;
  // Exact: at most 16 digits, and the value was checked against Number.MAX_SAFE_INTEGER.
  for (let scale = 1, c = s.charCodeAt(i); isDigit(c); c = s.charCodeAt(--i), scale *= 10) timestamp += (c - 48) * scale;
  return { format: 'canonical', threadId: s.slice(7, i - 4), timestamp, suffix };
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
  const prefixLength = s.startsWith(CANONICAL_PREFIX) ? CANONICAL_PREFIX.length : s.startsWith(LEGACY_PREFIX) ? LEGACY_PREFIX.length : 0;
  if (prefixLength === 0) return fail('INVALID_PREFIX', 0);

  const suffixStart = length - SUFFIX_LENGTH;
  if (suffixStart <= prefixLength) return fail('INVALID_SUFFIX', length);
  for (let i = suffixStart; i < length; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c) && ((c | 0x20) < 97 || (c | 0x20) > 102) /* a-f, either case */) return fail('INVALID_SUFFIX', i);
  }
  const separator = suffixStart - 1;
  if (s.charCodeAt(separator) !== 95 /* _ */) return fail('MISSING_SEPARATOR', separator);
  if (prefixLength === LEGACY_PREFIX.length) return scanThread(s, prefixLength, separator);

  // Canonical: the timestamp is the run of digits ending at the separator.
  let timestampStart = separator;
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
  for (let i = 1; i <= RUN_SEPARATOR.length; i++) {
    const at = timestampStart - i;
    if (at < prefixLength || s.charCodeAt(at) !== RUN_SEPARATOR.charCodeAt(RUN_SEPARATOR.length - i)) {
      return fail('MISSING_RUN_SEPARATOR', Math.max(at, prefixLength));
    }
  }
  return scanThread(s, prefixLength, timestampStart - RUN_SEPARATOR.length);
}
