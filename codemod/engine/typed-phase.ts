/**
 * Phase 5 of a `migrate` run: the type-aware rules, in the main thread, one rule at a time, each over type-checked
 * programs (one per tsconfig) built from the candidates' current texts (the rule's own, and every file an earlier
 * rule changed) plus, read from disk, the files the rule's project pass named: those its project-wide analysis must
 * see even when they have nothing to rewrite.
 */
import type { ProjectFacts } from '../rule';
import type { FileState } from './file-state';
import { absorb, inputOf, yieldToEvents } from './file-state';
import { isJsonPath } from './discovery';
import type { ReportedWarning } from './report';
import type { RunSettings } from './settings';
import { TsconfigHealth } from './tsconfig-health';
import type { TypeScript, TypedLookup } from './transform';
import { transformFile } from './transform';

export interface TypedInput {
  readonly candidates: readonly FileState[];
  readonly project: ProjectFacts;
  /** Per rule name: absolute paths its `collect` said something about. */
  readonly provenance: ReadonlyMap<string, readonly string[]>;
  readonly ts: TypeScript;
  readonly signal?: AbortSignal;
}

/** Runs the type-aware rules; returns the warnings about tsconfigs TypeScript could not read whole. */
export async function runTypedRules(settings: RunSettings, input: TypedInput): Promise<ReportedWarning[]> {
  const { ruleOptions, typedRules } = settings;
  const { signal, ts: tsApi, project } = input;
  const { findTsConfig, loadTypedFiles } = await import('../typed-project');
  const health = new TsconfigHealth(tsApi, settings.root);
  const tsconfigCache = new Map<string, string | undefined>();
  for (const rule of typedRules) {
    if (signal?.aborted) break;
    const files = input.candidates.filter((state) => !state.failure && !isJsonPath(state.file.relativePath) && rule.mayMatch(state.text, { filePath: state.file.filePath, relativePath: state.file.relativePath, options: ruleOptions }));
    if (files.length === 0) continue;
    const own = new Set(files.map((state) => state.file.filePath));
    // Files an earlier rule of this run changed are seen as changed (a rewritten test literal is no longer the
    // old value), also when this rule only analyses them.
    const changed = input.candidates.filter((state) => !state.failure && !own.has(state.file.filePath) && !isJsonPath(state.file.relativePath) && state.text !== state.original);
    const withText = new Set([...own, ...changed.map((state) => state.file.filePath)]);
    const extraRoots = (input.provenance.get(rule.name) ?? []).filter((path) => !withText.has(path) && !isJsonPath(path));
    const typed: TypedLookup = loadTypedFiles(
      [...files, ...changed].map((state) => ({ filePath: state.file.filePath, text: state.text })),
      extraRoots,
    );
    for (const state of files) {
      if (signal?.aborted) break;
      const tsconfig = findTsConfig(state.file.filePath, tsconfigCache);
      if (tsconfig !== undefined) health.note(tsconfig, rule.name, state.file.filePath);
      absorb(state, transformFile(inputOf(state), { ts: tsApi, rules: [rule], options: ruleOptions, typed, checkInputSyntax: !state.syntaxChecked, project }));
      await yieldToEvents();
    }
  }
  return health.warnings();
}
