/** The codec commands through the built binary (`dist/cli.js`; `npm test` builds first). */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const cliPath = resolve(__dirname, '../../dist/cli.js');

function run(args: readonly string[], input?: string) {
  const result = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', input: input ?? '', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs a shell pipeline where `$CLI` stands for the built binary (`set -o pipefail`: the CLI's own exit code counts). */
function shell(script: string) {
  const command = script.replaceAll('$CLI', `"${process.execPath}" "${cliPath}"`);
  const result = spawnSync('bash', ['-c', `set -o pipefail; ${command}`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run "npm run build" first (npm test does)`);
});

describe('unified-id codec commands (built CLI)', () => {
  it('parse prints JSON per ID and exits 1 when one is invalid', () => {
    const { status, stdout, stderr } = run(['parse', 'thread_abc_run_1700000000000_1a2b3c4d', 'test-run']);
    expect(stderr).toBe('');
    expect(status).toBe(1);
    expect(stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown)).toEqual([
      { input: 'thread_abc_run_1700000000000_1a2b3c4d', ok: true, format: 'canonical', threadId: 'abc', timestamp: 1700000000000, suffix: '1a2b3c4d' },
      expect.objectContaining({ input: 'test-run', ok: false, code: 'INVALID_PREFIX', index: 0 }),
    ]);
  });

  it('generate | inspect round-trips through pipes, CRLF included', () => {
    const generated = run(['generate', 'user-42', '--count', '3']);
    expect(generated.status).toBe(0);
    const inspected = run(['inspect'], generated.stdout.replace(/\n/g, '\r\n'));
    expect(inspected.status).toBe(0);
    expect(inspected.stderr).toBe('unified-id inspect: 3 lines, 3 valid (3 canonical, 0 legacy), 0 invalid\n');
    expect(inspected.stdout.trimEnd().split('\n').map((line) => (JSON.parse(line) as { threadId: string }).threadId)).toEqual(['user-42', 'user-42', 'user-42']);
  });

  it('an invalid thread exits 1, usage errors exit 2', () => {
    expect(run(['parse']).status).toBe(2);
    expect(run(['generate', 'x_run']).status).toBe(1);
    expect(run(['generate', 't', '--count', '0']).status).toBe(2);
  });
});

describe('output that cannot be written (built CLI)', () => {
  it('a reader that closes the pipe early (| head) stops the CLI quietly, with the exit code of SIGPIPE', () => {
    const result = shell('$CLI generate t --count 1000000 | head -n 2');
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(2);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(141);
  });

  it.runIf(existsSync('/dev/full'))('a full device (> /dev/full) is one line on stderr and exit 2, no stack trace', () => {
    for (const command of ['generate t --count 10', 'parse run_user_1a2b3c4d', '--help', 'help generate']) {
      const result = shell(`$CLI ${command} > /dev/full`);
      expect(result.status, command).toBe(2);
      expect(result.stderr, command).toBe('unified-id: cannot write the output: no space left on the device (ENOSPC)\n');
    }
  });
});

describe('command-line conventions (built CLI)', () => {
  it('--version, -v and -V print the version', () => {
    for (const flag of ['--version', '-v', '-V']) {
      const result = run([flag]);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^\d+\.\d+\.\d+\S*\n$/);
    }
  });

  it('help <command> prints that command’s help, as <command> --help does', () => {
    for (const command of ['parse', 'generate', 'inspect', 'system-id']) {
      const viaHelp = run(['help', command]);
      expect(viaHelp.status).toBe(0);
      expect(viaHelp.stdout).toContain(`Usage: unified-id ${command}`);
      expect(viaHelp.stdout).toBe(run([command, '--help']).stdout);
    }
    expect(run(['help']).stdout).toContain('Commands:');
  });

  it('an unknown command or option is one line with "did you mean", then the help hint, exit 2', () => {
    expect(run(['generat', 't'])).toEqual({
      status: 2,
      stdout: '',
      stderr: 'unified-id: unknown command "generat" (did you mean "generate"?)\nRun "unified-id --help" for usage.\n',
    });
    expect(run(['help', 'pars'])).toMatchObject({ status: 2, stderr: expect.stringContaining('unknown command "pars" (did you mean "parse"?)') as string });
    expect(run(['--verison'])).toMatchObject({ status: 2, stderr: expect.stringContaining('unknown option --verison (did you mean --version?)') as string });
    for (const [command, flag, message] of [
      ['parse', '--hlep', 'unknown option --hlep (did you mean --help?)'],
      ['generate', '--cuont=3', 'unknown option --cuont (did you mean --count?)'],
      ['inspect', '--invalid', 'unknown option --invalid (did you mean --invalid-only?)'],
      ['system-id', '--inf', 'unknown option --inf (did you mean --info?)'],
    ] as const) {
      expect(run([command, 't', flag]).stderr.split('\n'), command).toEqual([`unified-id ${command}: ${message}`, `Run "unified-id ${command} --help" for usage.`, '']);
    }
  });

  it('colours errors only when asked: --color, FORCE_COLOR; --no-color and NO_COLOR win over a terminal only', () => {
    const env = (extra: Record<string, string>) => {
      const base: NodeJS.ProcessEnv = { ...process.env, ...extra };
      for (const name of ['NO_COLOR', 'FORCE_COLOR'] as const) if (!(name in extra)) delete base[name];
      return base;
    };
    const stderrOf = (args: readonly string[], extra: Record<string, string> = {}) =>
      spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', env: env(extra) }).stderr;
    expect(stderrOf(['nope'])).not.toContain('\x1b[');
    expect(stderrOf(['--color', 'nope'])).toContain('\x1b[31munified-id:\x1b[39m');
    expect(stderrOf(['nope', '--color'])).toContain('\x1b[31m');
    expect(stderrOf(['nope'], { FORCE_COLOR: '1' })).toContain('\x1b[31m');
    expect(stderrOf(['nope'], { FORCE_COLOR: '1', NO_COLOR: '1' })).toContain('\x1b[31m');
    expect(stderrOf(['nope'], { FORCE_COLOR: '0' })).not.toContain('\x1b[');
    expect(stderrOf(['--no-color', 'nope'], { FORCE_COLOR: '1' })).not.toContain('\x1b[');
    // After "--", --color is an argument, not the flag.
    expect(spawnSync(process.execPath, [cliPath, 'parse', '--', '--color'], { encoding: 'utf8', env: env({}) }).stdout).toContain('"input":"--color"');
  });
});
