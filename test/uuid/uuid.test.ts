import type { StandardSchemaV1 } from '@standard-schema/spec';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  MAX_UUID,
  NIL_UUID,
  UUID_ERROR_CODES,
  UuidError,
  createUuidSchema,
  isUuid,
  parseUuid,
  safeParseUuid,
  uuidSchema,
} from '../../src/uuid/index';
import type { ParsedUuid, Uuid, UuidErrorCode, UuidVersion } from '../../src/uuid/index';

interface UuidCase {
  readonly input: string;
  readonly expected: ParsedUuid;
  readonly isUuid: boolean;
  readonly code?: UuidErrorCode;
  readonly index?: number;
}
interface InvalidCase {
  readonly input: string;
  readonly code: UuidErrorCode;
  readonly index: number;
}
const vectors = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/vectors/uuid.json'), 'utf8')) as {
  readonly uuid: readonly UuidCase[];
  readonly invalid: readonly InvalidCase[];
};

const VERSIONS: readonly UuidVersion[] = [1, 2, 3, 4, 5, 6, 7, 8];

describe('fixtures/vectors/uuid.json', () => {
  it.each(vectors.uuid)('parses $input', (vector) => {
    expect(parseUuid(vector.input)).toEqual(vector.expected);
    expect(safeParseUuid(vector.input)).toEqual({ ok: true, value: vector.expected });
  });

  it.each(vectors.uuid)('isUuid($input) is $isUuid, with the code of the schema issue', (vector) => {
    expect(isUuid(vector.input)).toBe(vector.isUuid);
    const result = uuidSchema['~standard'].validate(vector.input);
    if (vector.isUuid) {
      expect(result).toEqual({ value: vector.input });
    } else {
      expect(result.issues).toEqual([{ message: expect.stringContaining(`${vector.code} at index ${vector.index}`), code: vector.code, index: vector.index }]);
    }
  });

  it.each(vectors.uuid.filter((vector) => vector.isUuid))('isUuid($input, { version }) holds for its own version only', (vector) => {
    for (const version of VERSIONS) {
      expect(isUuid(vector.input, { version }), `version ${version}`).toBe(vector.expected.version === version);
    }
  });

  it.each(vectors.invalid)('rejects $input with $code at $index', (vector) => {
    expect(isUuid(vector.input)).toBe(false);
    const error = (() => {
      try {
        parseUuid(vector.input);
      } catch (caught) {
        return caught;
      }
      throw new Error('parseUuid accepted it');
    })();
    expect(error).toBeInstanceOf(UuidError);
    expect(error).toMatchObject({ code: vector.code, index: vector.index, input: vector.input });
    expect(safeParseUuid(vector.input)).toEqual({ ok: false, error });
  });
});

describe('isUuid', () => {
  it('rejects what is not a string', () => {
    for (const value of [undefined, null, 42, {}, [NIL_UUID], new String(NIL_UUID)]) expect(isUuid(value)).toBe(false);
  });

  it('accepts Nil and Max, which have no version, but not when a version is asked for', () => {
    expect(isUuid(NIL_UUID)).toBe(true);
    expect(isUuid(MAX_UUID)).toBe(true);
    expect(isUuid(NIL_UUID, { version: 4 })).toBe(false);
    expect(createUuidSchema({ version: 7 })['~standard'].validate(MAX_UUID).issues?.[0]?.code).toBe('VERSION_MISMATCH');
  });

  it('throws INVALID_OPTIONS for a version RFC 9562 does not define', () => {
    for (const version of [0, 9, 1.5, Number.NaN, '7']) {
      expect(() => isUuid(NIL_UUID, { version: version as UuidVersion })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
      expect(() => createUuidSchema({ version: version as UuidVersion })).toThrow(UuidError);
    }
  });

  it('narrows to the Uuid brand', () => {
    const value: unknown = '017f22e2-79b0-7cc3-98c4-dc0c0c07398f';
    if (isUuid(value)) expectTypeOf(value).toEqualTypeOf<Uuid>();
  });
});

describe('parseUuid', () => {
  it('rejects a non-string with NOT_A_STRING', () => {
    expect(() => parseUuid(7 as unknown as string)).toThrow(expect.objectContaining({ code: 'NOT_A_STRING', index: 0 }));
    expect(safeParseUuid(null)).toMatchObject({ ok: false, error: { code: 'NOT_A_STRING', message: expect.stringContaining('null') } });
  });

  it('reads the same time from the v1, v6 and v7 vectors of RFC 9562 Appendix A', () => {
    const times = ['C232AB00-9414-11EC-B3C8-9F6BDECED846', '1EC9414C-232A-6B00-B3C8-9F6BDECED846', '017F22E2-79B0-7CC3-98C4-DC0C0C07398F'].map(
      (uuid) => parseUuid(uuid).timestamp,
    );
    expect(times).toEqual([Date.parse('2022-02-22T19:22:22Z'), Date.parse('2022-02-22T19:22:22Z'), Date.parse('2022-02-22T19:22:22Z')]);
  });
});

describe('error codes', () => {
  it('lists every code once', () => {
    expect(new Set(UUID_ERROR_CODES).size).toBe(UUID_ERROR_CODES.length);
    expect(UUID_ERROR_CODES).toContain('UNSUPPORTED_VARIANT');
  });

  it('shortens long inputs in messages', () => {
    expect(new UuidError('INVALID_LENGTH', 'x'.repeat(200), 36).message).toContain(`"${'x'.repeat(80)}…"`);
  });
});

describe('uuidSchema (Standard Schema v1)', () => {
  const asSchema: StandardSchemaV1<string, Uuid> = uuidSchema;

  it('declares version 1 and the vendor, and validates synchronously', () => {
    expect(asSchema['~standard']).toMatchObject({ version: 1, vendor: 'unified-id' });
    expect(uuidSchema['~standard'].validate(NIL_UUID)).not.toBeInstanceOf(Promise);
    expectTypeOf<StandardSchemaV1.InferOutput<typeof uuidSchema>>().toEqualTypeOf<Uuid>();
  });

  it('with a version, accepts that version only', () => {
    const v7 = createUuidSchema({ version: 7 });
    expect(v7['~standard'].validate('017f22e2-79b0-7cc3-98c4-dc0c0c07398f')).toEqual({ value: '017f22e2-79b0-7cc3-98c4-dc0c0c07398f' });
    expect(v7['~standard'].validate('919108f7-52d1-4320-9bac-f847db4148a8').issues).toEqual([
      expect.objectContaining({ code: 'VERSION_MISMATCH', index: 14 }),
    ]);
  });
});
