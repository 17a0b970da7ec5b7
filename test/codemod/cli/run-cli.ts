/**
 * Runs the built codemod CLI (`codemod/dist/cli.js`; `npm test` builds first) as a child process. The tests run a
 * private copy of `codemod/dist/`, taken once, so another `npm run build` (which empties it first) cannot pull it
 * away mid-test.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeTempDir, removeDir, renameRuleModuleSource } from '../engine/helpers';

const repoRoot = resolve(__dirname, '../../..');
const builtDist = join(repoRoot, 'codemod', 'dist');
const builtCore = join(repoRoot, 'dist');
let copiedCli: string | undefined;

/** Path of the private copy of the built CLI; call `prepareCli` first. */
export function cliPath(): string {
  if (!copiedCli) throw new Error('call prepareCli() in beforeAll first');
  return copiedCli;
}

/**
 * Copies `codemod/dist/` beside a `node_modules` of links to this repository's, so its dependencies resolve as from
 * the package; `unified-id` is a copy of the built core too, for the same reason as the codemod's.
 */
export async function prepareCli(): Promise<string> {
  if (copiedCli) return copiedCli;
  // A concurrent build may be rewriting dist/: wait for both entries to be there.
  const ready = (): boolean => ['cli.js', 'worker.js'].every((file) => existsSync(join(builtDist, file))) && existsSync(join(builtCore, 'index.js'));
  for (let waited = 0; !ready(); waited += 500) {
    if (waited > 60_000) throw new Error(`${builtDist}/cli.js is missing: run "npm run build" first (npm test does)`);
    await new Promise((done) => setTimeout(done, 500));
  }
  const home = makeTempDir('cli-copy');
  cpSync(builtDist, join(home, 'dist'), { recursive: true, filter: (source) => !source.endsWith('.map') });
  const modules = join(repoRoot, 'node_modules');
  mkdirSync(join(home, 'node_modules'));
  for (const entry of readdirSync(modules)) {
    if (entry !== 'unified-id' && entry !== '.bin') symlinkSync(join(modules, entry), join(home, 'node_modules', entry), 'dir');
  }
  const core = join(home, 'node_modules', 'unified-id');
  cpSync(builtCore, join(core, 'dist'), { recursive: true });
  cpSync(join(repoRoot, 'package.json'), join(core, 'package.json'));
  copiedCli = join(home, 'dist', 'cli.js');
  return copiedCli;
}

/** Removes the private copy and the test rule module. */
export function disposeCli(): void {
  if (copiedCli) removeDir(join(copiedCli, '..', '..'));
  if (ruleModule) removeDir(join(ruleModule, '..'));
  copiedCli = undefined;
  ruleModule = undefined;
}

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], options: { cwd: string; env?: Record<string, string>; cli?: string; input?: string }): CliRun {
  const result = spawnSync(process.execPath, [options.cli ?? cliPath(), ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '0', ...options.env },
    ...(options.input !== undefined ? { input: options.input } : {}),
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let ruleModule: string | undefined;

/** Environment that makes the built CLI (and its workers) know the `rename-id` test rule. */
export function testRuleEnv(): Record<string, string> {
  if (!ruleModule) {
    ruleModule = join(makeTempDir('rule'), 'rename-rule.mjs');
    writeFileSync(ruleModule, renameRuleModuleSource);
  }
  return { UNIFIED_ID_RULE_MODULES: ruleModule };
}
