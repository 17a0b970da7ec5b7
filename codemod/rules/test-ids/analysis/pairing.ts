/**
 * The threads a run literal is paired with: those beside it (same object literal, call, parameter list,
 * destructuring, class, JSX tag — `f({ threadId }, { runId })`, `f(threadId, { runId })`), else the function it is
 * handed to without a thread (a factory, judged project-wide), and the threads of its scope as a weaker fallback.
 */
import type { LiteralFlow, ThreadRef } from './literal-flow';
import { wordsOf } from './names';
import type { Slot } from './slots';

export interface Pairing {
  readonly paired: readonly ThreadRef[];
  /** The callee a run handed without a thread goes to (`makeEvent({ run_id })`), which may supply one. */
  readonly factory: string | undefined;
  readonly scope: readonly ThreadRef[];
}

const NONE: Pairing = { paired: [], factory: undefined, scope: [] };

/** `THREAD`, `TEST_THREAD`, `defaultThread`: a name ending in "thread" (not a carrier by itself: `const thread = new Worker()`). */
function isThreadConstant(name: string): boolean {
  const words = wordsOf(name);
  return words[words.length - 1] === 'thread';
}

export class Pairings {
  private readonly scopeCache = new Map<number, ThreadRef[]>();

  constructor(private readonly flow: LiteralFlow) {}

  /** How the run stored in `slot` is paired; a carrier of another run (`parent_run_id`) is paired with nothing. */
  of(slot: Slot): Pairing {
    if (this.flow.isRelatedRun(slot.name)) return NONE;
    return { ...this.beside(slot), scope: this.scopeOf(slot.group) };
  }

  private beside(slot: Slot): { paired: ThreadRef[]; factory: string | undefined } {
    const { flow } = this;
    const outline = flow.outline;
    if (slot.kind === 'var' || slot.kind === 'assign') return { paired: [], factory: undefined };
    const paired = flow.threadsIn(slot.group);
    if (paired.length > 0 || slot.kind !== 'prop') return { paired, factory: undefined };
    // `f({ threadId: 't' }, { runId: 'r' })`, `f(threadId, { runId: 'r' })`, else what `f` supplies.
    const call = outline.group(slot.group).parent;
    if (call < 0 || outline.group(call).role !== 'call') return { paired, factory: undefined };
    for (const [start, end] of outline.items(call)) {
      const inner = outline.wholeGroup(start, end);
      if (inner === slot.group) continue;
      if (inner >= 0 && outline.group(inner).role === 'object') paired.push(...flow.threadsIn(inner));
      else if (end - start === 1 && outline.isIdent(start) && flow.roleOf(flow.text(start)) === 'thread') {
        paired.push(...flow.refsOf({ kind: 'ref', name: flow.text(start), token: start }, call, start));
      }
    }
    const callee = outline.group(call).callee;
    return { paired, factory: paired.length === 0 && callee !== '' ? callee : undefined };
  }

  /** The thread variables of the nearest enclosing scope that declares any (literal values, or unknown). */
  scopeOf(group: number): ThreadRef[] {
    const cached = this.scopeCache.get(group);
    if (cached) return cached;
    const { flow } = this;
    const outline = flow.outline;
    const found: ThreadRef[] = [];
    for (let g = group; g >= 0 && found.length === 0; g = outline.group(g).parent) {
      const declarations = [...flow.slots.declaredIn(g)];
      const params = outline.group(g).params;
      if (params >= 0) declarations.push(...flow.slots.declaredIn(params));
      for (const declaration of declarations) {
        if (flow.roleOf(declaration.name) === 'thread') {
          if (!declaration.leaves || declaration.leaves.length === 0) found.push({ text: undefined, token: declaration.token });
          else for (const leaf of declaration.leaves) found.push(...flow.refsOf(leaf, g, declaration.token));
        } else if (isThreadConstant(declaration.name)) {
          // `const TEST_THREAD = 'support-7'`: a thread when it holds a literal; anything else it holds says nothing.
          for (const leaf of declaration.leaves ?? []) if (leaf.kind === 'literal') found.push({ text: flow.text(leaf.token), token: leaf.token });
        }
      }
    }
    this.scopeCache.set(group, found);
    return found;
  }
}
