/** The pooled Web Crypto source (src/random.ts), loaded fresh for each test with a stubbed `globalThis.crypto`. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as Random from '../../src/random';

async function freshRandom(): Promise<typeof Random> {
  vi.resetModules();
  return import('../../src/random');
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('randomUint32', () => {
  it('fills a pool of 1024 words with one getRandomValues call and hands them out in order before refilling', async () => {
    let fills = 0;
    const getRandomValues = vi.fn((array: Uint32Array) => {
      fills++;
      for (let i = 0; i < array.length; i++) array[i] = fills * 100_000 + i;
      return array;
    });
    vi.stubGlobal('crypto', { getRandomValues });
    const { randomUint32 } = await freshRandom();
    const words = Array.from({ length: 1025 }, () => randomUint32());
    expect(words.slice(0, 3)).toEqual([100_000, 100_001, 100_002]);
    expect(words[1023]).toBe(101_023);
    expect(words[1024]).toBe(200_000);
    expect(getRandomValues).toHaveBeenCalledTimes(2);
    const pool = getRandomValues.mock.calls[0]?.[0];
    expect(pool).toBeInstanceOf(Uint32Array);
    expect(pool?.length).toBe(1024);
    expect(getRandomValues.mock.calls[1]?.[0]).toBe(pool);
  });

  it('returns 32-bit words from the real Web Crypto', async () => {
    const { randomUint32 } = await freshRandom();
    const words = Array.from({ length: 2000 }, () => randomUint32());
    expect(words.every((word) => Number.isInteger(word) && word >= 0 && word <= 0xffffffff)).toBe(true);
    expect(new Set(words).size).toBeGreaterThan(1990);
  });

  it.each([undefined, {}, { getRandomValues: 'no' }])('without a usable globalThis.crypto (%j) says to inject randomBytes', async (crypto) => {
    vi.stubGlobal('crypto', crypto);
    const { randomUint32 } = await freshRandom();
    expect(() => randomUint32()).toThrow('unified-id: no globalThis.crypto (pass randomBytes)');
  });
});
