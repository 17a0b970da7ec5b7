/**
 * Properties over generated files mixing every form the rule meets (reads, writes, optional chains, destructuring,
 * checks, receivers with and without run IDs): the rule never produces overlapping edits, its output parses, a
 * second run is a no-op, and — with types — the output type-checks whenever the input did.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { ts } from 'ts-morph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { threadAccessRule } from '../../../codemod/rules/thread-access';
import { applyRule, applyRuleToFiles, repoRoot, typeErrors } from './harness';

const header = `import { generateRunId, validateIdPair } from 'unified-id';

export interface Ctx {
  run_id: string;
  thread_id: string;
  runId?: string;
  threadId?: string;
}

export interface Plain {
  thread_id: string;
}

declare function send(thread: string | undefined, what?: string): void;
`;

/**
 * Where the file's runs come from: each producer makes both run fields of `Ctx` carriers of this system's run IDs
 * (a run ID literal in either format, or the package's generator), so the rule's provenance admits them.
 */
const producers = [
  "export const sample: Ctx = { run_id: 'run_support_0000abcd', thread_id: 'support', runId: 'run_support_0000abcd', threadId: 'support' };",
  "export const sample: Ctx = { run_id: 'thread_support_run_1700000000000_0000abcd', thread_id: 'support', runId: 'thread_support_run_1700000000000_0000abcd' };",
  "export const sample: Ctx = { run_id: generateRunId('support'), thread_id: 'support', runId: generateRunId('support'), threadId: 'support' };",
];

/** Statements over `ctx: Ctx`, `maybe: Ctx | undefined`, `plain: Plain`; each is valid on its own. */
const statements = [
  'send(ctx.thread_id);',
  "send(ctx['thread_id'], 'x');",
  'send(maybe?.thread_id);',
  'send(maybe?.threadId);',
  'send(ctx.threadId);',
  'send(plain.thread_id);',
  "ctx.thread_id = 'written';",
  "ctx.thread_id += '!';",
  "if (validateIdPair(ctx.run_id, ctx.thread_id)) send('ok');",
  "if (ctx.threadId) send(ctx.threadId, 'narrowed');",
  'send(String(maybe?.thread_id.length));',
  '{ const { thread_id } = ctx; send(thread_id); }',
  '{ const { run_id, thread_id: t } = ctx; send(t, run_id); }',
  "{ const { threadId = 'none' } = ctx; send(threadId); }",
  '{ const { thread_id, ...rest } = ctx; send(thread_id, String(rest)); }',
  'send([ctx].map(({ thread_id }) => thread_id)[0]);',
  '[ctx].forEach(({ run_id, thread_id }) => { send(thread_id, run_id); });',
  'send(`${ctx.thread_id}/${plain.thread_id}`);',
  'send({ thread_id: ctx.thread_id }.thread_id);',
];

function fileOf(picked: readonly number[], producer = 0): string {
  const body = picked.map((index) => `  ${statements[index]!}`).join('\n');
  return `${header}\n${producers[producer]!}\n\nexport function handle(ctx: Ctx, maybe: Ctx | undefined, plain: Plain): void {\n${body}\n}\n`;
}

const pickedStatements = fc.array(fc.integer({ min: 0, max: statements.length - 1 }), { minLength: 1, maxLength: 8 });
const pickedFile = fc.tuple(pickedStatements, fc.integer({ min: 0, max: producers.length - 1 }));

function parses(text: string): boolean {
  const sourceFile = ts.createSourceFile('/x.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS) as ts.SourceFile & { parseDiagnostics: readonly ts.Diagnostic[] };
  return sourceFile.parseDiagnostics.length === 0;
}

let folder: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'unified-id-props-'));
  writeFileSync(
    join(folder, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', lib: ['ES2022', 'DOM'], module: 'ESNext', moduleResolution: 'Bundler', strict: true, noEmit: true, skipLibCheck: true, types: [], paths: { 'unified-id': [join(repoRoot, 'src/index.ts')] } },
    }),
  );
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('thread-access properties', () => {
  it('the generated statements do get rewritten with every producer (the properties are not vacuous)', () => {
    const path = join(folder, 'sample.ts');
    for (const producer of producers.keys()) {
      const { output } = applyRule(threadAccessRule, path, fileOf([0, 3, 11], producer), true);
      expect(output, producers[producer]).toContain('send(threadIdOf(ctx.run_id));');
      expect(output, producers[producer]).toContain('send(threadIdOf(maybe?.runId));');
      expect(output, producers[producer]).toContain('const thread_id = threadIdOf(ctx.run_id);');
    }
  });

  it('without a producer, nothing shows where the runs come from: nothing is rewritten', () => {
    const path = join(folder, 'unproven.ts');
    const text = fileOf([0, 3, 11]).replace(/^export const sample.*\n/m, '');
    const { output, result } = applyRule(threadAccessRule, path, text, true);
    expect(output).toBe(text);
    expect(result.warnings.map((w) => w.code)).toEqual(['unproven-run-id', 'unproven-run-id', 'unproven-run-id']);
  });

  it('without types: output parses, and a second run is a no-op', () => {
    fc.assert(
      fc.property(pickedFile, ([picked, producer]) => {
        const input = fileOf(picked, producer);
        const path = join(folder, 'untyped.ts');
        const { output } = applyRule(threadAccessRule, path, input, false);
        expect(parses(output)).toBe(true);
        expect(applyRule(threadAccessRule, path, output, false).result.edits).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('with types: the output type-checks like the input, and a second run is a no-op', () => {
    // Several generated files per program: one type-checked project for the batch, as the engine builds.
    fc.assert(
      fc.property(fc.array(pickedFile, { minLength: 6, maxLength: 6 }), (batch) => {
        const inputs = new Map(batch.map(([picked, producer], index) => [join(folder, `case${index}.ts`), fileOf(picked, producer)]));
        expect(typeErrors(join(folder, 'tsconfig.json'), inputs)).toEqual([]);
        const applied = applyRuleToFiles(threadAccessRule, inputs, true);
        const outputs = new Map([...applied].map(([path, result]) => [path, result.output]));
        for (const output of outputs.values()) expect(parses(output)).toBe(true);
        expect(typeErrors(join(folder, 'tsconfig.json'), outputs)).toEqual([]);
        for (const result of applyRuleToFiles(threadAccessRule, outputs, true).values()) expect(result.result.edits).toEqual([]);
      }),
      { numRuns: 4 },
    );
  }, 240_000);
});
