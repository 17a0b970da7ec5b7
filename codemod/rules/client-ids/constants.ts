/**
 * "Every argument is a constant": literals, templates and `+` of constants, arrays of constants joined, names declared
 * once by `const` with a constant value, and the `uuid` namespace constants (`v5.DNS`, `v5.URL`). A name bound to a
 * parameter, an import or anything computed is not constant: the rule reports only what is the same on every call.
 */
import type { ts } from 'ts-morph';
import type { FileBindings } from './bindings';

/** Deep enough for any real chain of `const` names; bounds the work on cyclic or absurd inputs. */
const MAX_DEPTH = 16;

export class ConstantCheck {
  constructor(
    private readonly tsApi: typeof ts,
    private readonly bindings: FileBindings,
  ) {}

  isConstant(node: ts.Expression, depth = 0): boolean {
    const tsApi = this.tsApi;
    if (depth > MAX_DEPTH) return false;
    const next = (child: ts.Expression) => this.isConstant(child, depth + 1);
    if (tsApi.isStringLiteralLike(node) || tsApi.isNumericLiteral(node)) return true;
    if (node.kind === tsApi.SyntaxKind.TrueKeyword || node.kind === tsApi.SyntaxKind.FalseKeyword || node.kind === tsApi.SyntaxKind.NullKeyword) return true;
    if (tsApi.isParenthesizedExpression(node) || tsApi.isAsExpression(node) || tsApi.isSatisfiesExpression(node) || tsApi.isTypeAssertionExpression(node)) {
      return next(node.expression);
    }
    if (tsApi.isTemplateExpression(node)) return node.templateSpans.every((span) => next(span.expression));
    if (tsApi.isBinaryExpression(node) && node.operatorToken.kind === tsApi.SyntaxKind.PlusToken) return next(node.left) && next(node.right);
    if (tsApi.isArrayLiteralExpression(node)) return node.elements.every((element) => !tsApi.isSpreadElement(element) && next(element));
    if (this.isJoin(node)) return next((node.expression as ts.PropertyAccessExpression).expression) && node.arguments.every(next);
    if (tsApi.isIdentifier(node)) {
      const initializer = this.bindings.constants.get(node.text);
      return initializer !== undefined && next(initializer);
    }
    if (tsApi.isPropertyAccessExpression(node) && (node.name.text === 'DNS' || node.name.text === 'URL')) {
      return this.uuidNamespaceOwner(node.expression);
    }
    return false;
  }

  /** `x.join(…)`: how strings get joined. */
  isJoin(node: ts.Expression): node is ts.CallExpression {
    const tsApi = this.tsApi;
    return tsApi.isCallExpression(node) && tsApi.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'join';
  }

  /** A string built from parts: a template with substitutions, a `+`, or a `.join(…)`. */
  isJoinedString(node: ts.Expression): boolean {
    const tsApi = this.tsApi;
    const inner = tsApi.isParenthesizedExpression(node) ? node.expression : node;
    return (
      tsApi.isTemplateExpression(inner) || (tsApi.isBinaryExpression(inner) && inner.operatorToken.kind === tsApi.SyntaxKind.PlusToken) || this.isJoin(inner)
    );
  }

  /** `v5` / `v3` imported from uuid, or `uuid.v5`: the owners of the `DNS` and `URL` namespace constants. */
  private uuidNamespaceOwner(node: ts.Expression): boolean {
    const tsApi = this.tsApi;
    if (tsApi.isIdentifier(node)) {
      const binding = this.bindings.imports.get(node.text);
      return binding?.module === 'uuid' && (binding.exported === 'v3' || binding.exported === 'v5');
    }
    if (tsApi.isPropertyAccessExpression(node) && tsApi.isIdentifier(node.expression)) {
      const binding = this.bindings.imports.get(node.expression.text);
      return binding?.module === 'uuid' && binding.exported === '*' && (node.name.text === 'v3' || node.name.text === 'v5');
    }
    return false;
  }
}
