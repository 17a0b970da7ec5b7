/** Every typed entry point rejects a value of the wrong runtime type with a RunIdError, never a TypeError. */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ExecutionContext,
  RunIdError,
  asRunId,
  asThreadId,
  compareRunIds,
  createRunIdGenerator,
  extractThreadId,
  formatRunId,
  generateRunId,
  getParseFailureCounts,
  isRunId,
  isThreadId,
  normalizeThreadId,
  onParseFailure,
  parseRunId,
  resetParseFailureCounts,
  safeParseRunId,
  threadIdOf,
  threadIdSchema,
  toCanonicalRunId,
  validateIdPair,
  type RunIdErrorCode,
} from '../../src/index';
import { parseableThreadIdArbitrary, suffixArbitrary, timestampArbitrary } from '../../src/testing/arbitraries';

const RUN = 'thread_user_run_1700000000000_abcdef12';

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

function expectRunIdError(action: () => unknown, code: RunIdErrorCode, index = 0): void {
  const error = thrown(action);
  expect(error).toBeInstanceOf(RunIdError);
  expect({ code: (error as RunIdError).code, index: (error as RunIdError).index }).toEqual({ code, index });
}

afterEach(() => resetParseFailureCounts());

describe('wrong runtime types', () => {
  it.each([
    ['toCanonicalRunId(id, null)', () => toCanonicalRunId(RUN, null as never), 'INVALID_ARGUMENT'],
    ['toCanonicalRunId(id, 5)', () => toCanonicalRunId(RUN, 5 as never), 'INVALID_ARGUMENT'],
    ['toCanonicalRunId(42)', () => toCanonicalRunId(42 as never), 'NOT_A_STRING'],
    ['formatRunId(null)', () => formatRunId(null as never), 'INVALID_ARGUMENT'],
    ['formatRunId("x")', () => formatRunId('x' as never), 'INVALID_ARGUMENT'],
    ['formatRunId({ format: "v2" })', () => formatRunId({ format: 'v2' as never, threadId: 'a', timestamp: 1, suffix: 'abcdef12' }), 'INVALID_ARGUMENT'],
    ['formatRunId({ threadId: 5 })', () => formatRunId({ threadId: 5 as never, timestamp: 1, suffix: 'abcdef12' }), 'NOT_A_STRING'],
    ['formatRunId({ suffix: 5 })', () => formatRunId({ threadId: 'a', timestamp: 1, suffix: 5 as never }), 'INVALID_SUFFIX'],
    ['formatRunId({ timestamp: "5" })', () => formatRunId({ threadId: 'a', timestamp: '5' as never, suffix: 'abcdef12' }), 'INVALID_TIMESTAMP'],
    ['new ExecutionContext(null)', () => new ExecutionContext(null as never), 'INVALID_ARGUMENT'],
    ['new ExecutionContext("id")', () => new ExecutionContext(RUN as never), 'INVALID_ARGUMENT'],
    ['new ExecutionContext({ runId: 5 })', () => new ExecutionContext({ runId: 5 as never }), 'NOT_A_STRING'],
    ['new ExecutionContext({ runId, threadId: 5 })', () => new ExecutionContext({ runId: RUN, threadId: 5 as never }), 'NOT_A_STRING'],
    ['ExecutionContext.forThread(5)', () => ExecutionContext.forThread(5 as never), 'NOT_A_STRING'],
    ['normalizeThreadId(1)', () => normalizeThreadId(1 as never), 'NOT_A_STRING'],
    ['normalizeThreadId(null)', () => normalizeThreadId(null as never), 'NOT_A_STRING'],
    ['generateRunId(1)', () => generateRunId(1 as never), 'NOT_A_STRING'],
    ['parseRunId(1)', () => parseRunId(1 as never), 'NOT_A_STRING'],
    ['threadIdOf(1)', () => threadIdOf(1 as never), 'NOT_A_STRING'],
    ['compareRunIds(1, id)', () => compareRunIds(1 as never, RUN), 'NOT_A_STRING'],
    ['compareRunIds(id, 1)', () => compareRunIds(RUN, 1 as never), 'NOT_A_STRING'],
    ['asRunId(1)', () => asRunId(1), 'NOT_A_STRING'],
    ['asThreadId(1)', () => asThreadId(1), 'NOT_A_STRING'],
    ['onParseFailure("x")', () => onParseFailure('x' as never), 'INVALID_ARGUMENT'],
    ['createRunIdGenerator(null)', () => createRunIdGenerator(null as never), 'INVALID_ARGUMENT'],
    ['createRunIdGenerator(5)', () => createRunIdGenerator(5 as never), 'INVALID_ARGUMENT'],
    ['createRunIdGenerator({ now: 5 })', () => createRunIdGenerator({ now: 5 as never }), 'INVALID_ARGUMENT'],
    ['createRunIdGenerator({ randomBytes: "x" })', () => createRunIdGenerator({ randomBytes: 'x' as never }), 'INVALID_ARGUMENT'],
  ] as const)('%s throws RunIdError %s', (_, action, code) => {
    expectRunIdError(action, code);
  });

  it('accepts absent options', () => {
    expect(toCanonicalRunId('run_u_abcdef12', undefined)).toBe('thread_u_run_0_abcdef12');
    expect(toCanonicalRunId('run_u_abcdef12', { timestamp: undefined })).toBe('thread_u_run_0_abcdef12');
    expect(createRunIdGenerator(undefined).generate('a')).toMatch(/^thread_a_run_\d+_[0-9a-f]{8}$/);
    expect(createRunIdGenerator({ randomBytes: undefined, now: () => 7 }).generate('a')).toMatch(/^thread_a_run_7_[0-9a-f]{8}$/);
  });
});

describe('toCanonicalRunId timestamps', () => {
  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1, '5'])('rejects %s for a legacy and a canonical ID alike', (timestamp) => {
    for (const id of ['run_u_abcdef12', RUN]) expectRunIdError(() => toCanonicalRunId(id, { timestamp: timestamp as number }), 'INVALID_TIMESTAMP');
  });

  it('accepts the bounds 0 and Number.MAX_SAFE_INTEGER', () => {
    expect(toCanonicalRunId('run_u_abcdef12', { timestamp: 0 })).toBe('thread_u_run_0_abcdef12');
    expect(toCanonicalRunId('run_u_abcdef12', { timestamp: Number.MAX_SAFE_INTEGER })).toBe('thread_u_run_9007199254740991_abcdef12');
  });

  it('refuses to convert a legacy thread that generation refuses, with its code and index', () => {
    expectRunIdError(() => toCanonicalRunId('run_thread__abcdef12'), 'EMPTY_NORMALIZED_THREAD_ID', 7);
    expectRunIdError(() => toCanonicalRunId('run_x_run_abcdef12'), 'AMBIGUOUS_THREAD_ID', 1);
  });
});

describe('formatRunId', () => {
  it('every output parses back to the parts it was given', () => {
    const parts = fc.record({
      format: fc.constantFrom('canonical', 'legacy', undefined),
      threadId: parseableThreadIdArbitrary(),
      timestamp: timestampArbitrary(),
      suffix: suffixArbitrary({ suffixCase: 'mixed' }),
    });
    fc.assert(
      fc.property(parts, (p) => {
        const legacy = p.format === 'legacy';
        expect(parseRunId(formatRunId(p))).toEqual({
          format: legacy ? 'legacy' : 'canonical',
          threadId: p.threadId,
          timestamp: legacy ? null : p.timestamp,
          suffix: p.suffix.toLowerCase(),
        });
      }),
      { numRuns: 500 },
    );
  });

  it('writes exactly 8 hex digits: a suffix of 7 or 9 is refused, with the first bad character as index', () => {
    expectRunIdError(() => formatRunId({ threadId: 'a', timestamp: 1, suffix: 'abcdef1' }), 'INVALID_SUFFIX', 0);
    expectRunIdError(() => formatRunId({ threadId: 'a', timestamp: 1, suffix: 'abcdef123' }), 'INVALID_SUFFIX', 0);
    expectRunIdError(() => formatRunId({ threadId: 'a', timestamp: 1, suffix: 'xabcdef12' }), 'INVALID_SUFFIX', 0);
    expectRunIdError(() => formatRunId({ threadId: 'a', timestamp: 1, suffix: 'abcdef12x' }), 'INVALID_SUFFIX', 8);
    expectRunIdError(() => formatRunId({ threadId: 'a', timestamp: 1, suffix: 'abcdefg2' }), 'INVALID_SUFFIX', 6);
    expect(formatRunId({ threadId: 'a', timestamp: 0, suffix: 'ABCDEF12' })).toBe('thread_a_run_0_abcdef12');
  });

  it('checks the thread with the parsing grammar, not generation', () => {
    expect(formatRunId({ threadId: 'x_run', timestamp: 1, suffix: 'abcdef12' })).toBe('thread_x_run_run_1_abcdef12');
    expectRunIdError(() => formatRunId({ threadId: '', timestamp: 1, suffix: 'abcdef12' }), 'INVALID_THREAD_ID', 0);
    expectRunIdError(() => formatRunId({ threadId: 'a'.repeat(201), timestamp: 1, suffix: 'abcdef12' }), 'THREAD_ID_TOO_LONG', 200);
  });
});

describe('a thread that normalizes to the empty string', () => {
  it.each([
    ['thread_', 7],
    ['thread_thread_', 14],
  ])('generation refuses %j with EMPTY_NORMALIZED_THREAD_ID at its end', (threadId, index) => {
    expectRunIdError(() => generateRunId(threadId), 'EMPTY_NORMALIZED_THREAD_ID', index);
    expectRunIdError(() => asThreadId(threadId), 'EMPTY_NORMALIZED_THREAD_ID', index);
    expect(isThreadId(threadId)).toBe(false);
    expect(threadIdSchema['~standard'].validate(threadId)).toMatchObject({ issues: [{ code: 'EMPTY_NORMALIZED_THREAD_ID', index }] });
  });

  it('other threads with the prefix are accepted', () => {
    for (const threadId of ['thread_a', 'thread_thread_1', 'thread-', 'thread']) {
      expect(isThreadId(threadId)).toBe(true);
      expect(threadIdOf(generateRunId(threadId))).toBe(threadId);
    }
  });
});

describe('asRunId and asThreadId', () => {
  it('asRunId returns the value itself for a run ID in either format', () => {
    fc.assert(
      fc.property(fc.constantFrom(RUN, 'run_u_ABCDEF12', 'thread_a_run_b_run_0_00000000'), (id) => {
        expect(asRunId(id)).toBe(id);
      }),
    );
  });

  it('asRunId throws what parseRunId throws, and counts it', () => {
    for (const bad of ['', 'nope', 'thread_a_run_01_abcdef12', `${RUN}\n`]) {
      const expected = thrown(() => parseRunId(bad)) as RunIdError;
      expectRunIdError(() => asRunId(bad), expected.code, expected.index);
    }
    resetParseFailureCounts();
    thrown(() => asRunId('nope'));
    expect(getParseFailureCounts().INVALID_PREFIX).toBe(1);
  });

  it('asThreadId returns a thread generation accepts and throws what generation throws, uncounted', () => {
    expect(asThreadId('user-1')).toBe('user-1');
    expectRunIdError(() => asThreadId('x_run'), 'AMBIGUOUS_THREAD_ID', 1);
    expectRunIdError(() => asThreadId('a b'), 'INVALID_THREAD_ID', 1);
    resetParseFailureCounts();
    thrown(() => asThreadId('a b'));
    expect(Object.values(getParseFailureCounts()).every((count) => count === 0)).toBe(true);
  });
});

describe('threads read from a run', () => {
  it('threadIdOf gives the thread exactly as embedded; validateIdPair compares normalized threads', () => {
    expect(threadIdOf(generateRunId('abc'))).toBe('abc');
    expect(threadIdOf(generateRunId('thread_abc'))).toBe('thread_abc');
    expect(validateIdPair(generateRunId('abc'), 'thread_abc')).toBe(true);
    expect(validateIdPair(generateRunId('thread_abc'), 'abc')).toBe(true);
    expect(extractThreadId(generateRunId('thread_abc'))).toBe('thread_abc');
  });
});

describe('validateIdPair with a thread that is not a string', () => {
  it('is false and records NOT_A_STRING for the thread', () => {
    resetParseFailureCounts();
    const listener = vi.fn();
    const stop = onParseFailure(listener);
    expect(validateIdPair(RUN, 42)).toBe(false);
    stop();
    expect(getParseFailureCounts().NOT_A_STRING).toBe(1);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]?.[0]).toMatchObject({ code: 'NOT_A_STRING', index: 0, input: 42 });
  });

  it('reports only the run ID when both are bad', () => {
    resetParseFailureCounts();
    expect(validateIdPair('nope', 42)).toBe(false);
    expect(getParseFailureCounts()).toMatchObject({ INVALID_PREFIX: 1, NOT_A_STRING: 0 });
  });

  it('is false for a different thread and true for the same thread in either spelling', () => {
    expect(validateIdPair(RUN, 'users')).toBe(false);
    expect(validateIdPair(RUN, 'thread_thread_user')).toBe(true);
    expect(validateIdPair('run_thread_user_abcdef12', 'user')).toBe(true);
  });
});

describe('guards and safe parsing with values that only look like strings', () => {
  const lookalike = (text: string) => ({ length: text.length, toString: () => text });

  it('isRunId and isThreadId are false for a non-string that converts to a valid ID', () => {
    expect(isRunId(lookalike('run_a_abcdef12'))).toBe(false);
    expect(isThreadId(lookalike('a'))).toBe(false);
  });

  it('formatRunId refuses a suffix that is a number, even one whose digits would pass', () => {
    expectRunIdError(() => formatRunId({ threadId: 'a', timestamp: 1, suffix: 12345678 as never }), 'INVALID_SUFFIX', 0);
  });

  it('safeParseRunId returns ok and the parts for a run ID', () => {
    expect(safeParseRunId('run_a_ABCDEF12')).toEqual({ ok: true, value: { format: 'legacy', threadId: 'a', timestamp: null, suffix: 'abcdef12' } });
  });
});
