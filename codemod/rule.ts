/**
 * The contract between the codemod runner and its rules (one rule per file under `codemod/rules/`).
 *
 * A rule never writes files and never re-implements the ID grammar (it imports the core from `../src`).
 * It reads one parsed file and returns text edits; the runner applies them, checks the result still parses,
 * and writes atomically. Everything a rule returns crosses a worker boundary, so it must be plain JSON.
 */
import type { ts } from 'ts-morph';

/** Replace `text.slice(start, end)` with `text`. Offsets are UTF-16 indices into `RuleContext.text`. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Something the rule saw but would not rewrite safely. `line` and `column` are 1-based. */
export interface RuleWarning {
  /** Stable machine-readable reason, e.g. `computed-run-id`. */
  readonly code: string;
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

/** Plain JSON, so results can cross worker threads. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Settings shared by every rule; the CLI and `unified-id.config.json` fill them. */
export interface RuleOptions {
  /** Module specifier that added imports name (`--import-from`, default `unified-id`). */
  readonly importFrom: string;
  /** Path patterns (globs, relative to the run's root) of test files, for rules limited to tests. */
  readonly testFilePatterns: readonly string[];
  /** Property / variable / parameter names that hold run IDs (`run_id`, `runId`, `RUN_ID`). */
  readonly runIdNames: readonly string[];
  /** Names that hold thread IDs (`thread_id`, `threadId`, `THREAD_ID`). */
  readonly threadIdNames: readonly string[];
  /** Specifiers or paths of the codebase's old ID modules (`legacy-modules` rule). */
  readonly legacyModules: readonly string[];
}

export interface RuleFileInfo {
  /** Absolute path of the file. */
  readonly filePath: string;
  /** Path relative to the run's root, with `/` separators. */
  readonly relativePath: string;
  readonly options: RuleOptions;
}

export interface RuleContext extends RuleFileInfo {
  /** The file's text without a BOM, line endings as on disk. Edits index into this. */
  readonly text: string;
  /** The parsed file (TypeScript's own AST; for type-aware rules, the node from the type-checked program). */
  readonly sourceFile: ts.SourceFile;
  /**
   * Present only for rules with `needsTypes`, and only when the file belongs to a tsconfig project.
   * Without it a type-aware rule falls back to conservative syntactic evidence.
   */
  readonly checker?: ts.TypeChecker;
  /** The TypeScript namespace (from ts-morph), so rules need not import `typescript` themselves. */
  readonly ts: typeof ts;
}

export interface RuleResult {
  readonly edits: readonly TextEdit[];
  readonly warnings: readonly RuleWarning[];
  /** Per-file facts the rule wants back in `finalize` (e.g. which legacy imports remain). */
  readonly data?: JsonValue;
}

export interface RuleFileData {
  readonly relativePath: string;
  readonly data: JsonValue;
}

export interface Rule {
  /** CLI name, used by `--rules`. */
  readonly name: string;
  /** One line for `--help` and the report. */
  readonly description: string;
  /** True when the rule wants a type checker; the runner then builds one project per tsconfig. */
  readonly needsTypes: boolean;
  /** Cheap text prefilter run before any parsing: `false` means this file cannot possibly match. */
  mayMatch(text: string, file: RuleFileInfo): boolean;
  /** Reads one file and returns the edits; must not throw for valid TypeScript. */
  apply(context: RuleContext): RuleResult;
  /** Optional whole-run summary lines (e.g. "legacy module X has no imports left: it can be deleted"). */
  finalize?(files: readonly RuleFileData[], options: RuleOptions): readonly string[];
}
