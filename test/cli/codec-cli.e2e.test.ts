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

  it('stops quietly when the reader closes the pipe early (generate | head)', () => {
    const result = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${cliPath}" generate t --count 1000000 | head -n 2`], { encoding: 'utf8' });
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(2);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('an invalid thread exits 1, usage errors exit 2', () => {
    expect(run(['parse']).status).toBe(2);
    expect(run(['generate', 'x_run']).status).toBe(1);
    expect(run(['generate', 't', '--count', '0']).status).toBe(2);
  });
});
