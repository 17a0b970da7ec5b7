/**
 * Whether the code around a call could tell a `null` result from an `undefined` one. When it cannot, a legacy
 * reader that returned `null` for an unreadable id becomes plain `extractThreadId(x)`; when it can (`=== null`, a
 * `string | null` parameter or return type, `toBeNull()`), the rewrite keeps `?? null`.
 *
 * Invisible: the left of `??` / `||`, `!x`, a condition, `x == null`, `x?.y`, `expect(x).toBe('a string')`; and a
 * `const` whose every read is one of those, or where the checker has narrowed it to a non-null type.
 */
import type { ts } from 'ts-morph';

export function nullIsInvisible(t: typeof ts, checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  const node = outermost(t, call);
  if (isAgnosticUse(t, node)) return true;
  const declaration = node.parent;
  if (!t.isVariableDeclaration(declaration) || declaration.initializer !== node || !t.isIdentifier(declaration.name) || declaration.type) return false;
  const list = declaration.parent;
  if (!t.isVariableDeclarationList(list) || !(list.flags & t.NodeFlags.Const) || isExported(t, list)) return false;
  const symbol = checker.getSymbolAtLocation(declaration.name);
  if (!symbol) return false;
  const reads = readsOf(t, checker, declaration.name, symbol);
  return reads.every((read) => isAgnosticUse(t, outermost(t, read)) || isNonNullable(t, checker.getTypeAtLocation(read)));
}

/** Through parentheses, which do not change where the value goes. */
function outermost(t: typeof ts, node: ts.Expression): ts.Expression {
  let current = node;
  while (t.isParenthesizedExpression(current.parent)) current = current.parent;
  return current;
}

function isAgnosticUse(t: typeof ts, node: ts.Expression): boolean {
  const parent = node.parent;
  if (t.isBinaryExpression(parent) && parent.left === node) {
    const operator = parent.operatorToken.kind;
    if (operator === t.SyntaxKind.QuestionQuestionToken || operator === t.SyntaxKind.BarBarToken) return true;
    if (operator === t.SyntaxKind.EqualsEqualsToken || operator === t.SyntaxKind.ExclamationEqualsToken) return isNullish(t, parent.right);
  }
  if (t.isBinaryExpression(parent) && parent.right === node && (parent.operatorToken.kind === t.SyntaxKind.EqualsEqualsToken || parent.operatorToken.kind === t.SyntaxKind.ExclamationEqualsToken)) {
    return isNullish(t, parent.left);
  }
  if (t.isPrefixUnaryExpression(parent) && parent.operator === t.SyntaxKind.ExclamationToken) return true;
  if ((t.isIfStatement(parent) || t.isWhileStatement(parent) || t.isDoStatement(parent)) && parent.expression === node) return true;
  if (t.isConditionalExpression(parent) && parent.condition === node) return true;
  if (t.isForStatement(parent) && parent.condition === node) return true;
  // `x?.y` / `x?.()`: a nullish `x` gives `undefined` either way.
  if ((t.isPropertyAccessExpression(parent) || t.isElementAccessExpression(parent) || t.isCallExpression(parent)) && parent.expression === node && parent.questionDotToken !== undefined) return true;
  return isStringExpectation(t, node);
}

const stringMatchers = new Set(['toBe', 'toEqual', 'toStrictEqual']);
const truthMatchers = new Set(['toBeTruthy', 'toBeFalsy']);

/** `expect(x).toBe('a')` (also `.not.…`, `toEqual`, `toStrictEqual`), `expect(x).toBeTruthy()`: null and undefined fare alike. */
function isStringExpectation(t: typeof ts, node: ts.Expression): boolean {
  const call = node.parent;
  if (!t.isCallExpression(call) || call.arguments[0] !== node || !t.isIdentifier(call.expression) || call.expression.text !== 'expect') return false;
  let matcher: ts.Node = call.parent;
  if (t.isPropertyAccessExpression(matcher) && matcher.name.text === 'not') matcher = matcher.parent;
  if (!t.isPropertyAccessExpression(matcher) || !t.isCallExpression(matcher.parent) || matcher.parent.expression !== matcher) return false;
  const expected = matcher.parent.arguments[0];
  if (truthMatchers.has(matcher.name.text)) return true;
  return stringMatchers.has(matcher.name.text) && expected !== undefined && t.isStringLiteralLike(expected);
}

function isNullish(t: typeof ts, node: ts.Expression): boolean {
  return node.kind === t.SyntaxKind.NullKeyword || (t.isIdentifier(node) && node.text === 'undefined');
}

function isNonNullable(t: typeof ts, type: ts.Type): boolean {
  const parts = type.isUnion() ? type.types : [type];
  return !parts.some((part) => part.flags & (t.TypeFlags.Null | t.TypeFlags.Undefined | t.TypeFlags.Void | t.TypeFlags.Any | t.TypeFlags.Unknown));
}

function isExported(t: typeof ts, list: ts.VariableDeclarationList): boolean {
  const statement = list.parent;
  return t.isVariableStatement(statement) && (statement.modifiers?.some((modifier) => modifier.kind === t.SyntaxKind.ExportKeyword) ?? false);
}

/** Reads of `symbol` in the declaring file, past its declaration (a shorthand `{ name }` reads it too). */
function readsOf(t: typeof ts, checker: ts.TypeChecker, name: ts.Identifier, symbol: ts.Symbol): ts.Identifier[] {
  const reads: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (t.isIdentifier(node) && node !== name && node.text === name.text) {
      const parent = node.parent;
      const own = t.isShorthandPropertyAssignment(parent) ? checker.getShorthandAssignmentValueSymbol(parent) : checker.getSymbolAtLocation(node);
      if (own === symbol) reads.push(node);
    }
    t.forEachChild(node, visit);
  };
  visit(name.getSourceFile());
  return reads;
}
