/**
 * Runs `test-ids` over a small project the way the engine does: `collect` on every file (test or not, in path
 * order), `combine` once, then `apply` on each file `mayMatch` accepts, with the combined value in
 * `context.project`. JSON files are parsed as `ts.ScriptKind.JSON`, as the engine hands them to rules.
 */
import { ts } from 'ts-morph';
import { DEFAULT_RUN_ID_NAMES, DEFAULT_TEST_FILE_PATTERNS, DEFAULT_THREAD_ID_NAMES } from '../../../codemod/defaults';
import { applyEdits } from '../../../codemod/edits';
import type { JsonValue, ProjectFacts, RuleFileData, RuleFileInfo, RuleOptions, RuleResult } from '../../../codemod/rule';
import { testIdsRule } from '../../../codemod/rules/test-ids';

export const options: RuleOptions = {
  importFrom: 'unified-id',
  testFilePatterns: DEFAULT_TEST_FILE_PATTERNS,
  runIdNames: DEFAULT_RUN_ID_NAMES,
  threadIdNames: DEFAULT_THREAD_ID_NAMES,
  legacyModules: [],
};

export type Files = Readonly<Record<string, string>>;

export interface FileOutcome {
  readonly text: string;
  readonly result: RuleResult | undefined;
  readonly warnings: readonly { readonly code: string; readonly line: number; readonly message: string }[];
}

export function infoOf(relativePath: string, overrides: Partial<RuleOptions> = {}): RuleFileInfo {
  return { filePath: `/repo/${relativePath}`, relativePath, options: { ...options, ...overrides } };
}

function scriptKind(path: string): ts.ScriptKind {
  if (path.endsWith('.json')) return ts.ScriptKind.JSON;
  if (path.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (/\.[cm]?js$/.test(path)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** `collect` over every file (sorted by path, as the engine feeds them), then `combine`. */
export function combineProject(files: Files, order: readonly string[] = Object.keys(files).sort()): JsonValue {
  const facts: RuleFileData[] = [];
  for (const path of order) {
    const data = testIdsRule.collect?.(files[path] as string, infoOf(path));
    if (data !== undefined) facts.push({ relativePath: path, data: JSON.parse(JSON.stringify(data)) as JsonValue });
  }
  return testIdsRule.combine?.(facts, options) ?? null;
}

/** `apply` on one file, with the project's combined value (or alone, without `project`). */
export function applyTo(path: string, text: string, combined: JsonValue | undefined, reach?: readonly string[]): FileOutcome {
  const info = infoOf(path);
  if (!testIdsRule.mayMatch(text, info)) return { text, result: undefined, warnings: [] };
  const sourceFile = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, scriptKind(path));
  const project: ProjectFacts | undefined =
    combined === undefined ? undefined : { evidence: ['test project'], legacyModuleFiles: [], ...(reach ? { reach } : {}), rules: { 'test-ids': combined } };
  const result = testIdsRule.apply({ ...info, text, sourceFile, ts, ...(project ? { project } : {}) });
  return {
    text: applyEdits(text, result.edits),
    result,
    warnings: result.warnings.map(({ code, line, message }) => ({ code, line, message })),
  };
}

/** The whole project through the rule: each file's outcome, by path. */
export function migrateProject(files: Files): Record<string, FileOutcome> {
  const combined = combineProject(files);
  const out: Record<string, FileOutcome> = {};
  for (const path of Object.keys(files).sort()) out[path] = applyTo(path, files[path] as string, combined);
  return out;
}

/** The migrated texts only. */
export function textsOf(outcomes: Record<string, FileOutcome>): Record<string, string> {
  return Object.fromEntries(Object.entries(outcomes).map(([path, outcome]) => [path, outcome.text]));
}
