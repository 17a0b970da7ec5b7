/**
 * The two packages as users get them: `npm pack` both (`npm test` builds first), install the tarballs in a
 * scratch project that has neither ts-morph nor TypeScript, and run the codemod there the ways the README
 * gives. One `npm install`, which fetches the codemod's dependencies (ts-morph, picocolors…) from the package
 * registry, the only network this test uses.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(__dirname, '../..');
const scratch = mkdtempSync(join(tmpdir(), 'unified-id-packages-'));
const project = join(scratch, 'project');
/** Packing, and installing from the registry: tens of seconds, more on a busy machine. */
const INSTALL_TIMEOUT = 600_000;

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment of `npm test` minus what npm and vitest set for their own children. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of Object.keys(env)) {
    if (name.startsWith('npm_') || name.startsWith('VITEST') || name === 'NODE_OPTIONS' || name === 'INIT_CWD') delete env[name];
  }
  return env;
}

function run(command: string, args: readonly string[], cwd: string): Run {
  const result = spawnSync(command, args, { cwd, env: childEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr ?? String(result.error) };
}

const output = (result: Run): string => `${result.stdout}\n${result.stderr}`;

/** `npm pack` of one package of this repository; returns the tarball's path. */
function pack(workspace: string | undefined): string {
  const destination = join(scratch, 'tarballs');
  mkdirSync(destination, { recursive: true });
  const packed = run('npm', ['pack', '--json', '--pack-destination', destination, ...(workspace ? ['--workspace', workspace] : [])], repo);
  expect(packed.status, output(packed)).toBe(0);
  const [entry] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  if (!entry) throw new Error(`npm pack printed no tarball: ${output(packed)}`);
  return join(destination, entry.filename);
}

const manifest = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as { version: string; dependencies?: Record<string, string> };

describe('the packed packages in a project with nothing installed', () => {
  beforeAll(() => {
    for (const built of ['dist/index.js', 'dist/cli.js', 'codemod/dist/cli.js', 'codemod/dist/worker.js']) {
      if (!existsSync(join(repo, built))) throw new Error(`${built} is missing: run "npm run build" first (npm test does)`);
    }
    // The demo backend's code, under a package.json of its own that depends on nothing.
    cpSync(join(repo, 'fixtures/demo-backend'), project, { recursive: true, filter: (source) => !source.split(/[\\/]/).includes('node_modules') });
    writeFileSync(join(project, 'package.json'), '{ "name": "scratch-backend", "version": "1.0.0", "private": true, "type": "module" }\n');
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('the codemod depends on the version of unified-id this repository builds', () => {
    const core = manifest(join(repo, 'package.json'));
    const codemod = manifest(join(repo, 'codemod/package.json'));
    expect(codemod.dependencies?.['unified-id']).toBe(`^${core.version}`);
    expect(Object.keys(codemod.dependencies ?? {})).toContain('ts-morph');
    expect(core.dependencies ?? {}).toEqual({});
  });

  it(
    'installs from the two tarballs, and `npx @unified-id/codemod migrate .` and `unified-id migrate` run the dry run',
    () => {
      const core = pack(undefined);
      const codemod = pack('@unified-id/codemod');
      const installed = run('npm', ['install', '--no-audit', '--no-fund', core, codemod], project);
      expect(installed.status, output(installed)).toBe(0);
      // The codemod brings its compiler with ts-morph; the project needs no TypeScript of its own.
      expect(existsSync(join(project, 'node_modules/ts-morph/package.json'))).toBe(true);
      expect(existsSync(join(project, 'node_modules/typescript'))).toBe(false);
      const before = readFileSync(join(project, 'test/bridge.test.ts'), 'utf8');

      const dryRun = run('npx', ['--no', '@unified-id/codemod', 'migrate', '.'], project);
      expect(dryRun.status, output(dryRun)).toBe(0);
      expect(dryRun.stdout).toContain('dry run: nothing was written');
      expect(dryRun.stdout).toMatch(/^\+\+\+ b\/test\/bridge\.test\.ts$/m);
      expect(readFileSync(join(project, 'test/bridge.test.ts'), 'utf8')).toBe(before);

      const viaCore = run('npx', ['--no', 'unified-id', 'migrate', '.', '--check', '--quiet'], project);
      expect(viaCore.status, output(viaCore)).toBe(1);
      expect(viaCore.stdout).toMatch(/files? would change of \d+ scanned/);

      // The bin npm linked, through its shebang.
      const version = run(join(project, 'node_modules/.bin/unified-id-codemod'), ['--version'], project);
      expect(version.stdout).toBe(`${manifest(join(repo, 'codemod/package.json')).version}\n`);
    },
    INSTALL_TIMEOUT,
  );
});
