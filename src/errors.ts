/**
 * Every way an ID can be wrong has a stable string code: services count failures by code, and tests
 * assert on codes rather than messages. Codes are part of the public API (SPEC.md §Errors).
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
  'THREAD_MISMATCH',
] as const;

export type RunIdErrorCode = (typeof RUN_ID_ERROR_CODES)[number];

const MAX_INPUT_IN_MESSAGE = 80;

function describeInput(input: unknown): string {
  if (typeof input !== 'string') return input === null ? 'null' : typeof input;
  const shown = input.length > MAX_INPUT_IN_MESSAGE ? `${input.slice(0, MAX_INPUT_IN_MESSAGE)}…` : input;
  return JSON.stringify(shown);
}

/** A run or thread ID that does not follow the grammar, with where it goes wrong. */
export class RunIdError extends Error {
  /** Stable machine-readable reason. */
  readonly code: RunIdErrorCode;
  /** Index (UTF-16) of the first offending character of `input`; 0 when the whole value is wrong. */
  readonly index: number;
  /** The value that was rejected, as given. */
  readonly input: unknown;

  constructor(code: RunIdErrorCode, input: unknown, index: number, reason: string) {
    super(`${reason} (${code} at index ${index} of ${describeInput(input)})`);
    this.name = 'RunIdError';
    this.code = code;
    this.index = index;
    this.input = input;
  }
}
