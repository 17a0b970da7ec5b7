/**
 * What the checker can tell about the legacy function a call reaches: its signature (parameters, return type,
 * type predicate) and, when its source is in the program (not a `.d.ts`), what its body does: whether it throws,
 * reads the clock, returns `null`, or builds a `thread_`-prefixed string. The body facts follow calls into other
 * functions of the same file (helpers of the legacy module), a few levels deep.
 */
import type { ts } from 'ts-morph';

export interface BodyFacts {
  /** A `throw` that escapes the function (not inside a `try` with a `catch`), here or in a helper it calls. */
  readonly throws: boolean;
  /** `Date.now()`, `new Date()`, `performance.now()`, `process.hrtime`: here or in a helper. */
  readonly readsClock: boolean;
  /** A `return` whose value may be the `null` literal. */
  readonly returnsNull: boolean;
  /** A `return` of a string built from a leading `thread_` literal (or a constant holding it). */
  readonly returnsThreadPrefixed: boolean;
  /** The values returned (`return x`, or an arrow's expression body). */
  readonly returned: readonly ts.Expression[];
}

export interface LegacyFunction {
  readonly returnType: ts.Type;
  /** Parameter names, in order. */
  readonly parameters: readonly string[];
  /** `asserts x` / `x is T` of the signature, when it has one. */
  readonly predicate?: ts.TypePredicate;
  /** The implementation, when its body is in the program. */
  readonly implementation?: ts.FunctionLikeDeclaration;
  readonly body?: BodyFacts;
}

const maxDepth = 4;

type FunctionWithBody = ts.FunctionLikeDeclaration & { readonly body: ts.Block | ts.Expression };

export class LegacyFunctions {
  private readonly facts = new Map<ts.Node, BodyFacts>();

  constructor(
    private readonly t: typeof ts,
    private readonly checker: ts.TypeChecker,
  ) {}

  /** The function `call` reaches, or `undefined` when the checker has no typed signature for it (`any`, JS). */
  describe(call: ts.CallExpression): LegacyFunction | undefined {
    const { checker, t } = this;
    const signature = checker.getResolvedSignature(call);
    const declaration = signature?.getDeclaration();
    if (!signature || !declaration) return undefined;
    const returnType = checker.getReturnTypeOfSignature(signature);
    if (returnType.flags & (t.TypeFlags.Any | t.TypeFlags.Unknown)) return undefined;
    const implementation = this.implementationOf(declaration);
    const predicate = checker.getTypePredicateOfSignature(signature);
    return {
      returnType,
      parameters: signature.getParameters().map((parameter) => parameter.name),
      ...(predicate ? { predicate } : {}),
      ...(implementation ? { implementation, body: this.factsOf(implementation, 0) } : {}),
    };
  }

  /** The declaration with a body (an overload's implementation), unless it lives in a declaration file. */
  private implementationOf(declaration: ts.Node): FunctionWithBody | undefined {
    const t = this.t;
    if (declaration.getSourceFile().isDeclarationFile) return undefined;
    if (hasBody(t, declaration)) return declaration;
    const name = (declaration as ts.NamedDeclaration).name;
    const symbol = name ? this.checker.getSymbolAtLocation(name) : undefined;
    return symbol?.declarations?.find((candidate): candidate is FunctionWithBody => hasBody(t, candidate));
  }

  private factsOf(fn: FunctionWithBody, depth: number): BodyFacts {
    const known = this.facts.get(fn);
    if (known) return known;
    const t = this.t;
    // Recursion (a function calling itself) reads as "nothing more found".
    this.facts.set(fn, { throws: false, readsClock: false, returnsNull: false, returnsThreadPrefixed: false, returned: [] });
    let throws = false;
    let readsClock = false;
    const returned: ts.Expression[] = [];
    if (!t.isBlock(fn.body)) returned.push(fn.body);
    const visit = (node: ts.Node): void => {
      if (node !== fn.body && t.isFunctionLike(node)) return;
      if (t.isThrowStatement(node) && !isCaught(t, node, fn)) throws = true;
      if (t.isReturnStatement(node) && node.expression && enclosingFunction(t, node) === fn) returned.push(node.expression);
      if (isClockRead(t, node)) readsClock = true;
      if (t.isCallExpression(node) && depth < maxDepth && !isCaught(t, node, fn)) {
        const callee = this.sameFileCallee(node, fn);
        if (callee) {
          const inner = this.factsOf(callee, depth + 1);
          throws ||= inner.throws;
          readsClock ||= inner.readsClock;
        }
      }
      t.forEachChild(node, visit);
    };
    visit(fn.body);
    const leaves = returned.flatMap((expression) => resultLeaves(t, expression));
    const facts: BodyFacts = {
      throws,
      readsClock,
      returnsNull: leaves.some((leaf) => leaf.kind === t.SyntaxKind.NullKeyword),
      returnsThreadPrefixed: leaves.some((leaf) => this.startsWithThreadPrefix(leaf)),
      returned,
    };
    this.facts.set(fn, facts);
    return facts;
  }

  /** A function of the same file that `call` reaches (a helper of the legacy module). */
  private sameFileCallee(call: ts.CallExpression, from: ts.Node): FunctionWithBody | undefined {
    const declaration = this.checker.getResolvedSignature(call)?.getDeclaration();
    if (!declaration || declaration.getSourceFile() !== from.getSourceFile()) return undefined;
    return this.implementationOf(declaration);
  }

  /** `'thread_' + x`, `` `thread_${x}` ``, `PREFIX + x` / `` `${PREFIX}${x}` `` with `const PREFIX = 'thread_'`. */
  private startsWithThreadPrefix(expression: ts.Expression): boolean {
    const t = this.t;
    let first: ts.Expression | undefined = expression;
    while (first && t.isBinaryExpression(first) && first.operatorToken.kind === t.SyntaxKind.PlusToken) first = first.left;
    if (first && t.isTemplateExpression(first)) {
      if (first.head.text !== '') return first.head.text.startsWith('thread_');
      first = first.templateSpans[0]?.expression;
    }
    if (!first || first === expression) return false;
    if (t.isStringLiteralLike(first)) return first.text.startsWith('thread_');
    if (t.isIdentifier(first)) {
      const declaration = this.checker.getSymbolAtLocation(first)?.valueDeclaration;
      const initializer = declaration && t.isVariableDeclaration(declaration) ? declaration.initializer : undefined;
      return initializer !== undefined && t.isStringLiteralLike(initializer) && initializer.text.startsWith('thread_');
    }
    return false;
  }
}

function hasBody(t: typeof ts, node: ts.Node): node is FunctionWithBody {
  return t.isFunctionLike(node) && (node as { body?: ts.Node }).body !== undefined;
}

function enclosingFunction(t: typeof ts, node: ts.Node): ts.Node | undefined {
  let current = node.parent;
  while (current && !t.isFunctionLike(current)) current = current.parent;
  return current;
}

/** Inside the `try` block of a `try … catch` of `fn`: whatever it throws is handled there. */
function isCaught(t: typeof ts, node: ts.Node, fn: ts.Node): boolean {
  let current: ts.Node = node;
  while (current.parent && current !== fn) {
    const parent: ts.Node = current.parent;
    if (t.isTryStatement(parent) && parent.tryBlock === current && parent.catchClause) return true;
    current = parent;
  }
  return false;
}

function isClockRead(t: typeof ts, node: ts.Node): boolean {
  if (t.isNewExpression(node)) return t.isIdentifier(node.expression) && node.expression.text === 'Date' && (node.arguments?.length ?? 0) === 0;
  if (!t.isPropertyAccessExpression(node) || !t.isIdentifier(node.expression)) return false;
  const owner = node.expression.text;
  const member = node.name.text;
  return (owner === 'Date' && member === 'now') || (owner === 'performance' && member === 'now') || (owner === 'process' && member === 'hrtime');
}

/** The expressions a returned value may come from: branches of `?:`, both sides of `??` / `||` / `&&`. */
export function resultLeaves(t: typeof ts, expression: ts.Expression): ts.Expression[] {
  if (t.isParenthesizedExpression(expression) || t.isAsExpression(expression) || t.isNonNullExpression(expression) || t.isSatisfiesExpression(expression)) {
    return resultLeaves(t, expression.expression);
  }
  if (t.isConditionalExpression(expression)) return [...resultLeaves(t, expression.whenTrue), ...resultLeaves(t, expression.whenFalse)];
  if (t.isBinaryExpression(expression)) {
    const operator = expression.operatorToken.kind;
    if (operator === t.SyntaxKind.QuestionQuestionToken || operator === t.SyntaxKind.BarBarToken || operator === t.SyntaxKind.AmpersandAmpersandToken) {
      return [...resultLeaves(t, expression.left), ...resultLeaves(t, expression.right)];
    }
  }
  return [expression];
}
