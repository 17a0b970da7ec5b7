import { describe, expect, it } from 'vitest';
import { compareRunIds, isCanonicalRunId, parseRunId } from '../../src/index';
import {
  TEST_RUN_TIMESTAMP,
  createSeededRandom,
  createSeededRandomBytes,
  createSeededRunIdGenerator,
  createSteppingClock,
} from '../../src/testing/index';

function take(generate: (threadId: string) => string, count: number, threadId = 'thread-1'): string[] {
  return Array.from({ length: count }, () => generate(threadId));
}

describe('createSeededRunIdGenerator', () => {
  it('emits the same sequence for the same seed', () => {
    const a = createSeededRunIdGenerator(42);
    const b = createSeededRunIdGenerator(42);
    expect(take((t) => a.generate(t), 1000)).toEqual(take((t) => b.generate(t), 1000));
  });

  it('pins its first IDs (snapshots built on it stay stable across releases)', () => {
    const generator = createSeededRunIdGenerator('seed');
    expect(take((t) => generator.generate(t), 2, 'user-1')).toMatchInlineSnapshot(`
      [
        "thread_user-1_run_1700000000000_f32c0e4c",
        "thread_user-1_run_1700000000001_137a81a0",
      ]
    `);
  });

  it('emits different suffixes for different seeds', () => {
    const a = take((t) => createSeededRunIdGenerator(1).generate(t), 1);
    const b = take((t) => createSeededRunIdGenerator(2).generate(t), 1);
    expect(a).not.toEqual(b);
  });

  it('steps the clock from TEST_RUN_TIMESTAMP by stepMs, producing valid, strictly increasing IDs', () => {
    const generator = createSeededRunIdGenerator(7, { start: 5_000, stepMs: 3 });
    const ids = take((t) => generator.generate(t), 100);
    ids.forEach((id, i) => {
      expect(isCanonicalRunId(id)).toBe(true);
      expect(parseRunId(id).timestamp).toBe(5_000 + 3 * i);
      if (i > 0) expect(compareRunIds(ids[i - 1] as string, id)).toBe(-1);
    });
    expect(parseRunId(take((t) => createSeededRunIdGenerator(7).generate(t), 1)[0] as string).timestamp).toBe(TEST_RUN_TIMESTAMP);
  });

  it('stays monotonic with a frozen clock (stepMs 0)', () => {
    const generator = createSeededRunIdGenerator(7, { stepMs: 0 });
    const ids = take((t) => generator.generate(t), 1000);
    expect(new Set(ids).size).toBe(1000);
    for (let i = 1; i < ids.length; i++) expect(compareRunIds(ids[i - 1] as string, ids[i] as string)).toBe(-1);
  });
});

describe('seeded building blocks', () => {
  it('createSeededRandom is deterministic 32-bit output', () => {
    const a = createSeededRandom('x');
    const b = createSeededRandom('x');
    for (let i = 0; i < 100; i++) {
      const value = a();
      expect(value).toBe(b());
      expect(Number.isInteger(value) && value >= 0 && value <= 0xffffffff).toBe(true);
    }
  });

  it('createSeededRandomBytes returns exactly the requested length, deterministically', () => {
    for (const length of [0, 1, 3, 4, 5, 17]) {
      const bytes = createSeededRandomBytes(9)(length);
      expect(bytes).toBeInstanceOf(Uint8Array);
      expect(bytes.length).toBe(length);
      expect(createSeededRandomBytes(9)(length)).toEqual(bytes);
    }
  });

  it('createSteppingClock steps and validates', () => {
    const clock = createSteppingClock({ start: 10, stepMs: 5 });
    expect([clock(), clock(), clock()]).toEqual([10, 15, 20]);
    expect(() => createSteppingClock({ start: -1 })).toThrow(RangeError);
    expect(() => createSteppingClock({ stepMs: 0.5 })).toThrow(RangeError);
  });
});
