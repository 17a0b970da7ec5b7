/**
 * Whether the project's decisions can touch a file at all, from its text: it holds one of the decided originals,
 * or it stores something computed in a run ID carrier (the `computed-run-id` warning). Most visited files do
 * neither, and skip the analysis and the walk of their syntax tree.
 */
import type { RuleOptions } from '../../../rule';
import type { Decisions } from '../decisions/decisions';

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const originalMatchers = new WeakMap<Decisions, RegExp | undefined>();

/** A pattern matching any non-empty original the decisions rewrite or keep; `undefined` when there is none. */
export function originalsPattern(decisions: Decisions): RegExp | undefined {
  if (originalMatchers.has(decisions)) return originalMatchers.get(decisions);
  const originals = [...decisions.rewrite.keys(), ...decisions.keep.keys()].filter((original) => original.length > 0).sort((a, b) => b.length - a.length);
  const pattern = originals.length === 0 ? undefined : new RegExp(originals.map(escape).join('|'));
  originalMatchers.set(decisions, pattern);
  return pattern;
}

const computedHints = new Map<string, RegExp>();

/**
 * A run ID carrier (a configured name, or `…run_id…`-like) given a value with a substitution, a call or a `+` on the
 * same line: a generous look for what the analysis reports as `computed-run-id`.
 */
function computedHint(options: RuleOptions): RegExp {
  const key = options.runIdNames.join('\0');
  let hint = computedHints.get(key);
  if (!hint) {
    const names = [...options.runIdNames.map(escape), '[\\w$]*(?:run|Run|RUN)_?(?:id|Id|ID)[\\w$]*'].join('|');
    hint = new RegExp(`(?:${names})['"\\]]?\\s*(?::|=(?![=>]))[^\\n;]*(?:\\$\\{|\\(|\\+)`);
    computedHints.set(key, hint);
  }
  return hint;
}

/** False when nothing in `text` can be rewritten or reported under `decisions`. */
export function mayChange(text: string, decisions: Decisions, options: RuleOptions): boolean {
  if (originalsPattern(decisions)?.test(text)) return true;
  if (decisions.keep.has('') && /''|""|``/.test(text)) return true;
  return computedHint(options).test(text);
}
