import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate, version } from 'uuid';
import { describe, expect, it } from 'vitest';
import { RunIdError } from '../../src/index';
import { InteropError, MAX_UUID_V7_TIMESTAMP, otelAttributes, toUuidV7, traceIdOf } from '../../src/interop/index';
import { traceIdFromDigest } from '../../src/interop/trace-id';
import { parseUuid } from '../../src/uuid/index';

interface Mapping {
  readonly input: string;
  readonly uuidV7: string;
  readonly traceId: string;
  readonly otelAttributes: Record<string, string | number>;
}
interface ErrorCase {
  readonly input: string;
  readonly uuidV7Code?: string;
  readonly traceId?: string;
  readonly code?: string;
}
const vectors = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/vectors/interop.json'), 'utf8')) as {
  readonly mappings: readonly Mapping[];
  readonly errors: readonly ErrorCase[];
};

describe('fixtures/vectors/interop.json', () => {
  it.each(vectors.mappings)('maps $input', (vector) => {
    expect(toUuidV7(vector.input)).toBe(vector.uuidV7);
    expect(traceIdOf(vector.input)).toBe(vector.traceId);
    expect(otelAttributes(vector.input)).toEqual(vector.otelAttributes);
  });

  it.each(vectors.errors)('rejects $input', (vector) => {
    if (vector.code) {
      for (const map of [toUuidV7, traceIdOf, otelAttributes]) {
        expect(() => map(vector.input)).toThrow(RunIdError);
        expect(() => map(vector.input)).toThrow(expect.objectContaining({ code: vector.code }));
      }
    } else {
      expect(() => toUuidV7(vector.input)).toThrow(InteropError);
      expect(() => toUuidV7(vector.input)).toThrow(expect.objectContaining({ code: vector.uuidV7Code, input: vector.input }));
      expect(traceIdOf(vector.input)).toBe(vector.traceId);
    }
  });
});

describe('toUuidV7', () => {
  it('is a UUIDv7 carrying the run millisecond; legacy runs get millisecond 0', () => {
    const uuid = toUuidV7('thread_a_run_1693430400000_a1b2c3d4');
    expect(validate(uuid) && version(uuid)).toBe(7);
    expect(parseUuid(uuid).timestamp).toBe(1693430400000);
    expect(parseUuid(toUuidV7('run_a_a1b2c3d4')).timestamp).toBe(0);
    expect(parseUuid(toUuidV7(`thread_a_run_${MAX_UUID_V7_TIMESTAMP}_a1b2c3d4`)).timestamp).toBe(MAX_UUID_V7_TIMESTAMP);
  });

  it('differs between a legacy run and its canonical conversion (different run IDs)', () => {
    expect(toUuidV7('run_a_a1b2c3d4')).not.toBe(toUuidV7('thread_a_run_0_a1b2c3d4'));
  });
});

describe('traceIdOf', () => {
  it('is never all zeros, even for a digest that starts with sixteen zero bytes', () => {
    expect(traceIdFromDigest(new Uint8Array(32))).toBe('00000000000000000000000000000001');
    expect(traceIdFromDigest(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe('000102030405060708090a0b0c0d0e0f');
  });

  it('fits a traceparent header', () => {
    expect(`00-${traceIdOf('run_a_a1b2c3d4')}-00f067aa0ba902b7-01`).toMatch(/^00-[\da-f]{32}-[\da-f]{16}-01$/);
  });
});

describe('otelAttributes', () => {
  it('keeps the thread as embedded and omits the time of a run that has none', () => {
    expect(otelAttributes('thread_thread_x_run_0_ABCDEF12')).toEqual({
      'gen_ai.conversation.id': 'thread_x',
      'unified_id.run.id': 'thread_thread_x_run_0_abcdef12',
      'unified_id.run.format': 'canonical',
    });
  });
});
