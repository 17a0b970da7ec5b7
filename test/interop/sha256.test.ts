import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../src/interop/sha256';

const vectors = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/vectors/interop.json'), 'utf8')) as {
  readonly sha256: readonly { readonly input: string; readonly repeat?: number; readonly digest: string }[];
};

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('sha256 (FIPS 180-4)', () => {
  it.each(vectors.sha256)('NIST vector: $note', ({ input, repeat, digest }) => {
    expect(hex(sha256(new TextEncoder().encode(input.repeat(repeat ?? 1))))).toBe(digest);
  });

  it('agrees with node:crypto around every padding boundary (lengths 0 to 200)', () => {
    for (let length = 0; length <= 200; length++) {
      const message = Uint8Array.from({ length }, (_, i) => (i * 131 + length) & 0xff);
      expect(hex(sha256(message)), `length ${length}`).toBe(createHash('sha256').update(message).digest('hex'));
    }
  });

  it('agrees with node:crypto on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1000 }), (message) => {
        expect(hex(sha256(message))).toBe(createHash('sha256').update(message).digest('hex'));
      }),
      { numRuns: 2_000 },
    );
  });

  it('does not change its input', () => {
    const message = Uint8Array.from([1, 2, 3]);
    sha256(message);
    expect([...message]).toEqual([1, 2, 3]);
  });
});
