import { expect } from 'vitest';
import type { CliIO } from '../../src/cli/io';

export interface FakeIO extends CliIO {
  readonly out: string[];
  readonly err: string[];
  stdoutText(): string;
  stderrText(): string;
}

/** In-process CLI I/O: captured output, stdin from the given chunks (strings or bytes), delivered one by one. */
export function fakeIO(stdinChunks: readonly (string | Uint8Array)[] = [], stdinError?: Error): FakeIO {
  const out: string[] = [];
  const err: string[] = [];
  async function* stdin(): AsyncGenerator<string | Uint8Array> {
    for (const chunk of stdinChunks) {
      await Promise.resolve();
      yield chunk;
    }
    if (stdinError) throw stdinError;
  }
  return {
    out,
    err,
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    stdin: stdin(),
    env: {},
    isTTY: { stdout: false, stderr: false },
    cwd: process.cwd(),
    stdoutText: () => out.join(''),
    stderrText: () => err.join(''),
  };
}

export function jsonLines(text: string): unknown[] {
  expect(text === '' || text.endsWith('\n')).toBe(true);
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown);
}
