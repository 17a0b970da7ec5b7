/**
 * The UUID text format of RFC 9562 §4: 32 hex digits as 8-4-4-4-12 with hyphens, case-insensitive on input.
 * `isUuid` answers "is this a UUID RFC 9562 defines": the Nil UUID (§5.9), the Max UUID (§5.10), or one of the
 * RFC 9562 variant (`10xx` bits, the digit at index 19 is 8, 9, a or b) with a version from 1 to 8 (index 14).
 */
import { UuidError } from './errors';

declare const uuidBrand: unique symbol;

/** A string known to be a UUID (checked by `isUuid` or produced by this package). */
export type Uuid = string & { readonly [uuidBrand]: true };

/** The versions RFC 9562 defines (§5.1 to §5.8). */
export type UuidVersion = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

export interface UuidOptions {
  /** Accept only this version (then neither the Nil nor the Max UUID, which have none). */
  readonly version?: UuidVersion;
}

/** All 128 bits zero (RFC 9562 §5.9). A sentinel: it identifies nothing. */
export const NIL_UUID = '00000000-0000-0000-0000-000000000000' as Uuid;
/** All 128 bits one (RFC 9562 §5.10). A sentinel ("end of list"): it identifies nothing. */
export const MAX_UUID = 'ffffffff-ffff-ffff-ffff-ffffffffffff' as Uuid;

export const UUID_LENGTH = 36;
const HYPHENS = [8, 13, 18, 23];
const VERSION_INDEX = 14;
const VARIANT_INDEX = 19;

const RFC_UUID = /^[\da-f]{8}-[\da-f]{4}-[1-8][\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/i;

export function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function isSentinel(value: string): boolean {
  const lower = value.toLowerCase();
  return lower === NIL_UUID || lower === MAX_UUID;
}

function checkedVersion(options: UuidOptions | undefined): UuidVersion | undefined {
  const version = options?.version;
  if (version === undefined || (Number.isInteger(version) && version >= 1 && version <= 8)) return version;
  throw new UuidError('INVALID_OPTIONS', version);
}

/** True for a UUID RFC 9562 defines (see the module comment); with `version`, only for that version. */
export function isUuid(value: unknown, options?: UuidOptions): value is Uuid {
  const version = checkedVersion(options);
  if (typeof value !== 'string' || value.length !== UUID_LENGTH) return false;
  if (version === undefined) return RFC_UUID.test(value) || isSentinel(value);
  return value.charCodeAt(VERSION_INDEX) === 48 + version && RFC_UUID.test(value);
}

/** Why `value` is not in the UUID text format, or `undefined` when it is (any variant, any version). */
export function uuidFormatError(value: unknown): UuidError | undefined {
  if (typeof value !== 'string') return new UuidError('NOT_A_STRING', value);
  const end = Math.min(value.length, UUID_LENGTH);
  for (let i = 0; i < end; i++) {
    const c = value.charCodeAt(i);
    if (HYPHENS.includes(i)) {
      if (c !== 45) return new UuidError('MISSING_HYPHEN', value, i);
    } else if (!isHexDigit(c)) {
      return new UuidError('INVALID_CHARACTER', value, i);
    }
  }
  return value.length === UUID_LENGTH ? undefined : new UuidError('INVALID_LENGTH', value, end);
}

/** Why `isUuid(value, options)` is false, or `undefined` when it is true. */
export function uuidError(value: unknown, options?: UuidOptions): UuidError | undefined {
  const version = checkedVersion(options);
  const formatError = uuidFormatError(value);
  if (formatError) return formatError;
  const text = value as string;
  if (isSentinel(text)) return version === undefined ? undefined : new UuidError('VERSION_MISMATCH', text, VERSION_INDEX);
  if (!'89abAB'.includes(text.charAt(VARIANT_INDEX))) return new UuidError('UNSUPPORTED_VARIANT', text, VARIANT_INDEX);
  const found = text.charCodeAt(VERSION_INDEX) - 48;
  if (found < 1 || found > 8) return new UuidError('UNSUPPORTED_VERSION', text, VERSION_INDEX);
  return version === undefined || found === version ? undefined : new UuidError('VERSION_MISMATCH', text, VERSION_INDEX);
}
