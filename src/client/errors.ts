/**
 * Errors of `unified-id/client`, each with a stable `code` (counted by services, asserted on by tests). The
 * validation failure behind an `INVALID_SERVER_ID` is kept as `cause` (a `RunIdError` or `UuidError`, with its own code).
 */
export type ServerIdErrorCode =
  /** The server sent a value that is not an id of the kind configured. Nothing was stored. */
  | 'INVALID_SERVER_ID'
  /** The server sent no id (`undefined` or `null`) and no `fallback` was configured. Nothing was stored. */
  | 'MISSING_SERVER_ID'
  /** The configured `fallback` returned a value that is not an id of the kind configured. Nothing was stored. */
  | 'INVALID_FALLBACK_ID'
  /** An id was asked for that no server response (nor fallback) ever gave: the client never makes one up. */
  | 'UNKNOWN_ID'
  /** A stored entry cannot be read back (edited or written by something else). */
  | 'STORE_CORRUPT'
  /** The store refused the write (storage full, metadata not JSON). Nothing was stored. */
  | 'STORE_WRITE_FAILED'
  /** `createServerIds` was given options it cannot work with. */
  | 'INVALID_OPTIONS';

export class ServerIdError extends Error {
  readonly code: ServerIdErrorCode;
  /** The value concerned (what the server sent, the id asked for, the storage key), as given. */
  readonly input: unknown;

  constructor(code: ServerIdErrorCode, message: string, input: unknown, options?: { readonly cause?: unknown }) {
    super(`${message} (${code})`, options);
    this.name = 'ServerIdError';
    this.code = code;
    this.input = input;
  }
}

export function describeValue(value: unknown): string {
  if (typeof value !== 'string') return value === null ? 'null' : typeof value;
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}
