/**
 * Rule `legacy-modules`: imports of the codebase's old ID modules (`legacyModules` in `unified-id.config.json`,
 * or `--legacy-module`) and calls of their run/thread ID functions move to the unified API.
 *
 * Which old name plays which role comes from `codemod/legacy-api.ts` (both spellings of the historical API) and
 * the module's `map` in the config. A call is rewritten only when the replacement keeps its static type and its
 * behaviour, which the type checker shows from the legacy function's declaration and body
 * (`legacy-modules/verdict.ts`); otherwise it is reported with a code saying why and what to do, and keeps its
 * legacy import. `finalize` says which modules have no imports left and can be deleted.
 *
 * Parts: `modules.ts` (which module a specifier names), `bindings.ts` (the legacy imports of a file),
 * `legacy-function.ts` (what the checker shows of the function a call reaches), `verdict.ts` (rewrite or keep, with
 * `type-facts.ts` and `null-use.ts`), `format-assertions.ts` / `error-assertions.ts` (tests asserting the legacy
 * format or error message of what a migrated call produces), `pass.ts` (one file: decisions to edits).
 */
import type { JsonValue, Rule, RuleFileData, RuleOptions } from '../rule';
import { needleOf } from './legacy-modules/modules';
import { LegacyModulesPass } from './legacy-modules/pass';

export { matchLegacyModule } from './legacy-modules/modules';

function isStringArray(value: JsonValue | undefined): value is readonly string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function recordOf(value: JsonValue): { readonly [key: string]: JsonValue } | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { readonly [key: string]: JsonValue }) : undefined;
}

export const legacyModulesRule: Rule = {
  name: 'legacy-modules',
  description: 'Move imports and calls of the legacy ID modules (config "legacyModules") to the unified API',
  // The checker shows what each legacy function returns and does; without one, only safe roles are rewritten.
  needsTypes: true,
  siteNoun: 'call',
  mayMatch(text, file) {
    const specs = file.options.legacyModules;
    return specs.length > 0 && (text.includes('import') || text.includes('require')) && specs.some((spec) => text.includes(needleOf(spec.module)));
  },
  apply(context) {
    if (context.options.legacyModules.length === 0) return { edits: [], warnings: [] };
    return new LegacyModulesPass(context).run();
  },
  finalize(files: readonly RuleFileData[], options: RuleOptions) {
    const importers = new Map<string, string[]>();
    const remaining = new Map<string, string[]>();
    for (const file of files) {
      const record = recordOf(file.data);
      if (!record) continue;
      const imported = record['imported'];
      const kept = record['remaining'];
      if (isStringArray(imported)) for (const module of imported) importers.set(module, [...(importers.get(module) ?? []), file.relativePath]);
      if (isStringArray(kept)) for (const module of kept) remaining.set(module, [...(remaining.get(module) ?? []), file.relativePath]);
    }
    return options.legacyModules.map(({ module }) => {
      const still = remaining.get(module) ?? [];
      if (still.length > 0) return `legacy module ${module} is still imported by ${still.length} file(s): ${still.sort().join(', ')} (see the warnings)`;
      const count = importers.get(module)?.length ?? 0;
      const moved = count > 0 ? ` (${count} importing file(s) now use ${options.importFrom})` : '';
      return `legacy module ${module} has no imports left${moved}: it can be deleted`;
    });
  },
};
