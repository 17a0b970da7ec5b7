/**
 * The bracket structure of a token stream, with what each bracket pair most likely is (a block, an object literal,
 * a parameter list, a call's arguments, a destructuring pattern, a type…), guessed from the tokens around it.
 * This stands in for a parse in `collect`: a wrong guess costs evidence, never an edit (edits are made on the AST).
 */
import { JSX_CLOSE, JSX_OPEN } from './tokens';
import type { Token } from './tokens';

export type GroupRole =
  | 'file'
  | 'block'
  | 'object'
  | 'class'
  | 'enum'
  | 'type'
  | 'params'
  | 'call'
  | 'paren'
  | 'array'
  | 'index'
  | 'binding'
  | 'template'
  | 'jsx'
  | 'jsx-expression';

export interface Group {
  /** Token index of the opener; -1 for the file. */
  readonly open: number;
  /** Token index of the closer; the token count when unclosed (and for the file). */
  close: number;
  /** Enclosing group; -1 for the file. */
  readonly parent: number;
  role: GroupRole;
  /** Parameters → the function body; body → its parameters; -1 when none. */
  body: number;
  params: number;
  /** Calls: the callee's last name (`f` in `f(…)`, `a.b.f(…)`, `new F(…)`), or '' when it is no name. */
  callee: string;
}

type Opener = '{' | '(' | '[' | 'jsx' | '${';

const CONTROL = new Set(['if', 'for', 'while', 'switch', 'catch', 'with']);
const KEYWORDS = new Set([
  ...CONTROL,
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await',
  'const', 'let', 'var', 'function', 'class', 'extends', 'export', 'import', 'default', 'try', 'finally', 'as', 'satisfies',
]);

function openerOf(token: Token): Opener | undefined {
  if (token.kind === 'template-head' || token.kind === 'template-middle') return '${';
  if (token.kind !== 'punct') return undefined;
  switch (token.value) {
    case '{':
    case '(':
    case '[':
      return token.value;
    case JSX_OPEN:
      return 'jsx';
    default:
      return undefined;
  }
}

function closerOf(token: Token): Opener | undefined {
  if (token.kind === 'template-middle' || token.kind === 'template-tail') return '${';
  if (token.kind !== 'punct') return undefined;
  switch (token.value) {
    case '}':
      return '{';
    case ')':
      return '(';
    case ']':
      return '[';
    case JSX_CLOSE:
      return 'jsx';
    default:
      return undefined;
  }
}

export class Outline {
  readonly groups: Group[] = [];
  /** Innermost group holding each token; an opener and its closer belong to the enclosing group. */
  readonly groupOf: Int32Array;
  /** For an opener: the group it opens; -1 otherwise. */
  readonly opened: Int32Array;
  /** For a closer: the group it closes; -1 otherwise. */
  readonly closed: Int32Array;
  private readonly openers: Opener[] = [];

  /** `json`: the text is one JSON value, so every `{` is an object and every `[` an array. */
  constructor(
    readonly tokens: readonly Token[],
    private readonly json = false,
  ) {
    this.groupOf = new Int32Array(tokens.length);
    this.opened = new Int32Array(tokens.length).fill(-1);
    this.closed = new Int32Array(tokens.length).fill(-1);
    this.build();
    for (let g = 1; g < this.groups.length; g++) this.classify(g);
  }

  private build(): void {
    const tokens = this.tokens;
    this.groups.push({ open: -1, close: tokens.length, parent: -1, role: 'file', body: -1, params: -1, callee: '' });
    this.openers.push('{');
    const stack: number[] = [0];
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] as Token;
      const closes = closerOf(token);
      if (closes !== undefined) {
        let depth = stack.length - 1;
        while (depth > 0 && this.openers[stack[depth] as number] !== closes) depth--;
        if (depth > 0) {
          this.closed[i] = stack[depth] as number;
          // Close the match and anything left open inside it (unbalanced text).
          while (stack.length > depth) (this.groups[stack.pop() as number] as Group).close = i;
        }
      }
      this.groupOf[i] = stack[stack.length - 1] as number;
      const opens = openerOf(token);
      if (opens !== undefined) {
        const index = this.groups.length;
        this.groups.push({ open: i, close: tokens.length, parent: stack[stack.length - 1] as number, role: 'paren', body: -1, params: -1, callee: '' });
        this.openers.push(opens);
        this.opened[i] = index;
        stack.push(index);
      }
    }
  }

  token(index: number): Token | undefined {
    return this.tokens[index];
  }

  group(index: number): Group {
    return this.groups[index] as Group;
  }

  /** True when token `index` is the punctuator `value`. */
  is(index: number, value: string): boolean {
    const token = this.tokens[index];
    return token !== undefined && token.kind === 'punct' && token.value === value;
  }

  /** True when token `index` is the identifier `value` (or, with no value, any identifier). */
  isIdent(index: number, value?: string): boolean {
    const token = this.tokens[index];
    return token !== undefined && token.kind === 'ident' && (value === undefined || token.value === value);
  }

  /** A name that is not a keyword. */
  isName(index: number): boolean {
    const token = this.tokens[index];
    return token !== undefined && token.kind === 'ident' && !KEYWORDS.has(token.value);
  }

  /** The index after token `index`, jumping over the group it opens (and chained template parts). */
  next(index: number): number {
    let i = index;
    for (let guard = 0; this.opened[i] !== undefined && (this.opened[i] as number) >= 0 && guard < this.tokens.length; guard++) {
      const close = this.group(this.opened[i] as number).close;
      if (close <= i) break;
      i = close;
    }
    return i + 1;
  }

  /** Token ranges `[start, end)` of the comma-separated items directly inside group `g`. */
  items(g: number): [number, number][] {
    const group = this.group(g);
    const items: [number, number][] = [];
    let start = group.open + 1;
    for (let i = start; i < group.close; i = this.next(i)) {
      if (this.is(i, ',') && this.groupOf[i] === g) {
        items.push([start, i]);
        start = i + 1;
      }
    }
    if (start < group.close) items.push([start, group.close]);
    return items;
  }

  /** The group token range `[start, end)` is exactly (an opener and its closer), or -1. */
  wholeGroup(start: number, end: number): number {
    const g = this.opened[start];
    if (g === undefined || g < 0) return -1;
    return this.group(g).close === end - 1 ? g : -1;
  }

  /** True when group `inner` is `outer` or nested in it. */
  within(inner: number, outer: number): boolean {
    for (let g = inner; g >= 0; g = this.group(g).parent) if (g === outer) return true;
    return false;
  }

  /**
   * The names of a call chain, callee first: `it.each(rows)(…)` → `['each', 'it']` for the second call,
   * `expect(x).rejects.toThrow(…)` → `['toThrow', 'rejects', 'expect']`.
   */
  chain(callGroup: number): string[] {
    const names: string[] = [];
    let i = this.group(callGroup).open - 1;
    for (let guard = 0; guard < 64 && i >= 0; guard++) {
      const token = this.tokens[i] as Token;
      if (token.kind === 'ident') {
        names.push(token.value);
        if (this.is(i - 1, '.') || this.is(i - 1, '?.')) i -= 2;
        else break;
      } else if (token.kind === 'punct' && (token.value === ')' || token.value === ']')) {
        const closed = this.closed[i] as number;
        if (closed < 0) break;
        i = this.group(closed).open - 1;
      } else break;
    }
    return names;
  }

  private classify(g: number): void {
    const group = this.group(g);
    const opener = this.openers[g];
    const previous = group.open - 1;
    if (this.json) group.role = opener === '[' ? 'array' : 'object';
    else if (opener === '${') group.role = 'template';
    else if (opener === 'jsx') group.role = 'jsx';
    else if (opener === '(') this.classifyParen(g, previous);
    else if (opener === '[') this.classifyBracket(g, previous);
    else group.role = this.braceRole(g, previous);
  }

  private classifyParen(g: number, previous: number): void {
    const group = this.group(g);
    const after = group.close + 1;
    const parentRole = this.group(group.parent).role;
    const named = this.isName(previous);
    const isFunction =
      this.isIdent(previous, 'function') ||
      (named && this.isIdent(previous - 1, 'function')) ||
      (this.is(previous, '*') && this.isIdent(previous - 1, 'function'));
    const isMethod = named && (parentRole === 'class' || parentRole === 'object') && (this.is(after, '{') || this.is(after, ':'));
    const isArrow = this.is(after, '=>') || (this.is(after, ':') && this.arrowAfterType(after));
    if (isArrow || isFunction || isMethod) {
      group.role = 'params';
      this.linkBody(g);
      return;
    }
    if (this.isIdent(previous) && CONTROL.has((this.tokens[previous] as Token).value)) {
      group.role = 'paren';
      return;
    }
    const token = this.tokens[previous];
    if (named || this.isIdent(previous, 'import') || this.isIdent(previous, 'super')) {
      group.role = 'call';
      group.callee = (token as Token).value;
    } else if (token && (this.is(previous, ')') || this.is(previous, ']') || this.is(previous, '?.') || this.is(previous, '>') || token.kind === 'template' || token.kind === 'template-tail')) {
      group.role = 'call';
    } else {
      group.role = 'paren';
    }
  }

  /** After `):`, a return type then `=>` (an arrow function), before anything that ends an expression. */
  private arrowAfterType(colon: number): boolean {
    for (let i = colon + 1, steps = 0; i < this.tokens.length && steps < 60; i = this.next(i), steps++) {
      const token = this.tokens[i] as Token;
      if (token.kind !== 'punct') continue;
      if (token.value === '=>') return true;
      if (token.value === ';' || token.value === ',' || token.value === '=' || token.value === ')' || token.value === ']' || token.value === '}') return false;
    }
    return false;
  }

  /** Links a parameter list to the function body after it (`) {`, `) => {`, `) => (`, `): T {`). */
  private linkBody(params: number): void {
    let i = this.group(params).close + 1;
    if (this.is(i, ':')) {
      for (let steps = 0; i < this.tokens.length && steps < 60 && !this.is(i, '=>') && !this.is(i, '{'); steps++) i = this.next(i);
      if (this.is(i, '{') && this.isTypeBrace(i)) i = this.next(i);
    }
    if (this.is(i, '=>')) i++;
    const body = this.opened[i];
    if (body === undefined || body < 0) return;
    this.group(params).body = body;
    this.group(body).params = params;
  }

  /** A `{` right after `:` in a return type is the type unless `=>` or the end of the statement follows it. */
  private isTypeBrace(open: number): boolean {
    const body = this.opened[open];
    if (body === undefined || body < 0) return false;
    return this.is(this.group(body).close + 1, '=>') || this.is(this.group(body).close + 1, '{');
  }

  private classifyBracket(g: number, previous: number): void {
    const group = this.group(g);
    const parentRole = this.group(group.parent).role;
    const token = this.tokens[previous];
    if (this.isIdent(previous, 'const') || this.isIdent(previous, 'let') || this.isIdent(previous, 'var')) group.role = 'binding';
    else if (parentRole === 'params' && (this.is(previous, '(') || this.is(previous, ','))) group.role = 'binding';
    else if (parentRole === 'binding' && (this.is(previous, '[') || this.is(previous, ',') || this.is(previous, ':') || this.is(previous, '{'))) group.role = 'binding';
    else if (
      token !== undefined &&
      (this.isName(previous) || this.is(previous, ')') || this.is(previous, ']') || this.is(previous, '?.') || this.is(previous, '!') || token.kind === 'string' || token.kind === 'template')
    ) {
      group.role = 'index';
    } else group.role = 'array';
  }

  private braceRole(g: number, previous: number): GroupRole {
    const group = this.group(g);
    const parentRole = this.group(group.parent).role;
    const token = this.tokens[previous];
    if (!token) return 'block';
    if (token.kind === 'ident') {
      const word = token.value;
      if (word === 'const' || word === 'let' || word === 'var') return 'binding';
      if (word === 'as' || word === 'satisfies' || word === 'keyof' || word === 'typeof') return 'type';
      if (word === 'return' || word === 'yield' || word === 'await' || word === 'throw' || word === 'case' || word === 'in' || word === 'of') return 'object';
      if (word === 'else' || word === 'try' || word === 'finally' || word === 'do') return 'block';
      return this.headerRole(g) ?? 'block';
    }
    if (token.kind === 'template-head' || token.kind === 'template-middle') return 'object';
    if (token.kind !== 'punct') return 'block';
    switch (token.value) {
      case '=>':
        return 'block';
      case ')':
        return 'block';
      case ';':
      case '}':
        return 'block';
      case '{':
        return parentRole === 'block' || parentRole === 'file' || parentRole === 'class' ? 'block' : 'object';
      case ':':
        if (parentRole === 'object') return 'object';
        if (parentRole === 'binding') return 'binding';
        if (this.afterCaseLabel(previous) || this.inTernary(previous)) return parentRole === 'block' || parentRole === 'file' ? 'block' : 'object';
        return 'type';
      case '=':
        if (parentRole === 'jsx') return 'jsx-expression';
        if (this.isIdent(previous - 2, 'type') || (this.is(previous - 1, '>') && this.typeAliasBefore(previous))) return 'type';
        return 'object';
      case '(':
      case ',':
        return parentRole === 'params' || parentRole === 'binding' ? 'binding' : 'object';
      case '[':
        return parentRole === 'binding' ? 'binding' : 'object';
      default:
        return 'object';
    }
  }

  /** `class X extends Y {`, `interface X {`, `enum X {`: the header word before the brace, on the same level. */
  private headerRole(g: number): GroupRole | undefined {
    const group = this.group(g);
    for (let i = group.open - 1, steps = 0; i >= 0 && steps < 40; i--, steps++) {
      const token = this.tokens[i] as Token;
      if (this.groupOf[i] !== group.parent) continue;
      if (token.kind === 'punct' && (token.value === ';' || token.value === '{' || token.value === '}' || token.value === '=>')) return undefined;
      if (token.kind !== 'ident') continue;
      if (token.value === 'class') return 'class';
      if (token.value === 'interface') return 'type';
      if (token.value === 'enum') return 'enum';
      if (token.value === 'namespace' || token.value === 'module') return 'block';
    }
    return undefined;
  }

  private typeAliasBefore(equals: number): boolean {
    for (let i = equals - 1, steps = 0; i >= 0 && steps < 20; i--, steps++) {
      if (this.is(i, ';') || this.is(i, '{') || this.is(i, '}')) return false;
      if (this.isIdent(i, 'type')) return true;
    }
    return false;
  }

  /** `case x:` / `default:` before the colon at `colon`. */
  private afterCaseLabel(colon: number): boolean {
    if (this.isIdent(colon - 1, 'default')) return true;
    for (let i = colon - 1, steps = 0; i >= 0 && steps < 12; i--, steps++) {
      if (this.isIdent(i, 'case')) return true;
      if (this.is(i, ';') || this.is(i, '{') || this.is(i, '}')) return false;
    }
    return false;
  }

  /** A `?` on the same level before `colon` and after the start of the expression: a conditional's `:`. */
  private inTernary(colon: number): boolean {
    const level = this.groupOf[colon];
    for (let i = colon - 1, steps = 0; i >= 0 && steps < 80; i--, steps++) {
      if (this.groupOf[i] !== level) continue;
      if (this.is(i, '?')) return true;
      if (this.is(i, ';') || this.is(i, ',') || this.is(i, '{') || this.is(i, '(') || this.is(i, '[') || this.is(i, '=')) return false;
    }
    return false;
  }
}
