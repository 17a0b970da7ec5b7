/**
 * Syntax helpers of the `test-ids` rule: one walk over a file that finds its string literals and its named value
 * slots (`key: value`, `const name = value`, `(name = value) =>`, `x.name = value`, `name="value"`), plus the
 * scope look-ups that pair a run ID with the thread beside it. TypeScript AST only, no type checker.
 */
import type { ts } from 'ts-morph';

export type TsApi = typeof ts;

/** A string literal or a template literal without substitutions: the only literals whose text is known. */
export type TextLiteral = ts.StringLiteral | ts.NoSubstitutionTemplateLiteral;

/** A named value slot: the name, the node that holds it, and the expression stored under the name. */
export interface NamedValue {
  readonly name: string;
  readonly holder: ts.Node;
  readonly value: ts.Expression;
}

/** An expression that ends up in a named slot: a literal, or something else (computed, a reference…). */
export interface ValueLeaf {
  readonly slot: NamedValue;
  readonly expression: ts.Expression;
}

/** The thread literals found for a run ID, and the first thread beside it whose value is unknown. */
export class ThreadEvidence {
  readonly literals: TextLiteral[] = [];
  unknown: ts.Node | undefined;

  /** Records one thread: its literal, or (when `undefined`) that `at` holds a thread the rule cannot read. */
  add(literal: TextLiteral | undefined, at: ts.Node): void {
    if (literal) this.literals.push(literal);
    else this.unknown ??= at;
  }

  merge(other: ThreadEvidence): void {
    this.literals.push(...other.literals);
    this.unknown ??= other.unknown;
  }

  isEmpty(): boolean {
    return this.literals.length === 0 && this.unknown === undefined;
  }
}

export class FileSyntax {
  /** Every text literal of the file except module specifiers, in source order. */
  readonly literals: TextLiteral[] = [];
  /** Every leaf of every named slot, in source order. */
  readonly leaves: ValueLeaf[] = [];
  /** Local names whose values come from the codec (imported from `importFrom`), so calls of them are trusted. */
  readonly codecNames = new Set<string>();
  // The engine parses with parent pointers, but the contract does not promise it: without them, keep our own.
  private readonly parents = new Map<ts.Node, ts.Node>();
  private readonly hasParentPointers: boolean;
  private readonly indexedKinds: ReadonlySet<ts.SyntaxKind>;

  constructor(
    private readonly api: TsApi,
    readonly sourceFile: ts.SourceFile,
    private readonly importFrom: string,
  ) {
    const kind = api.SyntaxKind;
    this.indexedKinds = new Set([
      kind.StringLiteral,
      kind.NoSubstitutionTemplateLiteral,
      kind.ImportDeclaration,
      kind.PropertyAssignment,
      kind.VariableDeclaration,
      kind.Parameter,
      kind.BindingElement,
      kind.PropertyDeclaration,
      kind.EnumMember,
      kind.BinaryExpression,
      kind.JsxAttribute,
    ]);
    const first = sourceFile.statements[0];
    this.hasParentPointers = first === undefined || first.parent === sourceFile;
    // Iterative pre-order walk (source order), so a deeply nested file cannot overflow the stack.
    const stack: ts.Node[] = [sourceFile];
    while (stack.length > 0) {
      const node = stack.pop() as ts.Node;
      this.index(node);
      const children: ts.Node[] = [];
      api.forEachChild(node, (child) => {
        if (!this.hasParentPointers) this.parents.set(child, node);
        children.push(child);
      });
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as ts.Node);
    }
  }

  parentOf(node: ts.Node): ts.Node | undefined {
    return this.hasParentPointers ? node.parent : this.parents.get(node);
  }

  private index(node: ts.Node): void {
    // Most nodes (identifiers, tokens, calls, property reads) are none of the kinds below: skip them in one look-up.
    if (!this.indexedKinds.has(node.kind)) return;
    const api = this.api;
    if ((api.isStringLiteral(node) || api.isNoSubstitutionTemplateLiteral(node)) && !this.isModuleName(node)) {
      this.literals.push(node);
    }
    if (api.isImportDeclaration(node)) this.indexImport(node);
    const slot = this.namedValueOf(node);
    if (slot) for (const expression of this.leavesOf(slot.value)) this.leaves.push({ slot, expression });
    if (api.isVariableDeclaration(node) && api.isIdentifier(node.name) && node.initializer && this.isCodecCall(node.initializer)) {
      // `const ids = createRunIdGenerator()`: `ids.generate(…)` is trusted too.
      this.codecNames.add(node.name.text);
    }
  }

  private indexImport(node: ts.ImportDeclaration): void {
    const api = this.api;
    if (!api.isStringLiteral(node.moduleSpecifier)) return;
    const specifier = node.moduleSpecifier.text;
    if (specifier !== this.importFrom && !specifier.startsWith(`${this.importFrom}/`)) return;
    const clause = node.importClause;
    if (!clause) return;
    if (clause.name) this.codecNames.add(clause.name.text);
    const bindings = clause.namedBindings;
    if (bindings && api.isNamespaceImport(bindings)) this.codecNames.add(bindings.name.text);
    if (bindings && api.isNamedImports(bindings)) for (const element of bindings.elements) this.codecNames.add(element.name.text);
  }

  /** Module specifiers and module names are paths, never IDs. */
  private isModuleName(node: TextLiteral): boolean {
    const api = this.api;
    const parent = this.parentOf(node);
    if (!parent) return false;
    if (api.isImportDeclaration(parent) || api.isExportDeclaration(parent) || api.isExternalModuleReference(parent)) return true;
    if (api.isModuleDeclaration(parent) || api.isImportAttribute(parent)) return true;
    if (api.isLiteralTypeNode(parent)) {
      const grandparent = this.parentOf(parent);
      return grandparent !== undefined && api.isImportTypeNode(grandparent);
    }
    if (api.isCallExpression(parent) && parent.arguments[0] === node) {
      const callee = parent.expression;
      return callee.kind === api.SyntaxKind.ImportKeyword || (api.isIdentifier(callee) && callee.text === 'require');
    }
    return false;
  }

  /** The name a property, variable, parameter, assignment, JSX attribute, class field or enum member stores under. */
  private namedValueOf(node: ts.Node): NamedValue | undefined {
    const api = this.api;
    const slot = (nameNode: ts.Node | undefined, value: ts.Expression | undefined): NamedValue | undefined => {
      const name = nameNode && this.nameText(nameNode);
      return name !== undefined && value ? { name, holder: node, value } : undefined;
    };
    if (api.isPropertyAssignment(node)) return slot(node.name, node.initializer);
    if (api.isVariableDeclaration(node) || api.isParameter(node)) return slot(node.name, node.initializer);
    if (api.isBindingElement(node)) return slot(node.propertyName ?? node.name, node.initializer);
    if (api.isPropertyDeclaration(node) || api.isEnumMember(node)) return slot(node.name, node.initializer);
    if (api.isBinaryExpression(node) && node.operatorToken.kind === api.SyntaxKind.EqualsToken) {
      const target = node.left;
      if (api.isIdentifier(target)) return slot(target, node.right);
      if (api.isPropertyAccessExpression(target)) return slot(target.name, node.right);
      // `x['run_id'] = …` names the slot; `x[key] = …` does not.
      if (api.isElementAccessExpression(target) && this.isTextLiteral(target.argumentExpression)) return slot(target.argumentExpression, node.right);
      return undefined;
    }
    if (api.isJsxAttribute(node) && node.initializer) {
      const initializer = node.initializer;
      const value = api.isJsxExpression(initializer) ? initializer.expression : api.isStringLiteral(initializer) ? initializer : undefined;
      return slot(node.name, value);
    }
    return undefined;
  }

  /** The text of a name: identifiers, quoted keys, `['computed']` keys with a literal. */
  nameText(node: ts.Node): string | undefined {
    const api = this.api;
    if (api.isIdentifier(node) || api.isPrivateIdentifier(node)) return node.text;
    if (api.isStringLiteral(node) || api.isNoSubstitutionTemplateLiteral(node) || api.isNumericLiteral(node)) return node.text;
    if (api.isComputedPropertyName(node)) return this.nameText(node.expression);
    return undefined;
  }

  /**
   * The expressions a slot can hold: through parentheses, `as`/`satisfies`/`!`, both branches of `?:`, and the
   * fallback of `??`/`||` (the left side is a reference to something else).
   */
  leavesOf(expression: ts.Expression): ts.Expression[] {
    const api = this.api;
    const inner = this.unwrap(expression);
    if (api.isConditionalExpression(inner)) return [...this.leavesOf(inner.whenTrue), ...this.leavesOf(inner.whenFalse)];
    if (api.isBinaryExpression(inner)) {
      const operator = inner.operatorToken.kind;
      if (operator === api.SyntaxKind.QuestionQuestionToken || operator === api.SyntaxKind.BarBarToken) return this.leavesOf(inner.right);
    }
    return [inner];
  }

  unwrap(expression: ts.Expression): ts.Expression {
    const api = this.api;
    let inner = expression;
    while (
      api.isParenthesizedExpression(inner) ||
      api.isAsExpression(inner) ||
      api.isSatisfiesExpression(inner) ||
      api.isTypeAssertionExpression(inner) ||
      api.isNonNullExpression(inner)
    ) {
      inner = inner.expression;
    }
    return inner;
  }

  isTextLiteral(node: ts.Node): node is TextLiteral {
    return this.api.isStringLiteral(node) || this.api.isNoSubstitutionTemplateLiteral(node);
  }

  /**
   * Why a run-ID value is computed from text the rule cannot rewrite safely, or `undefined` when it is a plain
   * reference (a variable, a property read) or a call of the codec itself.
   */
  computedReason(expression: ts.Expression): string | undefined {
    const api = this.api;
    if (api.isTemplateExpression(expression)) return 'a template literal with substitutions';
    if (api.isBinaryExpression(expression) && expression.operatorToken.kind === api.SyntaxKind.PlusToken) return 'a concatenation';
    if ((api.isCallExpression(expression) || api.isNewExpression(expression) || api.isTaggedTemplateExpression(expression)) && !this.isCodecCall(expression)) {
      return 'a call';
    }
    return undefined;
  }

  private isCodecCall(expression: ts.Expression): boolean {
    const root = this.calleeRoot(expression);
    return root !== undefined && this.codecNames.has(root);
  }

  /** `a.b(…).c(…)` → `a`, through awaits, property reads and calls. */
  private calleeRoot(expression: ts.Expression): string | undefined {
    const api = this.api;
    let current = this.unwrap(expression);
    for (;;) {
      if (api.isAwaitExpression(current)) current = this.unwrap(current.expression);
      else if (api.isCallExpression(current) || api.isNewExpression(current)) current = this.unwrap(current.expression);
      else if (api.isTaggedTemplateExpression(current)) current = this.unwrap(current.tag);
      else if (api.isPropertyAccessExpression(current) || api.isElementAccessExpression(current)) current = this.unwrap(current.expression);
      else break;
    }
    return api.isIdentifier(current) ? current.text : undefined;
  }

  /** Statements and parameters that declare names in the scope `node` opens, or `undefined` when it opens none. */
  private scopeDeclarations(node: ts.Node): ts.Node[] | undefined {
    const api = this.api;
    if (api.isSourceFile(node) || api.isBlock(node) || api.isModuleBlock(node) || api.isCaseClause(node) || api.isDefaultClause(node)) {
      const declarations: ts.Node[] = [];
      for (const statement of node.statements) {
        if (api.isVariableStatement(statement)) declarations.push(...statement.declarationList.declarations);
      }
      return declarations;
    }
    if (api.isFunctionLike(node)) return [...node.parameters];
    return undefined;
  }

  /**
   * The literal a name refers to at `from`: the nearest declaration of the name (a variable or a parameter) in the
   * enclosing scopes, when it is initialised with a text literal. A nearer declaration without one hides outer ones.
   */
  resolveLiteral(name: string, from: ts.Node): TextLiteral | undefined {
    const api = this.api;
    for (let scope = this.parentOf(from); scope; scope = this.parentOf(scope)) {
      const declarations = this.scopeDeclarations(scope);
      if (!declarations) continue;
      for (const declaration of declarations) {
        if (!(api.isVariableDeclaration(declaration) || api.isParameter(declaration))) continue;
        if (!api.isIdentifier(declaration.name) || declaration.name.text !== name) continue;
        const initializer = declaration.initializer && this.unwrap(declaration.initializer);
        return initializer && this.isTextLiteral(initializer) ? initializer : undefined;
      }
    }
    return undefined;
  }

  /**
   * The thread evidence of the nearest enclosing scope that declares a variable or parameter named in `names`:
   * their literal values, and the first one whose value is not a literal (computed, or assigned later).
   */
  scopeThreads(names: ReadonlySet<string>, from: ts.Node): ThreadEvidence {
    const api = this.api;
    for (let scope = this.parentOf(from); scope; scope = this.parentOf(scope)) {
      const declarations = this.scopeDeclarations(scope);
      if (!declarations) continue;
      const evidence = new ThreadEvidence();
      for (const declaration of declarations) {
        if (!(api.isVariableDeclaration(declaration) || api.isParameter(declaration))) continue;
        if (!api.isIdentifier(declaration.name) || !names.has(declaration.name.text)) continue;
        const initializer = declaration.initializer && this.unwrap(declaration.initializer);
        evidence.add(initializer && this.isTextLiteral(initializer) ? initializer : undefined, declaration);
      }
      if (!evidence.isEmpty()) return evidence;
    }
    return new ThreadEvidence();
  }
}
