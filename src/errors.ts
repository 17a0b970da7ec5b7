/**
 * Every way an ID can be wrong has a stable string code: services count failures by code, and tests
 * assert on codes rather than messages. Codes are part of the public API (SPEC.md §Errors, docs/codec.md
 * says what each means); the index says where. The message is the code, the index and the input, and no
 * prose: the list of reasons would cost every browser bundle more than the rest of the error path.
 */
export const RUN_ID_ERROR_CODES = [
  'NOT_A_STRING',
  'EMPTY',
  'INVALID_PREFIX',
  'INVALID_SUFFIX',
  'MISSING_SEPARATOR',
  'INVALID_TIMESTAMP',
  'MISSING_RUN_SEPARATOR',
  'INVALID_THREAD_ID',
  'THREAD_ID_TOO_LONG',
  'AMBIGUOUS_THREAD_ID',
  'EMPTY_NORMALIZED_THREAD_ID',
  'THREAD_MISMATCH',
  'INVALID_ARGUMENT',
] as const;

export type RunIdErrorCode = (typeof RUN_ID_ERROR_CODES)[number];

/**
 * Marks a `RunIdError` from any copy of this package (its ESM and CommonJS builds loaded side by side, or two
 * installed versions), so `instanceof RunIdError` holds for all of them.
 */
const BRAND = /* @__PURE__ */ Symbol.for('unified-id.RunIdError');

/** A string's first 80 characters, quoted; the type of anything else (never its contents, which could be huge or throw). */
function describeInput(input: unknown): string {
  return typeof input === 'string' ? JSON.stringify(input.slice(0, 80)) : input === null ? 'null' : typeof input;
}

/** A run or thread ID that does not follow the grammar, with where it goes wrong. */
export class RunIdError extends Error {
  // `declare`: assigned in the constructor, so the bundle carries no field definitions.
  /** Stable machine-readable reason. */
  declare readonly code: RunIdErrorCode;
  /** Index (UTF-16) of the first offending character of `input`; its length when something is missing at the end. */
  declare readonly index: number;
  /** The value that was rejected, as given. */
  declare readonly input: unknown;

  constructor(code: RunIdErrorCode, input: unknown, index = 0) {
    super(`${code} at index ${index} of ${describeInput(input)}`);
    this.name = 'RunIdError';
    this.code = code;
    this.index = index;
    this.input = input;
  }

  /** The brand `instanceof` checks; on the prototype, so errors stay plain to inspect and serialize. */
  get [BRAND](): true {
    return true;
  }

  /** True for a `RunIdError` thrown by any copy of this package; subclasses keep the ordinary prototype check. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // `this` is RunIdError itself when its parent is Error (naming the class here would make bundlers rename it).
    return Object.getPrototypeOf(this) === Error
      ? (value as { [BRAND]?: unknown } | null | undefined)?.[BRAND] === true
      : Function.prototype[Symbol.hasInstance].call(this, value);
  }
}
