/** Conventions both command lines share: "did you mean", colour choice, colour flags, one form for usage errors. */
import { describe, expect, it } from 'vitest';
import { main as codemodMain } from '../../codemod/main';
import { parseArgs } from '../../src/cli/args';
import { takeColorFlags } from '../../src/cli/dispatch';
import { useColor } from '../../src/cli/io';
import { main } from '../../src/cli/main';
import { closestMatch, editDistance } from '../../src/cli/suggest';
import { fakeIO } from './fake-io';

describe('did you mean', () => {
  it('measures edits: insertions, deletions, substitutions, swaps of neighbours', () => {
    expect(editDistance('migarte', 'migrate')).toBe(1);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('abc', 'ca')).toBe(3);
    expect(editDistance('', '')).toBe(0);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('generate', 'generat')).toBe(1);
    expect(editDistance('flaw', 'lawn')).toBe(2);
  });

  it('suggests a close name or one the input begins, and nothing for a stranger', () => {
    const commands = ['migrate', 'parse', 'generate', 'inspect', 'system-id'];
    expect(closestMatch('migarte', commands)).toBe('migrate');
    expect(closestMatch('pasre', commands)).toBe('parse');
    expect(closestMatch('INSPECT', commands)).toBe('inspect');
    expect(closestMatch('system', commands)).toBe('system-id');
    expect(closestMatch('deploy', commands)).toBeUndefined();
    expect(closestMatch('x', commands)).toBeUndefined();
    expect(closestMatch('--invalid', ['--invalid-only', '--help'])).toBe('--invalid-only');
  });

  it('names the closest option in the parser’s error', () => {
    const specs = { apply: { type: 'boolean' }, check: { type: 'boolean' }, quiet: { type: 'boolean', alias: 'q' } } as const;
    expect(() => parseArgs(['--aply'], specs)).toThrow('unknown option --aply (did you mean --apply?)');
    expect(() => parseArgs(['--chekc=1'], specs)).toThrow('unknown option --chekc (did you mean --check?)');
    expect(() => parseArgs(['--zzzzzz'], specs)).toThrow(/^unknown option --zzzzzz$/);
  });
});

describe('colour', () => {
  const io = (env: Record<string, string>, tty: boolean, colorFlag?: boolean) => ({
    ...fakeIO(),
    env,
    isTTY: { stdout: tty, stderr: tty },
    ...(colorFlag === undefined ? {} : { colorFlag }),
  });

  it('flags first, then FORCE_COLOR, then NO_COLOR, then the terminal', () => {
    expect(useColor(io({}, true), 'stdout')).toBe(true);
    expect(useColor(io({}, false), 'stdout')).toBe(false);
    expect(useColor(io({ TERM: 'dumb' }, true), 'stdout')).toBe(false);
    expect(useColor(io({ NO_COLOR: '1' }, true), 'stdout')).toBe(false);
    expect(useColor(io({ NO_COLOR: '' }, true), 'stdout')).toBe(true);
    for (const value of ['1', '2', '3', 'true', '']) expect(useColor(io({ FORCE_COLOR: value, NO_COLOR: '1' }, false), 'stdout'), value).toBe(true);
    for (const value of ['0', 'false']) expect(useColor(io({ FORCE_COLOR: value }, true), 'stdout'), value).toBe(false);
    expect(useColor(io({ FORCE_COLOR: '1' }, true, false), 'stdout')).toBe(false);
    expect(useColor(io({ NO_COLOR: '1' }, false, true), 'stdout')).toBe(true);
  });

  it('takes --color / --no-color from anywhere before "--"; the last wins', () => {
    expect(takeColorFlags(['parse', '--color', 'x'])).toEqual({ args: ['parse', 'x'], colorFlag: true });
    expect(takeColorFlags(['--color', 'parse', '--no-color'])).toEqual({ args: ['parse'], colorFlag: false });
    expect(takeColorFlags(['parse', '--', '--color'])).toEqual({ args: ['parse', '--', '--color'] });
  });
});

describe('usage errors, the same form in both command lines', () => {
  it('prints one line and the hint for a bad flag of every command', async () => {
    const cases: [typeof main, string, string][] = [
      [main, 'unified-id', 'parse'],
      [main, 'unified-id', 'generate'],
      [main, 'unified-id', 'inspect'],
      [main, 'unified-id', 'system-id'],
      [codemodMain, 'unified-id-codemod', 'migrate'],
    ];
    for (const [run, program, command] of cases) {
      const io = fakeIO();
      expect(await run([command, '--bogus'], io), command).toBe(2);
      expect(io.stdoutText(), command).toBe('');
      expect(io.stderrText(), command).toBe(`${program} ${command}: unknown option --bogus\nRun "${program} ${command} --help" for usage.\n`);
    }
  });

  it('no command prints the help on stderr and exits 2; help and --help on stdout, exit 0', async () => {
    const bare = fakeIO();
    expect(await main([], bare)).toBe(2);
    expect(bare.stderrText()).toContain('Usage: unified-id <command>');
    for (const args of [['help'], ['--help'], ['-h']]) {
      const io = fakeIO();
      expect(await codemodMain(args, io)).toBe(0);
      expect(io.stdoutText()).toContain('Usage: unified-id-codemod <command>');
    }
  });

  it('a name that is an Object property is still an unknown command', async () => {
    const io = fakeIO();
    expect(await main(['constructor'], io)).toBe(2);
    expect(io.stderrText()).toContain('unknown command "constructor"');
  });
});
