/**
 * Reading a UUID's fields (RFC 9562 §4.1 variant, §4.2 version, §5.1/§5.6/§5.7 timestamps). `parseUuid` reads any
 * text in the UUID format, of any variant, and says what it is; `isUuid` says whether it is one RFC 9562 defines.
 */
import type { UuidError } from './errors';
import type { Uuid } from './syntax';
import { uuidFormatError } from './syntax';

/** RFC 9562 Table 1, by the top bits of octet 8: `0xxx` NCS (includes Nil), `10xx` RFC 9562, `110x` Microsoft, `111x` future (includes Max). */
export type UuidVariant = 'ncs' | 'rfc9562' | 'microsoft' | 'future';

export interface ParsedUuid {
  /** The UUID in lowercase, the form RFC 9562 §4 says to output. */
  readonly uuid: Uuid;
  readonly variant: UuidVariant;
  /** The version field (0 to 15) of an RFC 9562 variant UUID; `null` for other variants, whose bits mean something else. */
  readonly version: number | null;
  /**
   * For versions 1, 6 and 7: the time it carries, in milliseconds since the Unix epoch (v1 and v6 count 100 ns
   * intervals since 1582-10-15, rounded down to the millisecond here; earlier than 1970 gives a negative number).
   * `null` for every other UUID.
   */
  readonly timestamp: number | null;
}

export type SafeParseUuidResult = { readonly ok: true; readonly value: ParsedUuid } | { readonly ok: false; readonly error: UuidError };

/** 100 ns intervals per millisecond, and milliseconds from 1582-10-15 (the Gregorian epoch) to 1970-01-01. */
const TICKS_PER_MS = 10_000;
const GREGORIAN_TO_UNIX_MS = 12_219_292_800_000;
const TWO_POW_32 = 0x1_0000_0000;

function variantOf(octet8: number): UuidVariant {
  if (octet8 < 0x80) return 'ncs';
  if (octet8 < 0xc0) return 'rfc9562';
  return octet8 < 0xe0 ? 'microsoft' : 'future';
}

/**
 * A 60-bit Gregorian tick count given as its top 28 and low 32 bits, in Unix milliseconds. Split so every step stays
 * an exact double (below 2^53): (high·2^32 + low) / 10^4 = ⌊high/10^4⌋·2^32 + (high mod 10^4 · 2^32 + low) / 10^4.
 */
function gregorianTicksToUnixMs(high: number, low: number): number {
  const wholeMs = Math.floor(high / TICKS_PER_MS) * TWO_POW_32 + Math.floor(((high % TICKS_PER_MS) * TWO_POW_32 + low) / TICKS_PER_MS);
  return wholeMs - GREGORIAN_TO_UNIX_MS;
}

function timestampOf(hex: string, version: number | null): number | null {
  const field = (start: number, end: number) => parseInt(hex.slice(start, end), 16);
  if (version === 7) return field(0, 12); // unix_ts_ms: the first 48 bits
  if (version === 1) {
    // time_low (32) | time_mid (16) | version (4) time_high (12): timestamp = time_high · 2^48 + time_mid · 2^32 + time_low.
    return gregorianTicksToUnixMs(field(13, 16) * 0x1_0000 + field(8, 12), field(0, 8));
  }
  if (version === 6) {
    // time_high (32) | time_mid (16) | version (4) time_low (12): timestamp = time_high · 2^28 + time_mid · 2^12 + time_low.
    const timeHigh = field(0, 8);
    return gregorianTicksToUnixMs(Math.floor(timeHigh / 16), (timeHigh % 16) * 0x1000_0000 + field(8, 12) * 0x1000 + field(13, 16));
  }
  return null;
}

function readParts(value: string): ParsedUuid {
  const uuid = value.toLowerCase() as Uuid;
  const hex = uuid.replaceAll('-', '');
  const variant = variantOf(parseInt(hex.slice(16, 18), 16));
  const version = variant === 'rfc9562' ? parseInt(hex.charAt(12), 16) : null;
  return { uuid, variant, version, timestamp: timestampOf(hex, version) };
}

/** Reads a UUID's variant, version and (v1, v6, v7) timestamp. Throws `UuidError` for text not in the UUID format. */
export function parseUuid(value: string): ParsedUuid {
  const error = uuidFormatError(value);
  if (error) throw error;
  return readParts(value);
}

/** Like `parseUuid`, for any value, and never throws. */
export function safeParseUuid(value: unknown): SafeParseUuidResult {
  const error = uuidFormatError(value);
  return error ? { ok: false, error } : { ok: true, value: readParts(value as string) };
}
