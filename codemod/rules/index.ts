/**
 * The rule registry, in the order rules run on a file (syntactic rules first in the runner, then type-aware ones,
 * each group in this order). Each rule lives in its own file; add one import line and one array entry per rule.
 */
import type { Rule } from '../rule';
import { testIdsRule } from './test-ids';
import { legacyModulesRule } from './legacy-modules';
import { threadAccessRule } from './thread-access';
import { clientIdsRule } from './client-ids';

/**
 * `legacy-modules` before `thread-access`: thread reads are judged against calls already migrated to the package.
 * `client-ids` first: it only warns, so its lines are those of the file as it was read.
 */
export const allRules: readonly Rule[] = [clientIdsRule, testIdsRule, legacyModulesRule, threadAccessRule];

/** The rules named (in registry order), or the names that match no rule. */
export function findRules(names: readonly string[]): { readonly rules: readonly Rule[]; readonly unknown: readonly string[] } {
  const wanted = new Set(names);
  const unknown = names.filter((name) => !allRules.some((rule) => rule.name === name));
  return { rules: allRules.filter((rule) => wanted.has(rule.name)), unknown };
}
