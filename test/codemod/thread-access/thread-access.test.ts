import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { threadAccessRule } from '../../../codemod/rules/thread-access';
import { applyRule, applyRuleToFiles, baseOptions, caseRunner, fixtureCases, repoRoot, typeErrors, type FixtureCase } from './harness';

const fixtureRoot = join(repoRoot, 'fixtures/codemod/thread-access');
const cases = fixtureCases(fixtureRoot);
const typedCases = cases.filter((c) => c.typed);
const run = caseRunner(threadAccessRule);

/** Every typed case's `input.*` with the given text, plus the cases' ambient `.d.ts` files. */
function programFiles(text: (fixture: FixtureCase) => string): Map<string, string> {
  const files = new Map<string, string>();
  for (const fixture of typedCases) {
    files.set(fixture.inputPath, text(fixture));
    for (const name of readdirSync(fixture.folder)) {
      if (name.endsWith('.d.ts')) files.set(join(fixture.folder, name), readFileSync(join(fixture.folder, name), 'utf8'));
    }
  }
  return files;
}

describe('thread-access fixtures', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s: output matches byte for byte, warnings as listed; a second run changes nothing', (_name, fixture) => {
    const { first, second } = run(fixture);
    expect(first.output).toBe(readFileSync(fixture.outputPath, 'utf8'));
    expect(first.result.warnings.map((w) => w.code).sort()).toEqual([...fixture.expectedWarnings].sort());
    expect(second.result.edits).toEqual([]);
    // The text prefilter lets every file with a rewrite (or a warning) through.
    if (first.output !== readFileSync(fixture.inputPath, 'utf8') || first.result.warnings.length > 0) {
      expect(threadAccessRule.mayMatch(readFileSync(fixture.inputPath, 'utf8'), { filePath: fixture.inputPath, relativePath: fixture.name, options: baseOptions })).toBe(true);
    }
  });

  it('without a checker (no tsconfig), every input still gives output that parses, and a second run is a no-op', () => {
    for (const fixture of cases) {
      const input = readFileSync(fixture.inputPath, 'utf8');
      const { output } = applyRule(threadAccessRule, fixture.inputPath, input, false);
      const kind = /\.tsx$/.test(fixture.inputPath) ? ts.ScriptKind.TSX : /\.[cm]?js$/.test(fixture.inputPath) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
      const parsed = ts.createSourceFile(fixture.inputPath, output, ts.ScriptTarget.Latest, true, kind) as ts.SourceFile & { parseDiagnostics: readonly ts.Diagnostic[] };
      expect(parsed.parseDiagnostics, fixture.name).toEqual([]);
      expect(applyRule(threadAccessRule, fixture.inputPath, output, false).result.edits, fixture.name).toEqual([]);
    }
  });

  it('the text prefilter skips files that only declare or write thread fields', () => {
    const info = { filePath: '/x.ts', relativePath: 'x.ts', options: baseOptions };
    expect(threadAccessRule.mayMatch('interface A {\n  thread_id?: string;\n  threadId: string;\n}\n', info)).toBe(false);
    expect(threadAccessRule.mayMatch("const a = { run_id: r, thread_id: 'literal' };\n", info)).toBe(false);
    for (const read of ['x.thread_id', 'x?.threadId', 'x\n  .threadId', "x['thread_id']", 'x[`threadId`]', 'const { thread_id } = x', 'const {\n  a,\n  threadId = d } = x', 'const { thread_id: t } = x', "({ 'threadId': t }) => t"]) {
      expect(threadAccessRule.mayMatch(read, info), read).toBe(true);
    }
  });

  it('the typed inputs type-check, and so does every applied output (tsc --noEmit)', () => {
    expect(typedCases.length).toBeGreaterThan(5);
    const base = join(fixtureRoot, 'tsconfig.base.json');
    expect(existsSync(base)).toBe(true);
    expect(typeErrors(base, programFiles((fixture) => readFileSync(fixture.inputPath, 'utf8')))).toEqual([]);
    // Applied in one program too (each case's own tsconfig is exercised by the cases above).
    const inputs = new Map(typedCases.map((c) => [c.inputPath, readFileSync(c.inputPath, 'utf8')]));
    const applied = applyRuleToFiles(threadAccessRule, inputs, true);
    expect(typeErrors(base, programFiles((fixture) => applied.get(fixture.inputPath)!.output))).toEqual([]);
  }, 180_000);
});
