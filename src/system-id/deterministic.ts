/**
 * Deterministic system IDs for fleets that must agree on an ID without sharing storage.
 */
import { SystemIdError } from './errors';
import { uuidV8FromSha256 } from './uuid';

/** Fixed namespace of `deterministicSystemId` (a random v4 minted once for this package; never change it). */
export const SYSTEM_ID_NAMESPACE = '19d7fc4a-64e7-4117-89b9-eacaf848b6cd';

function lengthPrefixed(parts: readonly string[]): Uint8Array {
  const encoded = parts.map((part) => Buffer.from(part));
  const out = Buffer.alloc(encoded.reduce((total, bytes) => total + 4 + bytes.length, 0));
  let offset = 0;
  for (const bytes of encoded) {
    out.writeUInt32BE(bytes.length, offset);
    bytes.copy(out, offset + 4);
    offset += 4 + bytes.length;
  }
  return out;
}

/**
 * UUIDv8 over SHA-256 of `SYSTEM_ID_NAMESPACE` and the length-prefixed (u32 big-endian byte length + UTF-8)
 * `orgId` and `deploymentId`, so `('ab', 'c')` and `('a', 'bc')` differ. Same inputs, same ID, everywhere.
 */
export function deterministicSystemId(orgId: string, deploymentId: string): string {
  for (const [label, value] of [['orgId', orgId], ['deploymentId', deploymentId]] as const) {
    if (typeof value !== 'string' || value === '') {
      throw new SystemIdError('INVALID_INPUT', `deterministicSystemId: ${label} must be a non-empty string`);
    }
  }
  return uuidV8FromSha256(SYSTEM_ID_NAMESPACE, lengthPrefixed([orgId, deploymentId]));
}
