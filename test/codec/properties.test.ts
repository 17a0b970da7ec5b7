import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareRunIds,
  createRunIdGenerator,
  formatRunId,
  generateRunId,
  isRunId,
  isThreadId,
  parseRunId,
  safeParseRunId,
  toCanonicalRunId,
  validateIdPair,
} from '../../src/index';
import { matchesRunId, scanRunId } from '../../src/scan';
import {
  NEAR_MISS_MUTATIONS,
  canonicalRunIdArbitrary,
  legacyRunIdArbitrary,
  nearMissCaseArbitrary,
  nearMissRunIdArbitrary,
  parseableThreadIdArbitrary,
  runIdArbitrary,
  threadIdArbitrary,
} from '../../src/testing/arbitraries';

// The two readers still deployed in the field (SPEC.md §Generation).
const firstMatchReader = (id: string) => id.slice(7, id.indexOf('_run_'));
const lazyRegexReader = (id: string) => /^thread_(.*?)_run_(\d+)_([a-f0-9A-F]{8})$/.exec(id)?.[1];

/** Strings close to the grammar: built from its own pieces, so edge cases turn up often. */
const grammarishString = fc
  .array(fc.constantFrom('thread_', 'run_', '_run_', '_', '-', '0', '1', '9', 'a', 'F', 'g', 'abcdef12', '9007199254740991', '9007199254740992', ' ', '\n', '\u0661', 'ä'), { maxLength: 12 })
  .map((parts) => parts.join(''));

describe('laws of the grammar', () => {
  it('round trip: parseRunId(generateRunId(t)).threadId === t', () => {
    fc.assert(
      fc.property(threadIdArbitrary(), (threadId) => {
        expect(parseRunId(generateRunId(threadId)).threadId).toBe(threadId);
      }),
    );
  });

  it('generated IDs are read to the same thread by both historical readers', () => {
    fc.assert(
      fc.property(threadIdArbitrary(), (threadId) => {
        const id = generateRunId(threadId);
        expect(firstMatchReader(id)).toBe(threadId);
        expect(lazyRegexReader(id)).toBe(threadId);
        expect(validateIdPair(id, threadId)).toBe(true);
      }),
    );
  });

  it('safeParseRunId never throws, for any value', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.string(), grammarishString, nearMissRunIdArbitrary()), (value) => {
        const result = safeParseRunId(value);
        expect(result.ok).toBe(isRunId(value));
        if (!result.ok) expect(typeof result.error.code).toBe('string');
      }),
    );
  });

  it('the fast path and the explaining scanner accept exactly the same strings', () => {
    fc.assert(
      fc.property(fc.oneof(grammarishString, nearMissRunIdArbitrary(), runIdArbitrary({ threadId: parseableThreadIdArbitrary(), suffixCase: 'mixed' }), fc.string()), (value) => {
        expect(matchesRunId(value)).toBe(scanRunId(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('the agreement holds at the length limits: threads around 200 characters, timestamps of 1 to 20 digits', () => {
    const boundaryId = fc
      .tuple(
        fc.constantFrom('thread_', 'run_'),
        fc.integer({ min: 185, max: 215 }),
        fc.constantFrom('a', '_', '-', '_run_1'),
        fc.stringMatching(/^[0-9]{1,20}$/),
        fc.stringMatching(/^[0-9a-fA-F]{7,9}$/),
      )
      .map(([prefix, length, filler, digits, suffix]) => {
        const thread = ('t' + filler.repeat(length)).slice(0, length);
        return prefix === 'run_' ? `run_${thread}_${suffix}` : `thread_${thread}_run_${digits}_${suffix}`;
      });
    fc.assert(
      fc.property(boundaryId, (value) => {
        expect(matchesRunId(value)).toBe(scanRunId(value));
      }),
      { numRuns: 3000 },
    );
  });

  it('isThreadId is the grammar plus: "_" + t + "_run" has no "_run_", and t is not only "thread_" prefixes', () => {
    fc.assert(
      fc.property(fc.oneof(parseableThreadIdArbitrary(), grammarishString), (value) => {
        const grammar = /^[A-Za-z0-9][\w-]{0,199}$/.test(value);
        expect(isThreadId(value)).toBe(grammar && !`_${value}_run`.includes('_run_') && !/^(?:thread_)+$/.test(value));
      }),
      { numRuns: 3000 },
    );
  });

  it.each(NEAR_MISS_MUTATIONS)('near miss %s: rejected with exactly the code and index its mutation implies', (mutation) => {
    fc.assert(
      fc.property(nearMissCaseArbitrary([mutation]), (nearMiss) => {
        expect(() => parseRunId(nearMiss.value)).toThrow(expect.objectContaining({ code: nearMiss.code, index: nearMiss.index }));
      }),
      { numRuns: 100 },
    );
  });

  it('formatRunId(parseRunId(x)) === x for lowercase canonical input, including threads with "_run_"', () => {
    fc.assert(
      fc.property(canonicalRunIdArbitrary({ threadId: parseableThreadIdArbitrary() }), (id) => {
        expect(formatRunId(parseRunId(id))).toBe(id);
      }),
    );
  });

  it('conversion is lossless and idempotent', () => {
    fc.assert(
      fc.property(legacyRunIdArbitrary({ suffixCase: 'mixed' }), fc.maxSafeNat(), (legacy, timestamp) => {
        const before = parseRunId(legacy);
        const canonical = toCanonicalRunId(legacy, { timestamp });
        const after = parseRunId(canonical);
        expect(after).toEqual({ format: 'canonical', threadId: before.threadId, timestamp, suffix: before.suffix });
        expect(toCanonicalRunId(canonical)).toBe(canonical);
        expect(toCanonicalRunId(legacy, { timestamp })).toBe(canonical);
      }),
    );
  });
});

describe('generation', () => {
  // 200,000 IDs: 50,000 milliseconds and 200 steps back, every path of the generator many times over; more
  // would only slow the mutation run, which repeats this test for each mutant of the generator and parser.
  it('200,000 IDs from one generator are unique and strictly increasing, though the clock stalls and steps back', () => {
    let tick = 0;
    // 4 IDs per millisecond, and every 1000th reading jumps 5 ms into the past.
    const now = () => {
      tick++;
      return 1_700_000_000_000 + Math.floor(tick / 4) - (tick % 1000 === 0 ? 5 : 0);
    };
    const generator = createRunIdGenerator({ now });
    const seen = new Set<string>();
    const first = generator.generate('t');
    seen.add(first);
    let previous = parseRunId(first);
    for (let i = 1; i < 200_000; i++) {
      const id = generator.generate('t');
      const parsed = parseRunId(id);
      // compareRunIds' order (timestamp, then suffix), read off the parts once per ID.
      const increasing =
        (parsed.timestamp as number) > (previous.timestamp as number) ||
        (parsed.timestamp === previous.timestamp && parsed.suffix > previous.suffix);
      if (!increasing) expect.fail(`not increasing at ${i}: ${formatRunId(previous)} then ${id}`);
      seen.add(id);
      previous = parsed;
    }
    expect(seen.size).toBe(200_000);
  });

  it('compareRunIds orders a generator\'s output as it was generated', () => {
    const generator = createRunIdGenerator({ now: () => 42 });
    const ids = Array.from({ length: 1000 }, (_, i) => generator.generate(i % 2 ? 'a' : 'b'));
    expect([...ids].reverse().sort(compareRunIds)).toEqual(ids);
  });

  it('a suffix overflow within one millisecond carries into the timestamp', () => {
    const generator = createRunIdGenerator({ now: () => 5, randomBytes: () => new Uint8Array([0xfe, 0xff, 0xff, 0xff]) });
    expect(generator.generate('t')).toBe('thread_t_run_5_fffffffe');
    expect(generator.generate('t')).toBe('thread_t_run_5_ffffffff');
    expect(generator.generate('t')).toBe('thread_t_run_6_fffffffe');
  });

  it('an injected clock and random source give identical output', () => {
    fc.assert(
      fc.property(fc.array(threadIdArbitrary(), { minLength: 1, maxLength: 20 }), fc.integer({ min: 0, max: 2 ** 31 }), (threads, seed) => {
        const make = () => {
          let state = seed;
          let clock = 1_000;
          return createRunIdGenerator({
            now: () => (clock += state % 3),
            randomBytes: (n) => Uint8Array.from({ length: n }, () => (state = (state * 1103515245 + 12345) % 2 ** 31) & 0xff),
          });
        };
        const first = make();
        const second = make();
        expect(threads.map((t) => first.generate(t))).toEqual(threads.map((t) => second.generate(t)));
      }),
    );
  });

  it('rejects a clock that returns something other than a safe non-negative integer', () => {
    for (const reading of [-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2]) {
      expect(() => createRunIdGenerator({ now: () => reading }).generate('t')).toThrow(expect.objectContaining({ code: 'INVALID_TIMESTAMP' }));
    }
  });
});
