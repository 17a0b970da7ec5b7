/**
 * Why a value is not a UUID (RFC 9562), with a stable code and the index where it goes wrong, like `RunIdError`
 * for run IDs: services count failures by code, tests assert on codes.
 */
const REASONS = {
  NOT_A_STRING: 'not a string',
  INVALID_LENGTH: 'expected 36 characters (8-4-4-4-12 hex digits with hyphens)',
  INVALID_CHARACTER: 'expected a hex digit',
  MISSING_HYPHEN: 'expected "-"',
  UNSUPPORTED_VARIANT: 'variant is not the RFC 9562 one (the digit at index 19 must be 8, 9, a or b)',
  UNSUPPORTED_VERSION: 'version is not one RFC 9562 defines (the digit at index 14 must be 1 to 8)',
  VERSION_MISMATCH: 'not the UUID version asked for',
  INVALID_OPTIONS: 'option "version" must be an integer from 1 to 8',
} as const;

export type UuidErrorCode = keyof typeof REASONS;

export const UUID_ERROR_CODES = Object.keys(REASONS) as readonly UuidErrorCode[];

function describeInput(input: unknown): string {
  if (typeof input !== 'string') return input === null ? 'null' : typeof input;
  return JSON.stringify(input.length > 80 ? `${input.slice(0, 80)}…` : input);
}

/** A value that is not a UUID of the kind asked for, with where it goes wrong. */
export class UuidError extends Error {
  /** Stable machine-readable reason. */
  readonly code: UuidErrorCode;
  /** Index (UTF-16) of the first offending character of `input`; its length when something is missing at the end. */
  readonly index: number;
  /** The value that was rejected, as given. */
  readonly input: unknown;

  constructor(code: UuidErrorCode, input: unknown, index = 0) {
    super(`${REASONS[code]} (${code} at index ${index} of ${describeInput(input)})`);
    this.name = 'UuidError';
    this.code = code;
    this.index = index;
    this.input = input;
  }
}
