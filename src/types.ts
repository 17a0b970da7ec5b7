declare const runIdBrand: unique symbol;
declare const threadIdBrand: unique symbol;

/** A string known to be a run ID in either format (checked by `isRunId` or produced by this package). */
export type RunId = string & { readonly [runIdBrand]: true };

/** A thread id that generation accepts (`isThreadId`): grammar-valid and read the same by every historical reader. */
export type ThreadId = string & { readonly [threadIdBrand]: true };

/** The canonical shape `thread_<threadId>_run_<ms>_<hex8>`, branded so only checked strings carry it. */
export type CanonicalRunId = `thread_${string}_run_${number}_${string}` & RunId;

/** The legacy (old IDManager) shape `run_<threadId>_<hex8>`. */
export type LegacyRunId = `run_${string}_${string}` & RunId;

export type RunIdFormat = 'canonical' | 'legacy';

/** What `parseRunId` reads out of a run ID. */
export interface ParsedRunId {
  readonly format: RunIdFormat;
  /** The thread id exactly as embedded (no prefix stripping). */
  readonly threadId: string;
  /** Milliseconds since the Unix epoch; `null` for legacy IDs, which carry none. */
  readonly timestamp: number | null;
  /** 8 hex digits, always lowercase. */
  readonly suffix: string;
}
