/**
 * Type and syntax facts the verdicts rest on: how a type splits into string / null / undefined parts, what a call's
 * result is read for, whether a `let` is assigned again, whether an argument can be evaluated later or not at all.
 */
import type { ts } from 'ts-morph';

export function acceptsString(checker: ts.TypeChecker, type: ts.Type): boolean {
  return checker.isTypeAssignableTo(checker.getStringType(), type);
}

export interface Parts {
  readonly strings: readonly ts.Type[];
  readonly other: readonly ts.Type[];
  readonly hasNull: boolean;
  readonly hasUndefined: boolean;
}

/** A type's union members sorted into string-like ones, `null`, `undefined` / `void`, and the rest. */
export function partsOf(t: typeof ts, type: ts.Type): Parts {
  const strings: ts.Type[] = [];
  const other: ts.Type[] = [];
  let hasNull = false;
  let hasUndefined = false;
  for (const part of type.isUnion() ? type.types : [type]) {
    if (part.flags & t.TypeFlags.Null) hasNull = true;
    else if (part.flags & (t.TypeFlags.Undefined | t.TypeFlags.Void)) hasUndefined = true;
    else if (part.flags & t.TypeFlags.StringLike || (part.isIntersection() && part.types.some((member) => member.flags & t.TypeFlags.StringLike))) strings.push(part);
    else other.push(part);
  }
  return { strings, other, hasNull, hasUndefined };
}

export function unwrap(t: typeof ts, expression: ts.Expression): ts.Expression {
  let current = expression;
  while (t.isParenthesizedExpression(current) || t.isAsExpression(current) || t.isNonNullExpression(current)) current = current.expression;
  return current;
}

/** Evaluating it twice, or not at all, changes nothing: a name, a literal, `this`, or property reads of those. */
export function isPure(t: typeof ts, expression: ts.Expression): boolean {
  const inner = unwrap(t, expression);
  if (t.isIdentifier(inner) || t.isStringLiteralLike(inner) || t.isNumericLiteral(inner) || inner.kind === t.SyntaxKind.ThisKeyword) return true;
  return t.isPropertyAccessExpression(inner) && isPure(t, inner.expression);
}

/** Properties read off the call's result right away, or `undefined` when the result goes elsewhere whole. */
export function readProperties(t: typeof ts, call: ts.CallExpression): ReadonlySet<string> | undefined {
  let node: ts.Node = call;
  while (t.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (t.isPropertyAccessExpression(parent) && parent.expression === node) return new Set([parent.name.text]);
  if (t.isVariableDeclaration(parent) && parent.initializer === node && t.isObjectBindingPattern(parent.name)) {
    const names = new Set<string>();
    for (const element of parent.name.elements) {
      const property = element.propertyName ?? element.name;
      if (element.dotDotDotToken || !t.isIdentifier(property)) return undefined;
      names.add(property.text);
    }
    return names;
  }
  if (t.isExpressionStatement(parent)) return new Set();
  return undefined;
}

/** `name` (a `let` / `var`) is assigned somewhere after its declaration. */
export function isReassigned(t: typeof ts, checker: ts.TypeChecker, name: ts.Identifier): boolean {
  const symbol = checker.getSymbolAtLocation(name);
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (t.isBinaryExpression(node) && node.operatorToken.kind >= t.SyntaxKind.FirstAssignment && node.operatorToken.kind <= t.SyntaxKind.LastAssignment) {
      const target = unwrap(t, node.left);
      if (t.isIdentifier(target) && target.text === name.text && checker.getSymbolAtLocation(target) === symbol) found = true;
    }
    t.forEachChild(node, visit);
  };
  visit(name.getSourceFile());
  return found;
}
