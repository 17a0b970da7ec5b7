/** Resolving `--rules` names (plus rule modules loaded for tests/plugins) to rule objects, in run order. */
import { pathToFileURL } from 'node:url';
import type { Rule } from '../rule';
import { allRules } from '../rules/index';

/**
 * Rules exported by an extra module: its `rules` array or its default export (one rule or an array).
 * The CLI reads the module list from `UNIFIED_ID_RULE_MODULES` (paths separated by the platform's path delimiter), which the
 * end-to-end tests use to run the built CLI with rules of their own; workers load the same modules.
 */
export async function loadRuleModules(paths: readonly string[]): Promise<Rule[]> {
  const rules: Rule[] = [];
  for (const path of paths) {
    const module = (await import(pathToFileURL(path).href)) as { rules?: readonly Rule[]; default?: Rule | readonly Rule[] };
    const exported = module.rules ?? module.default;
    if (exported === undefined) throw new Error(`${path} exports no rules (expected \`rules\` or a default export)`);
    rules.push(...(Array.isArray(exported) ? (exported as readonly Rule[]) : [exported as Rule]));
  }
  return rules;
}

/** Every known rule: the registry, then extra rules (same name: the extra one wins, for tests). */
export function knownRules(extra: readonly Rule[]): Rule[] {
  const extraNames = new Set(extra.map((rule) => rule.name));
  return [...allRules.filter((rule) => !extraNames.has(rule.name)), ...extra];
}

/** The rules named, in known order; `undefined` names means every known rule. */
export function selectRules(known: readonly Rule[], names: readonly string[] | undefined): { rules: Rule[]; unknown: string[] } {
  if (names === undefined) return { rules: [...known], unknown: [] };
  const unknown = names.filter((name) => !known.some((rule) => rule.name === name));
  return { rules: known.filter((rule) => names.includes(rule.name)), unknown };
}
