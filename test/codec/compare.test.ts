import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareRunIds, formatRunId, parseRunId } from '../../src/index';
import { parseableThreadIdArbitrary, runIdArbitrary } from '../../src/testing/arbitraries';

/** Run IDs that often share a timestamp, a suffix or a thread, so every tie-break is reached. */
const closeRunIds = fc
  .tuple(
    fc.constantFrom('a', 'b', 'a_run_b', 'thread_a', 'Z'),
    fc.option(fc.constantFrom(0, 1, 2, 10, Number.MAX_SAFE_INTEGER), { nil: null }),
    fc.constantFrom('00000000', '00000001', 'ffffffff', 'FFFFFFFE', '10000000'),
  )
  .map(([threadId, timestamp, suffix]) =>
    formatRunId(timestamp === null ? { format: 'legacy', threadId, timestamp, suffix } : { threadId, timestamp, suffix }),
  );
const anyRunId = fc.oneof(closeRunIds, runIdArbitrary({ threadId: parseableThreadIdArbitrary(), suffixCase: 'mixed' }));

/** The order SPEC.md §Order states, written from the parts: timestamp (legacy first), suffix, thread. */
function specOrder(a: string, b: string): number {
  const [x, y] = [parseRunId(a), parseRunId(b)];
  const keys = (p: typeof x) => [p.timestamp === null ? -1 : p.timestamp, p.suffix, p.threadId] as const;
  const [kx, ky] = [keys(x), keys(y)];
  for (let i = 0; i < kx.length; i++) {
    if (kx[i] !== ky[i]) return (kx[i] as number | string) < (ky[i] as number | string) ? -1 : 1;
  }
  return 0;
}

describe('compareRunIds', () => {
  it('is the order SPEC.md states', () => {
    fc.assert(
      fc.property(anyRunId, anyRunId, (a, b) => {
        expect(compareRunIds(a, b)).toBe(specOrder(a, b));
      }),
      { numRuns: 1000 },
    );
  });

  it('is antisymmetric: compare(a, b) === -compare(b, a), and 0 exactly for the same parts', () => {
    fc.assert(
      fc.property(anyRunId, anyRunId, (a, b) => {
        const ab = compareRunIds(a, b);
        expect(compareRunIds(b, a)).toBe(-ab || 0);
        expect(ab === 0).toBe(JSON.stringify(parseRunId(a)) === JSON.stringify(parseRunId(b)));
      }),
      { numRuns: 1000 },
    );
  });

  it('is reflexive and transitive', () => {
    fc.assert(
      fc.property(anyRunId, anyRunId, anyRunId, (a, b, c) => {
        expect(compareRunIds(a, a)).toBe(0);
        const sorted = [a, b, c].sort(compareRunIds);
        const [first, second, third] = sorted as [string, string, string];
        expect(compareRunIds(first, second)).toBeLessThanOrEqual(0);
        expect(compareRunIds(second, third)).toBeLessThanOrEqual(0);
        expect(compareRunIds(first, third)).toBeLessThanOrEqual(0);
        if (compareRunIds(first, second) < 0 || compareRunIds(second, third) < 0) expect(compareRunIds(first, third)).toBe(-1);
      }),
      { numRuns: 1000 },
    );
  });

  it('orders by timestamp first, then suffix, then thread', () => {
    expect(compareRunIds('thread_b_run_1_00000000', 'thread_a_run_2_00000000')).toBe(-1);
    expect(compareRunIds('thread_a_run_2_00000000', 'thread_b_run_1_00000000')).toBe(1);
    expect(compareRunIds('thread_b_run_1_0000000a', 'thread_a_run_1_0000000b')).toBe(-1);
    expect(compareRunIds('thread_a_run_1_0000000b', 'thread_b_run_1_0000000a')).toBe(1);
    expect(compareRunIds('thread_a_run_1_0000000a', 'thread_b_run_1_0000000a')).toBe(-1);
    expect(compareRunIds('thread_b_run_1_0000000a', 'thread_a_run_1_0000000a')).toBe(1);
    expect(compareRunIds('thread_a_run_1_0000000A', 'thread_a_run_1_0000000a')).toBe(0);
  });

  it('puts legacy IDs, which carry no time, before canonical ones, even at timestamp 0', () => {
    expect(compareRunIds('run_z_ffffffff', 'thread_a_run_0_00000000')).toBe(-1);
    expect(compareRunIds('thread_a_run_0_00000000', 'run_z_ffffffff')).toBe(1);
    expect(compareRunIds('run_a_00000001', 'run_a_00000002')).toBe(-1);
    expect(compareRunIds('run_b_00000001', 'run_a_00000001')).toBe(1);
  });

  it('throws the parse error for an unreadable ID on either side', () => {
    expect(() => compareRunIds('nope', 'run_a_00000001')).toThrow(expect.objectContaining({ code: 'INVALID_PREFIX', index: 0 }));
    expect(() => compareRunIds('run_a_00000001', '')).toThrow(expect.objectContaining({ code: 'EMPTY', index: 0 }));
  });
});
