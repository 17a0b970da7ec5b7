/**
 * Static shape of a string-ish type: which of `null` / `undefined` it admits, and whether the rest is `string`.
 * A rewrite keeps a read's type only when the derived read has the same shape.
 */
import type { ts } from 'ts-morph';

export interface Shape {
  readonly isString: boolean;
  readonly hasNull: boolean;
  readonly hasUndefined: boolean;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.isString && b.isString && a.hasNull === b.hasNull && a.hasUndefined === b.hasUndefined;
}

export function describeShape(shape: Shape): string {
  const parts = [shape.isString ? 'string' : 'a non-string type'];
  if (shape.hasNull) parts.push('null');
  if (shape.hasUndefined) parts.push('undefined');
  return parts.join(' | ');
}

/** Admits `null` or `undefined`: present or absent independently of another field. */
export function isNullable(shape: Shape): boolean {
  return shape.hasNull || shape.hasUndefined;
}

/**
 * Shape of a type: `isString` when every non-nullish part is `string` itself — or, for a run ID (`assignable`),
 * anything assignable to `string` (branded or template-literal run IDs).
 */
export function shapeOfType(t: typeof ts, checker: ts.TypeChecker, type: ts.Type, assignable = false): Shape {
  const parts = type.isUnion() ? type.types : [type];
  let hasNull = false;
  let hasUndefined = false;
  let isString = true;
  let sawValue = false;
  for (const part of parts) {
    if (part.flags & t.TypeFlags.Undefined) hasUndefined = true;
    else if (part.flags & t.TypeFlags.Null) hasNull = true;
    else {
      sawValue = true;
      const ok = assignable
        ? !(part.flags & (t.TypeFlags.Any | t.TypeFlags.Unknown | t.TypeFlags.Never)) && checker.isTypeAssignableTo(part, checker.getStringType())
        : (part.flags & t.TypeFlags.String) !== 0;
      if (!ok) isString = false;
    }
  }
  return { isString: isString && sawValue, hasNull, hasUndefined };
}
