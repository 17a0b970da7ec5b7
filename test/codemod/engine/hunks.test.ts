import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hunksOf } from '../../../codemod/engine/hunks';

const lines = (count: number, change: (index: number) => string = (index) => `line ${index}`) => Array.from({ length: count }, (_, index) => change(index));

describe('hunks of a change', () => {
  const before = lines(30).join('\n') + '\n';
  const after = lines(30, (index) => (index === 2 || index === 25 ? `LINE ${index}` : `line ${index}`)).join('\n') + '\n';

  it('cuts changes far apart into hunks with their context, as a unified diff does', () => {
    const { hunks } = hunksOf(before, after);
    expect(hunks.map((hunk) => hunk.header)).toEqual(['@@ -1,6 +1,6 @@', '@@ -23,7 +23,7 @@']);
    expect(hunks[0]?.lines).toEqual([' line 0', ' line 1', '-line 2', '+LINE 2', ' line 3', ' line 4', ' line 5']);
  });

  it('applies exactly the accepted hunks', () => {
    const { apply } = hunksOf(before, after);
    expect(apply(new Set())).toBe(before);
    expect(apply(new Set([0, 1]))).toBe(after);
    expect(apply(new Set([1]))).toBe(before.replace('line 25', 'LINE 25'));
    expect(apply(new Set([0]))).toBe(before.replace('line 2\n', 'LINE 2\n'));
  });

  it('keeps CRLF and a missing final newline outside the accepted hunks', () => {
    const crlf = 'a\r\nb\r\nc';
    const { hunks, apply } = hunksOf(crlf, 'a\r\nB\r\nc');
    expect(hunks).toHaveLength(1);
    expect(apply(new Set([0]))).toBe('a\r\nB\r\nc');
    expect(hunksOf('x\n', 'x').hunks[0]?.lines).toEqual(['-x', '+x\n\\ No newline at end of file']);
  });

  it('any subset of hunks rebuilds a text between the two: all of them gives after, none gives before (property)', () => {
    const text = fc.array(fc.constantFrom('a', 'b', 'c', 'd\r', ''), { maxLength: 40 }).map((parts) => parts.join('\n'));
    fc.assert(
      fc.property(text, text, fc.array(fc.boolean(), { maxLength: 20 }), (a, b, picks) => {
        const { hunks, apply } = hunksOf(a, b, 1);
        expect(apply(new Set(hunks.map((_, index) => index)))).toBe(b);
        expect(apply(new Set())).toBe(a);
        const chosen = new Set(hunks.map((_, index) => index).filter((index) => picks[index] === true));
        const partial = apply(chosen);
        // Accepting the rest on top of a partial result gives the full change.
        expect(hunksOf(partial, b, 1).apply(new Set(hunksOf(partial, b, 1).hunks.map((_, index) => index)))).toBe(b);
      }),
      { numRuns: 200 },
    );
  });
});
