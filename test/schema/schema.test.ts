import type { StandardSchemaV1 } from '@standard-schema/spec';
import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createRunIdGenerator, runIdSchema, threadIdSchema } from '../../src/index';
import type { RunId, ThreadId } from '../../src/index';
import { canonicalRunIdArbitrary, legacyRunIdArbitrary, nearMissCaseArbitrary, threadIdArbitrary } from '../../src/testing/arbitraries';

// Conformance: each schema is assignable to the spec's interface with the expected input and output types.
const asRunIdSchema: StandardSchemaV1<string, RunId> = runIdSchema;
const asThreadIdSchema: StandardSchemaV1<string, ThreadId> = threadIdSchema;

/** A tiny generic consumer, written only against the spec, as zod/valibot/tRPC/Hono adapters are. */
async function validateWith<Schema extends StandardSchemaV1>(
  schema: Schema,
  value: unknown,
): Promise<{ ok: true; value: StandardSchemaV1.InferOutput<Schema> } | { ok: false; messages: string[] }> {
  let result = schema['~standard'].validate(value);
  if (result instanceof Promise) result = await result;
  if (result.issues) return { ok: false, messages: result.issues.map((issue) => issue.message) };
  return { ok: true, value: result.value as StandardSchemaV1.InferOutput<Schema> };
}

describe('Standard Schema v1 conformance', () => {
  it('declares version 1 and the vendor', () => {
    for (const schema of [asRunIdSchema, asThreadIdSchema]) {
      expect(schema['~standard'].version).toBe(1);
      expect(schema['~standard'].vendor).toBe('unified-id');
      expect(typeof schema['~standard'].validate).toBe('function');
    }
  });

  it('infers input and output types through the spec helpers', () => {
    expectTypeOf<StandardSchemaV1.InferInput<typeof runIdSchema>>().toEqualTypeOf<string>();
    expectTypeOf<StandardSchemaV1.InferOutput<typeof runIdSchema>>().toEqualTypeOf<RunId>();
    expectTypeOf<StandardSchemaV1.InferOutput<typeof threadIdSchema>>().toEqualTypeOf<ThreadId>();
  });

  it('validates synchronously (no Promise), as most consumers prefer', () => {
    expect(runIdSchema['~standard'].validate('run_a_0123abcd')).not.toBeInstanceOf(Promise);
  });
});

describe('runIdSchema', () => {
  it('accepts both formats and returns the input unchanged', async () => {
    const generated = createRunIdGenerator().generate('user-1');
    await expect(validateWith(runIdSchema, generated)).resolves.toEqual({ ok: true, value: generated });
    await expect(validateWith(runIdSchema, 'run_user_1A2B3C4D')).resolves.toEqual({ ok: true, value: 'run_user_1A2B3C4D' });
    fc.assert(
      fc.property(fc.oneof(canonicalRunIdArbitrary(), legacyRunIdArbitrary()), (id) => {
        const result = runIdSchema['~standard'].validate(id);
        return result.issues === undefined && result.value === id;
      }),
    );
  });

  it('rejects near misses with one issue naming the error code and index', () => {
    fc.assert(
      fc.property(nearMissCaseArbitrary(), ({ value }) => {
        const result = runIdSchema['~standard'].validate(value);
        expect(result.issues).toHaveLength(1);
        const issue = result.issues?.[0];
        expect(issue?.message).toContain(issue?.code);
        expect(issue?.message).toContain(`at index ${issue?.index}`);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['test-run', 'INVALID_PREFIX'],
    ['', 'EMPTY'],
    ['thread_a_run_0123_abcdef12', 'INVALID_TIMESTAMP'],
    ['thread_a_run_1_abcdef12\n', 'INVALID_SUFFIX'],
  ])('reports %j as %s', async (value, code) => {
    const result = await validateWith(runIdSchema, value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.messages[0]).toContain(code);
  });

  it('never throws, whatever the value', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const result = runIdSchema['~standard'].validate(value);
        return typeof value === 'string' || result.issues?.[0]?.code === 'NOT_A_STRING';
      }),
    );
  });
});

describe('threadIdSchema', () => {
  it('accepts every thread id generation accepts', () => {
    fc.assert(fc.property(threadIdArbitrary(), (threadId) => threadIdSchema['~standard'].validate(threadId).issues === undefined));
  });

  it.each([
    ['thread 1', 'INVALID_THREAD_ID'],
    ['', 'INVALID_THREAD_ID'],
    ['x_run', 'AMBIGUOUS_THREAD_ID'],
    ['a'.repeat(201), 'THREAD_ID_TOO_LONG'],
    [42, 'NOT_A_STRING'],
  ])('rejects %j with %s', async (value, code) => {
    const result = await validateWith(threadIdSchema, value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.messages[0]).toContain(code);
  });
});
