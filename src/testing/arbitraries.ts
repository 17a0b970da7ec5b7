/**
 * fast-check arbitraries for property-testing code that handles run and thread IDs.
 *
 * They are built from the grammar (SPEC.md), not from the codec's parser, so testing the parser with them
 * is not circular: every value is valid (or, for near misses, invalid) by construction.
 * Entry `unified-id/testing/arbitraries`; fast-check is an optional peer dependency: install it to use this entry.
 */
import fc from 'fast-check';
import type { CanonicalRunId, RunId, ThreadId } from '../index';
import { MAX_THREAD_ID_LENGTH } from '../index';

const DIGITS = '0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ALPHANUMERIC = [...DIGITS, ...LOWER, ...UPPER];
const THREAD_CHARS = [...ALPHANUMERIC, '_', '-'];
const LOWER_HEX = [...'0123456789abcdef'];
const MIXED_HEX = [...'0123456789abcdefABCDEF'];

/** Generation refuses a thread that the first-match extractor or the lazy regex would read differently. */
function isAmbiguousThread(threadId: string): boolean {
  return `_${threadId}_run`.includes('_run_');
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
 * Thread ids that generation accepts (`isThreadId`): 1–200 of `[A-Za-z0-9_-]`, first alphanumeric, and
 * not ambiguous (`'_' + t + '_run'` has no `_run_`). Includes UUIDs, `thread_`-prefixed ids, `run`-ish
 * words in safe places and ids at the length limit.
 */
export function threadIdArbitrary(options: ThreadIdArbitraryOptions = {}): fc.Arbitrary<ThreadId> {
  return grammarThread(checkedMaxLength(options), [])
    .filter((thread) => !isAmbiguousThread(thread))
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
}

interface Parts {
  readonly format: 'canonical' | 'legacy';
  readonly thread: string;
  readonly timestamp: string;
  readonly suffix: string;
}

function assemble(parts: Parts): string {
  return parts.format === 'canonical'
    ? `thread_${parts.thread}_run_${parts.timestamp}_${parts.suffix}`
    : `run_${parts.thread}_${parts.suffix}`;
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

function unsafeTimestampArbitrary(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.bigInt({ min: BigInt(Number.MAX_SAFE_INTEGER) + 1n, max: 99_999_999_999_999_999_999n }).map(String),
    fc.constantFrom('9007199254740992', '9007199254740993', '10000000000000000', '99999999999999999999999'),
  );
}

function replaceAt(text: string, index: number, replacement: string): string {
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

interface MutationSpec {
  /** Which valid IDs the mutation starts from. */
  readonly from: readonly Parts['format'][];
  /** Steers away from the rare starting IDs where the mutation would land on another valid ID. */
  readonly avoid?: (parts: Parts) => Parts;
  /** Changes exactly one thing of a valid ID, making it invalid. */
  readonly build: (parts: Parts) => fc.Arbitrary<string>;
}

const BOTH = ['canonical', 'canonical', 'legacy'] as const;
const CANONICAL = ['canonical'] as const;

const MUTATIONS: Record<NearMissMutation, MutationSpec> = {
  'suffix-too-short': { from: BOTH, build: (p) => fc.constant(assemble({ ...p, suffix: p.suffix.slice(0, 7) })) },
  'suffix-too-long': {
    from: BOTH,
    build: (p) => fc.constantFrom(...MIXED_HEX).map((extra) => assemble({ ...p, suffix: p.suffix + extra })),
  },
  'suffix-bad-char': {
    from: BOTH,
    build: (p) =>
      fc
        .tuple(fc.integer({ min: 0, max: 7 }), fc.constantFrom(...NON_HEX_CHARS))
        .map(([i, c]) => assemble({ ...p, suffix: replaceAt(p.suffix, i, c) })),
  },
  'timestamp-leading-zero': { from: CANONICAL, build: (p) => fc.constant(assemble({ ...p, timestamp: `0${p.timestamp}` })) },
  'timestamp-unsafe': { from: CANONICAL, build: (p) => unsafeTimestampArbitrary().map((timestamp) => assemble({ ...p, timestamp })) },
  'timestamp-unicode-digit': {
    from: CANONICAL,
    build: (p) =>
      fc
        .tuple(fc.integer({ min: 0, max: p.timestamp.length - 1 }), fc.constantFrom(...UNICODE_DIGITS))
        .map(([i, d]) => assemble({ ...p, timestamp: replaceAt(p.timestamp, i, d) })),
  },
  'timestamp-non-digit': {
    from: CANONICAL,
    build: (p) =>
      fc
        .tuple(fc.integer({ min: 0, max: p.timestamp.length - 1 }), fc.constantFrom('a', 'e', 'x', '.', '+', '-', ' ', 'O', 'l'))
        .map(([i, c]) => assemble({ ...p, timestamp: replaceAt(p.timestamp, i, c) })),
  },
  'timestamp-empty': { from: CANONICAL, build: (p) => fc.constant(assemble({ ...p, timestamp: '' })) },
  'thread-bad-char': {
    from: BOTH,
    build: (p) =>
      fc
        .tuple(fc.integer({ min: 0, max: p.thread.length }), fc.constantFrom(...NON_THREAD_CHARS))
        .map(([i, c]) => assemble({ ...p, thread: p.thread.slice(0, i) + c + p.thread.slice(i) })),
  },
  'thread-leading-non-alphanumeric': {
    from: BOTH,
    build: (p) => fc.constantFrom('_', '-', '__').map((lead) => assemble({ ...p, thread: lead + p.thread.slice(0, MAX_THREAD_ID_LENGTH - 2) })),
  },
  'thread-empty': { from: BOTH, build: (p) => fc.constant(assemble({ ...p, thread: '' })) },
  'thread-too-long': {
    from: BOTH,
    build: (p) =>
      fc
        .string({ unit: alphanumericChar, minLength: 1, maxLength: 40 })
        .map((padding) => assemble({ ...p, thread: (p.thread + padding.repeat(MAX_THREAD_ID_LENGTH)).slice(0, MAX_THREAD_ID_LENGTH + padding.length) })),
  },
  'trailing-whitespace': { from: BOTH, build: (p) => fc.constantFrom(...WHITESPACE).map((w) => assemble(p) + w) },
  'leading-whitespace': { from: BOTH, build: (p) => fc.constantFrom(...WHITESPACE).map((w) => w + assemble(p)) },
  'missing-suffix-separator': {
    from: BOTH,
    // A legacy thread ending in '_' would supply the separator itself (`run_a__<hex>` → `run_a_<hex>`).
    avoid: (p) => (p.format === 'legacy' && p.thread.endsWith('_') ? { ...p, format: 'canonical' } : p),
    build: (p) => {
      const id = assemble(p);
      return fc.constant(id.slice(0, -9) + id.slice(-8));
    },
  },
  'missing-run-separator': {
    from: CANONICAL,
    build: (p) => fc.constantFrom('', '_', 'run').map((separator) => `thread_${p.thread}${separator}${p.timestamp}_${p.suffix}`),
  },
  'mangled-run-separator': {
    from: CANONICAL,
    build: (p) =>
      fc
        .constantFrom('_RUN_', '_Run_', '-run_', '_run-', '_runs_', '_rn_', '_run__')
        .map((separator) => `thread_${p.thread}${separator}${p.timestamp}_${p.suffix}`),
  },
  'mangled-prefix': {
    from: BOTH,
    build: (p) => {
      const rest = assemble(p).slice(p.format === 'canonical' ? 'thread_'.length : 'run_'.length);
      const prefixes = p.format === 'canonical' ? ['Thread_', 'THREAD_', 'thread-', 'thraed_', 'threads_', 'thread'] : ['Run_', 'RUN_', 'run-', 'runs_', 'run'];
      return fc.constantFrom(...prefixes).map((prefix) => prefix + rest);
    },
  },
  'missing-prefix': {
    from: BOTH,
    // `thread_` + a thread that itself starts with `thread_` would still be a canonical ID without its prefix.
    avoid: (p) => (p.format === 'canonical' && p.thread.startsWith('thread_') ? { ...p, format: 'legacy' } : p),
    build: (p) => fc.constant(assemble(p).slice(p.format === 'canonical' ? 'thread_'.length : 'run_'.length)),
  },
};

/** Every mutation `nearMissRunIdArbitrary` applies. */
export const NEAR_MISS_MUTATIONS = Object.keys(MUTATIONS) as readonly NearMissMutation[];

/** A near miss with the mutation that produced it and the valid ID it started from (for diagnostics). */
export function nearMissCaseArbitrary(mutations: readonly NearMissMutation[] = NEAR_MISS_MUTATIONS): fc.Arbitrary<NearMissCase> {
  if (mutations.length === 0) throw new RangeError('nearMissCaseArbitrary needs at least one mutation');
  return fc.constantFrom(...mutations).chain((mutation) => {
    const { from, avoid, build } = MUTATIONS[mutation];
    return partsArbitrary(from)
      .map((parts) => (avoid ? avoid(parts) : parts))
      .chain((parts) => build(parts).map((value): NearMissCase => ({ value, mutation, original: assemble(parts) })));
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
