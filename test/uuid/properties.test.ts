/**
 * `isUuid` against the `uuid` package (a dev dependency, the reference): on a million generated and mutated
 * inputs, `isUuid(x)` is `validate(x)`, and `isUuid(x, { version })` is `validate(x) && version(x) === version`.
 * Inputs start from random 128-bit values (so every variant and version nibble occurs) and from Nil/Max, then get
 * mutated where the grammar is decided: the version and variant digits, a hyphen, one character (hex, non-hex,
 * non-ASCII), the length, the case.
 */
import fc from 'fast-check';
import { validate, version as versionOf } from 'uuid';
import { describe, expect, it } from 'vitest';
import { MAX_UUID, NIL_UUID, isUuid, parseUuid, safeParseUuid } from '../../src/uuid/index';
import type { UuidVersion } from '../../src/uuid/index';

const HEX = '0123456789abcdef';

function formatHex(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const baseArbitrary = fc.oneof(
  { weight: 8, arbitrary: fc.string({ unit: fc.constantFrom(...HEX), minLength: 32, maxLength: 32 }).map(formatHex) },
  { weight: 1, arbitrary: fc.constantFrom(NIL_UUID, MAX_UUID) },
);

/** Characters a mutation may write: hex of both cases, near-misses, separators, a non-ASCII digit and letter. */
const characterArbitrary = fc.constantFrom(...'0123456789abcdefABCDEFgGzZ-_ {}\n', '０', 'é');

type Mutation = (value: string) => string;

const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant<Mutation>((value) => value),
  fc.constantFrom(...HEX).map<Mutation>((digit) => (value) => `${value.slice(0, 14)}${digit}${value.slice(15)}`),
  fc.constantFrom(...HEX).map<Mutation>((digit) => (value) => `${value.slice(0, 19)}${digit}${value.slice(20)}`),
  fc.tuple(fc.nat(35), characterArbitrary).map<Mutation>(([index, char]) => (value) => `${value.slice(0, index)}${char}${value.slice(index + 1)}`),
  fc.tuple(fc.nat(36), characterArbitrary).map<Mutation>(([index, char]) => (value) => `${value.slice(0, index)}${char}${value.slice(index)}`),
  fc.nat(35).map<Mutation>((index) => (value) => `${value.slice(0, index)}${value.slice(index + 1)}`),
  fc.constant<Mutation>((value) => value.toUpperCase()),
  fc.constant<Mutation>((value) => value.replaceAll('-', '')),
);

const inputArbitrary = fc.tuple(baseArbitrary, fc.array(mutationArbitrary, { maxLength: 2 })).map(([base, mutations]) =>
  mutations.reduce((value, mutate) => mutate(value), base),
);

const VERSIONS: readonly UuidVersion[] = [1, 2, 3, 4, 5, 6, 7, 8];

/** The claim checked for one input: `undefined` when isUuid and parseUuid agree with uuid's validate/version. */
function disagreement(input: string, version: UuidVersion): string | undefined {
  const valid = validate(input);
  if (isUuid(input) !== valid) return `isUuid(${JSON.stringify(input)}) is ${!valid}, validate says ${valid}`;
  if (isUuid(input, { version }) !== (valid && versionOf(input) === version)) return `isUuid(${JSON.stringify(input)}, { version: ${version} }) disagrees`;
  // Whatever isUuid accepts, parseUuid reads with the version uuid reads (Nil and Max have none).
  const lower = input.toLowerCase();
  if (valid && lower !== NIL_UUID && lower !== MAX_UUID && parseUuid(input).version !== versionOf(input)) return `parseUuid(${JSON.stringify(input)}).version`;
  return undefined;
}

/** mulberry32: a seeded 32-bit PRNG, so the million-input run is the same on every machine. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}

describe('isUuid agrees with the uuid package (validate, version)', () => {
  it('on generated and mutated inputs, with shrinking (fast-check)', () => {
    fc.assert(
      fc.property(inputArbitrary, fc.constantFrom(...VERSIONS), (input, version) => {
        expect(disagreement(input, version)).toBeUndefined();
      }),
      { numRuns: 20_000 },
    );
  });

  // A million inputs through fast-check takes over half a minute on a busy 2-core machine, most of it the framework's
  // per-run cost; the same generator and mutations drawn from a seeded PRNG take about a second. Same claim, same inputs' shape.
  it('on one million inputs from the same generator (seeded)', () => {
    const RUNS = 1_000_000;
    const random = seededRandom(0x5eed_1d);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const chars = [...'0123456789abcdefABCDEFgGzZ-_ {}\n', '０', 'é'];
    const mutate = (value: string): string => {
      const index = Math.floor(random() * 37);
      switch (Math.floor(random() * 8)) {
        case 0:
          return value;
        case 1:
          return `${value.slice(0, 14)}${pick([...HEX])}${value.slice(15)}`;
        case 2:
          return `${value.slice(0, 19)}${pick([...HEX])}${value.slice(20)}`;
        case 3:
          return `${value.slice(0, index)}${pick(chars)}${value.slice(index + 1)}`;
        case 4:
          return `${value.slice(0, index)}${pick(chars)}${value.slice(index)}`;
        case 5:
          return `${value.slice(0, index)}${value.slice(index + 1)}`;
        case 6:
          return value.toUpperCase();
        default:
          return value.replaceAll('-', '');
      }
    };
    let accepted = 0;
    for (let run = 0; run < RUNS; run++) {
      let input = random() < 0.1 ? pick([NIL_UUID, MAX_UUID]) : formatHex(Array.from({ length: 32 }, () => HEX[Math.floor(random() * 16)]).join(''));
      for (let count = Math.floor(random() * 3); count > 0; count--) input = mutate(input);
      const problem = disagreement(input, pick(VERSIONS));
      if (problem) expect.fail(`run ${run}: ${problem}`);
      if (validate(input)) accepted++;
    }
    // The generator is useful only if both answers occur often.
    expect(accepted).toBeGreaterThan(RUNS / 10);
    expect(accepted).toBeLessThan(RUNS * 0.9);
  });

  it('parse never throws from safeParseUuid and round-trips the lowercase text', () => {
    fc.assert(
      fc.property(inputArbitrary, (input) => {
        const result = safeParseUuid(input);
        if (result.ok) expect(result.value.uuid).toBe(input.toLowerCase());
        else expect(isUuid(input)).toBe(false);
      }),
      { numRuns: 10_000 },
    );
  });
});
