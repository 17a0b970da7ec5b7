import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  RUN_ID_ERROR_CODES,
  isCanonicalRunId,
  isLegacyRunId,
  isRunId,
  isThreadId,
  parseRunId,
  safeParseRunId,
  validateIdPair,
} from '../../src/index';
import {
  NEAR_MISS_MUTATIONS,
  canonicalRunIdArbitrary,
  idPairArbitrary,
  legacyRunIdArbitrary,
  nearMissCaseArbitrary,
  nearMissRunIdArbitrary,
  parseableThreadIdArbitrary,
  runIdArbitrary,
  suffixArbitrary,
  threadIdArbitrary,
  timestampArbitrary,
} from '../../src/testing/arbitraries';

/**
 * An oracle independent of the codec's scanner: the grammar as anchored regexes. The greedy thread group
 * backtracks to the last `_run_`, which is the right-to-left reading SPEC.md prescribes.
 */
const THREAD = '[A-Za-z0-9][A-Za-z0-9_-]{0,199}';
const CANONICAL = new RegExp(`^thread_(${THREAD})_run_(0|[1-9][0-9]{0,15})_[0-9a-fA-F]{8}$`);
const LEGACY = new RegExp(`^run_(${THREAD})_[0-9a-fA-F]{8}$`);
function oracleAccepts(id: string): boolean {
  const canonical = CANONICAL.exec(id);
  if (canonical) return Number(canonical[2]) <= Number.MAX_SAFE_INTEGER;
  return LEGACY.test(id);
}

const RUNS = { numRuns: 1000 };

describe('thread id arbitraries', () => {
  it('threadIdArbitrary produces only what generation accepts', () => {
    fc.assert(
      fc.property(threadIdArbitrary(), (threadId) => {
        expect(isThreadId(threadId)).toBe(true);
        expect(threadId.length).toBeLessThanOrEqual(200);
      }),
      RUNS,
    );
  });

  it('threadIdArbitrary honours maxLength and rejects impossible limits', () => {
    fc.assert(fc.property(threadIdArbitrary({ maxLength: 5 }), (threadId) => threadId.length <= 5 && isThreadId(threadId)));
    expect(() => threadIdArbitrary({ maxLength: 0 })).toThrow(RangeError);
    expect(() => threadIdArbitrary({ maxLength: 201 })).toThrow(RangeError);
  });

  it('threadIdArbitrary covers UUIDs, thread_ prefixes, run-ish words and the length limit', () => {
    const sample = fc.sample(threadIdArbitrary(), { numRuns: 3000, seed: 1 });
    expect(sample.some((t) => /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(t))).toBe(true);
    expect(sample.some((t) => t.startsWith('thread_'))).toBe(true);
    expect(sample.some((t) => /run/i.test(t))).toBe(true);
    expect(sample.some((t) => t.length >= 190)).toBe(true);
    expect(sample.some((t) => t.length === 1)).toBe(true);
  });

  it('parseableThreadIdArbitrary produces every thread parsing accepts, including ones generation refuses', () => {
    fc.assert(
      fc.property(parseableThreadIdArbitrary(), timestampArbitrary(), (threadId, timestamp) => {
        const canonical = parseRunId(`thread_${threadId}_run_${timestamp}_0123abcd`);
        expect(canonical.threadId).toBe(threadId);
        expect(parseRunId(`run_${threadId}_0123abcd`).threadId).toBe(threadId);
      }),
      RUNS,
    );
    const sample = fc.sample(parseableThreadIdArbitrary(), { numRuns: 2000, seed: 2 });
    expect(sample.some((t) => t.includes('_run_'))).toBe(true);
    expect(sample.some((t) => t.endsWith('_run'))).toBe(true);
    expect(sample.some((t) => !isThreadId(t))).toBe(true);
  });
});

describe('run id arbitraries', () => {
  it('canonicalRunIdArbitrary produces canonical IDs that round-trip to their parts', () => {
    fc.assert(
      fc.property(canonicalRunIdArbitrary({ suffixCase: 'mixed', threadId: parseableThreadIdArbitrary() }), (id) => {
        expect(isCanonicalRunId(id)).toBe(true);
        expect(oracleAccepts(id)).toBe(true);
        const parsed = parseRunId(id);
        expect(`thread_${parsed.threadId}_run_${parsed.timestamp}_${parsed.suffix}`).toBe(id.slice(0, -8) + id.slice(-8).toLowerCase());
      }),
      RUNS,
    );
  });

  it('canonicalRunIdArbitrary defaults to generation-valid threads and lowercase suffixes', () => {
    fc.assert(
      fc.property(canonicalRunIdArbitrary(), (id) => {
        const parsed = parseRunId(id);
        expect(isThreadId(parsed.threadId)).toBe(true);
        expect(id.endsWith(parsed.suffix)).toBe(true);
      }),
      RUNS,
    );
  });

  it('legacyRunIdArbitrary produces legacy IDs', () => {
    fc.assert(
      fc.property(legacyRunIdArbitrary({ suffixCase: 'mixed' }), (id) => {
        expect(isLegacyRunId(id)).toBe(true);
        expect(oracleAccepts(id)).toBe(true);
        expect(parseRunId(id).timestamp).toBeNull();
      }),
      RUNS,
    );
  });

  it('runIdArbitrary produces both formats, all valid', () => {
    const sample = fc.sample(runIdArbitrary(), { numRuns: 500, seed: 3 });
    expect(sample.every((id) => isRunId(id))).toBe(true);
    expect(sample.some((id) => id.startsWith('thread_'))).toBe(true);
    expect(sample.some((id) => id.startsWith('run_'))).toBe(true);
  });

  it('idPairArbitrary produces matching pairs', () => {
    fc.assert(fc.property(idPairArbitrary(), ({ threadId, runId }) => validateIdPair(runId, threadId) && parseRunId(runId).threadId === threadId), RUNS);
  });

  it('timestampArbitrary and suffixArbitrary stay inside the grammar', () => {
    fc.assert(fc.property(timestampArbitrary(), (ms) => Number.isSafeInteger(ms) && ms >= 0));
    fc.assert(fc.property(suffixArbitrary(), (suffix) => /^[0-9a-f]{8}$/.test(suffix)));
    fc.assert(fc.property(suffixArbitrary({ suffixCase: 'mixed' }), (suffix) => /^[0-9a-fA-F]{8}$/.test(suffix)));
  });
});

describe('near-miss arbitraries', () => {
  it('every near miss starts from a valid ID and is rejected with an error code', () => {
    fc.assert(
      fc.property(nearMissCaseArbitrary(), ({ value, mutation, original }) => {
        expect(isRunId(original), `original of ${mutation}`).toBe(true);
        expect(oracleAccepts(value), `${mutation}: ${JSON.stringify(value)}`).toBe(false);
        const result = safeParseRunId(value);
        expect(result.ok, `${mutation}: ${JSON.stringify(value)}`).toBe(false);
        if (!result.ok) {
          expect(RUN_ID_ERROR_CODES).toContain(result.error.code);
          expect(result.error.index).toBeGreaterThanOrEqual(0);
          expect(result.error.index).toBeLessThanOrEqual(value.length);
        }
        expect(isRunId(value)).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it.each(NEAR_MISS_MUTATIONS)('mutation %s alone is always rejected', (mutation) => {
    fc.assert(
      fc.property(nearMissRunIdArbitrary([mutation]), (value) => {
        expect(safeParseRunId(value).ok, JSON.stringify(value)).toBe(false);
        expect(oracleAccepts(value), JSON.stringify(value)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects an empty mutation list', () => {
    expect(() => nearMissRunIdArbitrary([])).toThrow(RangeError);
  });
});
