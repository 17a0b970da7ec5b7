/**
 * Properties over generated importers of a legacy ID module (named, namespace and `IDManager` imports; calls
 * with the right and wrong arguments, values passed around): output parses and type-checks, a second run is a
 * no-op, and the legacy import is gone exactly when no warning says why it stays.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import type { RuleOptions } from '../../../codemod/rule';
import { legacyModulesRule } from '../../../codemod/rules/legacy-modules';
import { applyRuleToFiles, baseOptions, repoRoot, typeErrors } from '../thread-access/harness';

const fixtureRoot = join(repoRoot, 'fixtures/codemod/legacy-modules');
const options: RuleOptions = { ...baseOptions, legacyModules: ['fixtures/codemod/legacy-modules/legacy-ids.ts'] };

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
];

const imports = [
  "import { generateRunId, extractThreadId, validateIdPair, validateRunId, parseRunId, createTestIds, IDManager } from './legacy-ids';",
  "import * as ids from './legacy-ids';",
];

function fileOf(picked: readonly number[]): string {
  return `${imports.join('\n')}\n\nexport function use(id: string): void {\n${picked.map((index) => `  ${uses[index]!}`).join('\n')}\n}\n`;
}

function parses(text: string): boolean {
  const sourceFile = ts.createSourceFile('/x.ts', text, ts.ScriptTarget.Latest, true) as ts.SourceFile & { parseDiagnostics: readonly ts.Diagnostic[] };
  return sourceFile.parseDiagnostics.length === 0;
}

describe('legacy-modules properties', () => {
  it('output parses and type-checks, reruns are no-ops, and the legacy import stays only with a warning', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: uses.length - 1 }), { minLength: 1, maxLength: 6 }), { minLength: 5, maxLength: 5 }), (batch) => {
        const inputs = new Map(batch.map((picked, index) => [join(fixtureRoot, `generated-${index}.ts`), fileOf(picked)]));
        const tsconfig = join(fixtureRoot, 'tsconfig.base.json');
        expect(typeErrors(tsconfig, inputs)).toEqual([]);
        const applied = applyRuleToFiles(legacyModulesRule, inputs, false, options);
        const outputs = new Map([...applied].map(([path, result]) => [path, result.output]));
        for (const { output, result } of applied.values()) {
          expect(parses(output)).toBe(true);
          expect(/from '\.\/legacy-ids'/.test(output), output).toBe(result.warnings.length > 0);
        }
        for (const { result } of applyRuleToFiles(legacyModulesRule, outputs, false, options).values()) expect(result.edits).toEqual([]);
        // Unused imports are fine for tsc; what matters is that every remaining name still resolves and types hold.
        expect(typeErrors(tsconfig, outputs)).toEqual([]);
      }),
      { numRuns: 6 },
    );
  }, 240_000);
});
