/**
 * The contract between the codemod runner and its rules (one rule per file under `codemod/rules/`).
 *
 * A rule never writes files and never re-implements the ID grammar (it imports the core, package `unified-id`).
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
  /** The codebase's old ID modules (`legacy-modules` rule), each with its own names for the historical functions. */
  readonly legacyModules: readonly LegacyModuleSpec[];
  /** Path patterns (globs, relative to the run's root) of client code (`client-ids` rule: clients adopt ids, never mint them). */
  readonly clientFilePatterns?: readonly string[];
}

/** One legacy ID module: `unified-id.config.json` `legacyModules` entries are a string (`module` alone) or this. */
export interface LegacyModuleSpec {
  /** A path from the run's root (`src/lib/ids.ts`) or a bare specifier (`@acme/legacy-ids`). */
  readonly module: string;
  /**
   * The module's exported name → the `unified-id` export that takes its place (`{ "isValidRunId": "isRunId" }`).
   * Entries win over the defaults of `HISTORICAL_API` (`codemod/legacy-api.ts`).
   */
  readonly map?: Readonly<Record<string, string>>;
}

export interface RuleFileInfo {
  /** Absolute path of the file. */
  readonly filePath: string;
  /** Path relative to the run's root, with `/` separators. */
  readonly relativePath: string;
  readonly options: RuleOptions;
}

/**
 * Project-wide facts every rule may consult. The runner computes them once per run from every discovered file
 * (before `--shard` slices the list, so every shard decides from the same evidence) and hands them to each rule.
 */
export interface ProjectFacts {
  /**
   * Why the run is in scope, one line per kind of evidence (`src/a.ts imports unified-id`, `legacy module
   * src/ids.ts`, `historical run ID literal in test/x.test.ts:4`). Empty: no evidence, and no rule changes anything.
   */
  readonly evidence: readonly string[];
  /** Relative paths (`/` separators) of the legacy ID modules: configured, or detected by their shape. */
  readonly legacyModuleFiles: readonly string[];
  /**
   * Relative paths of the files the evidence of this system's ID formats reaches: files holding it (an import of the
   * package, a legacy module that builds IDs in a historical format, a run ID literal), their importers at any depth
   * (relative imports), and the JSON files these name. Rules that judge by names rather than types (`test-ids`)
   * change nothing outside it.
   */
  readonly reach?: readonly string[];
  /** Per rule name: what that rule's `combine` folded from the per-file facts of its `collect`. */
  readonly rules: { readonly [rule: string]: JsonValue };
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
  /** The type-checked program `checker` belongs to (with `checker` only), for project-wide analysis. */
  readonly program?: ts.Program;
  /** The TypeScript namespace (from ts-morph), so rules need not import `typescript` themselves. */
  readonly ts: typeof ts;
  /** Project-wide facts; absent when a rule is applied to a file alone (unit tests), then it judges from the file. */
  readonly project?: ProjectFacts;
}

export interface RuleResult {
  readonly edits: readonly TextEdit[];
  readonly warnings: readonly RuleWarning[];
  /** Per-file facts the rule wants back in `finalize` (e.g. which legacy imports remain). */
  readonly data?: JsonValue;
  /** Sites rewritten (a read, a call, a literal; import edits apart), for the report; default: the number of edits. */
  readonly sites?: number;
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
  /** What the report counts for this rule, singular (`read`: "thread-access 41 reads"); default `rewrite`. */
  readonly siteNoun?: string;
  /** Cheap text prefilter run before any parsing: `false` means this file cannot possibly match. */
  mayMatch(text: string, file: RuleFileInfo): boolean;
  /** Reads one file and returns the edits; must not throw for valid TypeScript. */
  apply(context: RuleContext): RuleResult;
  /**
   * Optional project pass, from the text alone (no parse: it runs over every discovered file, across shards):
   * facts about one file, or `undefined` for none. Folded by `combine` into `context.project.rules[name]`.
   */
  collect?(text: string, file: RuleFileInfo): JsonValue | undefined;
  /** Folds the per-file facts of `collect` into one value (plain JSON: it crosses into worker threads). */
  combine?(facts: readonly RuleFileData[], options: RuleOptions): JsonValue;
  /** Optional whole-run summary lines (e.g. "legacy module X has no imports left: it can be deleted"). */
  finalize?(files: readonly RuleFileData[], options: RuleOptions): readonly string[];
}
