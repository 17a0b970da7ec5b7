import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUN_ID_ERROR_CODES, RunIdError } from '../../src/index';

const root = resolve(__dirname, '../..');

/** The codes in the first column of a Markdown table under `heading`. */
function documentedCodes(file: string, heading: string): string[] {
  const text = readFileSync(resolve(root, file), 'utf8');
  const section = text.slice(text.indexOf(heading));
  return [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1] as string);
}

describe('RunIdError', () => {
  it('says code, index and input in its message, and keeps them as fields', () => {
    const error = new RunIdError('INVALID_SUFFIX', 'thread_a_run_1_abc', 15);
    expect(error.message).toBe('INVALID_SUFFIX at index 15 of "thread_a_run_1_abc"');
    expect(error).toMatchObject({ name: 'RunIdError', code: 'INVALID_SUFFIX', index: 15, input: 'thread_a_run_1_abc' });
    expect(error).toBeInstanceOf(Error);
    expect(new RunIdError('EMPTY', '').index).toBe(0);
  });

  it('quotes at most 80 characters of a string input, and names the type of anything else', () => {
    const long = 'x'.repeat(81);
    expect(new RunIdError('INVALID_PREFIX', long).message).toBe(`INVALID_PREFIX at index 0 of "${'x'.repeat(80)}"`);
    expect(new RunIdError('INVALID_PREFIX', long).input).toBe(long);
    expect(new RunIdError('NOT_A_STRING', null).message).toBe('NOT_A_STRING at index 0 of null');
    expect(new RunIdError('NOT_A_STRING', undefined).message).toBe('NOT_A_STRING at index 0 of undefined');
    expect(new RunIdError('NOT_A_STRING', 42).message).toBe('NOT_A_STRING at index 0 of number');
    expect(new RunIdError('NOT_A_STRING', { toString: () => 'huge' }).message).toBe('NOT_A_STRING at index 0 of object');
    expect(new RunIdError('NOT_A_STRING', Symbol('s')).message).toBe('NOT_A_STRING at index 0 of symbol');
  });

  it('instanceof recognises a RunIdError of another copy of the package by its registered brand', () => {
    const brand = Symbol.for('unified-id.RunIdError');
    class OtherCopyRunIdError extends Error {
      get [brand](): true {
        return true;
      }
    }
    expect(new OtherCopyRunIdError()).toBeInstanceOf(RunIdError);
    expect(new Error('x')).not.toBeInstanceOf(RunIdError);
    expect({ [brand]: 'yes' }).not.toBeInstanceOf(RunIdError);
    for (const value of [null, undefined, 0, 'RunIdError', Symbol('x')] as unknown[]) expect(RunIdError[Symbol.hasInstance](value)).toBe(false);
  });

  it('a subclass keeps the ordinary prototype check', () => {
    class ServiceError extends RunIdError {}
    const sub = new ServiceError('EMPTY', '');
    expect(sub).toBeInstanceOf(ServiceError);
    expect(sub).toBeInstanceOf(RunIdError);
    expect(new RunIdError('EMPTY', '')).not.toBeInstanceOf(ServiceError);
  });

  it('the list of codes is the one SPEC.md and docs/codec.md document, in order', () => {
    expect([...RUN_ID_ERROR_CODES]).toEqual(documentedCodes('SPEC.md', '## Errors'));
    expect([...RUN_ID_ERROR_CODES]).toEqual(documentedCodes('docs/codec.md', '## Errors'));
    expect(new Set(RUN_ID_ERROR_CODES).size).toBe(RUN_ID_ERROR_CODES.length);
  });
});
