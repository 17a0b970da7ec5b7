/**
 * Assertions on the legacy `run_<thread>_<hex8>` format of a run ID that a migrated call now produces in the
 * canonical format: `expect(id).toMatch(/^run_/)`, `id.startsWith('run_')`, `/^run_…/.test(id)`,
 * `assert.match(id, /^run_/)`. They would fail after the migration, so each is reported (never rewritten: what the
 * test meant to check is the author's call).
 *
 * Values are followed within the file: the call itself, a variable it initializes or is assigned to, and for a
 * test-ID pair its `runId` (`ids.runId`, `const { runId } = …`).
 */
import type { ts } from 'ts-morph';
import type { FileScope } from './bindings';

/** A migrated call whose result is (or, for `test-ids`, holds) a newly generated run ID. */
export interface ProducedRunId {
  readonly call: ts.CallExpression;
  /** `test-ids`: the run ID is the result's `runId`. */
  readonly pair: boolean;
  /** The thread, when the call names it with a literal (sharpens the check of unanchored patterns). */
  readonly thread?: string;
  /** For messages: `generateRunId(…)`. */
  readonly description: string;
}

const assertionMatchers = new Set(['toMatch', 'toContain', 'toStartWith']);
const legacySuffix = '0a1b2c3d';

export function reportLegacyFormatAssertions(scope: FileScope, checker: ts.TypeChecker | undefined, produced: readonly ProducedRunId[]): void {
  const reported = new Set<ts.Node>();
  for (const source of produced) {
    for (const value of runIdExpressions(scope, checker, source)) {
      const pattern = legacyFormatPattern(scope, checker, value, source.thread);
      if (!pattern || reported.has(pattern)) continue;
      reported.add(pattern);
      scope.warn(
        pattern,
        'asserts-legacy-format',
        `${pattern.getText(scope.sourceFile)} checks the legacy run_<thread>_<hex8> format of an id that ${source.description} now produces as thread_<thread>_run_<ms>_<hex8>: ` +
          'assert isRunId(id), isCanonicalRunId(id) or parseRunId(id).threadId instead',
      );
    }
  }
}

/** Expressions in the file that evaluate to the run ID `source` produced. */
function runIdExpressions(scope: FileScope, checker: ts.TypeChecker | undefined, source: ProducedRunId): ts.Expression[] {
  const { t } = scope;
  const results = valueExpressions(scope, checker, source.call);
  if (!source.pair) return results;
  const runIds: ts.Expression[] = [];
  for (const result of results) {
    const parent = result.parent;
    if (t.isPropertyAccessExpression(parent) && parent.expression === result && parent.name.text === 'runId') runIds.push(parent);
    if (t.isVariableDeclaration(parent) && parent.initializer === result && t.isObjectBindingPattern(parent.name)) {
      for (const element of parent.name.elements) {
        const property = element.propertyName ?? element.name;
        if (!element.dotDotDotToken && t.isIdentifier(property) && property.text === 'runId' && t.isIdentifier(element.name)) runIds.push(...references(scope, checker, element.name));
      }
    }
  }
  return runIds;
}

/** `expression` and every read of a variable it initializes or is assigned to. */
function valueExpressions(scope: FileScope, checker: ts.TypeChecker | undefined, expression: ts.Expression): ts.Expression[] {
  const { t } = scope;
  let node: ts.Expression = expression;
  while (t.isParenthesizedExpression(node.parent) || t.isAwaitExpression(node.parent)) node = node.parent;
  const found: ts.Expression[] = [node];
  const parent = node.parent;
  if (t.isVariableDeclaration(parent) && parent.initializer === node && t.isIdentifier(parent.name)) found.push(...references(scope, checker, parent.name));
  if (t.isBinaryExpression(parent) && parent.right === node && parent.operatorToken.kind === t.SyntaxKind.EqualsToken && t.isIdentifier(parent.left)) {
    found.push(...references(scope, checker, parent.left).filter((reference) => reference !== parent.left));
  }
  return found;
}

/** Reads of the variable `name` declares or writes: by symbol with a checker, else by name in its function. */
function references(scope: FileScope, checker: ts.TypeChecker | undefined, name: ts.Identifier): ts.Identifier[] {
  const { t } = scope;
  const symbol = checker?.getSymbolAtLocation(name);
  const found: ts.Identifier[] = [];
  let container: ts.Node = name;
  while (container.parent && !t.isSourceFile(container) && !(t.isFunctionLike(container) && !t.isArrowFunction(container))) container = container.parent;
  const root = symbol ? scope.sourceFile : container;
  const visit = (node: ts.Node): void => {
    if (t.isIdentifier(node) && node !== name && node.text === name.text) {
      const parent = node.parent;
      const isPropertyName = (t.isPropertyAccessExpression(parent) && parent.name === node) || (t.isPropertyAssignment(parent) && parent.name === node);
      if (!isPropertyName && (!symbol || checker?.getSymbolAtLocation(node) === symbol)) found.push(node);
    }
    t.forEachChild(node, visit);
  };
  visit(root);
  return found;
}

/** The pattern node of an assertion of the legacy format on `value`, or `undefined`. */
function legacyFormatPattern(scope: FileScope, checker: ts.TypeChecker | undefined, value: ts.Expression, thread: string | undefined): ts.Expression | undefined {
  const { t } = scope;
  const parent = value.parent;
  // value.startsWith('run_') / value.match(/^run_/) / value.includes('run_x_')
  if (t.isPropertyAccessExpression(parent) && parent.expression === value && t.isCallExpression(parent.parent) && parent.parent.expression === parent) {
    const argument = parent.parent.arguments[0];
    const method = parent.name.text;
    if (!argument) return undefined;
    if (method === 'startsWith') return isLegacyString(t, argument, 'prefix', thread) ? argument : undefined;
    if (method === 'includes') return isLegacyString(t, argument, 'contains', thread) ? argument : undefined;
    if (method === 'match' || method === 'search') return isLegacyRegex(scope, checker, argument, thread) ? argument : undefined;
    return undefined;
  }
  if (!t.isCallExpression(parent) || !parent.arguments.includes(value)) return undefined;
  const callee = parent.expression;
  // /^run_/.test(value)
  if (t.isPropertyAccessExpression(callee) && callee.name.text === 'test' && parent.arguments[0] === value) {
    return isLegacyRegex(scope, checker, callee.expression, thread) ? callee.expression : undefined;
  }
  // assert.match(value, /^run_/)
  if (t.isPropertyAccessExpression(callee) && callee.name.text === 'match' && t.isIdentifier(callee.expression) && callee.expression.text === 'assert' && parent.arguments[0] === value) {
    const pattern = parent.arguments[1];
    return pattern && isLegacyRegex(scope, checker, pattern, thread) ? pattern : undefined;
  }
  // expect(value).toMatch(/^run_/) / .toContain('run_') (not under `.not`)
  if (t.isIdentifier(callee) && callee.text === 'expect' && parent.arguments[0] === value) {
    const matcher = parent.parent;
    if (!t.isPropertyAccessExpression(matcher) || matcher.expression !== parent || !assertionMatchers.has(matcher.name.text)) return undefined;
    const assertion = matcher.parent;
    const pattern = t.isCallExpression(assertion) && assertion.expression === matcher ? assertion.arguments[0] : undefined;
    if (!pattern) return undefined;
    if (matcher.name.text === 'toStartWith') return isLegacyString(t, pattern, 'prefix', thread) ? pattern : undefined;
    return isLegacyRegex(scope, checker, pattern, thread) || isLegacyString(t, pattern, 'contains', thread) ? pattern : undefined;
  }
  return undefined;
}

function samples(thread: string | undefined): { legacy: string; canonical: string } {
  const name = thread ?? 'support';
  return { legacy: `run_${name}_${legacySuffix}`, canonical: `thread_${name}_run_1700000000000_${legacySuffix}` };
}

/** A string a legacy id starts with (or contains) that a canonical id of the same thread does not. */
function isLegacyString(t: typeof ts, node: ts.Expression, how: 'prefix' | 'contains', thread: string | undefined): boolean {
  if (!t.isStringLiteralLike(node)) return false;
  const text = node.text;
  if (how === 'prefix') return text.startsWith('run_');
  if (thread === undefined) return /^run_\D/.test(text);
  const { legacy, canonical } = samples(thread);
  return legacy.includes(text) && !canonical.includes(text);
}

/** A regex (literal, or a constant of the file holding one) anchored on `^run_`, or matching only legacy samples. */
function isLegacyRegex(scope: FileScope, checker: ts.TypeChecker | undefined, node: ts.Expression, thread: string | undefined): boolean {
  const literal = regexLiteralOf(scope, checker, node);
  if (!literal) return false;
  const text = literal.text;
  const slash = text.lastIndexOf('/');
  const source = text.slice(1, slash);
  if (/^\^run_/.test(source)) return true;
  if (thread === undefined) return false;
  let regex: RegExp;
  try {
    regex = new RegExp(source, text.slice(slash + 1).replace(/[gy]/g, ''));
  } catch {
    return false;
  }
  const { legacy, canonical } = samples(thread);
  return regex.test(legacy) && !regex.test(canonical);
}

function regexLiteralOf(scope: FileScope, checker: ts.TypeChecker | undefined, node: ts.Expression): ts.RegularExpressionLiteral | undefined {
  const { t } = scope;
  if (t.isRegularExpressionLiteral(node)) return node;
  if (!t.isIdentifier(node)) return undefined;
  const declaration = checker?.getSymbolAtLocation(node)?.valueDeclaration ?? constantNamed(scope, node.text);
  const initializer = declaration && t.isVariableDeclaration(declaration) && declaration.parent.flags & t.NodeFlags.Const ? declaration.initializer : undefined;
  return initializer && t.isRegularExpressionLiteral(initializer) ? initializer : undefined;
}

/** A top-level `const name = …` of the file (without a checker). */
function constantNamed(scope: FileScope, name: string): ts.VariableDeclaration | undefined {
  const { t } = scope;
  for (const statement of scope.sourceFile.statements) {
    if (!t.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) if (t.isIdentifier(declaration.name) && declaration.name.text === name) return declaration;
  }
  return undefined;
}
