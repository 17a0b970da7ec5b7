/**
 * `unified-id/uuid`: UUIDs as RFC 9562 defines them — check, parse (variant, version, v1/v6/v7 time) and a
 * Standard Schema validator. Zero dependencies, for Node, browsers and edge runtimes.
 */
export { UUID_ERROR_CODES, UuidError, type UuidErrorCode } from './errors';
export { MAX_UUID, NIL_UUID, isUuid, type Uuid, type UuidOptions, type UuidVersion } from './syntax';
export { parseUuid, safeParseUuid, type ParsedUuid, type SafeParseUuidResult, type UuidVariant } from './parse';
export { createUuidSchema, uuidSchema, type UuidSchema, type UuidSchemaIssue, type UuidSchemaResult } from './schema';
