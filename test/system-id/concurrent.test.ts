/**
 * Concurrent `unified-id system-id --reset --yes` and plain gets in real processes, from a private bundle of
 * the command (the CLI's own code path, without needing dist/).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RESET_CHILD = fileURLToPath(new URL('./reset-child.mjs', import.meta.url));
const work = tempDir('unified-id-concurrent-');
let commandPath = '';

beforeAll(async () => {
  const { build } = await import('esbuild');
  commandPath = join(work.path, 'system-id-command.mjs');
  await build({
    entryPoints: [join(ROOT, 'src/cli/commands/system-id.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: commandPath,
    logLevel: 'silent',
  });
});
afterAll(() => work.remove());

interface CommandRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts one child per argument list, releases them together once all are ready, and collects their results. */
async function runTogether(argLists: readonly (readonly string[])[], env: NodeJS.ProcessEnv): Promise<CommandRun[]> {
  const children = argLists.map((args) =>
    spawn(process.execPath, [RESET_CHILD, commandPath, ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] }),
  );
  const outputs = children.map(() => ({ stdout: '', stderr: '' }));
  const ready = children.map(
    (child, i) =>
      new Promise<void>((resolve) => {
        child.stdout.on('data', (chunk: Buffer) => {
          const output = outputs[i];
          if (output === undefined) return;
          output.stdout += chunk.toString();
          if (output.stdout.includes('ready\n')) resolve();
        });
        child.stderr.on('data', (chunk: Buffer) => {
          const output = outputs[i];
          if (output !== undefined) output.stderr += chunk.toString();
        });
        child.on('exit', () => resolve());
      }),
  );
  const exited = children.map(
    (child) =>
      new Promise<void>((resolve) => {
        const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
        child.on('exit', () => {
          clearTimeout(killer);
          resolve();
        });
      }),
  );
  await Promise.all(ready);
  for (const child of children) child.stdin.end('go\n');
  await Promise.all(exited);
  return outputs.map(({ stdout, stderr }) => {
    const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (line === undefined) throw new Error(`child failed: ${stdout}\n${stderr}`);
    return JSON.parse(line.slice(7)) as CommandRun;
  });
}

const INITIAL = '0f8fad5b-d9cb-469f-a165-70867728950e';
const RESET_LINE = /^([0-9a-f-]{36}) -> ([0-9a-f-]{36})(?: \(superseded: another reset has since stored ([0-9a-f-]{36})\))?\n$/;

describe('concurrent resets in real processes', () => {
  it('8 resets and 4 gets at once: no history entry lost, each reset prints the stored ID or says it was superseded', async () => {
    const directory = join(work.path, 'resets');
    mkdirSync(directory, { mode: 0o700 });
    const file = join(directory, 'system-id.json');
    writeFileSync(file, JSON.stringify({ id: INITIAL }));
    const resets = Array.from({ length: 8 }, () => ['--reset', '--yes']);
    const gets = Array.from({ length: 4 }, () => []);
    const runs = await runTogether([...resets, ...gets], { UNIFIED_ID_CONFIG_DIR: directory });
    expect(runs.map((run) => [run.code, run.stderr])).toEqual(runs.map(() => [0, '']));

    const stored = JSON.parse(readFileSync(file, 'utf8')) as { id: string; history: { reason: string; oldId: string; newId: string }[] };
    const chain = [INITIAL, ...stored.history.map((entry) => entry.newId)];
    expect(stored.history.map((entry) => entry.reason)).toEqual(Array(8).fill('reset'));
    stored.history.forEach((entry, i) => expect(entry.oldId).toBe(chain[i]));
    expect(chain.at(-1)).toBe(stored.id);

    const printed = runs.slice(0, 8).map((run) => RESET_LINE.exec(run.stdout));
    for (const match of printed) {
      expect(match).not.toBeNull();
      const [, oldId = '', newId = '', supersededBy] = match ?? [];
      // The pair it printed is one link of the chain.
      expect(chain.indexOf(oldId) + 1).toBe(chain.indexOf(newId));
      // "Superseded" names an ID stored after it; no note means it was stored when the command checked.
      if (supersededBy !== undefined) expect(chain.indexOf(supersededBy)).toBeGreaterThan(chain.indexOf(newId));
    }
    // The last reset of the chain was not superseded by anything.
    expect(printed.find((match) => match?.[2] === stored.id)?.[3]).toBeUndefined();
    // Every get printed an ID that was stored at some point.
    for (const run of runs.slice(8)) expect(chain).toContain(run.stdout.trim());
    expect(readdirSync(directory)).toEqual(['system-id.json']);
  }, 120_000);
});
