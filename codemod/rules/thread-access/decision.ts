/**
 * Whether a thread read may become a read derived from its run ID: the places where the two are not
 * interchangeable even when the run ID is this system's. Each check returns the warning to give, or `undefined`.
 *
 * - a test assertion reads the field to test the field (`expect(run.thread_id).toBe(…)`);
 * - the field is compared with something derived from the same run (a pair check or mismatch detector:
 *   derived, it could never fire), directly or through locals;
 * - the read sits in a branch whose condition reads the same run ID, or in the `catch` of a `try` that parses it
 *   (the branch taken when the run ID is unreadable: a derived read there would throw), or in a branch taken when
 *   the field disagrees with something (`if (row.thread_id !== embedded) report(row.thread_id)`);
 * - a fallback (`??`, `||`, `&&`, `?:`, a truthiness test) depends on the field's presence, and the two fields
 *   are not both always present;
 * - the field is compared while it may hold a thread stored with a `thread_` prefix (the provenance analysis saw
 *   one flow into it) that the thread embedded in the run ID lacks.
 */
import type { ts } from 'ts-morph';
import type { EvidenceSite } from '../../analysis/provenance';
import type { RuleWarning } from '../../rule';

/** Callees whose arguments a test asserts on: `expect(x)`, `assert.equal(x, …)`, `t.is(x, …)`, `should(x)`. */
const ASSERTION_ROOTS = new Set(['expect', 'assert', 'should', 'expectTypeOf', 'assertType']);
/** Methods of an AVA / tap / node:test context `t` that assert. */
const CONTEXT_ASSERTIONS = /^(is|not|deepEqual|notDeepEqual|like|truthy|falsy|true|false|equal|notEqual|strictEqual|same|match|assert|ok|throws|snapshot)$/;
/** Functions that check a thread against a run (`validateIdPair`, `assertSameThread`, `belongsTo` …), by name. */
const CHECKING_CALL = /valid|check|verif|assert|match|same|equal|pair|belong|consisten/i;
/** Calls that compare their argument with stored values: `map.get(t)`, `set.has(t)`, `list.includes(t)` … */
const LOOKUP_METHODS = new Set(['get', 'has', 'includes', 'indexOf', 'startsWith', 'endsWith', 'localeCompare', 'delete']);

/** The read being judged, and how to recognise a read of the same run ID. */
export interface ThreadRead {
  readonly node: ts.Node;
  readonly label: string;
  readonly runName: string;
  readonly isRunRead: (node: ts.Node) => boolean;
  /** Both fields are declared always present (neither optional nor nullable). */
  readonly bothAlwaysPresent: boolean;
  /** Where a `thread_`-prefixed thread flows into the thread field, if anywhere. */
  readonly prefixedThread?: EvidenceSite;
}

export type Verdict = Omit<RuleWarning, 'line' | 'column'> | undefined;

export class ReadDecision {
  constructor(
    private readonly t: typeof ts,
    private readonly sourceFile: ts.SourceFile,
    private readonly checker: ts.TypeChecker,
  ) {}

  /** The first reason this read must stay, or `undefined` when the derived read keeps behaviour. */
  judge(read: ThreadRead): Verdict {
    const assertion = this.assertionCallee(read.node);
    if (assertion !== undefined) {
      return { code: 'test-assertion', message: `${read.label} is what ${assertion}(…) tests: a derived read would no longer test the field; not rewritten` };
    }
    if (this.comparedWithRun(read)) {
      return {
        code: 'pair-check',
        message: `${read.label} is compared with a value derived from ${read.runName} of the same run: derived from it, the check could never fail; not rewritten`,
      };
    }
    if (this.inDisagreementBranch(read)) {
      return {
        code: 'mismatch-branch',
        message: `${read.label} is read in a branch taken when it disagrees with another value: there it reports the stored thread, which a derived read would not; not rewritten`,
      };
    }
    if (this.inUnreadableBranch(read)) {
      return {
        code: 'unreadable-run-branch',
        message: `${read.label} is read where ${read.runName} may be unreadable (a branch or catch that depends on it): a derived read would throw there; not rewritten`,
      };
    }
    if (!read.bothAlwaysPresent && this.inPresenceContext(read.node)) {
      return {
        code: 'fallback-presence',
        message: `${read.label} decides a fallback or test by its presence, and it and ${read.runName} are not both always present: the derived read could choose differently; not rewritten`,
      };
    }
    if (this.comparedWithPrefixed(read)) {
      return {
        code: 'thread-prefix',
        message: `${read.label} is compared with a "thread_"-prefixed thread here: stored threads may carry the prefix that the thread inside a run ID lacks; compare with validateIdPair(runId, threadId) or normalizeThreadId(…) instead; not rewritten`,
      };
    }
    if (read.prefixedThread && this.isCompared(read.node)) {
      const where = `${read.prefixedThread.what} at ${read.prefixedThread.file}:${read.prefixedThread.line}`;
      return {
        code: 'thread-prefix',
        message: `${read.label} is compared, and it may hold a thread stored with a "thread_" prefix (${where}) that the thread inside a run ID lacks: compare with validateIdPair(runId, threadId) or normalizeThreadId(…) instead; not rewritten`,
      };
    }
    return undefined;
  }

  // ---- test assertions ----------------------------------------------------------------------------------------

  private assertionCallee(node: ts.Node): string | undefined {
    const t = this.t;
    // Up to the statement: through callbacks with an expression body (`expect(runs.map((r) => r.thread_id))`).
    for (let current = node; current.parent && !t.isStatement(current.parent) && !t.isBlock(current.parent); current = current.parent) {
      const parent = current.parent;
      if (!t.isCallExpression(parent) || !parent.arguments.includes(current as ts.Expression)) continue;
      const callee = parent.expression;
      const root = this.rootName(callee);
      if (root !== undefined && ASSERTION_ROOTS.has(root)) return callee.getText(this.sourceFile);
      if (t.isPropertyAccessExpression(callee) && t.isIdentifier(callee.expression) && callee.expression.text === 't' && CONTEXT_ASSERTIONS.test(callee.name.text)) {
        return callee.getText(this.sourceFile);
      }
    }
    return undefined;
  }

  /** `expect.soft` → `expect`, `assert.strict.equal` → `assert`. */
  private rootName(callee: ts.Expression): string | undefined {
    const t = this.t;
    let current = callee;
    while (t.isPropertyAccessExpression(current) || t.isCallExpression(current)) current = current.expression;
    return t.isIdentifier(current) ? current.text : undefined;
  }

  // ---- comparisons with the same run --------------------------------------------------------------------------

  private comparedWithRun(read: ThreadRead): boolean {
    const t = this.t;
    const current = this.skipWrappers(read.node);
    const parent = current.parent;
    if (t.isCallExpression(parent) && parent.arguments.includes(current as ts.Expression)) {
      const callee = t.isPropertyAccessExpression(parent.expression) ? parent.expression.name.text : t.isIdentifier(parent.expression) ? parent.expression.text : '';
      return CHECKING_CALL.test(callee) && parent.arguments.some((argument) => argument !== current && this.derivesFromRun(argument, read.isRunRead, 3));
    }
    if (t.isBinaryExpression(parent) && this.isEquality(parent.operatorToken.kind)) {
      return this.derivesFromRun(parent.left === current ? parent.right : parent.left, read.isRunRead, 3);
    }
    if (t.isCaseClause(parent) || t.isSwitchStatement(parent)) {
      const switchStatement = t.isCaseClause(parent) ? parent.parent.parent : parent;
      const others = [switchStatement.expression, ...switchStatement.caseBlock.clauses.flatMap((clause) => (t.isCaseClause(clause) ? [clause.expression] : []))];
      return others.some((other) => other !== current && this.derivesFromRun(other, read.isRunRead, 3));
    }
    return false;
  }

  /**
   * `expression` reads the run ID: directly, or through a local whose initializer (or destructuring source) does,
   * up to `depth` steps (`const t = extractThreadId(e.run_id); … t !== e.thread_id`).
   */
  private derivesFromRun(expression: ts.Node, isRunRead: (node: ts.Node) => boolean, depth: number): boolean {
    const t = this.t;
    const visit = (node: ts.Node): boolean => {
      if (isRunRead(node)) return true;
      if (depth > 0 && t.isIdentifier(node)) {
        const initializer = this.localInitializer(node);
        if (initializer && this.derivesFromRun(initializer, isRunRead, depth - 1)) return true;
      }
      return t.forEachChild(node, (child) => (visit(child) ? true : undefined)) === true;
    };
    return visit(expression);
  }

  /** The initializer a local name was declared with (for a destructured name, the object it came from). */
  private localInitializer(identifier: ts.Identifier): ts.Expression | undefined {
    const t = this.t;
    const symbol = this.checker.getSymbolAtLocation(identifier);
    const declaration = symbol?.valueDeclaration;
    if (!declaration || declaration.getSourceFile() !== this.sourceFile) return undefined;
    let holder: ts.Node = declaration;
    while (t.isBindingElement(holder) || t.isObjectBindingPattern(holder) || t.isArrayBindingPattern(holder)) holder = holder.parent;
    return t.isVariableDeclaration(holder) ? holder.initializer : undefined;
  }

  // ---- branches taken when the run ID is unreadable -----------------------------------------------------------

  private inUnreadableBranch(read: ThreadRead): boolean {
    const t = this.t;
    for (let current: ts.Node = read.node; current.parent; current = current.parent) {
      const parent = current.parent;
      if (t.isIfStatement(parent) && parent.expression !== current && this.derivesFromRun(parent.expression, read.isRunRead, 3)) return true;
      if (t.isConditionalExpression(parent) && parent.condition !== current && this.derivesFromRun(parent.condition, read.isRunRead, 3)) return true;
      if (t.isBinaryExpression(parent) && parent.right === current && this.isLogical(parent.operatorToken.kind) && this.derivesFromRun(parent.left, read.isRunRead, 3)) return true;
      if (t.isCatchClause(parent) && this.parsesRun(parent.parent.tryBlock, read.isRunRead)) return true;
      if (t.isFunctionLike(parent)) return false;
    }
    return false;
  }

  /** Some call in `block` is given the run ID itself (or a local copy of it): it may throw on an unreadable one. */
  private parsesRun(block: ts.Node, isRunRead: (node: ts.Node) => boolean): boolean {
    const t = this.t;
    const isRun = (argument: ts.Expression): boolean => {
      const node = this.skipInner(argument);
      if (isRunRead(node)) return true;
      const initializer = t.isIdentifier(node) ? this.localInitializer(node) : undefined;
      return initializer !== undefined && isRunRead(this.skipInner(initializer));
    };
    const visit = (node: ts.Node): boolean => {
      if ((t.isCallExpression(node) || t.isNewExpression(node)) && (node.arguments ?? []).some(isRun)) return true;
      return t.forEachChild(node, (child) => (visit(child) ? true : undefined)) === true;
    };
    return visit(block);
  }

  private skipInner(expression: ts.Expression): ts.Expression {
    const t = this.t;
    let node = expression;
    while (t.isParenthesizedExpression(node) || t.isNonNullExpression(node) || t.isAsExpression(node)) node = node.expression;
    return node;
  }

  /**
   * The code itself compares this field with a `thread_`-prefixed value in the same expression
   * (`row.thread_id === t || row.thread_id === \`thread_${t}\``): stored threads may carry the prefix.
   */
  private comparedWithPrefixed(read: ThreadRead): boolean {
    const t = this.t;
    const text = this.compact(read.node);
    let scope: ts.Node = read.node;
    while (scope.parent && !t.isStatement(scope.parent) && !t.isFunctionLike(scope.parent)) scope = scope.parent;
    const prefixed = (side: ts.Expression): boolean => /^[`'"]thread_/.test(this.skipInner(side).getText(this.sourceFile));
    const visit = (node: ts.Node): boolean => {
      if (t.isBinaryExpression(node) && this.isEquality(node.operatorToken.kind)) {
        if ((this.compact(node.left) === text && prefixed(node.right)) || (this.compact(node.right) === text && prefixed(node.left))) return true;
      }
      return t.forEachChild(node, (child) => (visit(child) ? true : undefined)) === true;
    };
    return visit(scope);
  }

  /** Inside `if (…x.thread_id !== other…)` (or `?:`): the branch where the stored thread disagrees with something. */
  private inDisagreementBranch(read: ThreadRead): boolean {
    const t = this.t;
    const text = this.compact(read.node);
    const comparesField = (condition: ts.Node): boolean => {
      const visit = (node: ts.Node): boolean => {
        if (t.isBinaryExpression(node) && this.isEquality(node.operatorToken.kind) && [node.left, node.right].some((side) => this.compact(side) === text)) return true;
        return t.forEachChild(node, (child) => (visit(child) ? true : undefined)) === true;
      };
      return visit(condition);
    };
    for (let current: ts.Node = read.node; current.parent; current = current.parent) {
      const parent = current.parent;
      if (t.isIfStatement(parent) && parent.expression !== current && comparesField(parent.expression)) return true;
      if (t.isConditionalExpression(parent) && parent.condition !== current && comparesField(parent.condition)) return true;
      if (t.isFunctionLike(parent)) return false;
    }
    return false;
  }

  private compact(node: ts.Node): string {
    return node.getText(this.sourceFile).replace(/\s+|\?/g, '');
  }

  // ---- presence and comparisons -------------------------------------------------------------------------------

  private inPresenceContext(node: ts.Node): boolean {
    const t = this.t;
    const current = this.skipWrappers(node);
    const parent = current.parent;
    if (t.isBinaryExpression(parent) && this.isLogical(parent.operatorToken.kind)) return true;
    if (t.isConditionalExpression(parent) && parent.condition === current) return true;
    if ((t.isIfStatement(parent) || t.isWhileStatement(parent) || t.isDoStatement(parent)) && parent.expression === current) return true;
    if (t.isForStatement(parent) && parent.condition === current) return true;
    if (t.isPrefixUnaryExpression(parent) && parent.operator === t.SyntaxKind.ExclamationToken) return true;
    if (t.isCallExpression(parent) && t.isIdentifier(parent.expression) && parent.expression.text === 'Boolean') return true;
    return false;
  }

  private isCompared(node: ts.Node): boolean {
    const t = this.t;
    const current = this.skipWrappers(node);
    const parent = current.parent;
    if (t.isBinaryExpression(parent) && this.isEquality(parent.operatorToken.kind)) return true;
    if (t.isCaseClause(parent) || (t.isSwitchStatement(parent) && parent.expression === current)) return true;
    if (t.isCallExpression(parent) && parent.arguments.includes(current as ts.Expression)) {
      const callee = parent.expression;
      if (t.isPropertyAccessExpression(callee) && LOOKUP_METHODS.has(callee.name.text)) return true;
    }
    // The receiver of a comparison method: `run.thread_id.startsWith(…)`.
    return t.isPropertyAccessExpression(parent) && parent.expression === current && LOOKUP_METHODS.has(parent.name.text);
  }

  private skipWrappers(node: ts.Node): ts.Node {
    const t = this.t;
    let current = node;
    while (t.isParenthesizedExpression(current.parent) || t.isNonNullExpression(current.parent) || t.isAsExpression(current.parent)) current = current.parent;
    return current;
  }

  private isEquality(kind: ts.SyntaxKind): boolean {
    const t = this.t;
    return kind === t.SyntaxKind.EqualsEqualsEqualsToken || kind === t.SyntaxKind.ExclamationEqualsEqualsToken || kind === t.SyntaxKind.EqualsEqualsToken || kind === t.SyntaxKind.ExclamationEqualsToken;
  }

  private isLogical(kind: ts.SyntaxKind): boolean {
    const t = this.t;
    return kind === t.SyntaxKind.QuestionQuestionToken || kind === t.SyntaxKind.BarBarToken || kind === t.SyntaxKind.AmpersandAmpersandToken;
  }
}
