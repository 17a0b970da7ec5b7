/**
 * Rule `test-ids`: hardcoded run IDs of old or invalid shapes in tests (`'test-run'`, `'run-abc'`, legacy
 * `'run_user_1a2b3c4d'`) become canonical run IDs paired with their thread, invalid thread literals (`'thread 1'`)
 * become valid thread IDs — the same original getting the same value in every test file, table, JSON fixture and
 * `/runs/<id>/events`-like string of the project. Text and syntax only: no type checker.
 *
 * Parts, one concern each:
 * - `test-ids/analysis/`: what one file says, from its text (no parse, so `collect` can read every file): tokens,
 *   brackets, named slots, contexts (titles, validators, rejection tests), ID occurrences and what pairs them.
 * - `test-ids/decisions/`: `collect`'s per-file facts, and `combine`'s verdict per original (replacement, or why it
 *   stays), computed once for the whole project so every file, worker and shard applies the same one.
 * - `test-ids/edits/`: `apply` — the verdict on the parsed file's literals, local exceptions, warnings.
 * - `test-ids/replacements.ts` (how a value is made canonical), `test-ids/embedding.ts` (IDs inside longer strings).
 */
import { isMarkedGenerated } from '../engine/text';
import type { JsonValue, Rule } from '../rule';
import { FileAnalysis } from './test-ids/analysis/file-analysis';
import { visits } from './test-ids/analysis/paths';
import { decide } from './test-ids/decisions/decide';
import { decisionsToJson, readDecisions } from './test-ids/decisions/decisions';
import { factsOf, factsToJson } from './test-ids/decisions/facts';
import { TestIdsFilePass } from './test-ids/edits/file-pass';
import { mayChange } from './test-ids/edits/prefilter';

export { TEST_IDS_DEFAULT_THREAD, TEST_IDS_TIMESTAMP, replacementRunId, sanitizeThreadId } from './test-ids/replacements';
export type { TestIdReplacement } from './test-ids/edits/file-pass';

const reachSets = new WeakMap<readonly string[], ReadonlySet<string>>();

/** `reach` as a set, built once per run (the same array reaches every file of a worker). */
function reachSet(reach: readonly string[]): ReadonlySet<string> {
  let set = reachSets.get(reach);
  if (!set) reachSets.set(reach, (set = new Set(reach)));
  return set;
}

export const testIdsRule: Rule = {
  name: 'test-ids',
  description: 'In tests and test data, replaces hardcoded run IDs of old shapes with canonical IDs paired with their thread, the same way project-wide',
  needsTypes: false,
  siteNoun: 'literal',
  mayMatch(text, file) {
    return visits(text, file);
  },
  collect(text, file): JsonValue | undefined {
    // The engine never hands a generated file to a rule: it neither changes nor holds anything for this one.
    if (isMarkedGenerated(text)) return undefined;
    const facts = factsOf(new FileAnalysis(text, file), text, file.relativePath);
    return facts ? factsToJson(facts) : undefined;
  },
  combine(facts) {
    return decisionsToJson(decide(facts));
  },
  apply(context) {
    // Test IDs are judged by names and text, not types: only where the project's evidence reaches (a test of code
    // that uses the package or a legacy module, or that holds a run ID literal) are they this system's IDs.
    const reach = context.project?.reach;
    if (reach !== undefined && !reachSet(reach).has(context.relativePath)) return { edits: [], warnings: [] };
    const decisions = readDecisions(context.project?.rules['test-ids']);
    if (decisions && !mayChange(context.text, decisions, context.options)) return { edits: [], warnings: [] };
    return new TestIdsFilePass(context, decisions).run();
  },
};
