import { afterEach, describe, expect, it, vi } from 'vitest';
import { RunIdError, createRunIdGenerator, generateRunId, parseRunId, type RunIdGenerator } from '../../src/index';

const MAX = Number.MAX_SAFE_INTEGER;

/** A randomBytes that returns the given 4-byte words in turn and records each requested length. */
function scriptedBytes(...words: number[][]): ((length: number) => Uint8Array) & { requests: number[] } {
  const requests: number[] = [];
  let next = 0;
  return Object.assign(
    (length: number) => {
      requests.push(length);
      return Uint8Array.from(words[next++ % words.length] as number[]);
    },
    { requests },
  );
}

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof RunIdError ? error.code : `not a RunIdError: ${String(error)}`;
  }
  return undefined;
}

describe('createRunIdGenerator', () => {
  it('reads a suffix as a little-endian 32-bit word of 4 requested bytes', () => {
    const randomBytes = scriptedBytes([0x01, 0x02, 0x03, 0x84], [0xff, 0, 0, 0]);
    let clock = 10;
    const generator = createRunIdGenerator({ now: () => clock++, randomBytes });
    expect(generator.generate('t')).toBe('thread_t_run_10_84030201');
    expect(generator.generate('t')).toBe('thread_t_run_11_000000ff');
    expect(randomBytes.requests).toEqual([4, 4]);
  });

  it('uses the first 4 bytes when given more', () => {
    const generator = createRunIdGenerator({ now: () => 1, randomBytes: () => Uint8Array.from([1, 0, 0, 0, 9, 9]) });
    expect(generator.generate('t')).toBe('thread_t_run_1_00000001');
  });

  it.each([[[1, 2, 3]], [[]]])('throws INVALID_ARGUMENT when randomBytes returns %j', (bytes) => {
    const generator = createRunIdGenerator({ now: () => 1, randomBytes: () => Uint8Array.from(bytes) });
    expect(codeOf(() => generator.generate('t'))).toBe('INVALID_ARGUMENT');
  });

  it('throws INVALID_ARGUMENT when randomBytes returns nothing', () => {
    const generator = createRunIdGenerator({ now: () => 1, randomBytes: () => undefined as unknown as Uint8Array });
    expect(codeOf(() => generator.generate('t'))).toBe('INVALID_ARGUMENT');
  });

  it('accepts a clock reading of 0', () => {
    const generator = createRunIdGenerator({ now: () => 0, randomBytes: scriptedBytes([5, 0, 0, 0]) });
    expect(generator.generate('t')).toBe('thread_t_run_0_00000005');
    expect(generator.generate('t')).toBe('thread_t_run_0_00000006');
  });

  it('within one millisecond increments the suffix by one without drawing; a new millisecond draws', () => {
    const randomBytes = scriptedBytes([0x10, 0, 0, 0], [0x20, 0, 0, 0]);
    const readings = [5, 5, 5, 6];
    const generator = createRunIdGenerator({ now: () => readings.shift() as number, randomBytes });
    expect(['t', 't', 't', 't'].map((t) => generator.generate(t))).toEqual([
      'thread_t_run_5_00000010',
      'thread_t_run_5_00000011',
      'thread_t_run_5_00000012',
      'thread_t_run_6_00000020',
    ]);
    expect(randomBytes.requests).toHaveLength(2);
  });

  it('keeps the last timestamp when the clock steps back', () => {
    const readings = [100, 50, 101];
    const generator = createRunIdGenerator({ now: () => readings.shift() as number, randomBytes: scriptedBytes([1, 0, 0, 0], [7, 0, 0, 0]) });
    expect(generator.generate('t')).toBe('thread_t_run_100_00000001');
    expect(generator.generate('t')).toBe('thread_t_run_100_00000002');
    expect(generator.generate('t')).toBe('thread_t_run_101_00000007');
  });

  it('carries into the timestamp up to Number.MAX_SAFE_INTEGER, and refuses to pass it', () => {
    const allOnes = [0xff, 0xff, 0xff, 0xff];
    const beforeMax = createRunIdGenerator({ now: () => MAX - 1, randomBytes: scriptedBytes(allOnes, [3, 0, 0, 0]) });
    expect(beforeMax.generate('t')).toBe(`thread_t_run_${MAX - 1}_ffffffff`);
    expect(beforeMax.generate('t')).toBe(`thread_t_run_${MAX}_00000003`);

    const atMax = createRunIdGenerator({ now: () => MAX, randomBytes: scriptedBytes(allOnes) });
    expect(atMax.generate('t')).toBe(`thread_t_run_${MAX}_ffffffff`);
    expect(codeOf(() => atMax.generate('t'))).toBe('INVALID_TIMESTAMP');
  });

  it.each([-1, 1.5, Number.NaN, MAX + 1, '5', null])('refuses a clock reading of %j', (reading) => {
    const generator = createRunIdGenerator({ now: () => reading as number, randomBytes: scriptedBytes([1, 0, 0, 0]) });
    expect(codeOf(() => generator.generate('t'))).toBe('INVALID_TIMESTAMP');
  });

  it('checks each thread, including after a valid one and when the same bad thread repeats', () => {
    const generator = createRunIdGenerator({ now: () => 1, randomBytes: scriptedBytes([1, 0, 0, 0]) });
    expect(generator.generate('a')).toBe('thread_a_run_1_00000001');
    expect(codeOf(() => generator.generate('x_run'))).toBe('AMBIGUOUS_THREAD_ID');
    expect(codeOf(() => generator.generate('x_run'))).toBe('AMBIGUOUS_THREAD_ID');
    expect(generator.generate('a')).toBe('thread_a_run_1_00000002');
    expect(generator.generate('b')).toBe('thread_b_run_1_00000003');
  });

  it('defaults to Date.now', () => {
    vi.spyOn(Date, 'now').mockReturnValue(1_234);
    try {
      expect(parseRunId(createRunIdGenerator().generate('t')).timestamp).toBe(1_234);
    } finally {
      vi.restoreAllMocks();
    }
  });
});

describe('generateRunId', () => {
  const key = Symbol.for('unified-id.state.v1');
  const state = () => (globalThis as Record<symbol, { defaultGenerator?: RunIdGenerator }>)[key];
  let saved: RunIdGenerator | undefined;

  afterEach(() => {
    const shared = state();
    if (shared) shared.defaultGenerator = saved;
  });

  it('uses the one default generator stored on globalThis, so every copy of the package shares it', () => {
    generateRunId('t');
    const shared = state();
    expect(shared?.defaultGenerator).toBeDefined();
    saved = shared?.defaultGenerator;
    const calls: string[] = [];
    (shared as { defaultGenerator?: RunIdGenerator }).defaultGenerator = {
      generate: (threadId) => {
        calls.push(threadId);
        return 'thread_z_run_1_00000000' as never;
      },
    };
    expect(generateRunId('from-another-copy')).toBe('thread_z_run_1_00000000');
    expect(calls).toEqual(['from-another-copy']);
  });

  it('is strictly increasing across calls', () => {
    const ids = Array.from({ length: 100 }, () => parseRunId(generateRunId('t')));
    for (let i = 1; i < ids.length; i++) {
      const [a, b] = [ids[i - 1], ids[i]] as [ReturnType<typeof parseRunId>, ReturnType<typeof parseRunId>];
      expect((a.timestamp as number) < (b.timestamp as number) || (a.timestamp === b.timestamp && a.suffix < b.suffix)).toBe(true);
    }
  });
});
