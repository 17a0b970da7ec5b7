/** A run ID the grammar accepts but a target format cannot hold, with a stable code (run IDs the grammar rejects throw `RunIdError`). */
const REASONS = {
  TIMESTAMP_OUT_OF_RANGE: "the run's timestamp does not fit the 48 bits of a UUIDv7 (at most 281474976710655 ms, the year 10889)",
} as const;

export type InteropErrorCode = keyof typeof REASONS;

export class InteropError extends Error {
  readonly code: InteropErrorCode;
  /** The run ID that was given. */
  readonly input: string;

  constructor(code: InteropErrorCode, input: string) {
    super(`${REASONS[code]} (${code}: ${JSON.stringify(input)})`);
    this.name = 'InteropError';
    this.code = code;
    this.input = input;
  }
}
