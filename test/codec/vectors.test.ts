import { describe, expect, it } from 'vitest';
import vectors from '../../fixtures/vectors/run-ids.json';
import {
  generateRunId,
  isCanonicalRunId,
  isLegacyRunId,
  isRunId,
  isThreadId,
  normalizeThreadId,
  parseRunId,
  RunIdError,
  safeParseRunId,
  toCanonicalRunId,
  validateIdPair,
} from '../../src/index';

// The language-neutral vectors (fixtures/vectors/run-ids.json) are the contract every implementation runs.
describe('vectors: parse', () => {
  it.each(vectors.parse.valid.map((v) => [v.input, v] as const))('accepts %j', (_, vector) => {
    expect(parseRunId(vector.input)).toEqual(vector.expected);
    expect(isRunId(vector.input)).toBe(true);
    expect(isCanonicalRunId(vector.input)).toBe(vector.expected.format === 'canonical');
    expect(isLegacyRunId(vector.input)).toBe(vector.expected.format === 'legacy');
  });

  it.each(vectors.parse.invalid.map((v) => [v.input, v] as const))('rejects %j', (_, vector) => {
    expect(isRunId(vector.input)).toBe(false);
    const result = safeParseRunId(vector.input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect({ code: result.error.code, index: result.error.index }).toEqual({ code: vector.code, index: vector.index });
    expect(() => parseRunId(vector.input)).toThrow(RunIdError);
  });
});

describe('vectors: thread ids', () => {
  it.each(vectors.threadIds.generatable.map((v) => [v.input]))('generation accepts %j', (input) => {
    expect(isThreadId(input)).toBe(true);
    expect(parseRunId(generateRunId(input)).threadId).toBe(input);
  });

  it.each(vectors.threadIds.rejected.map((v) => [v.input, v] as const))('generation rejects %j', (_, vector) => {
    expect(isThreadId(vector.input)).toBe(false);
    try {
      generateRunId(vector.input);
      expect.unreachable('generateRunId accepted a rejected thread id');
    } catch (error) {
      expect(error).toBeInstanceOf(RunIdError);
      expect({ code: (error as RunIdError).code, index: (error as RunIdError).index }).toEqual({
        code: vector.code,
        index: vector.index,
      });
    }
  });
});

describe('vectors: normalization, pairs, conversion', () => {
  it.each(vectors.normalize.map((v) => [v.input, v.expected]))('normalizeThreadId(%j) is %j', (input, expected) => {
    expect(normalizeThreadId(input)).toBe(expected);
  });

  it.each(vectors.pairs.map((v) => [v.runId, v.threadId, v.valid] as const))('validateIdPair(%j, %j) is %s', (runId, threadId, valid) => {
    expect(validateIdPair(runId, threadId)).toBe(valid);
  });

  it.each(vectors.conversion.valid.map((v) => [v.input, v] as const))('converts %j', (_, vector) => {
    const options = 'timestamp' in vector ? { timestamp: vector.timestamp } : {};
    expect(toCanonicalRunId(vector.input, options)).toBe(vector.expected);
  });

  it.each(vectors.conversion.rejected.map((v) => [v.input, v] as const))('refuses to convert %j', (_, vector) => {
    expect(() => toCanonicalRunId(vector.input)).toThrow(expect.objectContaining({ code: vector.code, index: vector.index }));
  });
});
