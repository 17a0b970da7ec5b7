import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../codemod/main';
import type { CliIO } from '../../../src/cli/io';
import { ArgsError, listFlag, parseArgs, stringFlag } from '../../../src/cli/args';
import { makeGitRepo, removeDir } from '../engine/helpers';
import { disposeCli, testRuleEnv } from './run-cli';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) removeDir(root);
  disposeCli();
});

function captureIO(cwd: string, options: { tty?: boolean; env?: Record<string, string> } = {}): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
    stdin: (async function* () {})(),
    env: { ...testRuleEnv(), ...options.env },
    isTTY: { stdout: options.tty ?? false, stderr: options.tty ?? false },
    cwd,
  };
  return io;
}

describe('migrate output on a terminal (in-process)', () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 250; i++) files[`f${String(i).padStart(3, '0')}.ts`] = i % 50 === 0 ? "f('old-id');\n" : 'export {};\n';
  // Evidence that the project uses this system's run IDs: without it, no rule runs.
  files['f001.ts'] = "export { generateRunId } from 'unified-id';\n";
  const root = makeGitRepo('tty', files);
  roots.push(root);

  // The progress line appears only after about a second, so it is tested with a fake clock (test/cli/progress.test.ts).
  it('colors the diff on a terminal', async () => {
    const io = captureIO(root, { tty: true });
    expect(await main(['migrate', '--rules', 'rename-id', '--concurrency', '1'], io)).toBe(0);
    expect(io.out).toContain("\x1b[31m-f('old-id');\x1b[39m");
    expect(io.out).toContain("\x1b[32m+f('new-id');\x1b[39m");
  });

  it('NO_COLOR turns colors off; no terminal, no progress bar', async () => {
    const noColor = captureIO(root, { tty: true, env: { NO_COLOR: '1' } });
    await main(['migrate', '--rules', 'rename-id'], noColor);
    expect(noColor.out).not.toContain('\x1b[');
    const piped = captureIO(root);
    await main(['migrate', '--rules', 'rename-id'], piped);
    expect(piped.out).not.toContain('\x1b[');
    expect(piped.err).toBe('');
  });

  it('--quiet prints one line', async () => {
    const io = captureIO(root);
    expect(await main(['migrate', '--rules=rename-id', '-q', '--check'], io)).toBe(1);
    expect(io.out).toBe('5 files would change of 250 scanned\n');
  });
});

describe('parseArgs', () => {
  const specs = { rules: { type: 'list', commaSeparated: true }, include: { type: 'list' }, config: { type: 'string' }, apply: { type: 'boolean' }, quiet: { type: 'boolean', alias: 'q' } } as const;

  it('reads values, repeats, commas, aliases, = and --', () => {
    const parsed = parseArgs(['a', '--rules', 'x,y', '--rules=z', '--include', '*.ts', '--include', 'b/**', '-q', '--config=c.json', '--', '--apply'], specs);
    expect(parsed.positionals).toEqual(['a', '--apply']);
    expect(listFlag(parsed, 'rules')).toEqual(['x', 'y', 'z']);
    expect(listFlag(parsed, 'include')).toEqual(['*.ts', 'b/**']);
    expect(stringFlag(parsed, 'config')).toBe('c.json');
    expect(parsed.flags['quiet']).toBe(true);
  });

  it('rejects unknown options, missing values, values on booleans and repeated single values', () => {
    expect(() => parseArgs(['--nope'], specs)).toThrow(new ArgsError('unknown option --nope'));
    expect(() => parseArgs(['-x'], specs)).toThrow(/unknown option -x/);
    expect(() => parseArgs(['--config'], specs)).toThrow(/needs a value/);
    expect(() => parseArgs(['--config', '--apply'], specs)).toThrow(/needs a value/);
    expect(() => parseArgs(['--apply=yes'], specs)).toThrow(/takes no value/);
    expect(() => parseArgs(['--config', 'a', '--config', 'b'], specs)).toThrow(/given twice/);
  });
});
