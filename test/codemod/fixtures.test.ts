/**
 * Fixture pairs for syntactic codemod rules: every `fixtures/codemod/<rule>/<case>.input.<ext>` is parsed, the rule
 * named by the folder applied, and the result compared byte for byte with `<case>.output.<ext>`.
 *
 * Conventions:
 * - No `.output` file: the file must come out unchanged.
 * - `<case>.warnings.json` (optional): the exact warnings expected, as `[{ "code", "line" }]` in report order;
 *   without it the case must produce no warnings.
 * - A `// @fixture-path <path>` comment sets the path the rule sees (default `test/<case>.test.<ext>`, a test file).
 * - `fixtures/codemod/<rule>/options.json` (optional): `RuleOptions` fields for every case of the folder.
 * - A file the engine skips before any rule (syntax errors, `@generated`) must come out unchanged, and the rule
 *   must not throw on it.
 * Every output is fed back to the rule: a second run must be a no-op (idempotence), and must still parse.
 * Rules with `needsTypes` have their own harness (they need a tsconfig project).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RUN_ID_NAMES, DEFAULT_TEST_FILE_PATTERNS, DEFAULT_THREAD_ID_NAMES } from '../../codemod/defaults';
import { applyEdits } from '../../codemod/edits';
import { isMarkedGenerated } from '../../codemod/engine/text';
import { firstSyntaxError } from '../../codemod/engine/transform';
import type { Rule, RuleFileInfo, RuleOptions } from '../../codemod/rule';
import { allRules } from '../../codemod/rules/index';
import { testIdsRule } from '../../codemod/rules/test-ids';

const FIXTURES = join(import.meta.dirname, '../../fixtures/codemod');

// The registry lists every rule once the engine wires it; until then add the ones this harness knows directly.
const rules = new Map<string, Rule>([[testIdsRule.name, testIdsRule], ...allRules.map((rule): [string, Rule] => [rule.name, rule])]);

const defaultOptions: RuleOptions = {
  importFrom: 'unified-id',
  testFilePatterns: DEFAULT_TEST_FILE_PATTERNS,
  runIdNames: DEFAULT_RUN_ID_NAMES,
  threadIdNames: DEFAULT_THREAD_ID_NAMES,
  legacyModules: [],
};

const INPUT = /^(.+)\.input\.([cm]?[jt]sx?)$/;

const SCRIPT_KINDS: Record<string, ts.ScriptKind> = {
  ts: ts.ScriptKind.TS,
  mts: ts.ScriptKind.TS,
  cts: ts.ScriptKind.TS,
  tsx: ts.ScriptKind.TSX,
  js: ts.ScriptKind.JS,
  mjs: ts.ScriptKind.JS,
  cjs: ts.ScriptKind.JS,
  jsx: ts.ScriptKind.JSX,
};

function parse(fileName: string, text: string, extension: string): ts.SourceFile {
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, SCRIPT_KINDS[extension] ?? ts.ScriptKind.TS);
}

/** Syntax errors found by the parser (not exposed in TypeScript's public types, but always present). */
function syntaxErrors(sourceFile: ts.SourceFile): readonly ts.Diagnostic[] {
  return (sourceFile as ts.SourceFile & { readonly parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
}

/** The engine's own checks before any rule runs on a file. */
function engineSkips(text: string, sourceFile: ts.SourceFile): boolean {
  return isMarkedGenerated(text) || firstSyntaxError(ts, sourceFile) !== undefined;
}

interface Outcome {
  readonly text: string;
  readonly warnings: readonly { readonly code: string; readonly line: number }[];
}

function runRule(rule: Rule, info: RuleFileInfo, text: string, extension: string): Outcome {
  if (!rule.mayMatch(text, info)) return { text, warnings: [] };
  const sourceFile = parse(info.filePath, text, extension);
  if (engineSkips(text, sourceFile)) {
    // The rule never sees such a file, but must not throw if it did.
    expect(() => rule.apply({ ...info, text, sourceFile, ts })).not.toThrow();
    return { text, warnings: [] };
  }
  const result = rule.apply({ ...info, text, sourceFile, ts });
  expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  return { text: applyEdits(text, result.edits), warnings: result.warnings.map(({ code, line }) => ({ code, line })) };
}

const folders = readdirSync(FIXTURES, { withFileTypes: true }).filter((entry) => entry.isDirectory() && rules.has(entry.name));

it('finds fixture folders for the syntactic rules', () => {
  expect(folders.map((folder) => folder.name)).toContain('test-ids');
});

for (const folder of folders) {
  const rule = rules.get(folder.name) as Rule;
  if (rule.needsTypes) continue;
  const directory = join(FIXTURES, folder.name);
  const files = readdirSync(directory);
  const optionsPath = join(directory, 'options.json');
  const options: RuleOptions = existsSync(optionsPath)
    ? { ...defaultOptions, ...(JSON.parse(readFileSync(optionsPath, 'utf8')) as Partial<RuleOptions>) }
    : defaultOptions;
  // Rules whose fixtures are case folders (legacy-modules: they need options) have their own harness.
  if (!files.some((file) => INPUT.test(file))) continue;
  describe(`fixtures/codemod/${folder.name}`, () => {
    for (const file of files) {
      const match = INPUT.exec(file);
      if (!match) continue;
      const [, caseName, extension] = match as unknown as [string, string, string];
      it(`${caseName}.${extension}`, () => {
        const input = readFileSync(join(directory, file), 'utf8');
        const outputPath = join(directory, `${caseName}.output.${extension}`);
        const expected = existsSync(outputPath) ? readFileSync(outputPath, 'utf8') : input;
        const warningsPath = join(directory, `${caseName}.warnings.json`);
        const expectedWarnings: unknown = existsSync(warningsPath) ? JSON.parse(readFileSync(warningsPath, 'utf8')) : [];
        const relativePath = /\/\/ @fixture-path (\S+)/.exec(input)?.[1] ?? `test/${caseName}.test.${extension}`;
        const info: RuleFileInfo = { filePath: join(directory, file), relativePath, options };

        const first = runRule(rule, info, input, extension);
        expect(first.text).toBe(expected);
        expect(first.warnings).toEqual(expectedWarnings);

        const inputHadErrors = syntaxErrors(parse(file, input, extension)).length > 0;
        if (!inputHadErrors) expect(syntaxErrors(parse(file, first.text, extension))).toEqual([]);
        const second = runRule(rule, info, first.text, extension);
        expect(second.text).toBe(first.text);
      });
    }
  });
}
