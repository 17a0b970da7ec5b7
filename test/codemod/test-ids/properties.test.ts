/**
 * Properties of the `test-ids` rule over generated small test files (objects, calls and constants holding run and
 * thread IDs of random shapes, random quotes, comments and line endings): the output always parses, edits touch
 * only literal contents (a whole literal, or a whole path segment of one), a second run is a no-op, and rewritten
 * pairs validate.
 */
import fc from 'fast-check';
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { isCanonicalRunId, isLegacyRunId, isThreadId, validateIdPair } from '../../../src/index';
import { DEFAULT_RUN_ID_NAMES, DEFAULT_TEST_FILE_PATTERNS, DEFAULT_THREAD_ID_NAMES } from '../../../codemod/defaults';
import { applyEdits } from '../../../codemod/edits';
import type { JsonValue, RuleFileInfo, RuleResult } from '../../../codemod/rule';
import { testIdsRule } from '../../../codemod/rules/test-ids';
import { combineProject, migrateProject } from './harness';

const info: RuleFileInfo = {
  filePath: '/repo/test/generated.test.ts',
  relativePath: 'test/generated.test.ts',
  options: {
    importFrom: 'unified-id',
    testFilePatterns: DEFAULT_TEST_FILE_PATTERNS,
    runIdNames: DEFAULT_RUN_ID_NAMES,
    threadIdNames: DEFAULT_THREAD_ID_NAMES,
    legacyModules: [],
  },
};

function parse(text: string): ts.SourceFile {
  return ts.createSourceFile('generated.test.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

function syntaxErrors(sourceFile: ts.SourceFile): readonly ts.Diagnostic[] {
  return (sourceFile as ts.SourceFile & { readonly parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
}

function apply(text: string): { sourceFile: ts.SourceFile; result: RuleResult } {
  const sourceFile = parse(text);
  return { sourceFile, result: testIdsRule.apply({ ...info, text, sourceFile, ts }) };
}

// Values that need no escaping in any quote style: the property is about the rule, not about escapes.
const plainChars = fc.constantFrom(...'abcXYZ019 _-.:/#'.split(''));
const shortText = fc.string({ unit: plainChars, minLength: 0, maxLength: 12 });
const hex8 = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'.split('')), minLength: 8, maxLength: 8 });
const validThread = fc.constantFrom('main', 'thread-1', 'user', 'thread_a', 'conversation-42', 'x');

const threadValue = fc.oneof(validThread, fc.constantFrom('thread 1', 'run abc', 'x_run', '-lead', 'a.b', ''), shortText);
const runValue = fc.oneof(
  fc.constantFrom('test-run', 'test_run_1', 'run-abc', 'run_user_1a2b3c4d', 'run_x_run_1a2b3c4d', 'pending', ''),
  fc.tuple(validThread, hex8).map(([thread, suffix]) => `run_${thread}_${suffix}`),
  fc.tuple(validThread, fc.nat(), hex8).map(([thread, ms, suffix]) => `thread_${thread}_run_${ms}_${suffix.toLowerCase()}`),
  shortText,
);

const quote = fc.constantFrom("'", '"', '`');
const literal = (value: fc.Arbitrary<string>) => fc.tuple(quote, value).map(([q, text]) => `${q}${text}${q}`);
const runKey = fc.constantFrom(...DEFAULT_RUN_ID_NAMES, "'run_id'", '"runId"');
const threadKey = fc.constantFrom(...DEFAULT_THREAD_ID_NAMES, "'thread_id'");
const comment = fc.constantFrom('', ' /* note */', ' /* run_id */');
const lineComment = fc.constantFrom('', ' // runId here', " // 'test-run'");

/** One statement (or a few) holding IDs, each kind a shape the rule must handle. */
const statement = fc.oneof(
  fc.tuple(runKey, literal(runValue), threadKey, literal(threadValue), comment, lineComment).map(
    ([rk, run, tk, thread, c, lc]) => `{ const pair = { ${rk}:${c} ${run}, ${tk}: ${thread}${c} };${lc}\n}`,
  ),
  fc.tuple(runKey, literal(runValue), comment).map(([rk, run, c]) => `save({ ${rk}: ${run}${c}, status: 'ok' });`),
  fc.tuple(threadKey, literal(threadValue), runKey, literal(runValue)).map(
    ([tk, thread, rk, run]) => `publish({ ${tk}: ${thread} }, { ${rk}: ${run} });`,
  ),
  fc.tuple(literal(threadValue), literal(runValue), lineComment).map(
    ([thread, run, lc]) => `{\n  const threadId = ${thread};${lc}\n  const runId = ${run};\n  check(runId, threadId);\n}`,
  ),
  fc.tuple(literal(runValue), fc.constantFrom('toBe', 'toEqual', 'not.toBe')).map(([run, matcher]) => `expect(value).${matcher}(${run});`),
  fc.tuple(fc.constantFrom('label', 'status', 'name'), literal(runValue)).map(([key, value]) => `note({ ${key}: ${value} });`),
  literal(runValue).map((run) => `const computed = { runId: \`\${prefix}-\${${run}}\` };`),
);

const testFile = fc
  .tuple(fc.array(statement, { minLength: 1, maxLength: 8 }), fc.constantFrom('\n', '\r\n'))
  .map(([statements, eol]) => `import { expect, it } from 'vitest';\n\nit('runs', () => {\n${statements.join('\n')}\n});\n`.replace(/\n/g, eol));

/** `(run, thread)` texts of every object literal that holds both as literals, in source order. */
function literalPairs(sourceFile: ts.SourceFile): { run: string; thread: string }[] {
  const runNames = new Set(DEFAULT_RUN_ID_NAMES);
  const threadNames = new Set(DEFAULT_THREAD_ID_NAMES);
  const pairs: { run: string; thread: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isObjectLiteralExpression(node)) {
      let run: string | undefined;
      let thread: string | undefined;
      for (const property of node.properties) {
        if (!ts.isPropertyAssignment(property) || !ts.isStringLiteralLike(property.initializer)) continue;
        const name = ts.isIdentifier(property.name) || ts.isStringLiteral(property.name) ? property.name.text : '';
        if (runNames.has(name)) run = property.initializer.text;
        if (threadNames.has(name)) thread = property.initializer.text;
      }
      if (run !== undefined && thread !== undefined) pairs.push({ run, thread });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return pairs;
}

describe('test-ids properties', () => {
  it('output parses, edits stay inside literals, a second run is a no-op, and rewritten pairs validate', () => {
    // Guard against a generator that never exercises the rule: count what was rewritten.
    let rewrittenPairs = 0;
    let filesWithEdits = 0;
    fc.assert(
      fc.property(testFile, (text) => {
        const first = apply(text);
        expect(syntaxErrors(first.sourceFile)).toEqual([]);

        // Every edit replaces the inside of one string or template literal, or one whole `/`- or `:`-separated
        // segment of it (`'/runs/<id>/events'`).
        const literalInsides: [number, number][] = [];
        const collect = (node: ts.Node): void => {
          if (ts.isStringLiteralLike(node)) literalInsides.push([node.getStart(first.sourceFile) + 1, node.end - 1]);
          ts.forEachChild(node, collect);
        };
        collect(first.sourceFile);
        const isBoundary = (offset: number, [start, end]: [number, number]) => offset === start || offset === end || /[/:]/.test(text[offset] ?? '');
        for (const edit of first.result.edits) {
          const inside = literalInsides.find(([start, end]) => edit.start >= start && edit.end <= end);
          expect(inside).toBeDefined();
          const range = inside as [number, number];
          expect(isBoundary(edit.start === range[0] ? edit.start : edit.start - 1, range) && isBoundary(edit.end, range)).toBe(true);
          expect(isCanonicalRunId(edit.text) || isThreadId(edit.text)).toBe(true);
        }

        if (first.result.edits.length > 0) filesWithEdits++;
        const output = applyEdits(text, first.result.edits);
        const second = apply(output);
        expect(syntaxErrors(second.sourceFile)).toEqual([]);
        expect(second.result.edits).toEqual([]);
        // Line endings and everything outside literals are untouched.
        expect(output.split('\r\n').length).toBe(text.split('\r\n').length);

        const before = literalPairs(first.sourceFile);
        const after = literalPairs(second.sourceFile);
        expect(after).toHaveLength(before.length);
        before.forEach((pair, i) => {
          const rewritten = after[i] as { run: string; thread: string };
          if (rewritten.run === pair.run) return;
          rewrittenPairs++;
          // A legacy ID keeps its own thread (lossless): its pair holds after exactly when it held before.
          if (isLegacyRunId(pair.run)) expect(validateIdPair(rewritten.run, rewritten.thread)).toBe(validateIdPair(pair.run, pair.thread));
          else expect(validateIdPair(rewritten.run, rewritten.thread)).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
    expect(filesWithEdits).toBeGreaterThan(100);
    expect(rewrittenPairs).toBeGreaterThan(50);
  });

  it('maps the same original the same way in every file', () => {
    fc.assert(
      fc.property(fc.tuple(literal(runValue), literal(threadValue)), fc.array(statement, { maxLength: 3 }), ([run, thread], noise) => {
        const pair = `const pinned = { runId: ${run}, threadId: ${thread} };`;
        const alone = apply(`${pair}\n`);
        const withNoise = apply(`${pair}\nfunction other() {\n${noise.join('\n')}\n}\n`);
        const replacementsOf = (result: RuleResult, sourceFile: ts.SourceFile) => {
          const end = sourceFile.statements[0]?.end ?? 0;
          return result.edits.filter((edit) => edit.end <= end);
        };
        const a = replacementsOf(alone.result, alone.sourceFile);
        const b = replacementsOf(withNoise.result, withNoise.sourceFile);
        // The noise may make a literal ambiguous (then it is left alone); otherwise the replacement is identical.
        for (const edit of b) expect(a).toContainEqual(edit);
      }),
      { numRuns: 200 },
    );
  });

  it('gives one original one replacement in every file of a project, whatever order the files come in', () => {
    const replacementsOf = (data: JsonValue | undefined): { original: string; replacement: string }[] => {
      const list = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as { [key: string]: JsonValue })['replacements'] : undefined;
      if (!Array.isArray(list)) return [];
      return (list as JsonValue[]).flatMap((item) => {
        const entry = item as { [key: string]: JsonValue };
        return typeof entry['original'] === 'string' && typeof entry['replacement'] === 'string' ? [{ original: entry['original'], replacement: entry['replacement'] }] : [];
      });
    };
    let shared = 0;
    fc.assert(
      fc.property(fc.array(testFile, { minLength: 2, maxLength: 4 }), fc.nat(), (texts, seed) => {
        const files = Object.fromEntries(texts.map((text, i) => [`test/f${i}.test.ts`, text]));
        const seen = new Map<string, string>();
        const where = new Map<string, number>();
        for (const outcome of Object.values(migrateProject(files))) {
          for (const { original, replacement } of replacementsOf(outcome.result?.data)) {
            const known = seen.get(original);
            if (known === undefined) seen.set(original, replacement);
            else expect(replacement).toBe(known);
            where.set(original, (where.get(original) ?? 0) + 1);
          }
        }
        if ([...where.values()].some((count) => count > 1)) shared++;
        const paths = Object.keys(files);
        const shuffled = [...paths].sort((a, b) => ((a.charCodeAt(6) * 31 + seed) % 7) - ((b.charCodeAt(6) * 31 + seed) % 7) || (a < b ? -1 : 1));
        expect(combineProject(files, shuffled)).toEqual(combineProject(files));
      }),
      { numRuns: 80 },
    );
    // Guard against a generator that never shares an original between files.
    expect(shared).toBeGreaterThan(5);
  });
});
