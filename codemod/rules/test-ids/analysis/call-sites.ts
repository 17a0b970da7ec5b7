/**
 * Calls with literal arguments (`log.forRun('test-run')`, `bridge.connect('thread 1', socket)`): whether an argument
 * is a run or thread ID depends on the callee's signature, which may be in any file, so they are judged
 * project-wide (`decisions/evidence.ts`). Test-framework calls and ID validators are left out.
 */
import type { LiteralFlow } from './literal-flow';
import { VALIDATOR_NAMES } from './names';

export interface CallSite {
  readonly callee: string;
  readonly token: number;
  /** Per argument: its literal text (directly or through a variable), or `null`. */
  readonly args: readonly (string | null)[];
  /** The call sits in a test that expects a rejection. */
  readonly rejection: boolean;
  /** Arguments held by a local made by a call with literal arguments (`session` of `sessions.open('alpha')`). */
  readonly origins: readonly CallOrigin[];
}

/** The call that made the value of argument `index` (`attachRun(session.sessionId, …)`), by its literal arguments. */
export interface CallOrigin {
  readonly index: number;
  readonly callee: string;
  readonly args: readonly (string | null)[];
}

/** Callees of the test framework: their literal arguments are titles and expectations, never an ID-taking call. */
const SKIPPED_CALLEES = new Set([
  'expect', 'it', 'test', 'describe', 'each', 'only', 'skip', 'todo', 'toBe', 'toEqual', 'toStrictEqual', 'toContain', 'toMatch',
  'toMatchObject', 'toHaveLength', 'toHaveProperty', 'toThrow', 'toMatchSnapshot', 'toMatchInlineSnapshot', 'require', 'import',
]);

/**
 * The file's calls with a literal argument; `onLiteral` sees each literal argument's token (the first of a text is
 * where a warning about it goes). `inRejection(group)` says whether a call group sits in a rejection test.
 */
export function callSites(flow: LiteralFlow, inRejection: (group: number) => boolean, onLiteral: (token: number) => void): CallSite[] {
  const outline = flow.outline;
  const sites: CallSite[] = [];
  for (let g = 1; g < outline.groups.length; g++) {
    const group = outline.group(g);
    if (group.role !== 'call' || group.callee === '' || SKIPPED_CALLEES.has(group.callee) || VALIDATOR_NAMES.has(group.callee)) continue;
    const args = outline.items(g).map(([start, end]): string | null => {
      if (end - start !== 1) return null;
      if (flow.isText(start)) {
        onLiteral(start);
        return flow.text(start);
      }
      if (!outline.isIdent(start)) return null;
      const tokens = flow.nameTokens(start, g);
      return tokens && tokens.length === 1 && flow.isText(tokens[0] as number) ? flow.text(tokens[0] as number) : null;
    });
    if (!args.some((arg) => arg !== null)) continue;
    const origins: CallOrigin[] = [];
    outline.items(g).forEach(([start, end], index) => {
      const origin = args[index] === null ? originOf(flow, start, end, g) : undefined;
      if (origin) origins.push({ index, ...origin });
    });
    sites.push({ callee: group.callee, token: group.open, args, rejection: inRejection(g), origins });
  }
  return sites;
}

/** `x` or `x.y` where `const x = f(…)` with a literal argument: `f` and its literal arguments. */
function originOf(flow: LiteralFlow, start: number, end: number, from: number): { callee: string; args: (string | null)[] } | undefined {
  const outline = flow.outline;
  const member = end - start === 3 && outline.is(start + 1, '.') && outline.isIdent(start + 2);
  if (!outline.isIdent(start) || (end - start !== 1 && !member)) return undefined;
  const declaration = flow.slots.resolve(flow.text(start), from);
  if (!declaration || declaration.valueEnd <= declaration.valueStart) return undefined;
  let last = declaration.valueEnd - 1;
  while (last > declaration.valueStart && outline.is(last, ';')) last--;
  for (let t = declaration.valueStart; t < last; t = outline.next(t)) {
    const call = outline.opened[t] ?? -1;
    if (call < 0 || outline.group(call).close !== last) continue;
    if (outline.group(call).role !== 'call' || outline.group(call).callee === '') return undefined;
    const args = outline.items(call).map(([a, b]) => (b - a === 1 && flow.isText(a) ? flow.text(a) : null));
    return args.some((arg) => arg !== null) ? { callee: outline.group(call).callee, args } : undefined;
  }
  return undefined;
}
