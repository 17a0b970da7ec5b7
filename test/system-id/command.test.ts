import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runSystemIdCommand } from '../../src/cli/commands/system-id';
import { main } from '../../src/cli/main';
import { tempDir, UUID_V4 } from './helpers';

const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});

async function run(args: readonly string[], env: Record<string, string> = {}) {
  const root = tempDir();
  dirs.push(root);
  return runIn(root.path, args, env);
}

async function runIn(directory: string, args: readonly string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runSystemIdCommand(args, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    env: { UNIFIED_ID_CONFIG_DIR: directory, ...env },
  });
  return { code, stdout, stderr, file: join(directory, 'system-id.json') };
}

/** Through the `unified-id` command line, which prints usage errors (the command throws them). */
async function runCommandLine(argv: readonly string[]) {
  const directory = tempDir();
  dirs.push(directory);
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    stdin: (async function* () {})(),
    env: { UNIFIED_ID_CONFIG_DIR: directory.path },
    isTTY: { stdout: false, stderr: false },
    cwd: directory.path,
  });
  return { code, stdout, stderr };
}

describe('unified-id system-id', () => {
  it('prints the ID, the same one each time', async () => {
    const first = await run([]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`^${UUID_V4.source.slice(1, -1)}\n$`));
    const again = await runIn(join(first.file, '..'), []);
    expect(again.stdout).toBe(first.stdout);
    expect(first.stderr).toBe('');
  });

  it('--info prints the info as JSON', async () => {
    const result = await run(['--info']);
    expect(result.code).toBe(0);
    const info = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(info).toMatchObject({ source: 'file', persisted: true, path: result.file, telemetryDisabled: false, lastErrorCode: null });
    expect(JSON.parse(readFileSync(result.file, 'utf8')).id).toBe(info.id);
  });

  it('--diagnose prints the diagnosis as JSON', async () => {
    const result = await run(['--diagnose']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ path: result.file, stored: { state: 'missing' }, probe: { skipped: null, write: { ok: true } } });
  });

  it('--reset refuses without --yes, and with it replaces the ID', async () => {
    const first = await run([]);
    const directory = join(first.file, '..');
    const refused = await runIn(directory, ['--reset']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--reset --yes');
    expect((await runIn(directory, [])).stdout).toBe(first.stdout);
    const reset = await runIn(directory, ['--reset', '--yes']);
    expect(reset.code).toBe(0);
    const [oldId, newId] = reset.stdout.trim().split(' -> ');
    expect(oldId).toBe(first.stdout.trim());
    expect((await runIn(directory, [])).stdout.trim()).toBe(newId);
  });

  it('--reset --yes reports why it cannot reset', async () => {
    const result = await run(['--reset', '--yes'], { DO_NOT_TRACK: '1' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('TELEMETRY_DISABLED');
  });

  it('prints the ID with a warning on stderr when the directory is unusable', async () => {
    const root = tempDir();
    dirs.push(root);
    const blocker = join(root.path, 'file');
    writeFileSync(blocker, '');
    const result = await runIn(blocker, []);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
    expect(result.stderr).toMatch(/^warning: unified-id: could not store the system ID .*ENOTDIR/);
  });

  it('explains bad usage in one line and exits 2', async () => {
    for (const args of [['--bogus'], ['--info', '--diagnose'], ['--yes']]) {
      const result = await runCommandLine(['system-id', ...args]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^unified-id system-id: .*\nRun "unified-id system-id --help" for usage\.\n$/);
      expect(result.stdout).toBe('');
    }
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: unified-id system-id');
  });
});
