/**
 * UUID text helpers: strict canonical syntax, random v4 and name-based v8 (RFC 9562 Appendix B.2 style).
 */
import { createHash, randomUUID } from 'node:crypto';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';
const MAX_UUID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

/** Canonical 8-4-4-4-12 hex UUID, any version, not the nil or max UUID (neither identifies anything). */
export function isUuid(value: unknown): value is string {
  if (typeof value !== 'string' || !UUID_PATTERN.test(value)) return false;
  const lower = value.toLowerCase();
  return lower !== NIL_UUID && lower !== MAX_UUID;
}

/** Lowercase form, the only form this module stores or returns. */
export function normalizeUuid(value: string): string {
  return value.toLowerCase();
}

export function randomUuidV4(): string {
  return randomUUID();
}

export function uuidToBytes(uuid: string): Uint8Array {
  if (!UUID_PATTERN.test(uuid)) throw new TypeError(`not a UUID: ${JSON.stringify(uuid)}`);
  return Uint8Array.from(Buffer.from(uuid.replace(/-/g, ''), 'hex'));
}

function bytesToUuid(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes.subarray(0, 16)).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * UUIDv8 from SHA-256 over the namespace's 16 bytes followed by `name` (RFC 9562 Appendix B.2):
 * the first 128 bits of the digest with the version nibble set to 8 and the variant bits to 10.
 */
export function uuidV8FromSha256(namespace: string, name: Uint8Array | string): string {
  // update() hashes a string as its UTF-8 bytes.
  const digest = createHash('sha256').update(uuidToBytes(namespace)).update(name).digest();
  const bytes = Uint8Array.from(digest.subarray(0, 16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  return bytesToUuid(bytes);
}
