import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ExecutionContext,
  RunIdError,
  UnifiedIDManager,
  extractThreadId,
  formatRunId,
  generateRunId,
  generateThreadId,
  getParseFailureCounts,
  isThreadId,
  onParseFailure,
  parseRunId,
  resetParseFailureCounts,
  safeParseRunId,
  threadIdOf,
  toCanonicalRunId,
  validateIdPair,
} from '../../src/index';

describe('RunIdError', () => {
  it('carries a stable code, the offending index and the input, and says both in its message', () => {
    const error = safeParseRunId('thread_abc_run_01_abcdef12');
    expect(error.ok).toBe(false);
    if (error.ok) return;
    expect(error.error).toBeInstanceOf(RunIdError);
    expect(error.error).toMatchObject({ name: 'RunIdError', code: 'INVALID_TIMESTAMP', index: 15, input: 'thread_abc_run_01_abcdef12' });
    expect(error.error.message).toContain('INVALID_TIMESTAMP at index 15');
  });

  it('keeps messages short for huge inputs but the input whole', () => {
    const huge = `thread_${'a'.repeat(100_000)}`;
    const result = safeParseRunId(huge);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message.length).toBeLessThan(300);
    expect(result.error.input).toBe(huge);
  });

  it('reports a non-string as NOT_A_STRING', () => {
    for (const value of [null, undefined, 42, {}, [], Symbol('x')]) {
      const result = safeParseRunId(value);
      expect(result.ok ? 'ok' : result.error.code).toBe('NOT_A_STRING');
    }
    expect(() => parseRunId(42 as unknown as string)).toThrow(expect.objectContaining({ code: 'NOT_A_STRING' }));
  });
});

describe('extraction and derivation', () => {
  it('extractThreadId returns undefined for anything unreadable', () => {
    expect(extractThreadId('thread_a_run_1_abcdef12')).toBe('a');
    expect(extractThreadId('nope')).toBeUndefined();
    expect(extractThreadId(undefined)).toBeUndefined();
  });

  it('threadIdOf keeps the static type of the read it replaces and throws for an unreadable run ID', () => {
    const required: string = threadIdOf('run_user_1a2b3c4d');
    const optional: string | undefined = threadIdOf(undefined as string | undefined);
    const nullable: string | null = threadIdOf(null as string | null);
    expect([required, optional, nullable]).toEqual(['user', undefined, null]);
    expect(() => threadIdOf('test-run')).toThrow(expect.objectContaining({ code: 'INVALID_PREFIX' }));
  });

  it('validateIdPair is false for non-string threads', () => {
    expect(validateIdPair('thread_a_run_1_abcdef12', 42)).toBe(false);
  });
});

describe('formatRunId and conversion', () => {
  it('writes legacy IDs and lowercases suffixes', () => {
    expect(formatRunId({ format: 'legacy', threadId: 'u', timestamp: null, suffix: 'ABCDEF12' })).toBe('run_u_abcdef12');
  });

  it('rejects bad parts with codes', () => {
    expect(() => formatRunId({ threadId: 'a b', timestamp: 1, suffix: 'abcdef12' })).toThrow(expect.objectContaining({ code: 'INVALID_THREAD_ID', index: 1 }));
    expect(() => formatRunId({ threadId: 'a', timestamp: 1, suffix: 'abcdef1' })).toThrow(expect.objectContaining({ code: 'INVALID_SUFFIX' }));
    expect(() => formatRunId({ threadId: 'a', timestamp: 1, suffix: 'abcdefgh' })).toThrow(expect.objectContaining({ code: 'INVALID_SUFFIX', index: 6 }));
    expect(() => formatRunId({ threadId: 'a', timestamp: null, suffix: 'abcdef12' })).toThrow(expect.objectContaining({ code: 'INVALID_TIMESTAMP' }));
    expect(() => formatRunId({ threadId: 'a', timestamp: -1, suffix: 'abcdef12' })).toThrow(expect.objectContaining({ code: 'INVALID_TIMESTAMP' }));
  });

  it('rejects a conversion timestamp outside the grammar', () => {
    expect(() => toCanonicalRunId('run_u_abcdef12', { timestamp: 1.5 })).toThrow(expect.objectContaining({ code: 'INVALID_TIMESTAMP' }));
  });
});

describe('generateThreadId', () => {
  it('returns UUID v4 strings that generation accepts', () => {
    const ids = new Set(Array.from({ length: 1000 }, generateThreadId));
    expect(ids.size).toBe(1000);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(isThreadId(id)).toBe(true);
    }
  });
});

describe('ExecutionContext', () => {
  it('derives the thread from the run ID and is immutable', () => {
    const context = ExecutionContext.fromRunId('thread_user_run_1_abcdef12');
    expect(context.threadId).toBe('user');
    expect(Object.isFrozen(context)).toBe(true);
    expect(() => {
      (context as { threadId: string }).threadId = 'other';
    }).toThrow(TypeError);
    expect(JSON.parse(JSON.stringify(context))).toEqual({ runId: 'thread_user_run_1_abcdef12', threadId: 'user' });
  });

  it('accepts a matching thread in either spelling and throws THREAD_MISMATCH otherwise', () => {
    expect(new ExecutionContext({ runId: 'run_user_abcdef12', threadId: 'thread_user' }).threadId).toBe('user');
    expect(() => new ExecutionContext({ runId: 'run_user_abcdef12', threadId: 'other' })).toThrow(expect.objectContaining({ code: 'THREAD_MISMATCH' }));
    expect(() => ExecutionContext.fromRunId('test-run')).toThrow(RunIdError);
  });

  it('starts new runs in a thread', () => {
    const context = ExecutionContext.forThread('chat-1');
    const next = context.nextRun();
    expect(next.threadId).toBe('chat-1');
    expect(next.runId).not.toBe(context.runId);
  });
});

describe('parse-failure monitoring', () => {
  afterEach(() => resetParseFailureCounts());

  it('counts failures by code and tells listeners, and guards are not counted', () => {
    resetParseFailureCounts();
    const listener = vi.fn();
    const stop = onParseFailure(listener);
    safeParseRunId('nope');
    extractThreadId('thread_a_run_01_abcdef12');
    validateIdPair('nope', 'a');
    isThreadId('nope nope');
    stop();
    safeParseRunId('nope');
    expect(getParseFailureCounts()).toMatchObject({ INVALID_PREFIX: 3, INVALID_TIMESTAMP: 1, EMPTY: 0 });
    expect(listener).toHaveBeenCalledTimes(3);
    expect(listener.mock.calls[1]?.[0]).toMatchObject({ code: 'INVALID_TIMESTAMP', index: 13 });
  });

  it('a throwing listener does not change what parsing returns', async () => {
    const stop = onParseFailure(() => {
      throw new Error('listener bug');
    });
    const unhandled = new Promise<unknown>((resolve) => process.once('uncaughtException', resolve));
    expect(extractThreadId('nope')).toBeUndefined();
    stop();
    expect(await unhandled).toMatchObject({ message: 'listener bug' });
  });
});

describe('UnifiedIDManager', () => {
  it('mirrors the functions as static methods', () => {
    const runId = UnifiedIDManager.generateRunId('user123');
    expect(UnifiedIDManager.extractThreadId(runId)).toBe('user123');
    expect(UnifiedIDManager.validateIdPair(runId, 'thread_user123')).toBe(true);
    expect(UnifiedIDManager.validateRunId('run_user123_a1b2c3d4')).toBe(true);
    expect(UnifiedIDManager.parseRunId).toBe(parseRunId);
    expect(generateRunId).toBe(UnifiedIDManager.generateRunId);
  });
});
