/**
 * Named value slots of a token stream — `key: value` in object literals and JSON, `const name = value`,
 * `(name = value) =>`, destructuring defaults, class fields and enum members, `x.name = value`, `name="value"` in JSX
 * — and the variables each block, file and parameter list declares, so a name can be resolved to its literal.
 */
import type { Outline } from './outline';
import type { Token } from './tokens';
import type { Leaf, ValueReader } from './values';

export type SlotKind = 'prop' | 'var' | 'param' | 'binding' | 'field' | 'assign' | 'jsx';

export interface Slot {
  readonly name: string;
  readonly nameToken: number;
  readonly kind: SlotKind;
  /** The group the slot is a direct member of (an object, a parameter list, a class body, a JSX tag, a block). */
  readonly group: number;
  /** What the slot holds; empty when the text gives it no value (a parameter without default). */
  readonly leaves: readonly Leaf[];
  /** A record's field (property, JSX attribute, class field, enum member, `x.name = …`): the name gives the value its meaning. */
  readonly isField: boolean;
}

export interface Declaration {
  readonly name: string;
  readonly token: number;
  /** The initializer's leaves; `undefined` when the text gives none the rule can use (no initializer, destructured). */
  readonly leaves: readonly Leaf[] | undefined;
  /** Token range of the initializer (empty without one). */
  readonly valueStart: number;
  readonly valueEnd: number;
}

export interface FunctionInfo {
  readonly name: string;
  readonly nameToken: number;
  readonly params: number;
  /** The body group, or -1 (an expression body without brackets). */
  readonly body: number;
}

const MODIFIERS = new Set(['public', 'private', 'protected', 'readonly', 'override', 'static', 'declare', 'abstract', 'accessor']);

export class SlotIndex {
  readonly slots: Slot[] = [];
  readonly functions: FunctionInfo[] = [];
  /** Every declaration, in source order of their groups. */
  readonly declarationList: Declaration[] = [];
  private readonly declarations = new Map<number, Map<string, Declaration>>();
  private readonly declarationNames = new Set<number>();

  constructor(
    private readonly outline: Outline,
    private readonly values: ValueReader,
  ) {
    this.scan();
  }

  /** The nearest declaration of `name` visible from group `from` (blocks, the file, enclosing parameter lists). */
  resolve(name: string, from: number): Declaration | undefined {
    const outline = this.outline;
    for (let g = from; g >= 0; g = outline.group(g).parent) {
      const found = this.declarations.get(g)?.get(name);
      if (found) return found;
      const params = outline.group(g).params;
      if (params >= 0) {
        const parameter = this.declarations.get(params)?.get(name);
        if (parameter) return parameter;
      }
    }
    return undefined;
  }

  /** Every declaration directly in group `g`. */
  declaredIn(g: number): Iterable<Declaration> {
    return this.declarations.get(g)?.values() ?? [];
  }

  private declare(scope: number, declaration: Declaration): void {
    let map = this.declarations.get(scope);
    if (!map) {
      map = new Map();
      this.declarations.set(scope, map);
    }
    // The first declaration wins: a later `let x` of the same name is a redeclaration in another branch at most.
    if (!map.has(declaration.name)) map.set(declaration.name, declaration);
    this.declarationNames.add(declaration.token);
    this.declarationList.push(declaration);
  }

  private scan(): void {
    const outline = this.outline;
    for (let g = 1; g < outline.groups.length; g++) {
      const role = outline.group(g).role;
      if (role === 'object') this.objectMembers(g);
      else if (role === 'params') this.parameters(g);
      else if (role === 'binding') this.bindingElements(g);
      else if (role === 'class' || role === 'enum') this.classMembers(g);
      else if (role === 'jsx') this.jsxAttributes(g);
      if (role === 'params') this.recordFunction(g);
    }
    for (let i = 0; i < outline.tokens.length; i++) {
      const token = outline.tokens[i] as Token;
      if (token.kind !== 'ident' && !(token.kind === 'punct' && token.value === '[')) continue;
      const role = outline.group(outline.groupOf[i] as number).role;
      if (role === 'object' || role === 'params' || role === 'binding' || role === 'class' || role === 'enum' || role === 'jsx' || role === 'type') continue;
      if (token.kind === 'ident' && (token.value === 'const' || token.value === 'let' || token.value === 'var') && !outline.is(i - 1, '.')) this.variables(i);
      else this.assignment(i);
    }
  }

  private push(slot: Slot): void {
    this.slots.push(slot);
  }

  /** `key: value`, `'key': value`, `['key']: value`, `key` (shorthand) at the start of each item. */
  private objectMembers(g: number): void {
    const outline = this.outline;
    for (const [start, end] of outline.items(g)) {
      let i = start;
      while (i < end && (outline.isIdent(i, 'async') || outline.isIdent(i, 'get') || outline.isIdent(i, 'set')) && !outline.is(i + 1, ':') && !outline.is(i + 1, ',')) i++;
      const key = this.keyAt(i);
      if (!key) continue;
      const after = key.after;
      if (outline.is(after, ':')) {
        const value = after + 1;
        this.push({ name: key.name, nameToken: i, kind: 'prop', group: g, leaves: this.values.leaves(value, end, g), isField: true });
      } else if (after === end && key.shorthand) {
        this.push({ name: key.name, nameToken: i, kind: 'prop', group: g, leaves: [{ kind: 'ref', name: key.name, token: i }], isField: true });
      }
    }
  }

  /** A property key at `i`: a name, a string or number, or `['literal']`; `after` is the token after it. */
  private keyAt(i: number): { name: string; after: number; shorthand: boolean } | undefined {
    const outline = this.outline;
    const token = outline.token(i);
    if (!token) return undefined;
    if (token.kind === 'ident') return { name: token.value, after: i + 1, shorthand: true };
    if (token.kind === 'string' || token.kind === 'number' || token.kind === 'template') return { name: token.value, after: i + 1, shorthand: false };
    if (token.kind === 'punct' && token.value === '[') {
      const inner = outline.token(i + 1);
      if (inner && (inner.kind === 'string' || inner.kind === 'template') && outline.is(i + 2, ']')) return { name: inner.value, after: i + 3, shorthand: false };
    }
    return undefined;
  }

  /** The group a binding pattern declares into: the statement's block, or the parameter list. */
  private declaringScope(g: number): number {
    const outline = this.outline;
    let scope = outline.group(g).parent;
    while (scope >= 0 && outline.group(scope).role === 'binding') scope = outline.group(scope).parent;
    return scope < 0 ? 0 : scope;
  }

  /** `{ key: alias = default, name = default, name, ...rest }` and `[a, b = default]`. */
  private bindingElements(g: number): void {
    const outline = this.outline;
    const scope = this.declaringScope(g);
    const isArray = outline.is(outline.group(g).open, '[');
    for (const [start, end] of outline.items(g)) {
      let i = start;
      if (outline.is(i, '...')) i++;
      const token = outline.token(i);
      if (!token || i >= end) continue;
      let name: string | undefined;
      let nameToken = i;
      let local: number | undefined;
      let next = i + 1;
      if (!isArray && (token.kind === 'ident' || token.kind === 'string') && outline.is(i + 1, ':')) {
        name = token.value;
        next = i + 2;
        if (outline.isIdent(next)) {
          local = next;
          next++;
        } else {
          next = outline.next(next);
        }
      } else if (token.kind === 'ident') {
        name = isArray ? undefined : token.value;
        local = i;
      } else {
        next = outline.next(i);
      }
      let leaves: Leaf[] = [];
      let valueStart = next;
      if (outline.is(next, '=')) {
        valueStart = next + 1;
        leaves = this.values.leaves(valueStart, end, g);
      }
      if (name !== undefined) this.push({ name, nameToken, kind: 'binding', group: g, leaves, isField: false });
      if (local !== undefined) {
        nameToken = local;
        this.declare(scope, { name: (outline.token(local) as Token).value, token: local, leaves: undefined, valueStart, valueEnd: end });
      }
    }
  }

  /** `(a, b = 'x', { c }: T = {}, ...rest)`. */
  private parameters(g: number): void {
    const outline = this.outline;
    for (const [start, end] of outline.items(g)) {
      let i = start;
      while (i < end && MODIFIERS.has(outline.token(i)?.value ?? '') && outline.isIdent(i + 1)) i++;
      if (outline.is(i, '...')) i++;
      const token = outline.token(i);
      if (!token || token.kind !== 'ident' || i >= end) continue;
      let equals = -1;
      for (let j = i + 1; j < end; j = outline.next(j)) {
        if (outline.groupOf[j] === g && outline.is(j, '=')) {
          equals = j;
          break;
        }
      }
      const leaves = equals >= 0 ? this.values.leaves(equals + 1, end, g) : undefined;
      this.push({ name: token.value, nameToken: i, kind: 'param', group: g, leaves: leaves ?? [], isField: false });
      this.declare(g, { name: token.value, token: i, leaves, valueStart: equals >= 0 ? equals + 1 : end, valueEnd: end });
    }
  }

  /** Class fields and enum members: `name = value`, `name: T = value`, `readonly name = value`. */
  private classMembers(g: number): void {
    const outline = this.outline;
    const group = outline.group(g);
    for (let i = group.open + 1; i < group.close; i = outline.next(i)) {
      if (outline.groupOf[i] !== g) continue;
      const token = outline.token(i) as Token;
      const memberStart = i === group.open + 1 || outline.is(i - 1, ';') || outline.is(i - 1, ',') || outline.is(i - 1, '}') || token.newlineBefore || MODIFIERS.has(outline.token(i - 1)?.value ?? '');
      if (!memberStart || MODIFIERS.has(token.value) || !(token.kind === 'ident' || token.kind === 'string' || (token.kind === 'punct' && token.value === '#'))) continue;
      const nameToken = token.kind === 'punct' ? i + 1 : i;
      const name = outline.token(nameToken)?.value;
      if (name === undefined) continue;
      let j = nameToken + 1;
      if (outline.is(j, '?') || outline.is(j, '!')) j++;
      if (outline.is(j, ':')) {
        for (j++; j < group.close && !(outline.groupOf[j] === g && (outline.is(j, '=') || outline.is(j, ';'))) && !(outline.token(j)?.newlineBefore ?? false); j = outline.next(j));
      }
      if (!outline.is(j, '=')) continue;
      const valueEnd = this.values.valueEnd(j + 1, g);
      this.push({ name, nameToken, kind: 'field', group: g, leaves: this.values.leaves(j + 1, valueEnd, g), isField: true });
      i = Math.max(i, valueEnd - 1);
    }
  }

  /** `name="value"` and `name={value}` inside a JSX tag. */
  private jsxAttributes(g: number): void {
    const outline = this.outline;
    const group = outline.group(g);
    for (let i = group.open + 1; i < group.close; i = outline.next(i)) {
      if (!outline.isIdent(i) || !outline.is(i + 1, '=')) continue;
      const value = i + 2;
      const end = outline.next(value);
      this.push({ name: (outline.token(i) as Token).value, nameToken: i, kind: 'jsx', group: g, leaves: this.values.leaves(value, end, g), isField: true });
    }
  }

  /** `const a = 'x', b: T = y;`, `let { c } = z;`, `for (const d of e)`. */
  private variables(keyword: number): void {
    const outline = this.outline;
    const g = outline.groupOf[keyword] as number;
    let i = keyword + 1;
    for (let guard = 0; guard < 64; guard++) {
      const token = outline.token(i);
      if (!token) return;
      let name: string | undefined;
      if (token.kind === 'ident') {
        name = token.value;
        this.declarationNames.add(i);
      }
      const nameToken = i;
      let j = outline.next(i);
      if (outline.is(j, '!')) j++;
      if (outline.is(j, ':')) {
        for (j++; j < outline.tokens.length && !(outline.groupOf[j] === g && (outline.is(j, '=') || outline.is(j, ',') || outline.is(j, ';') || outline.isIdent(j, 'of') || outline.isIdent(j, 'in'))); j = outline.next(j)) {
          if (outline.token(j)?.newlineBefore && outline.isIdent(j) && !outline.is(j - 1, ':') && !outline.is(j - 1, '|') && !outline.is(j - 1, '&')) break;
        }
      }
      if (outline.is(j, '=')) {
        const valueEnd = this.values.valueEnd(j + 1, g);
        const leaves = this.values.leaves(j + 1, valueEnd, g);
        if (name !== undefined) {
          this.push({ name, nameToken, kind: 'var', group: g, leaves, isField: false });
          this.declare(g, { name, token: nameToken, leaves, valueStart: j + 1, valueEnd });
        }
        if (!outline.is(valueEnd, ',')) return;
        i = valueEnd + 1;
      } else if (outline.isIdent(j, 'of') && name !== undefined) {
        // `for (const runId of RUN_IDS)`: the variable takes the iterable's items.
        const end = outline.group(g).close;
        this.declare(g, { name, token: nameToken, leaves: this.values.leaves(j + 1, end, g), valueStart: j + 1, valueEnd: end });
        return;
      } else {
        if (name !== undefined) this.declare(g, { name, token: nameToken, leaves: undefined, valueStart: j, valueEnd: j });
        if (!outline.is(j, ',')) return;
        i = j + 1;
      }
    }
  }

  /** `name = value`, `x.name = value`, `x['name'] = value` (not a declaration, not a comparison). */
  private assignment(i: number): void {
    const outline = this.outline;
    const token = outline.token(i) as Token;
    let name: string | undefined;
    let equals: number;
    let isField: boolean;
    if (token.kind === 'ident') {
      if (this.declarationNames.has(i) || !outline.is(i + 1, '=')) return;
      name = token.value;
      equals = i + 1;
      isField = outline.is(i - 1, '.') || outline.is(i - 1, '?.');
    } else {
      const inner = outline.token(i + 1);
      const g = outline.opened[i];
      if (g === undefined || g < 0 || outline.group(g).role !== 'index' || !inner || (inner.kind !== 'string' && inner.kind !== 'template') || !outline.is(i + 2, ']')) return;
      if (!outline.is(i + 3, '=')) return;
      name = inner.value;
      equals = i + 3;
      isField = true;
    }
    const g = outline.groupOf[i] as number;
    const valueEnd = this.values.valueEnd(equals + 1, g);
    this.push({ name, nameToken: token.kind === 'ident' ? i : i + 1, kind: 'assign', group: g, leaves: this.values.leaves(equals + 1, valueEnd, g), isField });
  }

  /** A named function: `function f(`, `const f = (…) =>`, `const f = function (`, `f(…) {` (method), `f: (…) =>`. */
  private recordFunction(params: number): void {
    const outline = this.outline;
    const open = outline.group(params).open;
    let nameToken = -1;
    let i = open - 1;
    if (outline.isIdent(i, 'async')) i--;
    if (outline.isName(i) && (outline.isIdent(i - 1, 'function') || outline.is(i - 1, '*'))) nameToken = i;
    else if (outline.isName(i) && outline.group(params).body >= 0) {
      // A method (`name(…) {`, `name(…): T {` in a class or object literal) or `name(…) {` anywhere.
      const parentRole = outline.group(outline.group(params).parent).role;
      if (parentRole === 'class' || parentRole === 'object' || outline.opened[outline.group(params).close + 1] === outline.group(params).body) nameToken = i;
    }
    else {
      if (outline.isIdent(i, 'function')) i--;
      if (outline.isIdent(i, 'async')) i--;
      if ((outline.is(i, '=') || outline.is(i, ':')) && outline.isName(i - 1)) nameToken = i - 1;
    }
    if (nameToken < 0) return;
    let name = (outline.token(nameToken) as Token).value;
    if (name === 'constructor') {
      // `new Name(…)` calls it: the class's name.
      const body = outline.group(params).parent;
      const header = outline.group(body).role === 'class' ? this.className(outline.group(body).open) : undefined;
      if (header === undefined) return;
      name = header;
    }
    this.functions.push({ name, nameToken, params, body: outline.group(params).body });
  }

  private className(open: number): string | undefined {
    const outline = this.outline;
    for (let i = open - 1, steps = 0; i >= 0 && steps < 40; i--, steps++) {
      if (outline.isIdent(i, 'class')) return outline.isName(i + 1) ? (outline.token(i + 1) as Token).value : undefined;
    }
    return undefined;
  }
}
