/**
 * Standard Schema v1 validators (https://standardschema.dev), so zod, valibot, tRPC, Hono and other
 * consumers of the spec can validate payload fields as run or thread IDs. The spec's interface is
 * restated here structurally (as the spec recommends) so the package keeps zero runtime and type
 * dependencies; the tests check it against `@standard-schema/spec`.
 */
import type { RunIdError, RunIdErrorCode } from './errors';
import { safeParseRunId } from './parse';
import { threadIdGenerationError } from './thread-id';
import type { RunId, ThreadId } from './types';

/** A validation issue. `message` names the error code and position; `code` and `index` repeat them for machines. */
export interface IdSchemaIssue {
  readonly message: string;
  readonly code: RunIdErrorCode;
  readonly index: number;
}

export type IdSchemaResult<Output> = { readonly value: Output; readonly issues?: undefined } | { readonly issues: readonly IdSchemaIssue[] };

/** A Standard Schema v1 validator whose input is a string and whose output is `Output`. */
export interface IdSchema<Output extends string> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: 'unified-id';
    readonly validate: (value: unknown) => IdSchemaResult<Output>;
    /** Type-level only (`undefined` at runtime), for `StandardSchemaV1.InferInput` / `InferOutput`. */
    readonly types?: { readonly input: string; readonly output: Output } | undefined;
  };
}

function failure(error: RunIdError): { readonly issues: readonly IdSchemaIssue[] } {
  return { issues: [{ message: error.message, code: error.code, index: error.index }] };
}

function idSchema<Output extends string>(check: (value: unknown) => RunIdError | undefined): IdSchema<Output> {
  return {
    '~standard': {
      version: 1,
      vendor: 'unified-id',
      validate(value: unknown): IdSchemaResult<Output> {
        const error = check(value);
        return error ? failure(error) : { value: value as Output };
      },
    },
  };
}

/** Accepts a run ID in either format (what `isRunId` accepts); the output is the input, typed `RunId`. */
export const runIdSchema: IdSchema<RunId> = /* @__PURE__ */ idSchema<RunId>((value) => {
  const result = safeParseRunId(value);
  return result.ok ? undefined : result.error;
});

/** Accepts a thread id that generation accepts (what `isThreadId` accepts); the output is typed `ThreadId`. */
export const threadIdSchema: IdSchema<ThreadId> = /* @__PURE__ */ idSchema<ThreadId>(threadIdGenerationError);
