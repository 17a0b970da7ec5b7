/**
 * What a value stored in a named slot can be, from its tokens: the leaves an expression may evaluate to (through
 * parentheses, `as`/`satisfies`/`!`, both branches of `?:` and the fallback of `??`/`||`), each a literal, a
 * reference to a name, an array, a codec call, or something computed the rule cannot follow.
 */
import type { Outline } from './outline';

export type Leaf =
  | { readonly kind: 'literal'; readonly token: number }
  | { readonly kind: 'ref'; readonly name: string; readonly token: number }
  | { readonly kind: 'array'; readonly group: number; readonly token: number }
  | { readonly kind: 'object'; readonly group: number; readonly token: number }
  | { readonly kind: 'codec'; readonly token: number }
  | { readonly kind: 'computed'; readonly reason: string; readonly token: number }
  | { readonly kind: 'other'; readonly token: number };

const VALUE_WORDS = new Set(['true', 'false', 'null', 'undefined', 'this']);

export class ValueReader {
  constructor(
    private readonly outline: Outline,
    /** Local names bound to the codec (imported from `importFrom`, or results of its calls). */
    private readonly codecNames: ReadonlySet<string>,
  ) {}

  /**
   * Where a value starting at `start` ends in group `level`: at a `,`, `;` or the group's closer, or where a new
   * statement starts on the next line (no semicolons).
   */
  valueEnd(start: number, level: number): number {
    const outline = this.outline;
    const close = outline.group(level).close;
    let previousEndsValue = false;
    let i = start;
    for (; i < close; i = outline.next(i)) {
      const token = outline.token(i);
      if (!token) break;
      if (outline.groupOf[i] === level && token.kind === 'punct' && (token.value === ',' || token.value === ';')) break;
      if (i > start && token.newlineBefore && previousEndsValue && (token.kind === 'ident' || token.kind === 'string' || token.kind === 'number')) {
        if (!(token.kind === 'ident' && (token.value === 'as' || token.value === 'satisfies' || token.value === 'instanceof' || token.value === 'in'))) break;
      }
      const closes = outline.opened[i] !== undefined && (outline.opened[i] as number) >= 0;
      previousEndsValue = closes || token.kind === 'ident' || token.kind === 'string' || token.kind === 'number' || token.kind === 'template' || token.kind === 'regex';
    }
    return Math.min(i, close);
  }

  /** The leaves of the value tokens `[start, end)`, all in group `level`. */
  leaves(start: number, end: number, level: number): Leaf[] {
    const outline = this.outline;
    if (start >= end) return [];
    // `x as T`, `x satisfies T`: the value is `x`.
    for (let i = start; i < end; i = outline.next(i)) {
      if (outline.groupOf[i] === level && (outline.isIdent(i, 'as') || outline.isIdent(i, 'satisfies')) && i > start) return this.leaves(start, i, level);
    }
    let last = end;
    while (last - 1 > start && outline.is(last - 1, '!')) last--;
    const question = this.topLevel(start, last, level, (i) => outline.is(i, '?'));
    if (question >= 0) {
      const colon = this.matchingColon(question + 1, last, level);
      if (colon >= 0) return [...this.leaves(question + 1, colon, level), ...this.leaves(colon + 1, last, level)];
    }
    const fallback = this.lastTopLevel(start, last, level, (i) => outline.is(i, '??') || outline.is(i, '||'));
    if (fallback >= 0) return this.leaves(fallback + 1, last, level);
    const first = outline.token(start);
    if (!first) return [];
    if (last - start === 1) {
      if (first.kind === 'string' || first.kind === 'template') return [{ kind: 'literal', token: start }];
      if (first.kind === 'ident') return VALUE_WORDS.has(first.value) ? [{ kind: 'other', token: start }] : [{ kind: 'ref', name: first.value, token: start }];
      return [{ kind: 'other', token: start }];
    }
    const whole = outline.wholeGroup(start, last);
    if (whole >= 0) {
      const role = outline.group(whole).role;
      // `(x)`, and a JSX attribute's `{x}`: the value is `x`.
      if (outline.is(start, '(') || role === 'jsx-expression') return this.leaves(start + 1, last - 1, whole);
      if (role === 'array') return [{ kind: 'array', group: whole, token: start }];
      if (role === 'object') return [{ kind: 'object', group: whole, token: start }];
    }
    if (first.kind === 'template-head') return [{ kind: 'computed', reason: 'a template literal with substitutions', token: start }];
    if (this.topLevel(start, last, level, (i) => outline.is(i, '+')) >= 0) return [{ kind: 'computed', reason: 'a concatenation', token: start }];
    if (this.topLevel(start, last, level, (i) => this.isCall(i)) >= 0) {
      return this.callRootIsCodec(start, last) ? [{ kind: 'codec', token: start }] : [{ kind: 'computed', reason: 'a call', token: start }];
    }
    return [{ kind: 'other', token: start }];
  }

  /** A call's `(`, a `new`, or a tagged template. */
  private isCall(i: number): boolean {
    const outline = this.outline;
    const g = outline.opened[i];
    if (g !== undefined && g >= 0 && outline.group(g).role === 'call') return true;
    const token = outline.token(i);
    return token !== undefined && (token.kind === 'template' || token.kind === 'template-head') && i > 0 && outline.isName(i - 1);
  }

  /** `codec(…)`, `await codec.x(…).y`, `new Codec(…)`: the first name is bound to the codec. */
  private callRootIsCodec(start: number, end: number): boolean {
    const outline = this.outline;
    let i = start;
    while (i < end && (outline.isIdent(i, 'await') || outline.isIdent(i, 'new'))) i++;
    const token = outline.token(i);
    return token !== undefined && token.kind === 'ident' && this.codecNames.has(token.value);
  }

  private topLevel(start: number, end: number, level: number, test: (i: number) => boolean): number {
    for (let i = start; i < end; i = this.outline.next(i)) if (this.outline.groupOf[i] === level && test(i)) return i;
    return -1;
  }

  private lastTopLevel(start: number, end: number, level: number, test: (i: number) => boolean): number {
    let found = -1;
    for (let i = start; i < end; i = this.outline.next(i)) if (this.outline.groupOf[i] === level && test(i)) found = i;
    return found;
  }

  /** The `:` of the conditional whose `?` precedes `start` (nested conditionals counted). */
  private matchingColon(start: number, end: number, level: number): number {
    let depth = 0;
    for (let i = start; i < end; i = this.outline.next(i)) {
      if (this.outline.groupOf[i] !== level) continue;
      if (this.outline.is(i, '?')) depth++;
      else if (this.outline.is(i, ':')) {
        if (depth === 0) return i;
        depth--;
      }
    }
    return -1;
  }
}
