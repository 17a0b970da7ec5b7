/**
 * The codemod's own command line (`codemod/dist/cli.js`, bin `unified-id-codemod`) and `unified-id migrate`, which
 * runs it where the codemod package is installed and elsewhere prints the command that does (`npm test` builds
 * first).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(__dirname, '../..');
const codemodCli = join(repo, 'codemod/dist/cli.js');
const coreCli = join(repo, 'dist/cli.js');
const scratch = mkdtempSync(join(tmpdir(), 'unified-id-codemod-cli-'));
/** A small project that uses unified-id: a dry run over it has a report to print. */
const project = join(scratch, 'project');

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  for (const name of Object.keys(base)) if (name.startsWith('VITEST') || name === 'NODE_OPTIONS') delete base[name];
  return base;
}

function run(cli: string, args: readonly string[], cwd = project) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: env() });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  for (const file of [codemodCli, coreCli]) if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build" first (npm test does)`);
  cpSync(join(repo, 'fixtures/demo-backend'), project, { recursive: true, filter: (source) => !source.includes('node_modules') });
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('unified-id-codemod (built)', () => {
  it('--version and -v print the package version; help migrate is migrate --help', () => {
    const { version } = JSON.parse(readFileSync(join(repo, 'codemod/package.json'), 'utf8')) as { version: string };
    expect(run(codemodCli, ['--version']).stdout).toBe(`${version}\n`);
    expect(run(codemodCli, ['-v']).stdout).toBe(`${version}\n`);
    const help = run(codemodCli, ['help', 'migrate']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--apply');
    expect(help.stdout).toBe(run(codemodCli, ['migrate', '--help']).stdout);
  });

  it('a bad command or flag is one line with "did you mean" and the help hint, exit 2, nothing on stdout', () => {
    expect(run(codemodCli, ['migarte'])).toEqual({
      status: 2,
      stdout: '',
      stderr: 'unified-id-codemod: unknown command "migarte" (did you mean "migrate"?)\nRun "unified-id-codemod --help" for usage.\n',
    });
    expect(run(codemodCli, ['migrate', '.', '--aply'])).toEqual({
      status: 2,
      stdout: '',
      stderr: 'unified-id-codemod migrate: unknown option --aply (did you mean --apply?)\nRun "unified-id-codemod migrate --help" for usage.\n',
    });
  });

  it.runIf(existsSync('/dev/full'))('a report that cannot be written (> /dev/full) is one line on stderr and exit 2', () => {
    const result = spawnSync('bash', ['-c', `"${process.execPath}" "${codemodCli}" migrate . > /dev/full`], { cwd: project, encoding: 'utf8', env: env() });
    expect(result.stderr).toBe('unified-id-codemod: cannot write the output: no space left on the device (ENOSPC)\n');
    expect(result.status).toBe(2);
  });
});

describe('unified-id migrate', () => {
  it('runs the codemod package where it is installed, with the same arguments and exit code', () => {
    const direct = run(codemodCli, ['migrate', '.', '--check', '--quiet']);
    const delegated = run(coreCli, ['migrate', '.', '--check', '--quiet']);
    expect(direct.status).toBe(1);
    expect(delegated).toEqual(direct);
    expect(run(coreCli, ['help', 'migrate']).stdout).toBe(run(codemodCli, ['help', 'migrate']).stdout);
  });

  it('elsewhere prints the one command that runs it, exit 2 (help: exit 0)', () => {
    // A copy of the built core with no node_modules anywhere above it: the codemod package is not installed.
    const alone = join(scratch, 'core-alone');
    cpSync(join(repo, 'dist'), join(alone, 'dist'), { recursive: true });
    writeFileSync(join(alone, 'package.json'), '{"type":"module"}\n');
    const cli = join(alone, 'dist/cli.js');
    const result = run(cli, ['migrate', 'src', '--check'], alone);
    expect(result).toEqual({
      status: 2,
      stdout: '',
      stderr: 'unified-id migrate: the codemod is its own package, @unified-id/codemod, and it is not installed here. Run it with:\n  npx @unified-id/codemod migrate src --check\n',
    });
    expect(run(cli, ['migrate', "it's here"], alone).stderr).toContain(`npx @unified-id/codemod migrate 'it'\\''s here'`);
    expect(run(cli, ['help', 'migrate'], alone)).toMatchObject({ status: 0, stdout: expect.stringContaining('npx @unified-id/codemod migrate') as string });
    // The codec commands work without the codemod.
    expect(run(cli, ['parse', 'run_user_1a2b3c4d'], alone).status).toBe(0);
  });
});
