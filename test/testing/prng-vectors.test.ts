/**
 * The test kit's seeded PRNG against its algorithms' published definitions, not against its own output:
 * - seeding: FNV-1a 32-bit (http://www.isthe.com/chongo/tech/comp/fnv/ ; draft-eastlake-fnv), whose published test
 *   vectors include "" → 0x811c9dc5, "a" → 0xe40c292c, "foobar" → 0xbf9cf968;
 * - the generator: mulberry32 by Tommy Ettinger (https://gist.github.com/tommyettinger/46a874533244883189143505d203312c):
 *     uint32_t z = (*state += 0x6D2B79F5UL);
 *     z = (z ^ (z >> 15)) * (z | 1UL);
 *     z ^= z + (z ^ (z >> 7)) * (z | 61UL);
 *     return z ^ (z >> 14);
 *   The pinned outputs below were produced by compiling exactly that C function with gcc (uint32_t arithmetic),
 *   and `referenceMulberry32` re-implements it here with BigInt modulo 2^32, independently of the kit's Math.imul code.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSeededRandom, hashToSuffix } from '../../src/testing/index';

const MASK = 0xffffffffn;

function referenceMulberry32(seedState: number): () => number {
  let state = BigInt(seedState) & MASK;
  return () => {
    state = (state + 0x6d2b79f5n) & MASK;
    let z = state;
    z = ((z ^ (z >> 15n)) * (z | 1n)) & MASK;
    z = (z ^ ((z + (((z ^ (z >> 7n)) * (z | 61n)) & MASK)) & MASK)) & MASK;
    return Number(z ^ (z >> 14n));
  };
}

function referenceFnv1a(text: string): number {
  let hash = 0x811c9dc5n;
  for (const byte of new TextEncoder().encode(text)) hash = ((hash ^ BigInt(byte)) * 0x01000193n) & MASK;
  return Number(hash);
}

describe('hashToSuffix is FNV-1a 32-bit', () => {
  it.each([
    ['', '811c9dc5'],
    ['a', 'e40c292c'],
    ['foobar', 'bf9cf968'],
  ])('published vector %j → %s', (text, expected) => {
    expect(hashToSuffix(text)).toBe(expected);
    expect(referenceFnv1a(text).toString(16).padStart(8, '0')).toBe(expected);
  });

  it('agrees with the reference on ASCII text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), (text) => {
        expect(hashToSuffix(text)).toBe(referenceFnv1a(text).toString(16).padStart(8, '0'));
      }),
      { numRuns: 200 },
    );
  });
});

describe('createSeededRandom is mulberry32 seeded with FNV-1a of the seed', () => {
  it.each([
    // state 0x811c9dc5 (the FNV-1a of ""), from the compiled reference C function
    ['', [2625274932, 2119670693, 3324411561, 1770755366, 3488654967]],
    // state 0xe40c292c (the FNV-1a of "a")
    ['a', [2670119670, 1323809741, 1575654966, 2556090870, 3826730733]],
  ])('seed %j gives the reference C outputs', (seed, expected) => {
    const next = createSeededRandom(seed);
    expect(Array.from({ length: 5 }, next)).toEqual(expected);
  });

  it('the BigInt reference reproduces the C outputs for states 0 and 1', () => {
    expect(Array.from({ length: 5 }, referenceMulberry32(0))).toEqual([1144304738, 1416247, 958946056, 627933444, 2007157716]);
    expect(Array.from({ length: 5 }, referenceMulberry32(1))).toEqual([2693262067, 11749833, 2265367787, 4213581821, 4159151403]);
  });

  it('agrees with the reference for any seed, over 50 outputs', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme-ascii' }), fc.integer()), (seed) => {
        const kit = createSeededRandom(seed);
        const reference = referenceMulberry32(referenceFnv1a(String(seed)));
        for (let i = 0; i < 50; i++) expect(kit()).toBe(reference());
      }),
      { numRuns: 100 },
    );
  });
});
