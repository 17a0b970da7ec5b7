/**
 * Properties over generated importers of two legacy ID modules (named, aliased, namespace and static imports;
 * calls with the right and wrong arguments, values passed around, results used where their exact type matters):
 * with a checker and without, output parses and type-checks, a second run is a no-op, and a legacy import is gone
 * exactly when no warning says why it stays.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import type { RuleOptions } from '../../../codemod/rule';
import { legacyModulesRule } from '../../../codemod/rules/legacy-modules';
import { applyRuleToFiles, baseOptions, repoRoot, typeErrors } from '../thread-access/harness';

const fixtureRoot = join(repoRoot, 'fixtures/codemod/legacy-modules');
const options: RuleOptions = {
  ...baseOptions,
  legacyModules: [{ module: 'fixtures/codemod/legacy-modules/legacy-ids.ts' }, { module: 'fixtures/codemod/legacy-modules/run-id-generator.ts' }],
};

/** Uses of the bindings below; each line is valid TypeScript against legacy-ids.ts. */
const uses = [
  "generateRunId('t');",
  'extractThreadId(id);',
  "validateIdPair(id, 't');",
  'if (!validateRunId(id)) return;',
  'validateRunId(id);',
  'parseRunId(id).threadId;',
  'createTestIds();',
  "IDManager.generateRunId('t');",
  'IDManager.describe(id);',
  "ids.generate_run_id('t');",
  'ids.LEGACY_PREFIX.length;',
  '[id].map(extractThreadId);',
  // The second module: `null` for an unreadable id, a throwing validator, a clock-stamping converter.
  'keepNull(extractThreadIdFromRunId(id));',
  'keepNull(RunIds.extractThreadId(id) || null);',
  'if (!isValidRunId(id) || !validateRunIdFormat(id)) return;',
  "getOrGenerateRunId(undefined, 't').length;",
  'migrateLegacyRunIdToStandard(id).length;',
  'new Date(parseParts(id).timestamp);',
  'keepString(parseParts(id).threadId);',
  'assertRunId(id);',
  'toCanonical(id);',
];

const imports = [
  "import { generateRunId, extractThreadId, validateIdPair, validateRunId, parseRunId, createTestIds, IDManager } from './legacy-ids';",
  "import * as ids from './legacy-ids';",
  'import { extractThreadIdFromRunId, RunIds, isValidRunId, validateRunIdFormat, getOrGenerateRunId, migrateLegacyRunIdToStandard, parseRunId as parseParts, validateRunId as assertRunId, toCanonical } from \'./run-id-generator\';',
];

/** Take exactly these types: a rewrite that changed a result's type fails the type-check. */
const helpers = 'function keepNull(value: string | null): string | null {\n  return value;\n}\n\nfunction keepString(value: string): string {\n  return value;\n}\n';

function fileOf(picked: readonly number[]): string {
  return `${imports.join('\n')}\n\n${helpers}\nexport function use(id: string): void {\n${picked.map((index) => `  ${uses[index]!}`).join('\n')}\n}\n`;
}

const legacyImport = /from '\.\/(legacy-ids|run-id-generator)'/;

function parses(text: string): boolean {
  const sourceFile = ts.createSourceFile('/x.ts', text, ts.ScriptTarget.Latest, true) as ts.SourceFile & { parseDiagnostics: readonly ts.Diagnostic[] };
  return sourceFile.parseDiagnostics.length === 0;
}

describe.each([
  ['with a checker', true, 5],
  ['without a checker', false, 3],
] as const)('legacy-modules properties (%s)', (_label, typed, numRuns) => {
  it('output parses and type-checks, reruns are no-ops, and the legacy import stays only with a warning', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: uses.length - 1 }), { minLength: 1, maxLength: 6 }), { minLength: 5, maxLength: 5 }), (batch) => {
        const inputs = new Map(batch.map((picked, index) => [join(fixtureRoot, `generated-${index}.ts`), fileOf(picked)]));
        const tsconfig = join(fixtureRoot, 'tsconfig.base.json');
        expect(typeErrors(tsconfig, inputs)).toEqual([]);
        const applied = applyRuleToFiles(legacyModulesRule, inputs, typed, options);
        const outputs = new Map([...applied].map(([path, result]) => [path, result.output]));
        for (const { output, result } of applied.values()) {
          expect(parses(output)).toBe(true);
          expect(legacyImport.test(output), output).toBe(result.warnings.length > 0);
        }
        for (const { result } of applyRuleToFiles(legacyModulesRule, outputs, typed, options).values()) expect(result.edits).toEqual([]);
        // Unused imports are fine for tsc; what matters is that every remaining name still resolves and types hold.
        expect(typeErrors(tsconfig, outputs)).toEqual([]);
      }),
      { numRuns },
    );
  }, 240_000);
});
