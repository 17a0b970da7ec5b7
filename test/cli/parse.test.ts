import { describe, expect, it } from 'vitest';
import { runParseCommand } from '../../src/cli/commands/parse';
import { main } from '../../src/cli/main';
import { fakeIO, jsonLines } from './fake-io';

describe('unified-id parse', () => {
  it('prints one JSON line per valid ID, in order, and exits 0', async () => {
    const io = fakeIO();
    const code = await runParseCommand(['thread_abc_run_1700000000000_1a2b3c4d', 'run_user_1A2B3C4D', 'thread_x_run_run_5_deadbeef'], io);
    expect(code).toBe(0);
    expect(io.stderrText()).toBe('');
    expect(io.stdoutText()).toBe(
      [
        '{"input":"thread_abc_run_1700000000000_1a2b3c4d","ok":true,"format":"canonical","threadId":"abc","timestamp":1700000000000,"suffix":"1a2b3c4d"}',
        '{"input":"run_user_1A2B3C4D","ok":true,"format":"legacy","threadId":"user","timestamp":null,"suffix":"1a2b3c4d"}',
        '{"input":"thread_x_run_run_5_deadbeef","ok":true,"format":"canonical","threadId":"x_run","timestamp":5,"suffix":"deadbeef"}',
        '',
      ].join('\n'),
    );
  });

  it('reports invalid IDs with code, index and message, keeps going, and exits 1', async () => {
    const io = fakeIO();
    const code = await runParseCommand(['test-run', 'thread_abc_run_0123_1a2b3c4d', 'thread_abc_run_1_1a2b3c4d'], io);
    expect(code).toBe(1);
    const [first, second, third] = jsonLines(io.stdoutText()) as Record<string, unknown>[];
    expect(first).toMatchObject({ input: 'test-run', ok: false, code: 'INVALID_PREFIX', index: 0 });
    expect(second).toMatchObject({ ok: false, code: 'INVALID_TIMESTAMP', index: 15 });
    expect(String(second?.['message'])).toContain('INVALID_TIMESTAMP');
    expect(third).toMatchObject({ ok: true, threadId: 'abc' });
  });

  it('keeps each report on one line even for inputs with newlines or odd characters', async () => {
    const io = fakeIO();
    const inputs = ['thread_a_run_1_1a2b3c4d\n', 'thread_a\u2028_run_1_1a2b3c4d', '\ud800'];
    expect(await runParseCommand(inputs, io)).toBe(1);
    const reports = jsonLines(io.stdoutText()) as { input: string; ok: boolean }[];
    expect(reports.map((report) => report.input)).toEqual(inputs);
    expect(reports.every((report) => !report.ok)).toBe(true);
  });

  it('accepts IDs that start with "-" after --', async () => {
    const io = fakeIO();
    expect(await runParseCommand(['--', '-abc'], io)).toBe(1);
    expect(jsonLines(io.stdoutText())).toEqual([expect.objectContaining({ input: '-abc', code: 'INVALID_PREFIX' })]);
  });

  it.each([
    [[], 'unified-id parse: no IDs given'],
    [['--bogus', 'run_a_1a2b3c4d'], 'unified-id parse: unknown option --bogus'],
  ])('exits 2 with one line and the help hint on %j', async (args, line) => {
    const io = fakeIO();
    expect(await main(['parse', ...args], io)).toBe(2);
    expect(io.stdoutText()).toBe('');
    expect(io.stderrText().split('\n')).toEqual([expect.stringContaining(line), 'Run "unified-id parse --help" for usage.', '']);
  });

  it('prints help with --help and exits 0', async () => {
    const io = fakeIO();
    expect(await runParseCommand(['--help'], io)).toBe(0);
    expect(io.stdoutText()).toContain('Usage: unified-id parse');
    expect(io.stdoutText()).toContain('Exit codes');
  });
});
