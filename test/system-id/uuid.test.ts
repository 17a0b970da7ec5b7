import { describe, expect, it } from 'vitest';
import { validate, version } from 'uuid';
import { deterministicSystemId, SYSTEM_ID_NAMESPACE, SystemIdError, uuidV8FromSha256 } from '../../src/system-id/index';
import { isUuid, normalizeUuid, randomUuidV4, uuidToBytes } from '../../src/system-id/uuid';

const NAMESPACE_DNS = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

describe('uuidV8FromSha256', () => {
  it('reproduces RFC 9562 Appendix B.2 (namespace DNS + www.example.com)', () => {
    expect(uuidV8FromSha256(NAMESPACE_DNS, 'www.example.com')).toBe('5c146b14-3c52-8afd-938a-375d0df1fbf6');
  });
});

describe('deterministicSystemId', () => {
  it('is stable for the same inputs and documented namespace', () => {
    expect(SYSTEM_ID_NAMESPACE).toBe('19d7fc4a-64e7-4117-89b9-eacaf848b6cd');
    expect(deterministicSystemId('acme', 'prod-eu')).toBe(deterministicSystemId('acme', 'prod-eu'));
    expect(deterministicSystemId('acme', 'prod-eu')).not.toBe(deterministicSystemId('acme', 'prod-us'));
  });

  it('length-prefixes its inputs, so shifting a boundary changes the ID', () => {
    expect(deterministicSystemId('ab', 'c')).not.toBe(deterministicSystemId('a', 'bc'));
    expect(deterministicSystemId('a\u0000', 'b')).not.toBe(deterministicSystemId('a', '\u0000b'));
  });

  it('sets version 8 and the RFC variant, so strict validators accept it', () => {
    for (const [org, deployment] of [['ab', 'c'], ['a', 'bc'], ['org-é', 'dépl 🚀'], ['x'.repeat(1000), 'y']] as const) {
      const id = deterministicSystemId(org, deployment);
      expect(validate(id)).toBe(true);
      expect(version(id)).toBe(8);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(isUuid(id)).toBe(true);
    }
  });

  it('rejects empty and non-string inputs with a SystemIdError', () => {
    expect(() => deterministicSystemId('', 'x')).toThrow(SystemIdError);
    expect(() => deterministicSystemId('x', '')).toThrow(/deploymentId/);
    expect(() => deterministicSystemId(42 as unknown as string, 'x')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

describe('isUuid', () => {
  it('accepts canonical UUIDs of any case and refuses nil, max and near misses', () => {
    expect(isUuid('5C146B14-3C52-8AFD-938A-375D0DF1FBF6')).toBe(true);
    expect(isUuid('00000000-0000-0000-0000-000000000000')).toBe(false);
    expect(isUuid('ffffffff-ffff-ffff-ffff-ffffffffffff')).toBe(false);
    expect(isUuid('5c146b143c528afd938a375d0df1fbf6')).toBe(false);
    expect(isUuid('{5c146b14-3c52-8afd-938a-375d0df1fbf6}')).toBe(false);
    expect(isUuid(42)).toBe(false);
  });
});

describe('UUID anchors', () => {
  const id = '5c146b14-3c52-8afd-938a-375d0df1fbf6';

  it('isUuid refuses a UUID with anything before or after it', () => {
    for (const text of [`x${id}`, `${id}x`, ` ${id}`, `${id} `, `${id}\n`, `${id}0`, `0${id}`, `${id}-${id}`]) {
      expect(isUuid(text), JSON.stringify(text)).toBe(false);
    }
    expect(isUuid(id)).toBe(true);
  });

  it('uuidToBytes refuses the same, and reads a canonical UUID into its 16 bytes', () => {
    for (const text of [`x${id}`, `${id}x`, 'not a uuid']) expect(() => uuidToBytes(text)).toThrow(TypeError);
    expect(Buffer.from(uuidToBytes(id.toUpperCase())).toString('hex')).toBe(id.replace(/-/g, ''));
  });

  it('normalizeUuid lowercases; randomUuidV4 mints distinct v4 UUIDs', () => {
    expect(normalizeUuid(id.toUpperCase())).toBe(id);
    const minted = new Set(Array.from({ length: 100 }, () => randomUuidV4()));
    expect(minted.size).toBe(100);
    for (const value of minted) expect(value).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('uuidV8FromSha256 accepts the name as bytes or text alike', () => {
    expect(uuidV8FromSha256(NAMESPACE_DNS, new TextEncoder().encode('www.example.com'))).toBe('5c146b14-3c52-8afd-938a-375d0df1fbf6');
  });
});
