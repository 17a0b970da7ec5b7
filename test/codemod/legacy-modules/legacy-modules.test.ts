import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RuleOptions } from '../../../codemod/rule';
import { legacyModulesRule, matchLegacyModule } from '../../../codemod/rules/legacy-modules';
import { applyRule, baseOptions, caseRunner, fixtureCases, repoRoot, typeErrors, type FixtureCase } from '../thread-access/harness';

const fixtureRoot = join(repoRoot, 'fixtures/codemod/legacy-modules');
/** Two legacy modules (one also under a bare specifier), the second with a `map` for its own names. */
const options: RuleOptions = {
  ...baseOptions,
  legacyModules: [
    { module: 'fixtures/codemod/legacy-modules/legacy-ids.ts' },
    { module: '@acme/legacy-ids' },
    { module: 'fixtures/codemod/legacy-modules/run-id-generator.ts', map: { mkRun: 'generateRunId', checkRun: 'isRunId' } },
  ],
};
const cases = fixtureCases(fixtureRoot);
const legacyImport = /from '(\.\.\/(legacy-ids|run-id-generator)(\.js)?|@acme\/legacy-ids)'|require\('\.\.\/(legacy-ids|run-id-generator)/;

// Cases with a tsconfig run with a checker (as the engine runs them), the others without one.
const apply = (fixture: FixtureCase, text: string) => applyRule(legacyModulesRule, fixture.inputPath, text, fixture.typed, options);
const run = caseRunner(legacyModulesRule, options);

describe('legacy-modules fixtures', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s: output matches byte for byte, warnings as listed; a second run changes nothing', (_name, fixture) => {
    const { first, second } = run(fixture);
    expect(first.output).toBe(readFileSync(fixture.outputPath, 'utf8'));
    expect(first.result.warnings.map((w) => w.code).sort()).toEqual([...fixture.expectedWarnings].sort());
    expect(second.result.edits).toEqual([]);
    // The text prefilter lets every file with a rewrite (or a warning) through.
    if (first.output !== readFileSync(fixture.inputPath, 'utf8') || first.result.warnings.length > 0) {
      expect(legacyModulesRule.mayMatch(readFileSync(fixture.inputPath, 'utf8'), { filePath: fixture.inputPath, relativePath: fixture.name, options })).toBe(true);
    }
  });

  it('the typed inputs type-check, and so does every applied output (tsc --noEmit)', () => {
    const typed = cases.filter((c) => c.typed);
    expect(typed.length).toBeGreaterThan(4);
    const base = join(fixtureRoot, 'tsconfig.base.json');
    const inputs = new Map(typed.map((c) => [c.inputPath, readFileSync(c.inputPath, 'utf8')]));
    expect(typeErrors(base, inputs)).toEqual([]);
    const outputs = new Map(typed.map((c) => [c.inputPath, apply(c, readFileSync(c.inputPath, 'utf8')).output]));
    expect(typeErrors(base, outputs)).toEqual([]);
  }, 180_000);

  it('no output imports the legacy module unless a warning says why', () => {
    for (const fixture of cases) {
      const { output, result } = apply(fixture, readFileSync(fixture.inputPath, 'utf8'));
      // Warnings about tests of migrated ids say nothing about the imports.
      const importWarnings = result.warnings.filter((warning) => !warning.code.startsWith('asserts-legacy-'));
      expect(legacyImport.test(output), fixture.name).toBe(importWarnings.length > 0);
    }
  });
});

describe('legacy-modules sites', () => {
  it('counts calls rewritten, not text edits: import edits and the `?? null` that goes with a call are not sites', () => {
    const fixture = cases.find((c) => c.name === 'null-preserved')!;
    const { result } = apply(fixture, readFileSync(fixture.inputPath, 'utf8'));
    // Five calls; besides their callees, the edits add ` ?? null` (five times), `(`, and the new import.
    expect(result.sites).toBe(5);
    expect(result.edits.length).toBeGreaterThan(10);
    const unusedImport = "import { generateRunId } from '../legacy-ids';\nexport const x = 1;\n";
    const pruned = apply(fixture, unusedImport);
    expect(pruned.output).toBe('export const x = 1;\n');
    expect(pruned.result.sites).toBe(0);
  });
});

describe('legacy module matching', () => {
  const file = '/repo/src/api/handler.ts';
  const relativePath = 'src/api/handler.ts';
  it('resolves relative specifiers from the importing file against entries taken from the root', () => {
    expect(matchLegacyModule('../lib/ids', file, relativePath, ['src/lib/ids.ts'])).toBe('src/lib/ids.ts');
    expect(matchLegacyModule('../lib/ids.js', file, relativePath, ['./src/lib/ids'])).toBe('./src/lib/ids');
    expect(matchLegacyModule('../lib', file, relativePath, ['src/lib/index.ts'])).toBe('src/lib/index.ts');
    expect(matchLegacyModule('./lib/ids', file, relativePath, ['src/lib/ids.ts'])).toBeUndefined();
  });
  it('matches bare specifiers verbatim only', () => {
    expect(matchLegacyModule('@acme/ids', file, relativePath, ['@acme/ids'])).toBe('@acme/ids');
    expect(matchLegacyModule('@acme/ids/extra', file, relativePath, ['@acme/ids'])).toBeUndefined();
    expect(matchLegacyModule('ids', file, relativePath, ['src/lib/ids.ts'])).toBeUndefined();
  });
});

describe('legacy-modules finalize', () => {
  const finalize = legacyModulesRule.finalize!;
  const opts: RuleOptions = { ...baseOptions, legacyModules: [{ module: 'src/ids.ts' }, { module: '@acme/ids' }, { module: 'src/unused.ts', map: { mkRun: 'generateRunId' } }] };
  it('says which modules can be deleted and which are still imported', () => {
    const notes = finalize(
      [
        { relativePath: 'a.ts', data: { imported: ['src/ids.ts', '@acme/ids'], remaining: ['@acme/ids'] } },
        { relativePath: 'b.ts', data: { imported: ['src/ids.ts'], remaining: [] } },
      ],
      opts,
    );
    expect(notes).toEqual([
      'legacy module src/ids.ts has no imports left (2 importing file(s) now use unified-id): it can be deleted',
      'legacy module @acme/ids is still imported by 1 file(s): a.ts (see the warnings)',
      'legacy module src/unused.ts has no imports left: it can be deleted',
    ]);
  });
});
