/**
 * `toUuidV7(runId)`: a deterministic RFC 9562 UUIDv7 (§5.7) for a run ID, for tracing systems that want v7 run ids.
 *
 * Bytes 0-5: `unix_ts_ms`, the run's millisecond, big-endian (0 for a legacy run ID, which carries no time —
 *   the "unknown" of SPEC.md §Conversion — and for a canonical one with timestamp 0).
 * Byte 6: `0x70 | (D[0] & 0x0f)` (version 7 and 4 bits of `rand_a`); byte 7: `D[1]`.
 * Byte 8: `0x80 | (D[2] & 0x3f)` (variant `10` and 6 bits of `rand_b`); bytes 9-15: `D[3..9]`.
 * `D` is SHA-256 of the run ID with its suffix lowercased. So 74 bits come from the hash: two different run IDs of
 * the same millisecond share a UUID with probability 2^-74 (SHA-256 as a random function), and among n run IDs of
 * one millisecond the chance of any shared UUID is below n² / 2^75 (about 3·10^-11 for a million). Run IDs of
 * different milliseconds never share one. Every legacy run ID has millisecond 0, so the bound applies to all of them together.
 */
import type { Uuid } from '../uuid/syntax';
import { InteropError } from './errors';
import { runDigest, toHex } from './run-digest';

/** The largest `unix_ts_ms` (48 bits). */
export const MAX_UUID_V7_TIMESTAMP = 0xffff_ffff_ffff;

/** The UUIDv7 of a run ID (see above). Throws `RunIdError` for a non-run-ID, `InteropError` past the year 10889. */
export function toUuidV7(runId: string): Uuid {
  const { parsed, digest } = runDigest(runId);
  const ms = parsed.timestamp ?? 0;
  if (ms > MAX_UUID_V7_TIMESTAMP) throw new InteropError('TIMESTAMP_OUT_OF_RANGE', runId);
  const bytes = new Uint8Array(16);
  const high = Math.floor(ms / 0x1_0000_0000);
  bytes[0] = high >>> 8;
  bytes[1] = high & 0xff;
  new DataView(bytes.buffer).setUint32(2, ms >>> 0);
  bytes[6] = 0x70 | ((digest[0] as number) & 0x0f);
  bytes[7] = digest[1] as number;
  bytes[8] = 0x80 | ((digest[2] as number) & 0x3f);
  bytes.set(digest.subarray(3, 10), 9);
  const hex = toHex(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` as Uuid;
}
