/**
 * Tests that assert the message of an error a migrated call throws: `expect(() => parseRunId('x')).toThrow('invalid
 * run id')`. The unified function throws `RunIdError` with its own message, so such an assertion would fail; it is
 * reported (code `asserts-legacy-error`), never rewritten.
 */
import type { ts } from 'ts-morph';
import type { FileScope } from './bindings';

const throwMatchers = new Set(['toThrow', 'toThrowError']);

export function reportLegacyErrorAssertions(scope: FileScope, calls: readonly { readonly call: ts.CallExpression; readonly description: string }[]): void {
  const reported = new Set<ts.Node>();
  for (const { call, description } of calls) {
    const expected = thrownMessageAsserted(scope.t, call);
    if (!expected || reported.has(expected)) continue;
    reported.add(expected);
    scope.warn(
      expected,
      'asserts-legacy-error',
      `${expected.getText(scope.sourceFile)} is the message of the old function's error; ${description} throws RunIdError with its own message: ` +
        'assert toThrow(RunIdError) or the error\'s code instead',
    );
  }
}

/** The message (string or regex) that `expect(() => …call…).toThrow(message)` asserts, or `undefined`. */
function thrownMessageAsserted(t: typeof ts, call: ts.CallExpression): ts.Expression | undefined {
  let fn: ts.Node | undefined = call.parent;
  while (fn && !t.isFunctionLike(fn)) fn = fn.parent;
  if (!fn || !(t.isArrowFunction(fn) || t.isFunctionExpression(fn))) return undefined;
  const expectCall = fn.parent;
  if (!t.isCallExpression(expectCall) || expectCall.arguments[0] !== fn || !t.isIdentifier(expectCall.expression) || expectCall.expression.text !== 'expect') return undefined;
  const matcher = expectCall.parent;
  if (!t.isPropertyAccessExpression(matcher) || !throwMatchers.has(matcher.name.text) || !t.isCallExpression(matcher.parent)) return undefined;
  const expected = matcher.parent.arguments[0];
  return expected && (t.isStringLiteralLike(expected) || t.isRegularExpressionLiteral(expected)) ? expected : undefined;
}
