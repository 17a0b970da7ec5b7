/**
 * The README's main job, end to end: copy `fixtures/demo-backend` to a temporary folder, check its tests pass on
 * the old IDs, run the built CLI (`npm test` builds first) with `--apply`, then type-check the copy and run its
 * tests again — all pass — and a second run finds nothing to change.
 *
 * The copy lives outside the repository (no `.gitignore` or git state of ours applies to it); a `node_modules`
 * symlink and absolute codec paths in its tsconfig / vitest config keep `vitest` and `'unified-id'` resolving.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
const cli = join(repo, 'codemod/dist/cli.js');
const demoSource = join(repo, 'fixtures/demo-backend');
const codecSource = join(repo, 'src/index.ts');

/**
 * Every rule: test IDs, thread reads derived from run IDs (`src/sse.ts`), and the legacy ID module
 * `src/legacy/run-ids.ts` (named in the demo's `unified-id.config.json`, read from the folder the CLI runs in).
 */
const RULES = 'test-ids,thread-access,legacy-modules';

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Child processes must not think they are vitest workers of this run. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
  for (const name of Object.keys(env)) if (name.startsWith('VITEST') || name === 'NODE_OPTIONS' || name === 'TEST') delete env[name];
  return env;
}

function run(args: readonly string[], cwd: string): Run {
  const result = spawnSync(process.execPath, args, { cwd, env: childEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const output = (result: Run) => `${result.stdout}\n${result.stderr}`;

function typeCheck(project: string): Run {
  return run([join(repo, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', join(project, 'tsconfig.json')], project);
}

function vitest(project: string): Run {
  return run([join(repo, 'node_modules/vitest/vitest.mjs'), 'run', '--root', project], project);
}

function migrate(project: string, ...flags: string[]): Run {
  return run([cli, 'migrate', '.', '--rules', RULES, '--json', ...flags], project);
}

interface JsonReport {
  readonly notes: readonly { readonly rule: string; readonly message: string }[];
  readonly filesChanged: number;
  readonly filesWritten: number;
  readonly rewrites: Readonly<Record<string, number>>;
  readonly files: readonly { readonly path: string }[];
  readonly warnings: readonly { readonly path: string; readonly code: string; readonly line: number; readonly message: string }[];
}

function report(result: Run): JsonReport {
  return JSON.parse(result.stdout) as JsonReport;
}

// Each step spawns tsc or vitest on the copy: seconds each, more on a busy 2-core machine.
const STEP_TIMEOUT = 240_000;

describe('demo backend', () => {
  let temp: string;
  let project: string;

  beforeAll(() => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run "npm run build" first (npm test does)`);
    temp = mkdtempSync(join(tmpdir(), 'unified-id-demo-'));
    project = join(temp, 'demo-backend');
    // Not a stray `node_modules` (vitest keeps its cache there after a run in the demo folder).
    cpSync(demoSource, project, { recursive: true, filter: (source) => !source.split(/[\\/]/).includes('node_modules') });
    symlinkSync(join(repo, 'node_modules'), join(project, 'node_modules'), 'dir');
    for (const config of ['tsconfig.json', 'vitest.config.ts']) {
      const path = join(project, config);
      const text = readFileSync(path, 'utf8');
      expect(text).toContain('../../src/index.ts');
      writeFileSync(path, text.replaceAll('../../src/index.ts', codecSource));
    }
  });

  afterAll(() => {
    if (temp) rmSync(temp, { recursive: true, force: true });
  });

  it('passes its own tests on the old IDs', () => {
    const checked = typeCheck(project);
    expect(checked.status, output(checked)).toBe(0);
    const tested = vitest(project);
    expect(tested.status, output(tested)).toBe(0);
  }, STEP_TIMEOUT);

  it('is migrated by --apply, and still type-checks and passes its tests', () => {
    const applied = migrate(project, '--apply', '--allow-dirty');
    expect(applied.status, output(applied)).toBe(0);
    const applyReport = report(applied);
    // The demo may grow (other rules add files to it): check what this rule must do, not an exact inventory.
    expect(applyReport.files.map((file) => file.path)).toEqual(
      expect.arrayContaining(['test/bridge.test.ts', 'test/executor.test.ts', 'test/store.test.ts']),
    );
    expect(applyReport.filesWritten).toBe(applyReport.files.length);
    expect(applyReport.rewrites['test-ids']).toBeGreaterThan(30);
    // What cannot be mapped safely is reported, not guessed.
    expect(applyReport.warnings.map(({ path, code }) => `${path} ${code}`)).toEqual(
      expect.arrayContaining(['test/bridge.test.ts computed-run-id', 'test/executor.test.ts legacy-thread-mismatch']),
    );

    const migrated = readFileSync(join(project, 'test/bridge.test.ts'), 'utf8');
    expect(migrated).not.toMatch(/'test-run'|'test_run_1'|'run_user_1a2b3c4d'|'thread 1'/);
    // `'run-abc'` runs on one thread in store.test.ts and on another in executor.test.ts: no single new value keeps
    // both, so it stays everywhere and the report says why.
    expect(migrated).toContain("runId: 'run-abc'");
    expect(applyReport.warnings.map(({ code, message }) => `${code} ${message}`)).toEqual(expect.arrayContaining([expect.stringMatching(/^ambiguous-thread .*run-abc/)]));
    expect(migrated).toContain("bridge.connect('thread_1', alice);");
    expect(migrated).toContain("runId: 'thread_user_run_0_1a2b3c4d'");

    // Thread reads beside run IDs are derived; no import of the legacy ID module remains, and the report says so.
    expect(applyReport.rewrites['thread-access']).toBeGreaterThan(0);
    expect(applyReport.rewrites['legacy-modules']).toBeGreaterThan(0);
    expect(readFileSync(join(project, 'src/sse.ts'), 'utf8')).toContain('`thread:${threadIdOf(ctx.run_id)}`');
    // Only src/ and test/: node_modules is a link to the repository's, whose links lead back up (no endless walk).
    for (const folder of ['src', 'test']) {
      for (const file of readdirSync(join(project, folder), { recursive: true, encoding: 'utf8' })) {
        if (!file.endsWith('.ts')) continue;
        expect(readFileSync(join(project, folder, file), 'utf8'), file).not.toMatch(/legacy\/run-ids/);
      }
    }
    expect(applyReport.notes.map((note) => note.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^legacy module src\/legacy\/run-ids\.ts has no imports left.*: it can be deleted$/)]),
    );

    const checked = typeCheck(project);
    expect(checked.status, output(checked)).toBe(0);
    const tested = vitest(project);
    expect(tested.status, output(tested)).toBe(0);
  }, STEP_TIMEOUT);

  it('finds nothing to change on a second run', () => {
    const again = migrate(project, '--check');
    expect(again.status, output(again)).toBe(0);
    expect(report(again).filesChanged).toBe(0);
  }, STEP_TIMEOUT);
});
