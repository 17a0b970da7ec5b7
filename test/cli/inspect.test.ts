import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_LINE_LENGTH, runInspectCommand } from '../../src/cli/commands/inspect';
import { main } from '../../src/cli/main';
import { generateRunId } from '../../src/index';
import { fakeIO, jsonLines } from './fake-io';

type Report = { input: string; ok: boolean; code?: string; format?: string; threadId?: string };

async function inspect(chunks: readonly (string | Uint8Array)[], args: readonly string[] = []) {
  const io = fakeIO(chunks);
  const code = await runInspectCommand(args, io);
  return { code, reports: jsonLines(io.stdoutText()) as Report[], stderr: io.stderrText(), io };
}

const canonical = 'thread_abc_run_1700000000000_1a2b3c4d';
const legacy = 'run_user_1a2b3c4d';

describe('unified-id inspect', () => {
  it('reports every line, LF or CRLF, including a last line without newline, and exits 0 when all are valid', async () => {
    const { code, reports, stderr } = await inspect([`${canonical}\r\n${legacy}\n${canonical}`]);
    expect(code).toBe(0);
    expect(reports.map((r) => [r.input, r.ok, r.format])).toEqual([
      [canonical, true, 'canonical'],
      [legacy, true, 'legacy'],
      [canonical, true, 'canonical'],
    ]);
    expect(stderr).toBe('unified-id inspect: 3 lines, 3 valid (2 canonical, 1 legacy), 0 invalid\n');
  });

  it('counts invalid lines by code on stderr and exits 1', async () => {
    const { code, reports, stderr } = await inspect([`${canonical}\ntest-run\n\nrun-abc\n${canonical} \n`]);
    expect(code).toBe(1);
    expect(reports.map((r) => r.code ?? 'ok')).toEqual(['ok', 'INVALID_PREFIX', 'INVALID_PREFIX', 'INVALID_SUFFIX']);
    expect(stderr).toBe(
      'unified-id inspect: 5 lines, 1 valid (1 canonical, 0 legacy), 3 invalid (INVALID_PREFIX 2, INVALID_SUFFIX 1); 1 blank line skipped\n',
    );
  });

  it('joins lines split across chunks, including CRLF and multi-byte UTF-8 split mid-character', async () => {
    const bytes = new TextEncoder().encode(`\ufeff${canonical}\r\nthread_é_run_1_1a2b3c4d\r\n${legacy}`);
    const chunks = Array.from(bytes, (byte) => Uint8Array.of(byte));
    const { code, reports } = await inspect(chunks);
    expect(code).toBe(1);
    expect(reports.map((r) => r.input)).toEqual([canonical, 'thread_é_run_1_1a2b3c4d', legacy]);
    expect(reports[1]).toMatchObject({ ok: false, code: 'INVALID_THREAD_ID' });
  });

  it('gives the same output however the input is chunked', async () => {
    const text = `${canonical}\r\n\n${legacy}\nbad id\r\nthread_x_run_run_5_deadbeef\n\r\n${canonical}`;
    const whole = await inspect([text]);
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 12 }), async (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), text.length];
        const chunks = points.slice(1).map((end, i) => text.slice(points[i], end));
        const split = await inspect(chunks);
        expect(split.code).toBe(whole.code);
        expect(split.reports).toEqual(whole.reports);
        expect(split.stderr).toBe(whole.stderr);
      }),
      { numRuns: 200 },
    );
  });

  it('streams large inputs: output is written as chunks arrive, counts stay exact', async () => {
    const ids = Array.from({ length: 50_000 }, (_, i) => (i % 1000 === 0 ? `bad-${i}` : generateRunId(`thread-${i % 97}`)));
    const text = `${ids.join('\n')}\n`;
    const chunks: string[] = [];
    for (let i = 0; i < text.length; i += 65_536) chunks.push(text.slice(i, i + 65_536));
    const { code, reports, stderr, io } = await inspect(chunks);
    expect(code).toBe(1);
    expect(reports).toHaveLength(50_000);
    expect(io.out.length).toBeGreaterThan(10);
    expect(stderr).toBe('unified-id inspect: 50000 lines, 49950 valid (49950 canonical, 0 legacy), 50 invalid (INVALID_PREFIX 50)\n');
  });

  it('reports a line longer than MAX_LINE_LENGTH as LINE_TOO_LONG without holding it, and goes on', async () => {
    const piece = 'x'.repeat(65_536);
    const chunks = [canonical, ...Array.from({ length: MAX_LINE_LENGTH / piece.length + 2 }, () => piece), `\n${legacy}\n`];
    const { code, reports, stderr } = await inspect(chunks);
    expect(code).toBe(1);
    expect(reports).toHaveLength(2);
    expect(reports[0]).toMatchObject({ ok: false, code: 'LINE_TOO_LONG' });
    expect(reports[0]?.input.length).toBeLessThanOrEqual(81);
    expect(reports[1]).toMatchObject({ ok: true, input: legacy });
    expect(stderr).toContain('LINE_TOO_LONG 1');
  });

  it('--invalid-only prints only the invalid lines, the summary still counts all', async () => {
    const { code, reports, stderr } = await inspect([`${canonical}\nnope\n${legacy}\n`], ['--invalid-only']);
    expect(code).toBe(1);
    expect(reports.map((r) => r.input)).toEqual(['nope']);
    expect(stderr).toContain('3 lines, 2 valid');
  });

  it('exits 0 with an empty summary on empty input', async () => {
    const { code, reports, stderr } = await inspect([]);
    expect(code).toBe(0);
    expect(reports).toEqual([]);
    expect(stderr).toBe('unified-id inspect: 0 lines, 0 valid (0 canonical, 0 legacy), 0 invalid\n');
  });

  it('exits 2 when stdin fails, after reporting what it read', async () => {
    const io = fakeIO([`${canonical}\n`], new Error('EIO: broken pipe'));
    expect(await runInspectCommand([], io)).toBe(2);
    expect(jsonLines(io.stdoutText())).toHaveLength(1);
    expect(io.stderrText()).toContain('cannot read stdin: EIO: broken pipe');
  });

  it.each([
    [['ids.txt'], 'reads IDs from stdin and takes no arguments'],
    [['--invalid'], 'unknown option --invalid (did you mean --invalid-only?)'],
  ])('exits 2 with one line and the help hint on %j', async (args, message) => {
    const io = fakeIO([`${canonical}\n`]);
    expect(await main(['inspect', ...args], io)).toBe(2);
    expect(io.stderrText().split('\n')).toEqual([expect.stringContaining(`unified-id inspect: ${message}`), 'Run "unified-id inspect --help" for usage.', '']);
  });

  it('prints help with --help', async () => {
    const io = fakeIO();
    expect(await runInspectCommand(['--help'], io)).toBe(0);
    expect(io.stdoutText()).toContain('--invalid-only');
  });
});
