/**
 * The text analysis behind `collect` (no parse): the lexer, what names say, which files are test data, the light
 * signature scan of production source, and the shape of the facts `collect` returns.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CarrierNames, soundsInvalid, titleExpectsRejection } from '../../../codemod/rules/test-ids/analysis/names';
import { isTestData } from '../../../codemod/rules/test-ids/analysis/paths';
import { scanSignatures } from '../../../codemod/rules/test-ids/analysis/signature-scan';
import { stringValuesOf } from '../../../codemod/rules/test-ids/analysis/strings';
import { tokenize } from '../../../codemod/rules/test-ids/analysis/tokens';
import { testIdsRule } from '../../../codemod/rules/test-ids';
import { infoOf, migrateProject, options } from './harness';

const valuesOf = (text: string, jsx = false) => tokenize(text, jsx).filter((token) => token.kind === 'string' || token.kind === 'template').map((token) => token.value);

describe('lexer', () => {
  it('cooks strings and skips comments', () => {
    expect(valuesOf(`const a = 'it\\'s'; // 'not this'\n/* "nor this" */ const b = "x\\u0041";`)).toEqual(["it's", 'xA']);
  });

  it('follows templates with substitutions, nested', () => {
    const tokens = tokenize('const a = `x${f(`y${"z"}`)}w`;', false);
    expect(tokens.filter((token) => token.kind !== 'punct' && token.kind !== 'ident').map((token) => `${token.kind}:${token.value}`)).toEqual([
      'template-head:x',
      'template-head:y',
      'string:z',
      'template-tail:',
      'template-tail:w',
    ]);
  });

  it('reads regular expressions as one token, so their quotes open no string', () => {
    expect(valuesOf(`expect(x).toMatch(/^run_'[a-z]+/); const id = 'run-1';`)).toEqual(['run-1']);
    expect(valuesOf(`const ratio = a / b; const id = 'run-1'; const c = d / 2;`)).toEqual(['run-1']);
  });

  it('skips JSX text, and reads JSX attributes', () => {
    expect(valuesOf(`const v = <p title="t">Don't {'x'}</p>; const id = 'run-1';`, true)).toEqual(['t', 'x', 'run-1']);
    expect(valuesOf(`const f = <T,>(x: T) => x; const id = 'run-1';`, true)).toEqual(['run-1']);
  });

  it('never throws on broken text', () => {
    for (const text of ["const a = 'unterminated", '`${', '<div a="b', '/* open', ')]}', '`a${b}c${']) expect(() => tokenize(text, true)).not.toThrow();
  });
});

describe('names', () => {
  const names = CarrierNames.for(options);

  it.each([
    ['run_id', 'run'],
    ['runId', 'run'],
    ['TEST_RUN_ID', 'run'],
    ['RUN_IDS', 'run'],
    ['runIds', 'run'],
    ['RUN_ID_A', 'run'],
    ['runId2', 'run'],
    ['parentRunId', 'run'],
    ['threadId', 'thread'],
    ['EXPECTED_THREAD_ID', 'thread'],
    ['INVALID_RUN_ID', 'excluded'],
    ['vendorRunId', 'excluded'],
    ['runIdNames', 'other'],
    ['status', 'other'],
    ['turnId', 'neutral'],
    ['id', 'neutral'],
    ['parent', 'neutral'],
  ])('%s → %s', (name, role) => {
    expect(names.roleOf(name)).toBe(role);
  });

  it('tells a carrier of another run (its thread may differ)', () => {
    expect(names.isRelatedRun('parent_run_id')).toBe(true);
    expect(names.isRelatedRun('TEST_RUN_ID')).toBe(false);
    expect(names.isRelatedRun('run_id')).toBe(false);
  });

  it('reads values and titles that say "invalid on purpose"', () => {
    expect(['unknown-run', 'garbage', 'not an id!', 'missing-run'].every(soundsInvalid)).toBe(true);
    expect(['test-run', 'run-7', 'legacy-run', 'thread 1'].some(soundsInvalid)).toBe(false);
    expect(titleExpectsRejection('drops an event whose run ID names no thread')).toBe(true);
    expect(titleExpectsRejection('puts the lines of runs with unreadable IDs in the unknown channel')).toBe(true);
    expect(titleExpectsRejection('routes a run to its thread')).toBe(false);
  });
});

describe('test data', () => {
  it.each([
    ['test/a.test.ts', true],
    ['src/testing/sample-runs.ts', true],
    ['test/fixtures/runs.json', true],
    ['fixtures/runs.json', true],
    ['src/__mocks__/store.ts', true],
    ['src/__fixtures__/runs.ts', true],
    ['src/mocks/handlers.ts', true],
    ['src/store.ts', false],
    ['src/latest/run.ts', false],
  ])('%s → %s', (path, expected) => {
    expect(isTestData(path, options.testFilePatterns)).toBe(expected);
  });

  it('visits JSON fixtures and test data that mention IDs', () => {
    expect(testIdsRule.mayMatch('{ "run_id": "r" }', infoOf('test/fixtures/runs.json'))).toBe(true);
    expect(testIdsRule.mayMatch("export const R = { run_id: 'r' };", infoOf('src/testing/runs.ts'))).toBe(true);
    expect(testIdsRule.mayMatch("expect(route('run_user_1a2b3c4d')).toBe('user');", infoOf('test/a.test.ts'))).toBe(true);
    expect(testIdsRule.mayMatch('{ "name": "x" }', infoOf('test/fixtures/other.json'))).toBe(false);
    expect(testIdsRule.mayMatch('{ "run_id": "r" }', infoOf('package.json'))).toBe(false);
  });
});

describe('collect', () => {
  it('keeps the strings of production source, without module specifiers', () => {
    expect(stringValuesOf(`import x from 'mod';\nconst a = require("req");\nswitch (id) { case 'test-run': break; }\n// 'comment'\n`)).toEqual(['test-run']);
  });

  it('finds the ID-taking functions of production source without lexing it', () => {
    const text = `export class RunLog {
  forRun(runId: string): Logger { return this.log(runId); }
  constructor(private readonly runId: string, private readonly threadId = 'main') {}
}
export const start = async (threadId: string, input: string) => run(threadId, input);
function save(record: { runId: string }) {}
`;
    const signatures = scanSignatures(text, CarrierNames.for(options), ['runId', 'threadId']);
    expect(signatures).toEqual([
      { name: 'forRun', params: [{ role: 'run' }] },
      { name: 'RunLog', params: [{ role: 'run' }, { role: 'thread', default: 'main' }] },
      { name: 'start', params: [{ role: 'thread' }, { role: '' }] },
    ]);
  });

  it('returns plain JSON, and nothing for a file with nothing to say', () => {
    const facts = testIdsRule.collect?.("save({ runId: 'test-run', threadId: 'thread 1' });\n", infoOf('test/a.test.ts'));
    expect(JSON.parse(JSON.stringify(facts))).toEqual(facts);
    expect(testIdsRule.collect?.('export const x = 1;\n', infoOf('src/x.ts'))).toBeUndefined();
  });
});

describe('robustness', () => {
  // Fragments of code with every bracket, quote and operator the analysis reads, in any order.
  const fragment = fc.constantFrom(
    '{', '}', '(', ')', '[', ']', '`', '${', "'", '"', '/', '//', '/*', '*/', '<', '>', '/>', '=', '=>', ':', ',', ';', '?', '??', '\n',
    'const ', 'runId', 'thread_id', 'it(', 'each', 'makeEvent', 'function ', 'class ', ' as ', "'run-1'", '"thread 1"', 'x',
  );
  const text = fc.array(fragment, { maxLength: 60 }).map((parts) => parts.join(' '));

  it('collect never throws and always returns plain JSON, for test files, JSON and source alike', () => {
    fc.assert(
      fc.property(text, fc.constantFrom('test/a.test.ts', 'test/a.test.tsx', 'test/fixtures/a.json', 'src/a.ts'), (source, path) => {
        const facts = testIdsRule.collect?.(source, infoOf(path));
        if (facts !== undefined) expect(JSON.parse(JSON.stringify(facts))).toEqual(facts);
      }),
      { numRuns: 300 },
    );
  });

  it('collect, combine and apply never throw on such text', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(() => migrateProject({ 'test/a.test.ts': `const runId = 'x';\n${a}`, 'test/b.test.tsx': `const threadId = 'y';\n${b}` })).not.toThrow();
      }),
      { numRuns: 150 },
    );
  });
});
