/**
 * `it.each` / `test.each` / `describe.each` tables with array rows: each column takes the role of the test
 * function's parameter at its position (`(runId, threadId) =>`, `([runId, threadId]) =>`), and a row's run is paired
 * with the row's thread. Rows of objects need nothing here: their keys are ordinary slots.
 */
import type { LiteralFlow, ThreadRef } from './literal-flow';

export interface TableCell {
  readonly kind: 'run' | 'thread';
  readonly token: number;
  /** For a run: the threads of its row. */
  readonly threads: readonly ThreadRef[];
  /** The test function's parameter the cell is passed as. */
  readonly param: string;
}

/** The ID cells of the table in call group `table`, whose test function is in call group `test`. */
export function tableCells(flow: LiteralFlow, table: number, test: number): TableCell[] {
  const outline = flow.outline;
  const params = parameterNames(flow, test);
  const first = outline.items(table)[0];
  if (params.length === 0 || !first) return [];
  let rows = arrayBeforeAssertion(flow, first[0], first[1]);
  if (rows < 0 && first[1] - first[0] === 1 && outline.isIdent(first[0])) {
    // `it.each(CASES)`: the table is a variable's array.
    const leaf = flow.slots.resolve(flow.text(first[0]), table)?.leaves?.[0];
    if (leaf && leaf.kind === 'array') rows = leaf.group;
  }
  if (rows < 0 || outline.group(rows).role !== 'array') return [];
  const cells: TableCell[] = [];
  for (const [start, end] of outline.items(rows)) {
    const row = outline.wholeGroup(start, end);
    const columns = row >= 0 && outline.group(row).role === 'array' ? outline.items(row) : [[start, end] as [number, number]];
    const values = columns.map(([a, b]) => (b - a === 1 ? cellTokens(flow, a, row >= 0 ? row : rows) : undefined));
    const threads: ThreadRef[] = [];
    columns.forEach(([a], k) => {
      if (flow.roleOf(params[k] ?? '') !== 'thread') return;
      const found = values[k];
      if (!found) threads.push({ text: undefined, token: a });
      for (const token of found ?? []) {
        threads.push({ text: flow.text(token), token });
        cells.push({ kind: 'thread', token, threads: [], param: params[k] ?? '' });
      }
    });
    columns.forEach((_column, k) => {
      const param = params[k] ?? '';
      if (flow.roleOf(param) !== 'run') return;
      for (const token of values[k] ?? []) cells.push({ kind: 'run', token, threads, param });
    });
  }
  return cells;
}

/** The group spanning tokens `start..end`, also when a type assertion follows it (`[…] as const`, `[…] satisfies T`). */
function arrayBeforeAssertion(flow: LiteralFlow, start: number, end: number): number {
  const outline = flow.outline;
  const whole = outline.wholeGroup(start, end);
  if (whole >= 0) return whole;
  const group = outline.opened[start] ?? -1;
  if (group < 0) return -1;
  const after = outline.group(group).close + 1;
  return after < end && outline.isIdent(after) && (flow.text(after) === 'as' || flow.text(after) === 'satisfies') ? group : -1;
}

function cellTokens(flow: LiteralFlow, start: number, group: number): number[] | undefined {
  if (flow.isText(start)) return [start];
  if (flow.outline.isIdent(start)) return flow.nameTokens(start, group)?.filter((token) => flow.isText(token));
  return undefined;
}

/** Parameter names of the test function of an `each` call, by position (`([runId, threadId]) =>` too). */
function parameterNames(flow: LiteralFlow, test: number): string[] {
  const outline = flow.outline;
  const name = (token: number) => (outline.isIdent(token) ? flow.text(token) : '');
  for (let g = test + 1; g < outline.groups.length && outline.group(g).open < outline.group(test).close; g++) {
    const group = outline.group(g);
    if (group.parent !== test || group.role !== 'params') continue;
    const items = outline.items(g);
    const only = items[0];
    if (items.length === 1 && only && outline.is(only[0], '[')) {
      const pattern = outline.opened[only[0]] ?? -1;
      if (pattern >= 0) return outline.items(pattern).map(([a]) => name(a));
    }
    return items.map(([a]) => name(a));
  }
  return [];
}
