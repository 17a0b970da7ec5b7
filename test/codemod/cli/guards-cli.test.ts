/**
 * The built CLI where a codemod usually fails quietly: a target named from elsewhere, a glob that matches nothing,
 * a path that is no source, unreadable folders, broken tsconfigs, bytes that are not UTF-8, a git that cannot
 * answer, dirty files, setuid bits, a killed run's temporary files. Each run exits as documented, and the whole
 * tree (bytes and modes) is compared before and after: nothing but the intended edits changes.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporaryPathFor } from '../../../codemod/engine/temporary-files';
import { git, makeGitRepo, makeTempDir, removeDir } from '../engine/helpers';
import { cliPath, disposeCli, prepareCli, runCli, testRuleEnv } from './run-cli';
import type { CliRun } from './run-cli';
import { snapshotTree, withEdits } from './tree';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) removeDir(root);
  disposeCli();
});
beforeAll(async () => {
  await prepareCli();
});

function repo(files: Record<string, string | Uint8Array>): string {
  const root = makeGitRepo('guards-cli', files);
  roots.push(root);
  return root;
}

/** Cases that need root (chown, setpriv): in CI (`CI` set) they run, and fail if not root; elsewhere they are skipped, by name. */
const asRoot = process.getuid?.() === 0 || process.env['CI'] ? it : it.skip;

const evidence = { 'lib/ids.ts': "export { generateRunId } from 'unified-id';\n" };
const migrate = (cwd: string, args: readonly string[], env: Record<string, string> = {}): CliRun => runCli(['migrate', '--rules', 'rename-id', ...args], { cwd, env: { ...testRuleEnv(), ...env } });

/** The report without what differs from run to run (timings). */
function stableReport(run: CliRun): Record<string, unknown> {
  const report = JSON.parse(run.stdout) as Record<string, unknown>;
  return { ...report, elapsedMs: 0, phases: {} };
}

/** One line on stderr, exit 2, nothing on stdout. */
function expectUsageError(run: CliRun, message: RegExp): void {
  expect(run.status, run.stdout + run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.trim().split('\n')[0]).toMatch(message);
}

describe('the run root is the target', () => {
  it('from the folder, from its parent, by absolute path and through a symbolic link: one report, one set of changes', () => {
    const root = repo({
      'svc/lib/ids.ts': evidence['lib/ids.ts'],
      'svc/src/a.ts': "f('old-id');\n",
      'svc/test/a.test.ts': "f('old-id');\n",
      'svc/unified-id.config.json': JSON.stringify({ testFilePatterns: ['test/**'] }),
    });
    const link = join(makeTempDir('link'), 'svc-link');
    roots.push(join(link, '..'));
    symlinkSync(join(root, 'svc'), link, 'dir');
    const inside = migrate(join(root, 'svc'), ['--json']);
    expect(inside.status, inside.stderr).toBe(0);
    const reports = [inside, migrate(root, ['svc', '--json']), migrate('/', [join(root, 'svc'), '--json']), migrate(join(link, '..'), ['svc-link', '--json'])].map(stableReport);
    expect(reports[0]).toMatchObject({ root: join(root, 'svc'), filesScanned: 3, files: [{ path: 'src/a.ts' }, { path: 'test/a.test.ts' }] });
    for (const report of reports.slice(1)) expect(report).toEqual(reports[0]);

    const before = snapshotTree(root);
    const applied = migrate(join(link, '..'), ['svc-link', '--apply']);
    expect(applied.status, applied.stdout).toBe(0);
    expect(snapshotTree(root)).toEqual(withEdits(before, { 'svc/src/a.ts': "f('new-id');\n", 'svc/test/a.test.ts': "f('new-id');\n" }));
  });
});

describe('fails loudly: exit 2, one line, nothing touched', () => {
  it.each([
    ['a path that is not a source file', ['tsconfig.json', '--apply'], /not a folder or a file the codemod reads: tsconfig\.json/],
    ['a malformed --include', ['--include', '**/*.{ts', '--apply'], /--include '\*\*\/\*\.\{ts' is not a valid glob/],
    ['an --include that matches nothing (a typo)', ['--include', 'scr/**', '--apply'], /--include 'scr\/\*\*' matched no file/],
    ['an --exclude that matches nothing', ['--exclude', 'lib/*.tsx', '--apply'], /--exclude 'lib\/\*\.tsx' matched no file/],
    ['a folder with no source file', ['docs', '--apply'], /no file to migrate under docs: 0 files scanned/],
  ])('%s', (_name, args, message) => {
    const root = repo({ ...evidence, 'src/a.ts': "f('old-id');\n", 'tsconfig.json': '{}\n', 'docs/README.md': '# docs\n' });
    const before = snapshotTree(root);
    expectUsageError(migrate(root, args), message);
    expect(snapshotTree(root)).toEqual(before);
  });

  asRoot('an unreadable folder and an unreadable file are listed as skipped, with their reason (run as an unprivileged user; needs root)', () => {
    const root = repo({ ...evidence, 'src/a.ts': "f('old-id');\n", 'locked/b.ts': "f('old-id');\n", 'src/secret.ts': "f('old-id');\n" });
    // The unprivileged user must reach the project, the CLI's copy and the test rule (temporary folders are 0700).
    for (const folder of [root, join(cliPath(), '..', '..'), join(testRuleEnv()['UNIFIED_ID_RULE_MODULES'] ?? '', '..')]) chmodSync(folder, 0o755);
    chmodSync(join(root, 'locked'), 0o000);
    chmodSync(join(root, 'src/secret.ts'), 0o000);
    const before = snapshotTree(root);
    const run = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, cliPath(), 'migrate', '--rules', 'rename-id', '--json'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ...testRuleEnv(), NO_COLOR: '1' },
    });
    expect(run.status, run.stderr).toBe(2);
    const report = JSON.parse(run.stdout) as { skipped: unknown[]; filesChanged: number };
    expect(report.skipped).toEqual([
      { path: 'locked', reason: 'read-error', message: 'folder could not be read: EACCES' },
      { path: 'src/secret.ts', reason: 'read-error', message: expect.stringMatching(/EACCES/) },
    ]);
    expect(report.filesChanged).toBe(1);
    expect(snapshotTree(root)).toEqual(before);
  });

  it('a broken tsconfig is a warning naming the rules that lost type information', () => {
    const dir = makeTempDir('typed-rule');
    roots.push(dir);
    const module = join(dir, 'typed-rule.mjs');
    writeFileSync(module, "export const rules = [{ name: 'typed-probe', description: 'probe', needsTypes: true, mayMatch: (text) => text.includes('probe'), apply: () => ({ edits: [], warnings: [] }) }];\n");
    const root = repo({ ...evidence, 'tsconfig.json': '{ "extends": "./missing-base.json" }\n', 'src/a.ts': 'export const probe = 1;\n' });
    const run = runCli(['migrate', '--rules', 'typed-probe', '--json'], { cwd: root, env: { UNIFIED_ID_RULE_MODULES: module } });
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { warnings: unknown[] };
    expect(report.warnings).toEqual([
      { path: 'tsconfig.json', line: 1, column: expect.any(Number), rule: 'typed-probe', code: 'tsconfig-unreadable', message: expect.stringMatching(/Cannot read file .*missing-base\.json.*typed-probe lost type information on 1 file/) },
    ]);
  });
});

describe('nothing but the edit changes', () => {
  it('a file that is not valid UTF-8 is skipped as not-utf8, byte for byte untouched; the others are written', () => {
    const latin1 = Buffer.from("f('old-id'); // r\xe9sum\xe9\n", 'latin1');
    const root = repo({ ...evidence, 'src/latin1.ts': latin1, 'src/a.ts': "f('old-id');\n" });
    const before = snapshotTree(root);
    const run = migrate(root, ['--apply', '--json']);
    expect(run.status).toBe(2);
    expect((JSON.parse(run.stdout) as { skipped: unknown[] }).skipped).toEqual([{ path: 'src/latin1.ts', reason: 'not-utf8', message: expect.any(String) }]);
    expect(snapshotTree(root)).toEqual(withEdits(before, { 'src/a.ts': "f('new-id');\n" }));
  });

  asRoot('--apply as root keeps the owner and every mode bit (setuid, setgid; needs root)', () => {
    const root = repo({ ...evidence, 'bin/tool.ts': "f('old-id');\n" });
    const file = join(root, 'bin/tool.ts');
    chownSync(file, 1234, 1234);
    chmodSync(file, 0o6755);
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'mode', '--allow-empty');
    const before = snapshotTree(root);
    const run = migrate(root, ['--apply']);
    expect(run.status, run.stdout).toBe(0);
    expect(snapshotTree(root)).toEqual(withEdits(before, { 'bin/tool.ts': "f('new-id');\n" }));
    const listed = spawnSync('stat', ['-c', '%u:%g', file], { encoding: 'utf8' }).stdout.trim();
    expect(listed).toBe('1234:1234');
  });

  it("a killed run's temporary files are removed by the next --apply; another tool's are not", () => {
    const root = repo({ ...evidence, 'src/a.ts': "f('old-id');\n" });
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const leftover = temporaryPathFor(join(root, 'src/a.ts'), Number(dead));
    writeFileSync(leftover, "f('new-");
    writeFileSync(join(root, 'src/.a.ts.0123456789ab.tmp'), 'not ours');
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'leftovers');
    const before = snapshotTree(root);
    const run = migrate(root, ['--apply', '--json']);
    expect(run.status, run.stdout).toBe(0);
    expect((JSON.parse(run.stdout) as { temporaryFilesRemoved: string[] }).temporaryFilesRemoved).toEqual([leftover.slice(root.length + 1)]);
    const expected = withEdits(before, { 'src/a.ts': "f('new-id');\n" });
    delete expected[leftover.slice(root.length + 1)];
    expect(snapshotTree(root)).toEqual(expected);
  });
});

describe('guards fail closed', () => {
  // No global or system git config: a `safe.directory = *` there would make git trust any owner.
  const isolatedGit = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

  asRoot('a repository owned by another user (git: dubious ownership; needs root): --apply writes nothing and names the error, unless --allow-dirty', () => {
    const root = repo({ ...evidence, 'src/a.ts': "f('old-id');\n" });
    spawnSync('chown', ['-R', '1234:1234', root]);
    const before = snapshotTree(root);
    const refused = migrate(root, ['--apply'], isolatedGit);
    expect(refused.status).toBe(2);
    expect(refused.stdout).toMatch(/nothing was written: git could not tell which files have uncommitted changes in .* \(fatal: detected dubious ownership in repository at '.*'\)/);
    expect(snapshotTree(root)).toEqual(before);
    const allowed = migrate(root, ['--apply', '--allow-dirty'], isolatedGit);
    expect(allowed.status, allowed.stdout).toBe(0);
    expect(snapshotTree(root)).toEqual(withEdits(before, { 'src/a.ts': "f('new-id');\n" }));
  });

  it('git not on PATH: --apply writes nothing and says so', () => {
    const root = repo({ ...evidence, 'src/a.ts': "f('old-id');\n" });
    const before = snapshotTree(root);
    const run = migrate(root, ['--apply', '--json'], { PATH: join(root, 'no-such-bin') });
    expect(run.status).toBe(2);
    expect((JSON.parse(run.stdout) as { refusal: unknown }).refusal).toEqual({ code: 'git-error', message: expect.stringContaining('git was not found on PATH') });
    expect(snapshotTree(root)).toEqual(before);
  });

  it('one dirty file among those that would change: nothing is written, the dirty ones are listed', () => {
    const root = repo({ ...evidence, 'src/a.ts': "f('old-id');\n", 'src/b.ts': "f('old-id');\n", 'src/c.ts': "f('old-id');\n" });
    writeFileSync(join(root, 'src/b.ts'), "f('old-id'); // mine\n");
    writeFileSync(join(root, 'src/new.ts'), "f('old-id');\n");
    const before = snapshotTree(root);
    const run = migrate(root, ['--apply']);
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(/src\/b\.ts {2}dirty: has uncommitted changes/);
    expect(run.stdout).toMatch(/src\/new\.ts {2}dirty: not committed to git \(untracked\)/);
    expect(run.stdout).toMatch(/nothing was written: 2 files that would change have uncommitted changes/);
    expect(run.stdout).toMatch(/files written\s+0/);
    expect(snapshotTree(root)).toEqual(before);
  });
});

describe('review and CI', () => {
  it('--format github annotates what --check would change, and the warnings', () => {
    const root = repo({ 'svc/lib/ids.ts': evidence['lib/ids.ts'], 'svc/src/a.ts': "\n\nf('old-id');\nf(`old-id${x}`);\n" });
    const run = runCli(['migrate', 'svc', '--rules', 'rename-id', '--check', '--format', 'github'], { cwd: root, env: { ...testRuleEnv(), GITHUB_WORKSPACE: root } });
    expect(run.status).toBe(1);
    expect(run.stdout.split('\n').filter((line) => line.startsWith('::'))).toEqual([
      '::error file=svc/src/a.ts,line=3,title=unified-id migrate::would change this file (rename-id: 1); run the migration with --apply',
      '::warning file=svc/src/a.ts,line=4,col=3,title=rename-id/computed::old-id in a computed string',
    ]);
  });

  it('after --apply, lists the packages that now import unified-id without declaring it, with the command to add it', () => {
    const root = repo({
      'package-lock.json': '{}\n',
      'packages/api/package.json': JSON.stringify({ name: 'api' }),
      'packages/api/src/a.ts': "import { generateRunId } from 'unified-id';\nf('old-id');\n",
      'packages/web/package.json': JSON.stringify({ name: 'web', dependencies: { 'unified-id': '^0.1.0' } }),
      'packages/web/src/a.ts': "import { generateRunId } from 'unified-id';\nf('old-id');\n",
    });
    const run = migrate(root, ['--apply']);
    expect(run.status, run.stdout).toBe(0);
    expect(run.stdout).toContain('dependencies to add (1): these packages now import unified-id without declaring it\n  packages/api/package.json  run in packages/api: npm install unified-id\n');
  });

  it('--interactive through a pseudo-terminal: accepts, skips, takes the rest of a file, quits; writes only what was accepted', () => {
    const far = (tag: string) => [`f('old-id'); // ${tag} 1`, ...Array.from({ length: 10 }, (_, index) => `// ${index}`), `f('old-id'); // ${tag} 2`, ''].join('\n');
    const root = repo({ ...evidence, 'src/a.ts': far('a'), 'src/b.ts': far('b'), 'src/c.ts': far('c'), 'src/d.ts': far('d') });
    const before = snapshotTree(root);
    const marker = '[y,n,a,d,q,?]? ';
    // a.ts: yes, no. b.ts: a (this and the rest). c.ts: an unknown answer (help, asked again), then d (skip the file). d.ts: q.
    const answers = ['y', 'n', 'a', 'x', 'd', 'q'];
    const driver = spawnSync('python3', [join(__dirname, 'pty-driver.py'), marker, JSON.stringify(answers), process.execPath, cliPath(), 'migrate', '--rules', 'rename-id', '--interactive'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ...testRuleEnv(), NO_COLOR: '1', FORCE_COLOR: '0', TERM: 'xterm' },
    });
    expect(driver.status, driver.stderr).toBe(0);
    const result = JSON.parse(driver.stdout) as { status: number; output: string; unanswered: number };
    expect(result.unanswered).toBe(0);
    expect(result.status, result.output).toBe(0);
    expect(result.output).toContain('(1/2) Apply this change to src/a.ts [y,n,a,d,q,?]? ');
    expect(result.output).toContain('-f(\'old-id\'); // a 1\r\n+f(\'new-id\'); // a 1');
    expect(result.output).toContain('d - do not apply this change nor the rest of this file');
    expect(result.output).toMatch(/2 files written of 5 scanned/);
    expect(snapshotTree(root)).toEqual(
      withEdits(before, {
        'src/a.ts': far('a').replace("f('old-id'); // a 1", "f('new-id'); // a 1"),
        'src/b.ts': far('b').replaceAll('old-id', 'new-id'),
      }),
    );
  });

  it('--interactive without a terminal is a usage error', () => {
    const root = repo({ ...evidence, 'src/a.ts': "f('old-id');\n" });
    expectUsageError(migrate(root, ['--interactive']), /--interactive needs a terminal/);
  });
});
