/**
 * A file's change cut into hunks, as `git add -p` shows them, and the file rebuilt from the hunks a reviewer
 * accepted. Lines keep their terminators, so a rebuilt file differs from the original only inside accepted hunks
 * (CRLF, a missing final newline and a BOM-less start stay as they were).
 */
import { diffLines } from './diff';
import type { Op } from './diff';

export interface Hunk {
  /** `@@ -a,b +c,d @@` */
  readonly header: string;
  /** Lines as shown: `' '`, `'-'` or `'+'` then the line without its terminator. */
  readonly lines: readonly string[];
}

export interface HunkedChange {
  readonly hunks: readonly Hunk[];
  /** The text with the hunks whose index is in `accepted` applied, the others left as they were. */
  apply(accepted: ReadonlySet<number>): string;
}

/** Lines with their terminators (`a\r\n`, `b\n`, a last line without one). */
function linesOf(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function shown(op: Op): string {
  return op.kind + op.line.replace(/\r?\n$/, '') + (op.line.endsWith('\n') ? '' : '\n\\ No newline at end of file');
}

/** Hunks of `before` → `after`: changed lines with `context` lines around, runs closer than 2×`context` merged. */
export function hunksOf(before: string, after: string, context = 3): HunkedChange {
  const ops = diffLines(linesOf(before), linesOf(after));
  // Per op: the hunk it belongs to when it is a change.
  const hunkOf = new Int32Array(ops.length).fill(-1);
  const hunks: Hunk[] = [];
  const changed = ops.map((op, index) => (op.kind === ' ' ? -1 : index)).filter((index) => index >= 0);
  let cursor = 0;
  while (cursor < changed.length) {
    const first = changed[cursor] ?? 0;
    let last = first;
    while (cursor + 1 < changed.length && (changed[cursor + 1] ?? 0) - last <= 2 * context) last = changed[++cursor] ?? last;
    cursor++;
    for (let index = first; index <= last; index++) if (ops[index]?.kind !== ' ') hunkOf[index] = hunks.length;
    const from = Math.max(0, first - context);
    const to = Math.min(ops.length, last + context + 1);
    let lineA = 1;
    let lineB = 1;
    for (let i = 0; i < from; i++) {
      const kind = ops[i]?.kind;
      if (kind !== '+') lineA++;
      if (kind !== '-') lineB++;
    }
    const slice = ops.slice(from, to);
    const countA = slice.filter((op) => op.kind !== '+').length;
    const countB = slice.filter((op) => op.kind !== '-').length;
    hunks.push({ header: `@@ -${countA === 0 ? lineA - 1 : lineA},${countA} +${countB === 0 ? lineB - 1 : lineB},${countB} @@`, lines: slice.map(shown) });
  }
  return {
    hunks,
    apply(accepted) {
      let text = '';
      ops.forEach((op, index) => {
        const hunk = hunkOf[index] ?? -1;
        const take = op.kind === ' ' || (accepted.has(hunk) ? op.kind === '+' : op.kind === '-');
        if (take) text += op.line;
      });
      return text;
    },
  };
}
