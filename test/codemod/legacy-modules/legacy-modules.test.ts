import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RuleOptions } from '../../../codemod/rule';
import { legacyModulesRule, matchLegacyModule } from '../../../codemod/rules/legacy-modules';
import { applyRule, applyRuleToFiles, baseOptions, fixtureCases, repoRoot, typeErrors, type FixtureCase } from '../thread-access/harness';

const fixtureRoot = join(repoRoot, 'fixtures/codemod/legacy-modules');
const options: RuleOptions = { ...baseOptions, legacyModules: ['fixtures/codemod/legacy-modules/legacy-ids.ts', '@acme/legacy-ids'] };
const cases = fixtureCases(fixtureRoot);

// The rule is syntactic: it runs without a checker everywhere; tsconfigs are there for the type-check below.
const apply = (path: string, text: string) => applyRule(legacyModulesRule, path, text, false, options);
const run = (fixture: FixtureCase) => {
  const files = new Map([
    [fixture.inputPath, readFileSync(fixture.inputPath, 'utf8')],
    [fixture.outputPath, readFileSync(fixture.outputPath, 'utf8')],
  ]);
  const results = applyRuleToFiles(legacyModulesRule, files, false, options);
  return { first: results.get(fixture.inputPath)!, second: results.get(fixture.outputPath)! };
};

describe('legacy-modules fixtures', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s: output matches byte for byte, warnings as listed; a second run changes nothing', (_name, fixture) => {
    const { first, second } = run(fixture);
    expect(first.output).toBe(readFileSync(fixture.outputPath, 'utf8'));
    expect(first.result.warnings.map((w) => w.code).sort()).toEqual([...fixture.expectedWarnings].sort());
    expect(second.result.edits).toEqual([]);
  });

  it('the typed inputs type-check, and so does every applied output (tsc --noEmit)', () => {
    const typed = cases.filter((c) => c.typed);
    expect(typed.length).toBeGreaterThan(4);
    const base = join(fixtureRoot, 'tsconfig.base.json');
    const inputs = new Map(typed.map((c) => [c.inputPath, readFileSync(c.inputPath, 'utf8')]));
    expect(typeErrors(base, inputs)).toEqual([]);
    const outputs = new Map(typed.map((c) => [c.inputPath, apply(c.inputPath, readFileSync(c.inputPath, 'utf8')).output]));
    expect(typeErrors(base, outputs)).toEqual([]);
  }, 180_000);

  it('no output imports the legacy module unless a warning says why', () => {
    for (const fixture of cases) {
      const { output, result } = apply(fixture.inputPath, readFileSync(fixture.inputPath, 'utf8'));
      const stillImports = /from '(\.\.\/legacy-ids(\.js)?|@acme\/legacy-ids)'|require\('\.\.\/legacy-ids/.test(output);
      expect(stillImports, fixture.name).toBe(result.warnings.length > 0);
    }
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
  const opts: RuleOptions = { ...baseOptions, legacyModules: ['src/ids.ts', '@acme/ids', 'src/unused.ts'] };
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
