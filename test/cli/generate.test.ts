import { describe, expect, it } from 'vitest';
import { MAX_GENERATE_COUNT, runGenerateCommand } from '../../src/cli/commands/generate';
import { main } from '../../src/cli/main';
import { compareRunIds, isCanonicalRunId, parseRunId } from '../../src/index';
import { fakeIO } from './fake-io';

function lines(text: string): string[] {
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n');
}

describe('unified-id generate', () => {
  it('prints one canonical run ID for the thread by default', async () => {
    const io = fakeIO();
    expect(await runGenerateCommand(['my-thread'], io)).toBe(0);
    const [id, ...rest] = lines(io.stdoutText());
    expect(rest).toEqual([]);
    expect(isCanonicalRunId(id)).toBe(true);
    expect(parseRunId(id as string).threadId).toBe('my-thread');
    expect(io.stderrText()).toBe('');
  });

  it.each([['--count', '5'], ['--count=5'], ['-n', '5']])('honours %s', async (...countArgs) => {
    const io = fakeIO();
    expect(await runGenerateCommand(['t1', ...countArgs], io)).toBe(0);
    expect(lines(io.stdoutText())).toHaveLength(5);
  });

  it('emits many IDs unique and strictly increasing, in bounded writes', async () => {
    const io = fakeIO();
    expect(await runGenerateCommand(['--count', '20000', 'thread_abc'], io)).toBe(0);
    const ids = lines(io.stdoutText());
    expect(ids).toHaveLength(20000);
    expect(io.out.length).toBeGreaterThan(1);
    expect(ids.every((id, i) => i === 0 || compareRunIds(ids[i - 1] as string, id) === -1)).toBe(true);
    expect(parseRunId(ids[0] as string).threadId).toBe('thread_abc');
  });

  it.each(['0', '-1', '1.5', 'abc', '01', '', ' 3', String(MAX_GENERATE_COUNT + 1), '1e3', '99999999'])(
    'rejects --count %j with exit 2',
    async (count) => {
      const io = fakeIO();
      expect(await main(['generate', 't', `--count=${count}`], io)).toBe(2);
      expect(io.stdoutText()).toBe('');
      expect(io.stderrText()).toContain('--count');
    },
  );

  it.each([
    ['x_run', 'AMBIGUOUS_THREAD_ID'],
    ['run_abc', 'AMBIGUOUS_THREAD_ID'],
    ['thread 1', 'INVALID_THREAD_ID'],
    ['a'.repeat(201), 'THREAD_ID_TOO_LONG'],
  ])('rejects thread %j with %s and exit 1', async (threadId, code) => {
    const io = fakeIO();
    expect(await runGenerateCommand([threadId], io)).toBe(1);
    expect(io.stdoutText()).toBe('');
    expect(io.stderrText()).toContain(code);
  });

  it.each([
    [[], 'missing <threadId>'],
    [['a', 'b'], 'expected one thread id, got 2'],
    [['a', '--bogus'], 'unknown option --bogus'],
    [['a', '--count'], 'option --count needs a value'],
    [['a', '--cout', '3'], 'unknown option --cout (did you mean --count?)'],
  ])('exits 2 with one line and the help hint on %j', async (args, message) => {
    const io = fakeIO();
    expect(await main(['generate', ...args], io)).toBe(2);
    expect(io.stdoutText()).toBe('');
    expect(io.stderrText()).toBe(`unified-id generate: ${message}\nRun "unified-id generate --help" for usage.\n`);
  });

  it('prints help with --help', async () => {
    const io = fakeIO();
    expect(await runGenerateCommand(['--help'], io)).toBe(0);
    expect(io.stdoutText()).toContain('--count');
  });
});
