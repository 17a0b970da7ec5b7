import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { isThreadId, parseRunId } from '../../../src/index';
import { DEFAULT_RUN_ID_NAMES, DEFAULT_TEST_FILE_PATTERNS, DEFAULT_THREAD_ID_NAMES } from '../../../codemod/defaults';
import { applyEdits } from '../../../codemod/edits';
import type { RuleFileInfo, RuleOptions } from '../../../codemod/rule';
import {
  TEST_IDS_TIMESTAMP,
  replacementRunId,
  sanitizeThreadId,
  testIdsRule,
} from '../../../codemod/rules/test-ids';
import { snapshotStringsOf } from '../../../codemod/engine/snapshots';
import { isTestFile } from '../../../codemod/test-files';

const options: RuleOptions = {
  importFrom: 'unified-id',
  testFilePatterns: DEFAULT_TEST_FILE_PATTERNS,
  runIdNames: DEFAULT_RUN_ID_NAMES,
  threadIdNames: DEFAULT_THREAD_ID_NAMES,
  legacyModules: [],
};

function fileInfo(relativePath: string, overrides: Partial<RuleOptions> = {}): RuleFileInfo {
  return { filePath: `/repo/${relativePath}`, relativePath, options: { ...options, ...overrides } };
}

function run(text: string, info: RuleFileInfo = fileInfo('test/a.test.ts')) {
  const sourceFile = ts.createSourceFile(info.filePath, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const result = testIdsRule.apply({ ...info, text, sourceFile, ts });
  return { ...result, output: applyEdits(text, result.edits) };
}

describe('test files', () => {
  it.each([
    ['src/run.test.ts', true],
    ['src/run.spec.tsx', true],
    ['src/__tests__/run.ts', true],
    ['test/helpers/ids.ts', true],
    ['packages/api/tests/run.js', true],
    ['.github/tests/x.ts', true],
    ['test\\windows\\path.ts', true],
    ['src/run.ts', false],
    ['src/testing/ids.ts', false],
    ['src/latest/run.ts', false],
  ])('%s → %s', (path, expected) => {
    expect(isTestFile(path, DEFAULT_TEST_FILE_PATTERNS)).toBe(expected);
  });

  it('follows configured patterns, and matches nothing with none', () => {
    expect(isTestFile('e2e/run.ts', ['e2e/**'])).toBe(true);
    expect(isTestFile('test/run.ts', [])).toBe(false);
  });
});

describe('mayMatch', () => {
  it('needs a test file that mentions a run or thread ID name', () => {
    expect(testIdsRule.mayMatch("const runId = 'x';", fileInfo('test/a.ts'))).toBe(true);
    expect(testIdsRule.mayMatch("const thread_id = 'x';", fileInfo('a.spec.ts'))).toBe(true);
    expect(testIdsRule.mayMatch("const id = 'x';", fileInfo('test/a.ts'))).toBe(false);
    expect(testIdsRule.mayMatch("const runId = 'x';", fileInfo('src/a.ts'))).toBe(false);
  });

  it('uses the configured names', () => {
    expect(testIdsRule.mayMatch("const execution = 'x';", fileInfo('test/a.ts', { runIdNames: ['execution'] }))).toBe(true);
    const { output } = run("const execution = 'x';\n", fileInfo('test/a.ts', { runIdNames: ['execution'] }));
    expect(output).toBe("const execution = 'thread_test_thread_run_1700000000000_" + replacementRunId('x', 'test_thread').slice(-8) + "';\n");
  });
});

describe('replacements', () => {
  it('invents canonical IDs on the thread, at the documented timestamp, from a hash of the original', () => {
    const id = replacementRunId('test-run', 'thread_1');
    expect(parseRunId(id)).toMatchObject({ format: 'canonical', threadId: 'thread_1', timestamp: TEST_IDS_TIMESTAMP });
    expect(TEST_IDS_TIMESTAMP).toBe(1_700_000_000_000);
    expect(replacementRunId('test-run', 'thread_1')).toBe(id);
    expect(replacementRunId('test-run-2', 'thread_1')).not.toBe(id);
    expect(replacementRunId('test-run', 'thread_2')).not.toBe(id);
  });

  it.each([
    ['thread 1', 'thread_1'],
    ['support.chat', 'support_chat'],
    ['-lead', 't-lead'],
    ['_x', 't_x'],
    ['run', 'Run'],
    ['run abc', 'Run_abc'],
    ['a_run_b', 'a_Run_b'],
    ['x_run', 'x_Run'],
    ['', 'test_thread'],
    ['çà va', 't___va'],
    ['a'.repeat(300), 'a'.repeat(200)],
  ])('sanitizes %j to %j', (original, expected) => {
    const sanitized = sanitizeThreadId(original);
    expect(sanitized).toBe(expected);
    expect(isThreadId(sanitized)).toBe(true);
  });

  it('sanitizes a cut that ends in "run" safely', () => {
    const sanitized = sanitizeThreadId(`${'a'.repeat(196)}_running`);
    expect(sanitized).toBe(`${'a'.repeat(196)}_Run`);
    expect(isThreadId(sanitized)).toBe(true);
  });
});

describe('apply', () => {
  it('reports what it replaced, for the snapshot listing', () => {
    const { data } = run("const run = { runId: 'test-run', threadId: 'thread 1' };\n");
    expect(data).toEqual({
      replacements: [
        { kind: 'run', original: 'test-run', replacement: replacementRunId('test-run', 'thread_1') },
        { kind: 'thread', original: 'thread 1', replacement: 'thread_1' },
      ],
    });
    expect(snapshotStringsOf(data ?? null)).toEqual(['test-run', 'thread 1']);
  });

  it('returns no data and no edits when there is nothing to do', () => {
    const result = run("const run = { runId: 'thread_a_run_0_1a2b3c4d' };\n");
    expect(result.edits).toEqual([]);
    expect(result.data).toBeUndefined();
  });

  it('warns with a 1-based position', () => {
    const { warnings } = run("const x = 1;\nconst run = {\n  runId: `run-${x}`,\n};\n");
    expect(warnings).toEqual([expect.objectContaining({ code: 'computed-run-id', line: 3, column: 10 })]);
  });

  it('keeps escapes and quote style of the other literals, and leaves module specifiers alone', () => {
    const text = "import { x } from 'test-run';\nconst a = { runId: 'test-run' };\nconst b = 'it\\'s';\nexpect(a.runId).toBe(\"test-run\");\n";
    const { output } = run(text);
    const id = replacementRunId('test-run', 'test_thread');
    expect(output).toBe(`import { x } from 'test-run';\nconst a = { runId: '${id}' };\nconst b = 'it\\'s';\nexpect(a.runId).toBe("${id}");\n`);
  });

  it('on files with syntax errors, returns plain data and edits that only put run IDs inside the literals it names', () => {
    const id = replacementRunId('x', 'test_thread');
    const cases: [string, string][] = [
      ["const run = { runId: 'x'", `const run = { runId: '${id}'`],
      ['const = = {', 'const = = {'],
      ["<div runId='x'", `<div runId='${id}'`],
      ['`unterminated ${', '`unterminated ${'],
      ["runId: 'a' runId: 'b'", "runId: 'a' runId: 'b'"],
    ];
    for (const [text, expected] of cases) {
      const result = run(text);
      expect(JSON.parse(JSON.stringify({ edits: result.edits, warnings: result.warnings }))).toEqual({ edits: result.edits, warnings: result.warnings });
      let end = 0;
      for (const edit of [...result.edits].sort((a, b) => a.start - b.start)) {
        expect(edit.start).toBeGreaterThanOrEqual(end);
        expect(edit.end).toBeLessThanOrEqual(text.length);
        expect(parseRunId(edit.text).format).toBe('canonical');
        end = edit.end;
      }
      expect(result.output, text).toBe(expected);
    }
  });
});

describe('parent pointers', () => {
  it('gives the same edits whether or not the parse set parent pointers', () => {
    const text = "const threadId = 'thread 1';\nconst run = { runId: 'test-run', threadId };\nexpect(run.runId).toBe('test-run');\n";
    const info = fileInfo('test/a.test.ts');
    const apply = (setParentNodes: boolean) => {
      const sourceFile = ts.createSourceFile(info.filePath, text, ts.ScriptTarget.Latest, setParentNodes, ts.ScriptKind.TS);
      return testIdsRule.apply({ ...info, text, sourceFile, ts });
    };
    const withParents = apply(true);
    expect(withParents.edits).toHaveLength(3);
    expect(apply(false)).toEqual(withParents);
  });
});
