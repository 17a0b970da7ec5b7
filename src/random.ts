/**
 * Pooled cryptographic randomness. One `crypto.getRandomValues` call per ID costs ~20× more than reading
 * from a pool refilled every 1024 words (measured by `npm run bench`). Web Crypto only: Node ≥ 19 and every
 * browser and edge runtime have `globalThis.crypto`; Node 18 needs `--experimental-global-webcrypto` or an
 * injected `randomBytes`.
 */
const POOL_WORDS = 1024;
let pool: Uint32Array | undefined;
let poolIndex = POOL_WORDS;

function fill(target: Uint32Array): void {
  const crypto = (globalThis as { crypto?: { getRandomValues?: (array: Uint32Array) => unknown } }).crypto;
  if (typeof crypto?.getRandomValues !== 'function') throw new Error('unified-id: no globalThis.crypto (pass randomBytes)');
  crypto.getRandomValues(target);
}

/** 32 random bits from the pool. */
export function randomUint32(): number {
  if (poolIndex >= POOL_WORDS) {
    pool ??= new Uint32Array(POOL_WORDS);
    fill(pool);
    poolIndex = 0;
  }
  return (pool as Uint32Array)[poolIndex++] as number;
}
