/** Unified diffs (`diff -u` style, 3 lines of context) of a file before and after a rewrite. */

/** One line of an edit script: kept, removed or added. */
export type Op = { readonly kind: ' ' | '-' | '+'; readonly line: string };

/** Beyond this many differing lines, the changed block is shown as removed-then-added instead of aligned. */
const maxEditDistance = 4000;

function splitLines(text: string): { lines: string[]; finalNewline: boolean } {
  if (text === '') return { lines: [], finalNewline: true };
  const finalNewline = text.endsWith('\n');
  const lines = (finalNewline ? text.slice(0, -1) : text).split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  return { lines, finalNewline };
}

/** Myers' O(ND) shortest edit script between `a` and `b`. */
function myers(a: readonly string[], b: readonly string[]): Op[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    if (d > maxEditDistance) return undefined;
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0)) ? (v[offset + k + 1] ?? 0) : (v[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(a, b, trace, offset, d);
    }
  }
  return undefined;
}

function backtrack(a: readonly string[], b: readonly string[], trace: readonly Int32Array[], offset: number, depth: number): Op[] {
  const ops: Op[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = depth; d > 0; d--) {
    const v = trace[d] ?? new Int32Array(0);
    const k = x - y;
    const prevK = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0)) ? k + 1 : k - 1;
    const prevX = v[offset + prevK] ?? 0;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: ' ', line: a[--x] ?? '' });
      y--;
    }
    if (x === prevX) ops.push({ kind: '+', line: b[--y] ?? '' });
    else ops.push({ kind: '-', line: a[--x] ?? '' });
  }
  while (x > 0 && y > 0) {
    ops.push({ kind: ' ', line: a[--x] ?? '' });
    y--;
  }
  return ops.reverse();
}

/** The edit script from `a` to `b` (lines), common prefix and suffix kept as they are. */
export function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const middleA = a.slice(start, endA);
  const middleB = b.slice(start, endB);
  const middle = myers(middleA, middleB) ?? [...middleA.map((line) => ({ kind: '-' as const, line })), ...middleB.map((line) => ({ kind: '+' as const, line }))];
  return [...a.slice(0, start).map((line) => ({ kind: ' ' as const, line })), ...middle, ...a.slice(endA).map((line) => ({ kind: ' ' as const, line }))];
}

export interface DiffColors {
  readonly header: (text: string) => string;
  readonly hunk: (text: string) => string;
  readonly removed: (text: string) => string;
  readonly added: (text: string) => string;
}

const plain: DiffColors = { header: (t) => t, hunk: (t) => t, removed: (t) => t, added: (t) => t };

export const ansiColors: DiffColors = {
  header: (t) => `\x1b[1m${t}\x1b[22m`,
  hunk: (t) => `\x1b[36m${t}\x1b[39m`,
  removed: (t) => `\x1b[31m${t}\x1b[39m`,
  added: (t) => `\x1b[32m${t}\x1b[39m`,
};

/** The unified diff of `before` → `after` for `path`, or `''` when they are equal. */
export function unifiedDiff(path: string, before: string, after: string, colors: DiffColors = plain, context = 3): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = diffLines(a.lines, b.lines);
  // A change of the final newline alone shows as a change of the last line.
  if (a.finalNewline !== b.finalNewline && ops.length > 0) {
    const last = ops[ops.length - 1];
    if (last && last.kind === ' ') ops.splice(ops.length - 1, 1, { kind: '-', line: last.line }, { kind: '+', line: last.line });
  }
  let lastOfA = -1;
  let lastOfB = -1;
  ops.forEach((op, index) => {
    if (op.kind !== '+') lastOfA = index;
    if (op.kind !== '-') lastOfB = index;
  });
  let out = colors.header(`--- a/${path}`) + '\n' + colors.header(`+++ b/${path}`) + '\n';
  const changed = ops.map((op, index) => (op.kind !== ' ' ? index : -1)).filter((index) => index >= 0);
  let cursor = 0;
  while (cursor < changed.length) {
    const first = changed[cursor] ?? 0;
    let last = first;
    while (cursor + 1 < changed.length && (changed[cursor + 1] ?? 0) - last <= 2 * context) last = changed[++cursor] ?? last;
    cursor++;
    const from = Math.max(0, first - context);
    const to = Math.min(ops.length, last + context + 1);
    let lineA = 1;
    let lineB = 1;
    for (let i = 0; i < from; i++) {
      const kind = ops[i]?.kind;
      if (kind !== '+') lineA++;
      if (kind !== '-') lineB++;
    }
    const hunk = ops.slice(from, to);
    const countA = hunk.filter((op) => op.kind !== '+').length;
    const countB = hunk.filter((op) => op.kind !== '-').length;
    out += colors.hunk(`@@ -${countA === 0 ? lineA - 1 : lineA},${countA} +${countB === 0 ? lineB - 1 : lineB},${countB} @@`) + '\n';
    hunk.forEach((op, offsetInHunk) => {
      const text = op.kind + op.line;
      out += (op.kind === '-' ? colors.removed(text) : op.kind === '+' ? colors.added(text) : text) + '\n';
      const index = from + offsetInHunk;
      if ((index === lastOfA && !a.finalNewline) || (index === lastOfB && !b.finalNewline)) out += '\\ No newline at end of file\n';
    });
  }
  return out;
}
