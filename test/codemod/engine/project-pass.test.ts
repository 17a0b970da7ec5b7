/**
 * The project pass through `migrate` (in-thread, from source): no evidence → no change; facts from every file of
 * the project whatever the shard or the paths; typed programs that see the files a rule's `collect` named; JSON
 * data files as candidates; sites counted per rule.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatHumanReport } from '../../../codemod/engine/human-report';
import { inShard } from '../../../codemod/engine/discovery';
import { migrate } from '../../../codemod/index';
import type { MigrateResult } from '../../../codemod/index';
import type { Rule } from '../../../codemod/rule';
import { git, makeGitRepo, removeDir, renameRule, testRuleModule } from './helpers';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) removeDir(root);
});

function repo(files: Record<string, string>): string {
  const root = makeGitRepo('project', files);
  roots.push(root);
  return root;
}

/** An agent codebase of its own: UUID run ids, free-form threads, `thread_id`/`run_id` fields, no legacy module. */
const foreignCodebase: Record<string, string> = {
  'src/store.ts': [
    "import { randomUUID } from 'node:crypto';",
    '',
    'export interface Run {',
    '  readonly run_id: string;',
    '  readonly thread_id: string;',
    '}',
    '',
    'const runs: Run[] = [];',
    '',
    'export function start(threadId: string): Run {',
    '  const run = { run_id: randomUUID(), thread_id: threadId };',
    '  runs.push(run);',
    '  return run;',
    '}',
    '',
    "export const byThread = (threadId: string): Run[] => runs.filter((run) => run['thread_id'] === threadId);",
    '',
  ].join('\n'),
  'src/request.ts': "export const threadOf = (request: { threadId?: string; runId: string }): string => request.threadId || 'default';\n",
  'test/store.test.ts': [
    "import { expect, it } from 'vitest';",
    "import { byThread, start } from '../src/store';",
    '',
    "it('finds runs by thread', () => {",
    "  const run = { run_id: 'r1', thread_id: 'thread 1' };",
    "  start('thread 1');",
    "  expect(byThread('thread 1')).toHaveLength(1);",
    "  expect(run.run_id).toBe('r1');",
    "  expect('old-id').toBe('old-id');",
    '});',
    '',
  ].join('\n'),
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', types: [] } }),
};

/** All shards' changes together, as path → text after. */
function changesOf(results: readonly MigrateResult[]): Record<string, string> {
  const changes: Record<string, string> = {};
  for (const result of results) {
    for (const change of result.changes) {
      expect(changes[change.path], `${change.path} changed by two shards`).toBeUndefined();
      changes[change.path] = change.after;
    }
  }
  return changes;
}

describe('no evidence, no change', () => {
  it('changes nothing in a codebase whose run ids are not this system’s, says so in one line, exit 0', async () => {
    const root = repo(foreignCodebase);
    const options = { root, extraRules: [renameRule], workerFile: false as const };
    const dry = await migrate(options);
    expect(dry.report.evidence).toEqual([]);
    expect(dry.report).toMatchObject({ projectFiles: 3, filesScanned: 3, candidates: 0, filesChanged: 0, files: [], warnings: [], notes: [], exitCode: 0 });
    expect(formatHumanReport(dry, 'normal', false)).toBe(
      'No run or thread IDs of unified-id or of a legacy ID module found in 3 files: nothing to migrate. (Name legacy modules in unified-id.config.json to migrate them.)\n',
    );
    expect(formatHumanReport(dry, 'quiet', false)).toBe(formatHumanReport(dry, 'normal', false));
    expect((await migrate({ ...options, mode: 'check' })).report.exitCode).toBe(0);
    const applied = await migrate({ ...options, mode: 'apply' });
    expect(applied.report.filesWritten).toBe(0);
    expect(git(root, 'status', '--porcelain')).toBe('');
  });

  it('the same codebase with one piece of evidence is migrated (the gate, not the rule, kept it unchanged)', async () => {
    const root = repo({ ...foreignCodebase, 'src/ids.ts': "export { generateRunId } from 'unified-id';\n" });
    const { report } = await migrate({ root, extraRules: [renameRule], rules: ['rename-id'], workerFile: false });
    expect(report.evidence).toEqual(['unified-id is imported by 1 file (first: src/ids.ts:1)']);
    expect(report.files.map((file) => file.path)).toEqual(['test/store.test.ts']);
  });

  it('lists the evidence in the human summary', async () => {
    const root = repo({ 'src/ids.ts': "export { generateRunId } from 'unified-id';\n", 'test/a.test.ts': "f('old-id', 'run_user_1a2b3c4d');\n" });
    const result = await migrate({ root, extraRules: [renameRule], rules: ['rename-id'], workerFile: false });
    const out = formatHumanReport(result, 'normal', false);
    expect(out).toContain(
      '  rewrites           rename-id 1 rewrite\n' +
        '  evidence           unified-id is imported by 1 file (first: src/ids.ts:1)\n' +
        '                     1 legacy run ID literal in 1 file (first: test/a.test.ts:1 "run_user_1a2b3c4d")\n',
    );
  });
});

describe('project facts', () => {
  /**
   * The rename comment and the evidence each sit in one file; literals to rename sit in files of every shard.
   * A shard deciding from its own files would rename only where it sees the comment and the evidence.
   */
  const files: Record<string, string> = {
    'src/evidence.ts': "export const sample = 'run_user_1a2b3c4d';\n",
    'src/renames.ts': '// rename: id-alpha -> id-omega\nexport {};\n',
  };
  for (let i = 0; i < 12; i++) files[`src/use-${i}.ts`] = `export const value${i} = f('id-alpha', 'id-beta');\n`;
  const options = { ruleModules: [testRuleModule()], rules: ['shared-rename'], workerFile: false as const };

  it('every shard decides from the whole project: the shards together change exactly what one run changes', async () => {
    const root = repo(files);
    const count = 3;
    const shardOf = (path: string): number => [1, 2, 3].find((index) => inShard(path, { index, count })) ?? 0;
    // The fixture must put changed files in shards that hold neither the evidence nor the rename comment.
    const lonely = Object.keys(files).filter((path) => path.startsWith('src/use-') && shardOf(path) !== shardOf('src/evidence.ts') && shardOf(path) !== shardOf('src/renames.ts'));
    expect(lonely.length).toBeGreaterThan(0);

    const whole = await migrate({ root, ...options });
    expect(Object.keys(changesOf([whole]))).toHaveLength(12);
    expect(whole.report.rewrites).toEqual({ 'shared-rename': 12 });
    const shards = await Promise.all([1, 2, 3].map((index) => migrate({ root, ...options, shard: { index, count } })));
    expect(changesOf(shards)).toEqual(changesOf([whole]));
    for (const shard of shards) {
      expect(shard.report.evidence).toEqual(whole.report.evidence);
      expect(shard.report.projectFiles).toBe(14);
    }
    expect(changesOf([whole])[lonely[0] ?? '']).toMatch(/f\('id-omega', 'id-beta'\)/);
  });

  it('a run narrowed to some paths changes there exactly what the whole run changes there', async () => {
    const root = repo({ ...files, 'other/use.ts': "f('id-alpha');\n" });
    const whole = changesOf([await migrate({ root, ...options })]);
    const narrowed = await migrate({ root, ...options, paths: ['other'] });
    expect(narrowed.report.filesScanned).toBe(1);
    expect(narrowed.report.projectFiles).toBe(15);
    expect(changesOf([narrowed])).toEqual({ 'other/use.ts': whole['other/use.ts'] });
    expect(whole['other/use.ts']).toBe("f('id-omega');\n");
  });

  it("the config's exclude takes files out of the project; the flags' exclude only out of the run", async () => {
    const root = repo({ ...files, 'unified-id.config.json': JSON.stringify({ exclude: ['src/renames.ts'] }) });
    expect((await migrate({ root, ...options })).report.filesChanged).toBe(0);
    const flagged = repo(files);
    const { report } = await migrate({ root: flagged, ...options, exclude: ['src/renames.ts'] });
    expect(report.filesChanged).toBe(12);
    expect(report.projectFiles).toBe(14);
  });

  it("reports a rule's collect that throws, and goes on", async () => {
    const throwing: Rule = {
      ...renameRule,
      name: 'collect-thrower',
      collect: (_text, file) => {
        if (file.relativePath.startsWith('b')) throw new Error('boom');
        return true;
      },
    };
    const root = repo({ 'a.ts': "f('old-id', 'run_user_1a2b3c4d');\n", 'b1.ts': 'export {};\n', 'b2.ts': 'export {};\n' });
    const { report } = await migrate({ root, extraRules: [throwing], rules: ['collect-thrower'], workerFile: false });
    expect(report.filesChanged).toBe(1);
    expect(report.notes).toEqual([{ rule: 'collect-thrower', message: "collect failed on 2 files (first: b1.ts: boom); those files' facts are missing" }]);
  });
});

describe('type-aware rules see the files their project pass named', () => {
  /** Records, per candidate, whether the producer is in its program; `collect` names the producer (or not). */
  function producerProbe(name: string, collects: boolean, seen: Record<string, boolean>): Rule {
    return {
      name,
      description: 'records whether the producer module is in the typed program',
      needsTypes: true,
      mayMatch: (text) => text.includes('probe'),
      ...(collects ? { collect: (text: string) => (text.includes('run_id: makeRunId(') ? 'producer' : undefined) } : {}),
      apply({ program, relativePath }) {
        seen[relativePath] = program?.getSourceFiles().some((file) => file.fileName.endsWith('/src/producer.ts')) ?? false;
        return { edits: [], warnings: [] };
      },
    };
  }
  const project = {
    'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', types: [] } }),
    'src/producer.ts': "const makeRunId = (thread: string): string => `run_${thread}_0a1b2c3d`;\nexport const event = { run_id: makeRunId('support') };\n",
    'src/consumer.ts': "export const probe = (run: { run_id: string }): string => run.run_id;\n",
    'src/evidence.ts': "export const sample = 'run_user_1a2b3c4d';\n",
  };

  it('a file its collect named is a root of the program even though nothing imports it', async () => {
    const root = repo(project);
    const seen: Record<string, boolean> = {};
    await migrate({ root, extraRules: [producerProbe('with-collect', true, seen)], rules: ['with-collect'], workerFile: false });
    expect(seen).toEqual({ 'src/consumer.ts': true });
  });

  it('without collect, the program holds only the candidates and their imports', async () => {
    const root = repo(project);
    const seen: Record<string, boolean> = {};
    await migrate({ root, extraRules: [producerProbe('without-collect', false, seen)], rules: ['without-collect'], workerFile: false });
    expect(seen).toEqual({ 'src/consumer.ts': false });
  });
});

describe('JSON data files', () => {
  const evidence = { 'src/ids.ts': "export { generateRunId } from 'unified-id';\n" };

  it('are candidates for the rules whose prefilter takes them; tool configuration files are not read', async () => {
    const data = '{\n  "runs": [{ "id": "old-id", "note": "old-id stays inside a longer string" }]\n}\n';
    const root = repo({
      ...evidence,
      'test/fixtures/runs.json': data,
      'package.json': '{ "name": "x", "description": "old-id" }\n',
      'tsconfig.build.json': '{ "compilerOptions": {}, "x": "old-id" }\n',
      'unified-id.config.json': '{}\n',
      'package-lock.json': '{ "x": "old-id" }\n',
      'src/a.ts': "f('old-id');\n",
    });
    const { report } = await migrate({ root, extraRules: [renameRule], rules: ['rename-id'], workerFile: false, mode: 'apply' });
    expect(report.files.map((file) => file.path)).toEqual(['src/a.ts', 'test/fixtures/runs.json']);
    expect(readFileSync(join(root, 'test/fixtures/runs.json'), 'utf8')).toBe(data.replace('"id": "old-id"', '"id": "new-id"'));
    expect(JSON.parse(readFileSync(join(root, 'test/fixtures/runs.json'), 'utf8'))).toEqual({ runs: [{ id: 'new-id', note: 'old-id stays inside a longer string' }] });
    expect(readFileSync(join(root, 'package.json'), 'utf8')).toContain('old-id');
    expect(report.filesScanned).toBe(3);
  });

  it('a JSON file that does not parse is skipped; a rewrite that is no longer strict JSON is never written', async () => {
    const trailingComma: Rule = {
      ...renameRule,
      name: 'trailing-comma',
      apply: ({ text }) => ({ edits: [{ start: text.lastIndexOf('}'), end: text.lastIndexOf('}'), text: ', ' }], warnings: [] }),
    };
    const root = repo({ ...evidence, 'broken.json': '{ "id": "old-id" \n', 'data.json': '{ "id": "old-id" }\n' });
    const renamed = await migrate({ root, extraRules: [renameRule], rules: ['rename-id'], workerFile: false });
    expect(renamed.report.skipped).toEqual([expect.objectContaining({ path: 'broken.json', reason: 'syntax-error' })]);
    expect(renamed.report.files.map((file) => file.path)).toEqual(['data.json']);
    const broken = await migrate({ root, extraRules: [trailingComma], rules: ['trailing-comma'], workerFile: false, mode: 'apply' });
    expect(broken.report.skipped).toContainEqual({ path: 'data.json', reason: 'invalid-output', message: 'the rewritten text is no longer strict JSON; file left as is' });
    expect(readFileSync(join(root, 'data.json'), 'utf8')).toBe('{ "id": "old-id" }\n');
  });

  it('are never given to type-aware rules', async () => {
    const seen: string[] = [];
    const typed: Rule = { ...renameRule, name: 'typed-rename', needsTypes: true, apply: (context) => (seen.push(context.relativePath), renameRule.apply(context)) };
    const root = repo({ ...evidence, 'data.json': '{ "id": "old-id" }\n', 'a.ts': "f('old-id');\n" });
    await migrate({ root, extraRules: [typed], rules: ['typed-rename'], workerFile: false });
    expect(seen).toEqual(['a.ts']);
  });
});

describe('sites', () => {
  it("the report counts a rule's sites, not its text edits, in the unit it names", async () => {
    // One site, two edits: the literal and an import the rewrite needs.
    const withImport: Rule = {
      ...renameRule,
      name: 'with-import',
      siteNoun: 'read',
      apply: (context) => ({ ...renameRule.apply(context), edits: [...renameRule.apply(context).edits, { start: 0, end: 0, text: "import { x } from 'unified-id';\n" }], sites: 1 }),
    };
    const root = repo({ 'a.ts': "f('old-id');\n", 'b.ts': "f('old-id');\n", 'src/ids.ts': "export { generateRunId } from 'unified-id';\n" });
    const result = await migrate({ root, extraRules: [withImport], rules: ['with-import'], workerFile: false, mode: 'apply' });
    expect(result.report.rewrites).toEqual({ 'with-import': 2 });
    expect(result.report.files[0]?.rewrites).toEqual({ 'with-import': 1 });
    expect(readFileSync(join(root, 'a.ts'), 'utf8')).toBe("import { x } from 'unified-id';\nf('new-id');\n");
    const out = formatHumanReport(result, 'normal', false);
    expect(out).toContain('wrote a.ts (with-import: 1 read)\n');
    expect(out).toContain('  rewrites           with-import 2 reads\n');
  });
});
