/**
 * Standard Schema v1 validators for UUIDs (https://standardschema.dev), the counterpart of `runIdSchema`: the
 * interface is restated structurally so the package keeps zero dependencies; tests check it against the spec's types.
 */
import type { UuidError, UuidErrorCode } from './errors';
import type { Uuid, UuidOptions } from './syntax';
import { uuidError } from './syntax';

/** A validation issue: `message` names the code and index, `code` and `index` repeat them for machines. */
export interface UuidSchemaIssue {
  readonly message: string;
  readonly code: UuidErrorCode;
  readonly index: number;
}

export type UuidSchemaResult = { readonly value: Uuid; readonly issues?: undefined } | { readonly issues: readonly UuidSchemaIssue[] };

/** A Standard Schema v1 validator of strings that are UUIDs (what `isUuid` accepts with the same options). */
export interface UuidSchema {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: 'unified-id';
    readonly validate: (value: unknown) => UuidSchemaResult;
    /** Type-level only (`undefined` at runtime), for `StandardSchemaV1.InferInput` / `InferOutput`. */
    readonly types?: { readonly input: string; readonly output: Uuid } | undefined;
  };
}

function failure(error: UuidError): { readonly issues: readonly UuidSchemaIssue[] } {
  return { issues: [{ message: error.message, code: error.code, index: error.index }] };
}

/** A schema accepting what `isUuid(value, options)` accepts; throws `UuidError` (`INVALID_OPTIONS`) for a bad version. */
export function createUuidSchema(options?: UuidOptions): UuidSchema {
  uuidError(undefined, options); // rejects bad options now, not at the first validation
  return {
    '~standard': {
      version: 1,
      vendor: 'unified-id',
      validate(value: unknown): UuidSchemaResult {
        const error = uuidError(value, options);
        return error ? failure(error) : { value: value as Uuid };
      },
    },
  };
}

/** Accepts a UUID RFC 9562 defines (versions 1 to 8, Nil, Max), as `isUuid` does; the output is typed `Uuid`. */
export const uuidSchema: UuidSchema = createUuidSchema();
