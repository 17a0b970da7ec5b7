/**
 * What one file keeps although the project rewrites it: an original this file hands to an ID validator (a test of
 * the validator), or uses only where its tests expect a rejection (`toThrow`, `rejects`, an HTTP 4xx, `ok: false`,
 * a title about invalid IDs) — it is probably invalid on purpose there. The other files still follow the project.
 */
import type { Structure } from '../analysis/file-analysis';
import type { Decisions } from '../decisions/decisions';
import type { LiteralNode } from './literal-nodes';

export interface LocalKeep {
  readonly code: 'literal-checked-by-validator' | 'expected-rejection';
  readonly message: string;
  /** Offset the warning points at. */
  readonly at: number;
}

function quote(text: string): string {
  return JSON.stringify(text);
}

/**
 * The originals `decisions` rewrite that this file keeps, by original. `tokenOf` maps a literal to its analysis
 * token, `lineOf` an offset to its line.
 */
export function localKeepsOf(
  structure: Structure,
  literals: readonly LiteralNode[],
  decisions: Decisions,
  tokenOf: (literal: LiteralNode) => number | undefined,
  lineOf: (offset: number) => number,
): Map<string, LocalKeep> {
  const { contexts, occurrences, tokens } = structure;
  const byText = new Map<string, LiteralNode[]>();
  for (const literal of literals) {
    if (literal.kind !== 'literal' || !decisions.rewrite.has(literal.text)) continue;
    const list = byText.get(literal.text);
    if (list) list.push(literal);
    else byText.set(literal.text, [literal]);
  }
  const keeps = new Map<string, LocalKeep>();
  for (const [original, found] of byText) {
    const first = found[0] as LiteralNode;
    const carrier = occurrences.carrierTokens.get(original);
    const at = carrier !== undefined ? (tokens[carrier]?.start ?? first.start) : first.start;
    const checked = contexts.validatorInputs.get(original);
    if (checked !== undefined) {
      keeps.set(original, {
        code: 'literal-checked-by-validator',
        message: `${quote(original)} is also given to an ID validator (line ${lineOf(tokens[checked]?.start ?? first.start)}), probably as a test of it: left unchanged in this file; if the test is not about its validity, replace it by hand`,
        at,
      });
      continue;
    }
    if (found.every((literal) => contexts.inRejection(tokenOf(literal) ?? -1))) {
      const replacement = decisions.rewrite.get(original)?.replacement ?? '';
      keeps.set(original, {
        code: 'expected-rejection',
        message: `${quote(original)} is only used here where the test expects a rejection (an error, an HTTP 4xx, ok/success false, a title about invalid IDs), probably because it is invalid: left unchanged in this file; if it is rejected for another reason, replace it by hand with ${quote(replacement)}`,
        at: first.start,
      });
    }
  }
  return keeps;
}
