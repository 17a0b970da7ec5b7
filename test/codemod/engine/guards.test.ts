/**
 * The run's root, loud failures and the write guards, in-process: each behaviour with the smallest project that
 * shows it. The built CLI's end-to-end tests (test/codemod/cli/guards-cli.test.ts) run the same cases whole.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, nodeFileSystem, UsageError } from '../../../codemod/index';
import type { FileSystem } from '../../../codemod/index';
import type { Rule } from '../../../codemod/rule';
import { resolveRunRoot } from '../../../codemod/engine/run-root';
import { isOwnTemporaryFile, isStale, staleAfterMs, temporaryPathFor } from '../../../codemod/engine/temporary-files';
import { git, makeGitRepo, makeTempDir, removeDir, renameRule, writeFiles } from './helpers';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) removeDir(root);
});

function repo(files: Record<string, string | Uint8Array>): string {
  const root = makeGitRepo('guards', files);
  roots.push(root);
  return root;
}

const base = { extraRules: [renameRule], rules: ['rename-id'], workerFile: false as const };
const evidence = { 'ids.ts': "export const sampleRunId = 'run_user_1a2b3c4d';\n" };

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('the run root comes from the target', () => {
  it('is the target folder, or the folder above it that holds the config, whatever the current folder', () => {
    const root = repo({ 'svc/src/a.ts': '', 'svc/unified-id.config.json': '{}', 'other/b.ts': '' });
    expect(resolveRunRoot(root, ['svc/src'], undefined)).toMatchObject({ root: join(root, 'svc'), configPath: join(root, 'svc/unified-id.config.json') });
    expect(resolveRunRoot('/', [join(root, 'svc/src')], undefined).root).toBe(join(root, 'svc'));
    expect(resolveRunRoot(join(root, 'svc'), ['../other'], undefined)).toEqual({ root: join(root, 'other'), paths: [join(root, 'other')], explicitConfig: false });
    // Several targets: their common folder.
    expect(resolveRunRoot(root, ['other/b.ts', 'svc/src/a.ts'], undefined).root).toBe(root);
  });

  it('does not look for the config above the git top', () => {
    const outer = makeTempDir('outer');
    roots.push(outer);
    writeFiles(outer, { 'unified-id.config.json': '{}' });
    mkdirSync(join(outer, 'repo/src'), { recursive: true });
    git(join(outer, 'repo'), 'init', '-q');
    expect(resolveRunRoot(outer, ['repo/src'], undefined)).toEqual({ root: join(outer, 'repo/src'), paths: [join(outer, 'repo/src')], explicitConfig: false });
  });

  it('gives the same report from the folder, from its parent, by absolute path and through a symbolic link', async () => {
    const root = repo({ ...evidence, 'svc/src/a.ts': "f('old-id');\n", 'svc/test/a.test.ts': "f('old-id');\n", 'svc/ids.ts': "export { x } from 'unified-id';\n" });
    const link = join(makeTempDir('link'), 'svc-link');
    roots.push(join(link, '..'));
    symlinkSync(join(root, 'svc'), link, 'dir');
    const runs = await Promise.all([
      migrate({ ...base, cwd: join(root, 'svc') }),
      migrate({ ...base, cwd: root, paths: ['svc'] }),
      migrate({ ...base, cwd: '/', paths: [join(root, 'svc')] }),
      migrate({ ...base, cwd: join(link, '..'), paths: ['svc-link'] }),
    ]);
    const comparable = runs.map(({ report }) => ({ ...report, elapsedMs: 0, phases: {} }));
    expect(comparable[0]?.files.map((file) => file.path)).toEqual(['src/a.ts', 'test/a.test.ts']);
    expect(comparable[0]?.root).toBe(join(root, 'svc'));
    for (const other of comparable.slice(1)) expect(other).toEqual(comparable[0]);
  });
});

describe('a run that would check nothing is a usage error', () => {
  const cases: [string, Record<string, string>, Parameters<typeof migrate>[0], RegExp][] = [
    ['a target that is not a folder or source file', { 'tsconfig.json': '{}' }, { paths: ['tsconfig.json'] }, /^not a folder or a file the codemod reads: tsconfig\.json/],
    ['a malformed --include', {}, { include: ['**/*.{ts'] }, /^--include '\*\*\/\*\.\{ts' is not a valid glob/],
    ['a malformed --exclude', {}, { exclude: ['src/[a'] }, /^--exclude 'src\/\[a' is not a valid glob/],
    ['an --include that matches nothing', {}, { include: ['lib/**'] }, /^--include 'lib\/\*\*' matched no file under \./],
    ['an --exclude that matches nothing', {}, { exclude: ['lib/**'] }, /^--exclude 'lib\/\*\*' matched no file under \./],
    ['0 files', { 'README.md': '' }, {}, /^no file to migrate under \.: 0 files scanned$/],
  ];
  it.each(cases)('%s', async (_name, files, options, message) => {
    const root = repo(Object.keys(files).length > 0 ? files : { ...evidence, 'a.ts': "f('old-id');\n" });
    const error = await migrate({ ...base, cwd: root, ...options }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
  });

  it('an empty shard of a project that has files is no error', async () => {
    const root = repo({ ...evidence });
    const shards = await Promise.all([1, 2].map((index) => migrate({ ...base, cwd: root, shard: { index, count: 2 } })));
    expect(shards.map(({ report }) => report.filesScanned).sort()).toEqual([0, 1]);
  });
});

describe('nothing but the edit changes', () => {
  it('a file that is not valid UTF-8 is skipped as not-utf8 and keeps its bytes; one no rule would touch is not reported', async () => {
    const latin1 = Buffer.from("f('old-id'); // caf\xe9\n", 'latin1');
    const root = repo({ ...evidence, 'latin1.ts': latin1, 'other.ts': Buffer.from('// \xe9t\xe9\n', 'latin1'), 'ok.ts': "f('old-id');\n" });
    const { report } = await migrate({ ...base, cwd: root, mode: 'apply' });
    expect(report.skipped).toEqual([{ path: 'latin1.ts', reason: 'not-utf8', message: expect.stringMatching(/^not valid UTF-8/) }]);
    expect(report.exitCode).toBe(2);
    expect(readFileSync(join(root, 'latin1.ts'))).toEqual(latin1);
    expect(readFileSync(join(root, 'ok.ts'), 'utf8')).toBe("f('new-id');\n");
  });

  it('gives the owner back before the mode, so setuid and setgid bits survive', async () => {
    const root = repo({ ...evidence, 'a.ts': "f('old-id');\n" });
    const calls: string[] = [];
    const recording: FileSystem = {
      ...nodeFileSystem,
      chownSync: (path, uid, gid) => {
        calls.push('chown');
        nodeFileSystem.chownSync(path, uid, gid);
      },
      chmodSync: (path, mode) => {
        calls.push(`chmod ${mode.toString(8)}`);
        nodeFileSystem.chmodSync(path, mode);
      },
    };
    chmodSync(join(root, 'a.ts'), 0o6755);
    const { report } = await migrate({ ...base, cwd: root, mode: 'apply', fileSystem: recording, allowDirty: true });
    expect(report.filesWritten).toBe(1);
    expect(calls).toEqual(process.getuid?.() === 0 ? ['chown', 'chmod 6755'] : ['chmod 6755']);
    expect(statSync(join(root, 'a.ts')).mode & 0o7777).toBe(0o6755);
  });

  it('temporary files carry the pid of their run; the next --apply removes only its own stale ones', async () => {
    const root = repo({ ...evidence, 'a.ts': "f('old-id');\n" });
    const dead = temporaryPathFor(join(root, 'a.ts'), deadPid());
    const live = temporaryPathFor(join(root, 'a.ts'), process.ppid);
    const old = temporaryPathFor(join(root, 'a.ts'), process.ppid);
    const foreign = join(root, '.a.ts.0123456789ab.tmp');
    for (const path of [dead, live, old, foreign]) writeFileSync(path, 'partial');
    const hourAgo = (Date.now() - staleAfterMs - 60_000) / 1000;
    utimesSync(old, hourAgo, hourAgo);
    const dry = await migrate({ ...base, cwd: root });
    expect(dry.report.temporaryFilesRemoved).toEqual([]);
    const { report } = await migrate({ ...base, cwd: root, mode: 'apply', allowDirty: true });
    expect([...report.temporaryFilesRemoved].sort()).toEqual([dead, old].map((path) => path.slice(root.length + 1)).sort());
    expect([dead, live, old, foreign].map(existsSync)).toEqual([false, true, false, true]);
    expect(readdirSync(root).filter((name) => isOwnTemporaryFile(name))).toEqual([live.slice(root.length + 1)]);
  });

  it('a temporary file of this very process, or of a live one, is never stale before its time', () => {
    const now = Date.now();
    expect(isStale(temporaryPathFor('/x/a.ts'), now, now, () => false)).toBe(false);
    expect(isStale(temporaryPathFor('/x/a.ts', 1), now, now, () => true)).toBe(false);
    expect(isStale(temporaryPathFor('/x/a.ts', 1), now - staleAfterMs - 1, now, () => true)).toBe(true);
    expect(isStale(temporaryPathFor('/x/a.ts', 1), now, now, () => false)).toBe(true);
    expect(isStale('/x/.a.ts.0123456789ab.tmp', 0, now, () => false)).toBe(false);
  });
});

describe('a broken tsconfig', () => {
  const typedRule: Rule = {
    name: 'typed-probe',
    description: 'records whether a checker came',
    needsTypes: true,
    mayMatch: (text) => text.includes('probe'),
    apply: () => ({ edits: [], warnings: [] }),
  };
  it.each([
    ['invalid JSON', '{ "compilerOptions": { "strict": true, ', /'}' expected/],
    ['extends a missing file', '{ "extends": "./base.json" }', /Cannot read file '.*base\.json'/],
  ])('(%s) is a warning naming the rules that lost type information', async (_name, tsconfig, cause) => {
    const root = repo({ ...evidence, 'tsconfig.json': tsconfig, 'a.ts': 'const probe = 1;\n', 'b.ts': 'const probe = 2;\n' });
    const { report } = await migrate({ cwd: root, extraRules: [typedRule], rules: ['typed-probe'], workerFile: false });
    expect(report.warnings).toEqual([{ path: 'tsconfig.json', line: expect.any(Number), column: expect.any(Number), rule: 'typed-probe', code: 'tsconfig-unreadable', message: expect.stringMatching(cause) }]);
    expect(report.warnings[0]?.message).toMatch(/typed-probe lost type information on 2 files/);
    expect(report.exitCode).toBe(0);
  });

  it('a sound tsconfig gives no warning', async () => {
    const root = repo({ ...evidence, 'tsconfig.json': '{ "compilerOptions": { "strict": true } }', 'a.ts': 'const probe = 1;\n' });
    const { report } = await migrate({ cwd: root, extraRules: [typedRule], rules: ['typed-probe'], workerFile: false });
    expect(report.warnings).toEqual([]);
  });
});

describe('--apply fails closed', () => {
  it('when git cannot answer for the work tree (not on PATH), writes nothing and names the error', async () => {
    const root = repo({ ...evidence, 'a.ts': "f('old-id');\n" });
    const path = process.env['PATH'];
    process.env['PATH'] = join(root, 'no-bin');
    try {
      const { report } = await migrate({ ...base, cwd: root, mode: 'apply' });
      expect(report.refusal).toEqual({ code: 'git-error', message: expect.stringMatching(/git could not tell .* \(git was not found on PATH\)/) });
      expect(report.exitCode).toBe(2);
      expect(readFileSync(join(root, 'a.ts'), 'utf8')).toBe("f('old-id');\n");
      const allowed = await migrate({ ...base, cwd: root, mode: 'apply', allowDirty: true });
      expect(allowed.report.refusal).toBeNull();
      expect(readFileSync(join(root, 'a.ts'), 'utf8')).toBe("f('new-id');\n");
    } finally {
      process.env['PATH'] = path;
    }
  });

  it('the review chooses what is written, after the guard passed', async () => {
    const root = repo({ ...evidence, 'a.ts': "f('old-id');\n", 'b.ts': "f('old-id');\n" });
    const seen: string[] = [];
    const { report } = await migrate({
      ...base,
      cwd: root,
      mode: 'apply',
      review: (changes) => {
        seen.push(...changes.map((change) => change.path));
        return Promise.resolve(new Map([['b.ts', "f('by-hand');\n"]]));
      },
    });
    expect(seen).toEqual(['a.ts', 'b.ts']);
    expect(report.filesWritten).toBe(1);
    expect(readFileSync(join(root, 'a.ts'), 'utf8')).toBe("f('old-id');\n");
    expect(readFileSync(join(root, 'b.ts'), 'utf8')).toBe("f('by-hand');\n");
  });
});
