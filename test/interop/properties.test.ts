/**
 * The "done when" of the mappings: every `toUuidV7` output is a UUIDv7 by the `uuid` package and carries the run's
 * millisecond; a million distinct run IDs give a million distinct UUIDs and trace ids; the same run ID (in any suffix
 * case) always gives the same outputs.
 */
import fc from 'fast-check';
import { validate, version } from 'uuid';
import { describe, expect, it } from 'vitest';
import { createRunIdGenerator, parseRunId } from '../../src/index';
import { otelAttributes, toUuidV7, traceIdOf } from '../../src/interop/index';
import { canonicalRunIdArbitrary, legacyRunIdArbitrary } from '../../src/testing/arbitraries';
import { parseUuid } from '../../src/uuid/index';

const runIdArbitrary = fc.oneof(canonicalRunIdArbitrary(), legacyRunIdArbitrary());

const upperSuffix = (id: string) => id.slice(0, -8) + id.slice(-8).toUpperCase();

describe('interop mappings (properties)', () => {
  it('toUuidV7 is a UUIDv7 (uuid: validate, version 7) with the run millisecond, and every output is a function of the run', () => {
    fc.assert(
      fc.property(runIdArbitrary, (runId) => {
        const ms = parseRunId(runId).timestamp ?? 0;
        fc.pre(ms <= 0xffff_ffff_ffff);
        const uuid = toUuidV7(runId);
        expect(toUuidV7(runId)).toBe(uuid);
        expect(validate(uuid)).toBe(true);
        expect(version(uuid)).toBe(7);
        expect(parseUuid(uuid).timestamp).toBe(ms);
        expect(toUuidV7(upperSuffix(runId))).toBe(uuid);
        expect(traceIdOf(upperSuffix(runId))).toBe(traceIdOf(runId));
        expect(otelAttributes(upperSuffix(runId))).toEqual(otelAttributes(runId));
        expect(traceIdOf(runId)).toMatch(/^(?!0{32})[\da-f]{32}$/);
      }),
      { numRuns: 5_000 },
    );
  });

  // A million distinct run IDs: nine in ten from this package's generator (monotonic, so distinct) under a clock that
  // advances every 500 IDs, so most share their millisecond and only the hashed 74 bits keep their UUIDs apart; one in
  // ten legacy (all at millisecond 0), distinct by their suffixes. Seeded, so every machine checks the same million;
  // built in a loop rather than drawn by fast-check, whose per-run cost would make this minutes. Two million SHA-256
  // computations and the checks around them take about 20 s of CPU time, several times that in wall time on a busy
  // machine: hence the test's own timeout (a limit, not a timed assertion).
  it('one million distinct run IDs give one million distinct UUIDv7s and trace ids', { timeout: 600_000 }, () => {
    const COUNT = 1_000_000;
    let state = 0x5eed;
    const randomByte = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 24;
    let index = 0;
    const generator = createRunIdGenerator({
      now: () => 1_700_000_000_000 + Math.floor(index / 500),
      randomBytes: (length) => Uint8Array.from({ length }, randomByte),
    });
    const uuids = new Set<string>();
    const traceIds = new Set<string>();
    for (; index < COUNT; index++) {
      const thread = `t${index % 97}`;
      // index → (index · odd) mod 2^32 is a bijection: distinct suffixes that do not count up.
      const runId = index % 10 === 0 ? `run_${thread}_${(Math.imul(index, 0x9e3779b1) >>> 0).toString(16).padStart(8, '0')}` : generator.generate(thread);
      const uuid = toUuidV7(runId);
      if (version(uuid) !== 7 || !validate(uuid)) expect.fail(`${runId} → ${uuid} is not a UUIDv7`);
      uuids.add(uuid);
      traceIds.add(traceIdOf(runId));
    }
    expect(uuids.size).toBe(COUNT);
    expect(traceIds.size).toBe(COUNT);
  });
});
