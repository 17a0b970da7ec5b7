/**
 * Errors and fault codes of the system-ID module.
 *
 * File-system faults travel as their Node `code` (`EROFS`, `ENOSPC`, ...) plus a few codes of our own
 * (`NOT_REGULAR_FILE`, `ETIMEDOUT`, `EBUSY_IN_FLIGHT`). Only the explicit API calls (`resetSystemId`,
 * `migrateSystemId`) throw, always a `SystemIdError`; `getSystemId` and `diagnoseSystemId` never do.
 */

export type SystemIdErrorCode =
  | 'CONFIRMATION_REQUIRED'
  | 'INVALID_SYSTEM_ID'
  | 'INVALID_INPUT'
  | 'ID_MISMATCH'
  | 'TELEMETRY_DISABLED'
  | 'ENV_OVERRIDE_ACTIVE'
  | 'NO_CONFIG_DIR'
  | 'PERSIST_FAILED';

export class SystemIdError extends Error {
  override readonly name = 'SystemIdError';
  readonly code: SystemIdErrorCode;
  /** The underlying file-system fault code for `PERSIST_FAILED` (`EROFS`, `ETIMEDOUT`, ...), else `null`. */
  readonly faultCode: string | null;

  constructor(code: SystemIdErrorCode, message: string, faultCode: string | null = null) {
    super(message);
    this.code = code;
    this.faultCode = faultCode;
  }
}

/** An Error carrying a fault `code`, shaped like Node's own file-system errors. */
export function fsFault(code: string, message: string): Error & { code: string } {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

/** The fault code of anything thrown by a file-system call (`UNKNOWN` when it has none). */
export function faultCodeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const { code } = error as { code: unknown };
    if (typeof code === 'string' && code !== '') return code;
  }
  return 'UNKNOWN';
}

/**
 * Faults worth another attempt after a backoff. Everything else (EROFS, EACCES, EPERM, ENOTDIR, ENOSPC,
 * EDQUOT, NOT_REGULAR_FILE, ...) will not fix itself within seconds, so retrying would only be a storm.
 */
const TRANSIENT_FAULTS: ReadonlySet<string> = new Set([
  'EAGAIN',
  'EBUSY',
  'EINTR',
  'EIO',
  'EMFILE',
  'ENFILE',
  'ESTALE',
  'ETIMEDOUT',
  'EBUSY_IN_FLIGHT',
  'UNSTABLE_FILE',
]);

export function isTransientFault(code: string): boolean {
  return TRANSIENT_FAULTS.has(code);
}
