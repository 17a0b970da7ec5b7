/**
 * Runs the built CLI (`dist/cli.js`; `npm test` builds first) as a child process. The tests run a private copy of
 * `dist/`, taken once, so another `npm run build` (which empties `dist/` first) cannot pull it away mid-test.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeTempDir, removeDir, renameRuleModuleSource } from '../engine/helpers';

const repoRoot = resolve(__dirname, '../../..');
const builtDist = join(repoRoot, 'dist');
let copiedCli: string | undefined;

/** Path of the private copy of the built CLI; call `prepareCli` first. */
export function cliPath(): string {
  if (!copiedCli) throw new Error('call prepareCli() in beforeAll first');
  return copiedCli;
}

/** Copies `dist/` beside a link to this repository's `node_modules` (so `ts-morph` resolves as from the package). */
export async function prepareCli(): Promise<string> {
  if (copiedCli) return copiedCli;
  // A concurrent build may be rewriting dist/: wait for both entries to be there.
  for (let waited = 0; !(existsSync(join(builtDist, 'cli.js')) && existsSync(join(builtDist, 'worker.js'))); waited += 500) {
    if (waited > 60_000) throw new Error(`${builtDist}/cli.js is missing: run "npm run build" first (npm test does)`);
    await new Promise((done) => setTimeout(done, 500));
  }
  const home = makeTempDir('cli-copy');
  cpSync(builtDist, join(home, 'dist'), { recursive: true, filter: (source) => !source.endsWith('.map') });
  symlinkSync(join(repoRoot, 'node_modules'), join(home, 'node_modules'), 'dir');
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
