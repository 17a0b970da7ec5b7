/**
 * Public shapes shared by the store, diagnosis and CLI.
 */

/** `env`: UNIFIED_ID_SYSTEM_ID; `file`: read from or persisted to disk; `memory`: ephemeral, this process only. */
export type SystemIdSource = 'env' | 'file' | 'memory';

export interface SystemIdInfo {
  readonly id: string;
  readonly source: SystemIdSource;
  /** True once the ID is on disk. An ID with `source: 'memory'` may become persisted later (same ID). */
  readonly persisted: boolean;
  /** The ID file, or `null` when no directory could be resolved. */
  readonly path: string | null;
  /** When the ID was minted (ISO 8601); `null` for env IDs and files that do not say. */
  readonly createdAt: string | null;
  readonly telemetryDisabled: boolean;
  /** The last fault that kept the ID from disk (`EROFS`, `ETIMEDOUT`, ...), or `null`. */
  readonly lastErrorCode: string | null;
}

export type SystemIdWarningCode =
  | 'SYSTEM_ID_NOT_PERSISTED'
  | 'SYSTEM_ID_QUARANTINED'
  | 'SYSTEM_ID_UNTRUSTED'
  | 'SYSTEM_ID_INVALID_ENV'
  | 'SYSTEM_ID_NO_DIRECTORY';

export interface SystemIdWarning {
  readonly code: SystemIdWarningCode;
  readonly message: string;
  /** The fault behind it (`EROFS`, `corrupt`, ...), when there is one. */
  readonly cause: string | null;
}
