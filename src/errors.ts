/**
 * Every way an ID can be wrong has a stable string code: services count failures by code, and tests
 * assert on codes rather than messages. Codes are part of the public API (SPEC.md §Errors); the index
 * says where, so one message per code is enough.
 */
const REASONS = {
  NOT_A_STRING: 'not a string',
  EMPTY: 'empty',
  INVALID_PREFIX: 'expected "thread_" or "run_"',
  INVALID_SUFFIX: 'expected 8 hex digits at the end',
  MISSING_SEPARATOR: 'expected "_" before the suffix',
  INVALID_TIMESTAMP: 'timestamp must be an integer from 0 to 2^53-1, no leading zeros',
  MISSING_RUN_SEPARATOR: 'expected "_run_" before the timestamp',
  INVALID_THREAD_ID: 'thread id must be [A-Za-z0-9] then [A-Za-z0-9_-]',
  THREAD_ID_TOO_LONG: 'thread id over 200 characters',
  AMBIGUOUS_THREAD_ID: 'old readers would split this thread id at its "_run_"',
  THREAD_MISMATCH: "thread id is not the run id's thread",
} as const;

export type RunIdErrorCode = keyof typeof REASONS;

export const RUN_ID_ERROR_CODES = Object.keys(REASONS) as readonly RunIdErrorCode[];

function describeInput(input: unknown): string {
  if (typeof input !== 'string') return input === null ? 'null' : typeof input;
  return JSON.stringify(input.length > 80 ? `${input.slice(0, 80)}…` : input);
}

/** A run or thread ID that does not follow the grammar, with where it goes wrong. */
export class RunIdError extends Error {
  /** Stable machine-readable reason. */
  readonly code: RunIdErrorCode;
  /** Index (UTF-16) of the first offending character of `input`; its length when something is missing at the end. */
  readonly index: number;
  /** The value that was rejected, as given. */
  readonly input: unknown;

  constructor(code: RunIdErrorCode, input: unknown, index = 0) {
    super(`${REASONS[code]} (${code} at index ${index} of ${describeInput(input)})`);
    this.name = 'RunIdError';
    this.code = code;
    this.index = index;
    this.input = input;
  }
}
