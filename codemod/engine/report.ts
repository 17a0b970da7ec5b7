/** The result of one `migrate` run: what `--json` prints and what the human summary is made from. */
import type { SkipReason } from './transform';

export type MigrateMode = 'dry-run' | 'check' | 'apply';

export interface ChangedFile {
  /** Relative to the run's root, `/` separators. */
  readonly path: string;
  /** Sites rewritten per rule (a read, a call, a literal; import edits apart). */
  readonly rewrites: Readonly<Record<string, number>>;
  /** True once the new text is on disk (`--apply` only). */
  readonly written: boolean;
  /** Unified diff (uncolored). */
  readonly diff: string;
}

export interface ReportedWarning {
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly rule: string;
  readonly code: string;
  readonly message: string;
}

export interface SkippedFile {
  readonly path: string;
  readonly reason: SkipReason;
  readonly message: string;
}

export interface SnapshotFile {
  readonly path: string;
  /** Replaced original literals that occur in the snapshot. */
  readonly originals: readonly string[];
}

/**
 * Why `--apply` wrote nothing: a file that would change is not committed (`dirty`), or git could not tell
 * (`git-error`). The message does not repeat that nothing was written (the human summary says it first).
 */
export interface ApplyRefusal {
  readonly code: 'dirty' | 'git-error';
  readonly message: string;
}

/** A package whose files now import the codec's package without declaring it. */
export interface MissingDependency {
  /** Its `package.json`, relative to the run's root. */
  readonly packageJson: string;
  /** The package to add (`unified-id`, or the `--import-from` package). */
  readonly dependency: string;
  /** Files written by this run that import it. */
  readonly files: readonly string[];
  /** Where to run `command`, relative to the run's root. */
  readonly folder: string;
  /** Adds it, in the package manager whose lockfile is nearest (npm when there is none): `npm install unified-id`. */
  readonly command: string;
}

/** Schema version of this object; bumped on incompatible changes. */
export const reportVersion = 1;

export interface MigrateReport {
  readonly version: typeof reportVersion;
  readonly toolVersion: string;
  readonly mode: MigrateMode;
  readonly root: string;
  readonly rules: readonly string[];
  /**
   * Why the project is in scope, one line per kind of evidence (an import of unified-id, a legacy ID module, run
   * ID literals in either format), each with its first location. Empty: no evidence, so no rule ran and nothing changed.
   */
  readonly evidence: readonly string[];
  /** Files of the project the evidence was gathered from (every shard's, whatever paths and flags narrowed the run to). */
  readonly projectFiles: number;
  /** Files of this run: under its paths, through its filters, in its shard. */
  readonly filesScanned: number;
  /** Files marked `@generated`, left alone. */
  readonly filesGenerated: number;
  /** Files the text prefilter let through, i.e. parsed (none without evidence). */
  readonly candidates: number;
  readonly filesChanged: number;
  readonly filesWritten: number;
  /** Sites rewritten per rule over all changed files (a rule's own count, else its edits). */
  readonly rewrites: Readonly<Record<string, number>>;
  readonly files: readonly ChangedFile[];
  readonly warnings: readonly ReportedWarning[];
  readonly skipped: readonly SkippedFile[];
  readonly snapshots: readonly SnapshotFile[];
  /** Whole-run notes from the rules' `finalize`. */
  readonly notes: readonly { readonly rule: string; readonly message: string }[];
  readonly interrupted: boolean;
  /** `--apply` only: why nothing was written, or `null`. */
  readonly refusal: ApplyRefusal | null;
  /** `--apply` only: stale temporary files a killed run had left, removed by this one (relative paths). */
  readonly temporaryFilesRemoved: readonly string[];
  /** `--apply` only: packages that now import the codec's package without declaring it. */
  readonly missingDependencies: readonly MissingDependency[];
  readonly elapsedMs: number;
  /** Where the time went: discovery, read + prefilter, syntactic rules (worker pool), type-aware rules, writes, report. */
  readonly phases: Readonly<Record<'discoverMs' | 'readMs' | 'syntacticMs' | 'typedMs' | 'writeMs' | 'reportMs', number>>;
  /** 0 clean; 1 `--check` found changes; 2 some files could not be processed, or `--apply` refused; 130 interrupted. */
  readonly exitCode: 0 | 1 | 2 | 130;
}

/** In-process only (not in `--json`): the texts behind each change, for colored diffs. */
export interface MigrateResult {
  readonly report: MigrateReport;
  readonly changes: readonly { readonly path: string; readonly before: string; readonly after: string }[];
  /** Per rule: what its `rewrites` count, singular (`read`, `literal`; default `rewrite`), for the human summary. */
  readonly siteNouns: Readonly<Record<string, string>>;
}
