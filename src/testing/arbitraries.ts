/**
 * fast-check arbitraries for property-testing code that handles run and thread IDs.
 *
 * They are built from the grammar (SPEC.md), not from the codec's parser, so testing the parser with them
 * is not circular: every value is valid (or, for near misses, invalid) by construction.
 * Entry `unified-id/testing/arbitraries`; fast-check is an optional peer dependency: install it to use this entry.
 */
import fc from 'fast-check';
import type { CanonicalRunId, RunId, RunIdErrorCode, ThreadId } from '../index';
import { MAX_THREAD_ID_LENGTH } from '../index';

const DIGITS = '0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ALPHANUMERIC = [...DIGITS, ...LOWER, ...UPPER];
const THREAD_CHARS = [...ALPHANUMERIC, '_', '-'];
const LOWER_HEX = [...'0123456789abcdef'];
const MIXED_HEX = [...'0123456789abcdefABCDEF'];

/**
 * Generation refuses a thread that the first-match extractor would read differently, and one that is only
 * `thread_` prefixes (it normalizes to the empty thread).
 */
function isRefusedByGeneration(threadId: string): boolean {
  return `_${threadId}_run`.includes('_run_') || /^(?:thread_)+$/.test(threadId);
}

const alphanumericChar = fc.constantFrom(...ALPHANUMERIC);
const threadChar = fc.constantFrom(...THREAD_CHARS);

/** Pieces that make threads look like the ones systems really see, and like the grammar's traps. */
const THREAD_WORDS = ['_', '-', '__', '--', 'run', 'Run', 'RUN', 'thread', 'thread_', '_run', 'run_', 'user', '0', '00', '123'];
const PARSE_TRAPS = ['_run_', '_run', '_run_0_', '_run_1700000000000_deadbeef', 'thread_', '_thread_', 'run_'];

function joinedThread(maxLength: number, extraWords: readonly string[]): fc.Arbitrary<string> {
  const token = fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: threadChar, minLength: 1, maxLength: 10 }) },
    { weight: 2, arbitrary: fc.constantFrom(...THREAD_WORDS, ...extraWords) },
  );
  return fc
    .tuple(alphanumericChar, fc.array(token, { maxLength: 8 }))
    .map(([head, tokens]) => (head + tokens.join('')).slice(0, maxLength));
}

function grammarThread(maxLength: number, extraWords: readonly string[]): fc.Arbitrary<string> {
  const longMin = Math.max(1, maxLength - 20);
  const branches: fc.WeightedArbitrary<string>[] = [
    { weight: 4, arbitrary: joinedThread(maxLength, extraWords) },
    // Real thread ids are usually UUIDs (generateThreadId) or short slugs.
    { weight: 2, arbitrary: fc.uuid().map((uuid) => uuid.slice(0, maxLength)) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(alphanumericChar, fc.string({ unit: threadChar, maxLength: Math.min(maxLength - 1, 30) }))
        .map(([head, rest]) => head + rest),
    },
    // Near the length limit.
    {
      weight: 1,
      arbitrary: fc
        .tuple(alphanumericChar, fc.string({ unit: threadChar, minLength: longMin - 1, maxLength: maxLength - 1 }))
        .map(([head, rest]) => head + rest),
    },
  ];
  const prefix = 'thread_';
  if (maxLength > prefix.length) {
    // One historical generator embedded its own `thread_` prefix in the thread id.
    branches.push({ weight: 1, arbitrary: joinedThread(maxLength - prefix.length, extraWords).map((thread) => prefix + thread) });
  }
  return fc.oneof(...branches);
}

export interface ThreadIdArbitraryOptions {
  /** Longest thread to produce, 1–200 (the grammar's limit, `MAX_THREAD_ID_LENGTH`). Default 200. */
  readonly maxLength?: number;
}

function checkedMaxLength(options: ThreadIdArbitraryOptions): number {
  const maxLength = options.maxLength ?? MAX_THREAD_ID_LENGTH;
  if (!Number.isInteger(maxLength) || maxLength < 1 || maxLength > MAX_THREAD_ID_LENGTH) {
    throw new RangeError(`maxLength must be an integer from 1 to ${MAX_THREAD_ID_LENGTH}, got ${String(maxLength)}`);
  }
  return maxLength;
}

/**
 * Thread ids that generation accepts (`isThreadId`): 1–200 of `[A-Za-z0-9_-]`, first alphanumeric,
 * not ambiguous (`'_' + t + '_run'` has no `_run_`) and not only `thread_` prefixes. Includes UUIDs, `thread_`-prefixed ids, `run`-ish
 * words in safe places and ids at the length limit.
 */
export function threadIdArbitrary(options: ThreadIdArbitraryOptions = {}): fc.Arbitrary<ThreadId> {
  return grammarThread(checkedMaxLength(options), [])
    .filter((thread) => !isRefusedByGeneration(thread))
    .map((thread) => thread as ThreadId);
}

/**
 * Thread ids that parsing accepts inside a run ID: the grammar without the ambiguity rule, so it includes
 * threads containing `_run_`, ending in `_run`, or embedding a whole run ID.
 */
export function parseableThreadIdArbitrary(options: ThreadIdArbitraryOptions = {}): fc.Arbitrary<string> {
  return grammarThread(checkedMaxLength(options), PARSE_TRAPS);
}

/** Milliseconds since the epoch, as the grammar allows: 0 to `Number.MAX_SAFE_INTEGER`, mostly recent. */
export function timestampArbitrary(): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 1_500_000_000_000, max: 2_100_000_000_000 }) },
    { weight: 2, arbitrary: fc.maxSafeNat() },
    { weight: 1, arbitrary: fc.constantFrom(0, 1, 9, 10, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER - 1) },
  );
}

export interface SuffixOptions {
  /** `'lower'` (default) as generation emits; `'mixed'` as parsing also accepts. */
  readonly suffixCase?: 'lower' | 'mixed';
}

/** 8 hex digits. */
export function suffixArbitrary(options: SuffixOptions = {}): fc.Arbitrary<string> {
  const unit = fc.constantFrom(...(options.suffixCase === 'mixed' ? MIXED_HEX : LOWER_HEX));
  return fc.string({ unit, minLength: 8, maxLength: 8 });
}

export interface RunIdArbitraryOptions extends SuffixOptions {
  /** Where threads come from. Default `threadIdArbitrary()`; pass `parseableThreadIdArbitrary()` for every thread parsing accepts. */
  readonly threadId?: fc.Arbitrary<string>;
}

/** Canonical run IDs `thread_<threadId>_run_<ms>_<hex8>`. */
export function canonicalRunIdArbitrary(options: RunIdArbitraryOptions = {}): fc.Arbitrary<CanonicalRunId> {
  return fc
    .tuple(options.threadId ?? threadIdArbitrary(), timestampArbitrary(), suffixArbitrary(options))
    .map(([thread, timestamp, suffix]) => `thread_${thread}_run_${timestamp}_${suffix}` as CanonicalRunId);
}

/** Legacy run IDs `run_<threadId>_<hex8>` (the old IDManager format), which parsing still reads. */
export function legacyRunIdArbitrary(options: RunIdArbitraryOptions = {}): fc.Arbitrary<RunId> {
  return fc
    .tuple(options.threadId ?? threadIdArbitrary(), suffixArbitrary(options))
    .map(([thread, suffix]) => `run_${thread}_${suffix}` as RunId);
}

/** Either format: what `isRunId` accepts. */
export function runIdArbitrary(options: RunIdArbitraryOptions = {}): fc.Arbitrary<RunId> {
  return fc.oneof(
    { weight: 3, arbitrary: canonicalRunIdArbitrary(options) as fc.Arbitrary<RunId> },
    { weight: 1, arbitrary: legacyRunIdArbitrary(options) },
  );
}

/** A matching `{ threadId, runId }` pair (`validateIdPair` holds). */
export function idPairArbitrary(options: SuffixOptions = {}): fc.Arbitrary<{ threadId: ThreadId; runId: CanonicalRunId }> {
  return threadIdArbitrary().chain((threadId) =>
    canonicalRunIdArbitrary({ ...options, threadId: fc.constant(threadId) }).map((runId) => ({ threadId, runId })),
  );
}

/** The single mutation that turned a valid run ID into a near miss. */
export type NearMissMutation =
  | 'suffix-too-short'
  | 'suffix-too-long'
  | 'suffix-bad-char'
  | 'timestamp-leading-zero'
  | 'timestamp-unsafe'
  | 'timestamp-unicode-digit'
  | 'timestamp-non-digit'
  | 'timestamp-empty'
  | 'thread-bad-char'
  | 'thread-leading-non-alphanumeric'
  | 'thread-empty'
  | 'thread-too-long'
  | 'trailing-whitespace'
  | 'leading-whitespace'
  | 'missing-suffix-separator'
  | 'missing-run-separator'
  | 'mangled-run-separator'
  | 'mangled-prefix'
  | 'missing-prefix';

export interface NearMissCase {
  /** The invalid ID. */
  readonly value: string;
  /** What was done to a valid ID to get it. */
  readonly mutation: NearMissMutation;
  /** The valid ID it was made from. */
  readonly original: string;
  /** The error code a conforming parser reports (SPEC.md §Errors), worked out from the mutation, not by parsing. */
  readonly code: RunIdErrorCode;
  /** The index a conforming parser reports with `code`. */
  readonly index: number;
}

interface Parts {
  readonly format: 'canonical' | 'legacy';
  readonly thread: string;
  readonly timestamp: string;
  readonly suffix: string;
}

/** What a mutation built: the invalid ID and the error a conforming parser reports for it. */
interface Mutated {
  readonly value: string;
  readonly code: RunIdErrorCode;
  readonly index: number;
}

function assemble(parts: Parts): string {
  return parts.format === 'canonical'
    ? `thread_${parts.thread}_run_${parts.timestamp}_${parts.suffix}`
    : `run_${parts.thread}_${parts.suffix}`;
}

function prefixLength(parts: Parts): number {
  return parts.format === 'canonical' ? 'thread_'.length : 'run_'.length;
}

/** Where the timestamp of a canonical ID assembled from `parts` (with its `_run_`) starts. */
function timestampStart(parts: Parts): number {
  return 'thread_'.length + parts.thread.length + '_run_'.length;
}

function partsArbitrary(formats: readonly Parts['format'][]): fc.Arbitrary<Parts> {
  return fc.record({
    format: fc.constantFrom(...formats),
    thread: threadIdArbitrary(),
    timestamp: timestampArbitrary().map(String),
    suffix: suffixArbitrary({ suffixCase: 'mixed' }),
  });
}

/** Characters outside `[A-Za-z0-9_-]`, including look-alikes and characters some regexes let through. */
const NON_THREAD_CHARS = [' ', '.', '/', ':', '#', '+', '=', '@', '\t', '\n', '\u0000', '\u00a0', 'é', 'ß', 'İ', 'Ａ', '０', '٣', '😀', '\u200b'];
const NON_HEX_CHARS = ['g', 'G', 'x', 'z', 'Z', '-', ' ', '.', 'é', 'ａ', '０', '٣', '\u0000'];
/** Decimal digits of other scripts: `\d` without the `u` flag rejects them, but `Number()` and some hand-written checks do not. */
const UNICODE_DIGITS = ['٠', '٣', '۷', '०', '৪', '０', '９', '߀', '𝟎'];
const WHITESPACE = [' ', '\t', '\n', '\r', '\r\n', '\u00a0', '\u2028', '\ufeff', '\u3000'];
/** Mangled `_run_` separators, with how far before the timestamp a right-to-left reader finds the first wrong character. */
const MANGLED_RUN_SEPARATORS: Readonly<Record<string, number>> = { _RUN_: 2, _Run_: 4, '-run_': 5, '_run-': 1, _runs_: 2, _rn_: 3, _run__: 2 };

function unsafeTimestampArbitrary(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.bigInt({ min: BigInt(Number.MAX_SAFE_INTEGER) + 1n, max: 99_999_999_999_999_999_999n }).map(String),
    fc.constantFrom('9007199254740992', '9007199254740993', '10000000000000000', '99999999999999999999999'),
  );
}

function replaceAt(text: string, index: number, replacement: string): string {
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

/** The timestamp's character at `at` replaced by `bad` (a non-digit, or a digit of another script). */
function badTimestampChar(parts: Parts, at: number, bad: string): Mutated {
  const value = assemble({ ...parts, timestamp: replaceAt(parts.timestamp, at, bad) });
  // A reader takes the ASCII digits after `bad` as the timestamp, then finds `bad` where `_run_` should end.
  const digitsAfter = parts.timestamp.slice(at + 1);
  const afterBad = timestampStart(parts) + at + bad.length;
  if (digitsAfter === '') return { value, code: 'INVALID_TIMESTAMP', index: afterBad - 1 };
  if (digitsAfter.length > 1 && digitsAfter.startsWith('0')) return { value, code: 'INVALID_TIMESTAMP', index: afterBad };
  return { value, code: 'MISSING_RUN_SEPARATOR', index: afterBad - 1 };
}

/** A thread's last character made `x` (a letter that ends no part of `_run_`), keeping the thread valid. */
function endingInX(parts: Parts): Parts {
  return /[\dn_]$/.test(parts.thread) ? { ...parts, thread: `${parts.thread.slice(0, -1)}x` } : parts;
}

interface MutationSpec {
  /** Which valid IDs the mutation starts from. */
  readonly from: readonly Parts['format'][];
  /** Steers away from the rare starting IDs where the mutation would land on another valid ID, or on another error. */
  readonly avoid?: (parts: Parts) => Parts;
  /** Changes exactly one thing of a valid ID, making it invalid, and says how a conforming parser rejects it. */
  readonly build: (parts: Parts) => fc.Arbitrary<Mutated>;
}

const BOTH = ['canonical', 'canonical', 'legacy'] as const;
const CANONICAL = ['canonical'] as const;

const MUTATIONS: Record<NearMissMutation, MutationSpec> = {
  'suffix-too-short': {
    from: BOTH,
    build: (p) => {
      const value = assemble({ ...p, suffix: p.suffix.slice(0, 7) });
      // The last 8 characters now begin with the `_` before the suffix.
      return fc.constant({ value, code: 'INVALID_SUFFIX', index: value.length - 8 });
    },
  },
  'suffix-too-long': {
    from: BOTH,
    build: (p) =>
      fc.constantFrom(...MIXED_HEX).map((extra) => {
        const value = assemble({ ...p, suffix: p.suffix + extra });
        // The last 8 are hex digits; the character before them is the suffix's first, not `_`.
        return { value, code: 'MISSING_SEPARATOR', index: value.length - 9 };
      }),
  },
  'suffix-bad-char': {
    from: BOTH,
    build: (p) =>
      fc.tuple(fc.integer({ min: 0, max: 7 }), fc.constantFrom(...NON_HEX_CHARS)).map(([i, c]) => {
        const value = assemble({ ...p, suffix: replaceAt(p.suffix, i, c) });
        return { value, code: 'INVALID_SUFFIX', index: value.length - 8 + i };
      }),
  },
  'timestamp-leading-zero': {
    from: CANONICAL,
    // At most 17 digits: the reader stops at the 17th, which is the added zero.
    build: (p) => fc.constant({ value: assemble({ ...p, timestamp: `0${p.timestamp}` }), code: 'INVALID_TIMESTAMP', index: timestampStart(p) }),
  },
  'timestamp-unsafe': {
    from: CANONICAL,
    build: (p) =>
      unsafeTimestampArbitrary().map((timestamp) => ({
        value: assemble({ ...p, timestamp }),
        code: 'INVALID_TIMESTAMP',
        // Up to 16 digits the whole timestamp is wrong; past 16 the reader stops at the 17th from the end.
        index: timestampStart(p) + Math.max(0, timestamp.length - 17),
      })),
  },
  'timestamp-unicode-digit': {
    from: CANONICAL,
    build: (p) =>
      fc
        .tuple(fc.integer({ min: 0, max: p.timestamp.length - 1 }), fc.constantFrom(...UNICODE_DIGITS))
        .map(([i, d]) => badTimestampChar(p, i, d)),
  },
  'timestamp-non-digit': {
    from: CANONICAL,
    build: (p) =>
      fc
        .tuple(fc.integer({ min: 0, max: p.timestamp.length - 1 }), fc.constantFrom('a', 'e', 'x', '.', '+', '-', ' ', 'O', 'l'))
        .map(([i, c]) => badTimestampChar(p, i, c)),
  },
  'timestamp-empty': {
    from: CANONICAL,
    build: (p) => {
      const value = assemble({ ...p, timestamp: '' });
      return fc.constant({ value, code: 'INVALID_TIMESTAMP', index: value.length - 10 });
    },
  },
  'thread-bad-char': {
    from: BOTH,
    build: (p) =>
      fc.tuple(fc.integer({ min: 0, max: p.thread.length }), fc.constantFrom(...NON_THREAD_CHARS)).map(([i, c]) => {
        const thread = p.thread.slice(0, i) + c + p.thread.slice(i);
        const value = assemble({ ...p, thread });
        // The length is checked before the characters.
        return thread.length > MAX_THREAD_ID_LENGTH
          ? { value, code: 'THREAD_ID_TOO_LONG', index: prefixLength(p) + MAX_THREAD_ID_LENGTH }
          : { value, code: 'INVALID_THREAD_ID', index: prefixLength(p) + i };
      }),
  },
  'thread-leading-non-alphanumeric': {
    from: BOTH,
    build: (p) =>
      fc.constantFrom('_', '-', '__').map((lead) => ({
        value: assemble({ ...p, thread: lead + p.thread.slice(0, MAX_THREAD_ID_LENGTH - 2) }),
        code: 'INVALID_THREAD_ID',
        index: prefixLength(p),
      })),
  },
  'thread-empty': {
    from: BOTH,
    build: (p) => fc.constant({ value: assemble({ ...p, thread: '' }), code: 'INVALID_THREAD_ID', index: prefixLength(p) }),
  },
  'thread-too-long': {
    from: BOTH,
    build: (p) =>
      fc.string({ unit: alphanumericChar, minLength: 1, maxLength: 40 }).map((padding) => ({
        value: assemble({ ...p, thread: (p.thread + padding.repeat(MAX_THREAD_ID_LENGTH)).slice(0, MAX_THREAD_ID_LENGTH + padding.length) }),
        code: 'THREAD_ID_TOO_LONG',
        index: prefixLength(p) + MAX_THREAD_ID_LENGTH,
      })),
  },
  'trailing-whitespace': {
    from: BOTH,
    build: (p) =>
      fc.constantFrom(...WHITESPACE).map((w) => {
        const value = assemble(p) + w;
        return { value, code: 'INVALID_SUFFIX', index: value.length - w.length };
      }),
  },
  'leading-whitespace': {
    from: BOTH,
    build: (p) => fc.constantFrom(...WHITESPACE).map((w) => ({ value: w + assemble(p), code: 'INVALID_PREFIX', index: 0 })),
  },
  'missing-suffix-separator': {
    from: BOTH,
    // A legacy thread ending in '_' would supply the separator itself (`run_a__<hex>` → `run_a_<hex>`).
    avoid: (p) => (p.format === 'legacy' && p.thread.endsWith('_') ? { ...p, format: 'canonical' } : p),
    build: (p) => {
      const id = assemble(p);
      const value = id.slice(0, -9) + id.slice(-8);
      return fc.constant({ value, code: 'MISSING_SEPARATOR', index: value.length - 9 });
    },
  },
  'missing-run-separator': {
    from: CANONICAL,
    // A thread ending in a digit would lengthen the timestamp, one ending in `n` or `_` would look like part of `_run_`.
    avoid: endingInX,
    build: (p) =>
      fc.constantFrom('', '_', 'run').map((separator) => {
        const start = 'thread_'.length + p.thread.length + separator.length;
        // Read right to left, a lone `_` passes as the end of `_run_` and the thread's `x` is the wrong character.
        return { value: `thread_${p.thread}${separator}${p.timestamp}_${p.suffix}`, code: 'MISSING_RUN_SEPARATOR', index: start - (separator === '_' ? 2 : 1) };
      }),
  },
  'mangled-run-separator': {
    from: CANONICAL,
    build: (p) =>
      fc.constantFrom(...Object.keys(MANGLED_RUN_SEPARATORS)).map((separator) => ({
        value: `thread_${p.thread}${separator}${p.timestamp}_${p.suffix}`,
        code: 'MISSING_RUN_SEPARATOR',
        index: 'thread_'.length + p.thread.length + separator.length - (MANGLED_RUN_SEPARATORS[separator] as number),
      })),
  },
  'mangled-prefix': {
    from: BOTH,
    build: (p) => {
      const rest = assemble(p).slice(prefixLength(p));
      const prefixes = p.format === 'canonical' ? ['Thread_', 'THREAD_', 'thread-', 'thraed_', 'threads_', 'thread'] : ['Run_', 'RUN_', 'run-', 'runs_', 'run'];
      return fc.constantFrom(...prefixes).map((prefix) => ({ value: prefix + rest, code: 'INVALID_PREFIX', index: 0 }));
    },
  },
  'missing-prefix': {
    from: BOTH,
    // A thread starting with `thread_` would leave an ID that still starts with a prefix.
    avoid: (p) => (p.thread.startsWith('thread_') ? { ...p, thread: `T${p.thread.slice(1)}` } : p),
    build: (p) => fc.constant({ value: assemble(p).slice(prefixLength(p)), code: 'INVALID_PREFIX', index: 0 }),
  },
};

/** Every mutation `nearMissRunIdArbitrary` applies. */
export const NEAR_MISS_MUTATIONS = Object.keys(MUTATIONS) as readonly NearMissMutation[];

/** A near miss with the mutation that produced it, the valid ID it started from, and the error code and index it must be rejected with. */
export function nearMissCaseArbitrary(mutations: readonly NearMissMutation[] = NEAR_MISS_MUTATIONS): fc.Arbitrary<NearMissCase> {
  if (mutations.length === 0) throw new RangeError('nearMissCaseArbitrary needs at least one mutation');
  return fc.constantFrom(...mutations).chain((mutation) => {
    const { from, avoid, build } = MUTATIONS[mutation];
    return partsArbitrary(from)
      .map((parts) => (avoid ? avoid(parts) : parts))
      .chain((parts) => build(parts).map((mutated): NearMissCase => ({ ...mutated, mutation, original: assemble(parts) })));
  });
}

/**
 * Strings one mutation away from a valid run ID (wrong suffix length or character, leading-zero or unsafe
 * timestamp, Unicode digits, a bad thread character, stray whitespace, a missing or mangled separator or
 * prefix, …). Every one is invalid: `safeParseRunId` rejects it with an error code.
 */
export function nearMissRunIdArbitrary(mutations: readonly NearMissMutation[] = NEAR_MISS_MUTATIONS): fc.Arbitrary<string> {
  return nearMissCaseArbitrary(mutations).map((nearMiss) => nearMiss.value);
}
