import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git, makeGitRepo, makeTempDir, removeDir } from '../engine/helpers';
import { cliPath, disposeCli, prepareCli, runCli, testRuleEnv } from './run-cli';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) removeDir(root);
  disposeCli();
});
beforeAll(async () => {
  await prepareCli();
});

function repo(files: Record<string, string | Uint8Array>): string {
  const root = makeGitRepo('cli', files);
  roots.push(root);
  return root;
}

/** Evidence that the project uses this system's run IDs (an import of unified-id): without it, no rule runs. */
const evidence = { 'lib/ids.ts': "export { generateRunId } from 'unified-id';\n" };

const migrate = (root: string, ...args: string[]) => runCli(['migrate', '--rules', 'rename-id', ...args], { cwd: root, env: testRuleEnv() });

/** Enough candidates that the run goes through the worker pool. */
function manyFiles(count: number, text = "f('old-id');\n"): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) files[`src/f${String(i).padStart(4, '0')}.ts`] = text;
  return files;
}

describe('unified-id (built CLI)', () => {
  it('prints help, version, and rejects bad usage with exit 2', () => {
    const cwd = makeTempDir('usage');
    roots.push(cwd);
    const help = runCli(['--help'], { cwd });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Usage: unified-id-codemod <command>/);
    expect(help.stdout).toMatch(/Examples:/);
    const migrateHelp = runCli(['migrate', '--help'], { cwd });
    expect(migrateHelp.status).toBe(0);
    expect(migrateHelp.stdout).toMatch(/--shard <i>\/<n>/);
    expect(migrateHelp.stdout).toMatch(/test-ids/);
    const version = runCli(['--version'], { cwd });
    expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(join(__dirname, '../../../codemod/package.json'), 'utf8')) as { version: string }).version);
    for (const [args, message] of [
      [['frobnicate'], /unknown command "frobnicate"/],
      [['migrate', '--frob'], /unknown option --frob/],
      [['migrate', '--shard', '3/2'], /--shard 3\/2/],
      [['migrate', '--shard', 'x'], /--shard expects/],
      [['migrate', '--concurrency', '0'], /--concurrency/],
      [['migrate', '--apply', '--check'], /exclude each other/],
      [['migrate', '--rules', 'nope'], /unknown rule: nope/],
      [['migrate', 'no-such-dir'], /no such file or folder: no-such-dir/],
    ] as const) {
      const run = runCli(args, { cwd });
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
    }
    expect(runCli([], { cwd }).status).toBe(2);
  });

  it('dry run prints a plain diff and the summary, and writes nothing', () => {
    const root = repo({ ...evidence, 'src/a.ts': "export const id = 'old-id';\n", 'src/b.ts': 'export {};\n', 'src/bad.ts': "f('old-id'\n" });
    const run = migrate(root);
    expect(run.status).toBe(2);
    expect(run.stdout).toContain("--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1,1 +1,1 @@\n-export const id = 'old-id';\n+export const id = 'new-id';\n");
    expect(run.stdout).not.toContain('\x1b[');
    expect(run.stdout).toMatch(/files scanned\s+4/);
    expect(run.stdout).toMatch(/candidates parsed\s+2/);
    expect(run.stdout).toMatch(/files to change\s+1/);
    expect(run.stdout).toMatch(/rewrites\s+rename-id 1/);
    expect(run.stdout).toMatch(/src\/bad\.ts {2}syntax-error: 2:1 /);
    expect(run.stdout).toMatch(/done in \d+\.\d\d s/);
    expect(git(root, 'status', '--porcelain')).toBe('');
  });

  it('--check exits 1 with changes, --apply writes, then --check exits 0', () => {
    const root = repo({ ...evidence, 'a.ts': "f('old-id');\n", 'b.js': "g('old-id', 'x');\n" });
    expect(migrate(root, '--check', '--quiet').status).toBe(1);
    const apply = migrate(root, '--apply');
    expect(apply.status).toBe(0);
    expect(apply.stdout).toContain('wrote a.ts (rename-id: 1 rewrite)');
    expect(readFileSync(join(root, 'b.js'), 'utf8')).toBe("g('new-id', 'x');\n");
    git(root, 'commit', '-qam', 'migrated');
    const check = migrate(root, '--check');
    expect(check.status).toBe(0);
    expect(check.stdout).toMatch(/files to change\s+0/);
  });

  it('--json prints one report object', () => {
    const root = repo({ ...evidence, 'a.ts': "f('old-id');\nf(`old-id${x}`);\n", 'gen.ts': "// @generated\nf('old-id');\n" });
    const run = migrate(root, '--json');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      version: 1,
      toolVersion: expect.any(String),
      mode: 'dry-run',
      root: expect.any(String),
      rules: ['rename-id'],
      evidence: ['unified-id is imported by 1 file (first: lib/ids.ts:1)'],
      projectFiles: 3,
      filesScanned: 3,
      filesGenerated: 1,
      candidates: 1,
      filesChanged: 1,
      filesWritten: 0,
      rewrites: { 'rename-id': 1 },
      files: [{ path: 'a.ts', rewrites: { 'rename-id': 1 }, written: false, diff: expect.stringContaining("+f('new-id');") }],
      warnings: [{ path: 'a.ts', line: 2, column: 3, rule: 'rename-id', code: 'computed', message: expect.any(String) }],
      skipped: [],
      snapshots: [],
      notes: [],
      interrupted: false,
      refusal: null,
      temporaryFilesRemoved: [],
      missingDependencies: [],
      elapsedMs: expect.any(Number),
      phases: { discoverMs: expect.any(Number), readMs: expect.any(Number), syntacticMs: expect.any(Number), typedMs: expect.any(Number), writeMs: expect.any(Number), reportMs: expect.any(Number) },
      exitCode: 0,
    });
    expect(Object.keys(report).sort()).toEqual(
      ['version', 'toolVersion', 'mode', 'root', 'rules', 'evidence', 'projectFiles', 'filesScanned', 'filesGenerated', 'candidates', 'filesChanged', 'filesWritten', 'rewrites', 'files', 'warnings', 'skipped', 'snapshots', 'notes', 'interrupted', 'refusal', 'temporaryFilesRemoved', 'missingDependencies', 'elapsedMs', 'phases', 'exitCode'].sort(),
    );
  });

  it('--apply writes nothing while a file that would change has uncommitted changes, unless --allow-dirty', () => {
    const root = repo({ ...evidence, 'clean.ts': "f('old-id');\n", 'dirty.ts': "f('old-id');\n" });
    writeFileSync(join(root, 'dirty.ts'), "f('old-id'); // mine\n");
    const refused = migrate(root, '--apply');
    expect(refused.status).toBe(2);
    expect(refused.stdout).toMatch(/dirty\.ts {2}dirty: has uncommitted changes/);
    expect(readFileSync(join(root, 'dirty.ts'), 'utf8')).toBe("f('old-id'); // mine\n");
    expect(readFileSync(join(root, 'clean.ts'), 'utf8')).toBe("f('old-id');\n");
    expect(migrate(root, '--apply', '--allow-dirty').status).toBe(0);
    expect(readFileSync(join(root, 'dirty.ts'), 'utf8')).toBe("f('new-id'); // mine\n");
  });

  it('through the worker pool: keeps CRLF, BOM and mode, skips a syntax error, handles the rest', () => {
    const files: Record<string, string | Uint8Array> = manyFiles(60, "f('old-id');\r\ng(\"old-id\");\r\n");
    files['src/bom.ts'] = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("f('old-id');\n")]);
    files['src/broken.ts'] = "f('old-id';\n";
    const root = repo({ ...evidence, ...files });
    chmodSync(join(root, 'src/f0001.ts'), 0o600);
    git(root, 'commit', '-qam', 'mode', '--allow-empty');
    const run = migrate(root, '--apply', '--concurrency', '2');
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(/src\/broken\.ts {2}syntax-error/);
    expect(run.stdout).toMatch(/files written\s+61/);
    expect(readFileSync(join(root, 'src/f0000.ts'), 'utf8')).toBe("f('new-id');\r\ng(\"new-id\");\r\n");
    expect(readFileSync(join(root, 'src/f0059.ts'), 'utf8')).toBe("f('new-id');\r\ng(\"new-id\");\r\n");
    expect(readFileSync(join(root, 'src/bom.ts'))).toEqual(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("f('new-id');\n")]));
    expect(statSync(join(root, 'src/f0001.ts')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(root, 'src/broken.ts'), 'utf8')).toBe("f('old-id';\n");
  });

  it('a rule that kills its worker thread costs only the file it crashed on', () => {
    const dir = makeTempDir('crash-rule');
    roots.push(dir);
    const module = join(dir, 'crash-rule.mjs');
    writeFileSync(
      module,
      `import { rules as base } from ${JSON.stringify(testRuleEnv()['UNIFIED_ID_RULE_MODULES'])};
export const rules = [{ ...base[0], apply(context) { if (context.relativePath.includes('crash')) process.exit(7); return base[0].apply(context); } }];`,
    );
    const root = repo({ ...evidence, ...manyFiles(40), 'src/f0003-crash.ts': "f('old-id');\n" });
    const run = runCli(['migrate', '--rules', 'rename-id', '--json', '--concurrency', '2'], { cwd: root, env: { UNIFIED_ID_RULE_MODULES: module } });
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout) as { filesChanged: number; skipped: { path: string; reason: string; message: string }[] };
    expect(report.filesChanged).toBe(40);
    expect(report.skipped).toEqual([{ path: 'src/f0003-crash.ts', reason: 'rule-error', message: expect.stringMatching(/crashed the worker thread on this file \(exit code 7\)/) }]);
  });

  it('--shard i/n: the shards together cover every file exactly once', () => {
    const root = repo({ ...evidence, ...manyFiles(30), 'x/one.ts': "f('old-id');\n", 'y/two.js': "f('old-id');\n" });
    const all = (JSON.parse(migrate(root, '--json').stdout) as { files: { path: string }[] }).files.map((file) => file.path);
    expect(all).toHaveLength(32);
    const slices = ['1/3', '2/3', '3/3'].map((shard) => (JSON.parse(migrate(root, '--json', '--shard', shard).stdout) as { files: { path: string }[] }).files.map((file) => file.path));
    expect(slices.every((slice) => slice.length > 0)).toBe(true);
    expect(slices.flat().sort()).toEqual([...all].sort());
  });

  it('--shard i/n through the worker pool: every shard decides from the whole project, the shards together change exactly what one run changes', () => {
    // The rename comment (read by the rule's collect) and the evidence each sit in one file; literals in every shard.
    // Enough files that each shard runs a pool (whose workers get the facts with their init).
    const count = 90;
    const root = repo({ ...evidence, ...manyFiles(count, "f('id-alpha');\n"), 'src/renames.ts': '// rename: id-alpha -> id-omega\nexport {};\n' });
    const run = (...args: string[]) => {
      const result = runCli(['migrate', '--rules', 'shared-rename', '--json', '--concurrency', '2', ...args], { cwd: root, env: testRuleEnv() });
      expect(result.status, result.stderr).toBe(0);
      return JSON.parse(result.stdout) as { evidence: string[]; files: { path: string; diff: string }[]; rewrites: Record<string, number> };
    };
    const whole = run();
    expect(whole.files).toHaveLength(count);
    expect(whole.rewrites).toEqual({ 'shared-rename': count });
    const shards = ['1/3', '2/3', '3/3'].map((shard) => run('--shard', shard));
    for (const shard of shards) {
      expect(shard.files.length).toBeGreaterThan(0);
      expect(shard.evidence).toEqual(whole.evidence);
    }
    const byPath = (files: { path: string; diff: string }[]) => Object.fromEntries(files.map((file) => [file.path, file.diff]));
    expect(shards.flatMap((shard) => shard.files.map((file) => file.path)).sort()).toEqual(whole.files.map((file) => file.path).sort());
    expect(byPath(shards.flatMap((shard) => shard.files))).toEqual(byPath(whole.files));
    const human = runCli(['migrate', '--rules', 'shared-rename', '--concurrency', '2', '--shard', '2/3'], { cwd: root, env: testRuleEnv() });
    expect(human.stdout).toMatch(/rewrites\s+shared-rename \d+ literals?\n/);
  });

  it('a pool started before reading gets the project facts once they are known', () => {
    const count = 1000;
    const root = repo({ ...evidence, ...manyFiles(count, "f('id-alpha');\n"), 'src/renames.ts': '// rename: id-alpha -> id-omega\nexport {};\n' });
    const result = runCli(['migrate', '--rules', 'shared-rename', '--quiet', '--concurrency', '2'], { cwd: root, env: testRuleEnv() });
    expect(result.stdout).toBe(`${count} files would change of ${count + 2} scanned\n`);
  });

  it('no evidence: on a codebase whose run ids are UUIDs, every rule leaves it unchanged, in one line, exit 0', () => {
    const root = repo({
      'src/runs.ts': [
        "import { randomUUID } from 'node:crypto';",
        'export interface Run { readonly run_id: string; readonly thread_id: string }',
        'export const start = (threadId: string): Run => ({ run_id: randomUUID(), thread_id: threadId });',
        "export const sameThread = (run: Run, threadId: string): boolean => run['thread_id'] === threadId;",
        '',
      ].join('\n'),
      'test/runs.test.ts': [
        "import { expect, it } from 'vitest';",
        "it('keeps the thread', () => {",
        "  const run = { run_id: 'test-run', thread_id: 'thread-1' };",
        "  expect(run.thread_id).toBe('thread-1');",
        '});',
        '',
      ].join('\n'),
      'test/fixtures/run.json': '{ "run_id": "3f0c8c1e-2d4b-4a7e-9a51-5b8e0c7d2f14", "thread_id": "support" }\n',
    });
    const dry = runCli(['migrate'], { cwd: root });
    expect(dry.status).toBe(0);
    expect(dry.stdout).toBe('No run or thread IDs of unified-id or of a legacy ID module found in 3 files: nothing to migrate. (Name legacy modules in unified-id.config.json to migrate them.)\n');
    expect(runCli(['migrate', '--check'], { cwd: root }).status).toBe(0);
    const json = JSON.parse(runCli(['migrate', '--json'], { cwd: root }).stdout) as { evidence: string[]; projectFiles: number; filesChanged: number; candidates: number };
    expect(json).toMatchObject({ evidence: [], projectFiles: 3, filesChanged: 0, candidates: 0 });
    expect(runCli(['migrate', '--apply'], { cwd: root }).status).toBe(0);
    expect(git(root, 'status', '--porcelain')).toBe('');
  });

  it.each([
    ['one SIGINT: stops after the current file', 1],
    ['two SIGINTs: quits at once, still between two files', 2],
  ])('during --apply, %s; every file is old or new, no temporary file remains', async (_name, signals) => {
    const count = 300;
    const root = repo({ ...evidence, ...manyFiles(count) });
    // The CLI creates this file once its first file is written, then waits for the signal: the signal provably
    // lands inside the write phase, on a fast machine too.
    const marker = join(makeTempDir('sigint'), 'in-write-phase');
    roots.push(join(marker, '..'));
    const child = spawn(process.execPath, [cliPath(), 'migrate', '--rules', 'rename-id', '--apply', '--concurrency', '2'], {
      cwd: root,
      env: { ...process.env, ...testRuleEnv(), UNIFIED_ID_TEST_PAUSE_AFTER_FIRST_WRITE: marker },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    let running = true;
    void exited.then(() => (running = false));
    while (running && !existsSync(marker)) await new Promise((done) => setTimeout(done, 5));
    expect(existsSync(marker)).toBe(true);
    for (let i = 0; i < signals; i++) child.kill('SIGINT');
    expect(await exited).toBe(130);
    const names = readdirSync(join(root, 'src'));
    const texts = names.filter((name) => name.endsWith('.ts')).map((name) => readFileSync(join(root, 'src', name), 'utf8'));
    expect(texts).toHaveLength(count);
    // Writes go in path order; the run stopped right after the first.
    expect(readFileSync(join(root, 'src/f0000.ts'), 'utf8')).toBe("f('new-id');\n");
    expect(texts.filter((text) => text === "f('old-id');\n")).toHaveLength(count - 1);
    expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    if (signals === 1) {
      expect(stdout).toMatch(/interrupted: files already written are complete; the rest are unchanged \(299 files not reached/);
      expect(stdout).toMatch(/files written\s+1\b/);
    }
  });

  it('runs the registry rules in the worker pool: --apply, then --check finds nothing (idempotent)', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) {
      // Each test imports the module that uses unified-id: the evidence reaches it.
      files[`test/run-${i}.test.ts`] = `import { expect, it } from 'vitest';\nimport '../lib/ids';\n\nit('keeps ids paired', () => {\n  const run = { runId: 'test-run-${i}', threadId: 'thread-${i}' };\n  expect(run.runId).toBe('test-run-${i}');\n});\n`;
    }
    files['src/app.ts'] = "export const runId = 'not-a-test-file';\n";
    const root = repo({ ...evidence, ...files });
    const apply = runCli(['migrate', '--rules', 'test-ids', '--apply', '--concurrency', '2', '--json'], { cwd: root });
    expect(apply.status).toBe(0);
    const report = JSON.parse(apply.stdout) as { filesWritten: number; rewrites: Record<string, number> };
    expect(report.filesWritten).toBe(40);
    expect(report.rewrites['test-ids']).toBe(80);
    const migrated = readFileSync(join(root, 'test/run-7.test.ts'), 'utf8');
    const runId = /runId: '([^']+)'/.exec(migrated)?.[1] ?? '';
    expect(runId).toMatch(/^thread_thread-7_run_\d+_[0-9a-f]{8}$/);
    expect(migrated).toContain(`toBe('${runId}')`);
    expect(readFileSync(join(root, 'src/app.ts'), 'utf8')).toBe("export const runId = 'not-a-test-file';\n");
    git(root, 'commit', '-qam', 'migrated');
    expect(runCli(['migrate', '--check', '--concurrency', '2'], { cwd: root }).status).toBe(0);
  });

});
