import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../../codemod/engine/diff';

const lines = (count: number): string => Array.from({ length: count }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a.ts', 'x\n', 'x\n')).toBe('');
  });

  it('shows one hunk with three lines of context', () => {
    const before = lines(10);
    const after = before.replace('line 5\n', 'LINE 5\n');
    expect(unifiedDiff('a.ts', before, after)).toBe(['--- a/a.ts', '+++ b/a.ts', '@@ -2,7 +2,7 @@', ' line 2', ' line 3', ' line 4', '-line 5', '+LINE 5', ' line 6', ' line 7', ' line 8', ''].join('\n'));
  });

  it('splits distant changes into hunks and merges close ones', () => {
    const before = lines(30);
    const after = before.replace('line 2\n', 'two\n').replace('line 4\n', 'four\n').replace('line 25\n', 'twenty-five\n');
    const diff = unifiedDiff('a.ts', before, after);
    expect(diff.match(/^@@/gm)).toHaveLength(2);
    expect(diff).toContain('@@ -1,7 +1,7 @@');
    expect(diff).toContain('@@ -22,7 +22,7 @@');
  });

  it('handles inserted and removed lines, CRLF and a missing final newline', () => {
    expect(unifiedDiff('a.ts', 'a\r\nb\r\n', 'a\r\nx\r\nb\r\n')).toBe('--- a/a.ts\n+++ b/a.ts\n@@ -1,2 +1,3 @@\n a\n+x\n b\n');
    expect(unifiedDiff('a.ts', 'a\nb', 'a\nc')).toBe('--- a/a.ts\n+++ b/a.ts\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n');
    expect(unifiedDiff('a.ts', '', 'x\n')).toBe('--- a/a.ts\n+++ b/a.ts\n@@ -0,0 +1,1 @@\n+x\n');
  });
});
