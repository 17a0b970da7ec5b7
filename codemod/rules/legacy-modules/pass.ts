/**
 * One file through the `legacy-modules` rule: find the legacy imports, judge every call of their functions
 * (`verdict.ts`), rewrite the calls judged equivalent, drop the bindings none of whose uses remain, add the
 * unified imports, and report what stays and why.
 */
import type { ts } from 'ts-morph';
import { planImports, type ImportRequest } from '../../imports';
import { legacyTargetOf } from '../../legacy-api';
import type { UnifiedExport } from '../../legacy-api';
import type { JsonValue, LegacyModuleSpec, RuleContext, RuleResult, RuleWarning, TextEdit } from '../../rule';
import { findLegacyImports, isShadowed, referencesByName, removeBindings, type FileScope, type LegacyBinding } from './bindings';
import { reportLegacyErrorAssertions } from './error-assertions';
import { reportLegacyFormatAssertions, type ProducedRunId } from './format-assertions';
import { LegacyFunctions } from './legacy-function';
import { specOf } from './modules';
import { Judge, type CallSite, type Verdict } from './verdict';

type Rewrite = CallSite & { readonly callee: ts.Expression; readonly verdict: Extract<Verdict, { kind: 'rewrite' }> };

/** Roles whose migrated result is a freshly made run ID (or, for `test-ids`, holds one). */
const producing = new Set(['generate', 'get-or-generate', 'to-canonical', 'test-ids']);

export class LegacyModulesPass implements FileScope {
  readonly t: typeof ts;
  readonly sourceFile: ts.SourceFile;
  readonly text: string;
  readonly filePath: string;
  readonly relativePath: string;
  private readonly warnings: RuleWarning[] = [];
  private readonly specs: readonly LegacyModuleSpec[];
  private readonly judge: Judge;
  private readonly functions: LegacyFunctions | undefined;

  constructor(private readonly context: RuleContext) {
    this.t = context.ts;
    this.sourceFile = context.sourceFile;
    this.text = context.text;
    this.filePath = context.filePath;
    this.relativePath = context.relativePath;
    this.specs = context.options.legacyModules;
    this.judge = new Judge(context.ts);
    this.functions = context.checker ? new LegacyFunctions(context.ts, context.checker) : undefined;
  }

  warn(node: ts.Node, code: string, message: string): void {
    const { line, character } = this.sourceFile.getLineAndCharacterOfPosition(node.getStart(this.sourceFile));
    this.warnings.push({ code, message, line: line + 1, column: character + 1 });
  }

  run(): RuleResult {
    const found = findLegacyImports(this, this.specs.map((spec) => spec.module));
    const { statements, bindings, partial, imported, kept } = found;
    if (statements.length === 0) return this.result([], imported, kept, 0);

    const references = referencesByName(this, new Set(bindings.map((b) => b.local)), new Set(statements));
    const rewrites: Rewrite[] = [];
    const removable = new Set<LegacyBinding>();
    for (const binding of bindings) {
      const planned = this.planBinding(binding, references.get(binding.local) ?? []);
      rewrites.push(...planned.rewrites);
      if (planned.complete) removable.add(binding);
      else kept.add(binding.module);
    }

    // Statements losing every binding are removed (new imports may take their place); others lose some.
    const removedStatements: ts.Statement[] = [];
    const edits: TextEdit[] = [];
    for (const statement of statements) {
      const own = bindings.filter((b) => b.statement === statement);
      const gone = own.filter((b) => removable.has(b));
      if (gone.length === 0) continue;
      if (gone.length === own.length && !partial.has(statement)) removedStatements.push(statement);
      else edits.push(...removeBindings(this, statement, new Set(gone.map((b) => b.node))));
    }
    if (rewrites.length === 0 && removedStatements.length === 0 && edits.length === 0) return this.result([], imported, kept, 0);

    const importFrom = this.context.options.importFrom;
    const requestOf = (target: UnifiedExport): ImportRequest => ({ name: target.name, from: target.entry === 'testing' ? `${importFrom}/testing` : importFrom });
    const released = new Set([...removable].map((b) => b.local));
    const plan = planImports(this.context, rewrites.map((r) => requestOf(r.verdict.target)), { releasedNames: released, removedStatements });
    edits.push(...plan.edits);
    for (const rewrite of rewrites) edits.push(...this.rewriteEdits(rewrite, plan.localName(requestOf(rewrite.verdict.target))));

    reportLegacyFormatAssertions(this, this.context.checker, rewrites.filter((r) => producing.has(r.legacy.role)).map((r) => this.produced(r)));
    reportLegacyErrorAssertions(this, rewrites.map((r) => ({ call: r.call, description: `${r.verdict.target.name}(…)` })));
    return this.result(edits, imported, kept, rewrites.length);
  }

  private result(edits: TextEdit[], imported: ReadonlySet<string>, kept: ReadonlySet<string>, sites: number): RuleResult {
    const data: JsonValue = imported.size > 0 ? { imported: [...imported].sort(), remaining: [...kept].sort() } : null;
    const warnings = [...this.warnings].sort((a, b) => a.line - b.line || a.column - b.column);
    // The report counts calls rewritten; the import edits that go with them are not sites.
    return { edits, warnings, sites, ...(data ? { data } : {}) };
  }

  /** The rewrites of `binding`'s uses that have an equivalent; `complete` when none is left (the binding can go). */
  private planBinding(binding: LegacyBinding, uses: readonly ts.Identifier[]): { rewrites: Rewrite[]; complete: boolean } {
    const t = this.t;
    if (uses.some((use) => isShadowed(t, use))) {
      this.warn(binding.node, 'shadowed-legacy-name', `${binding.local} from ${binding.module} is declared again in this file: rewrite it by hand, kept`);
      return { rewrites: [], complete: false };
    }
    const map = specOf(this.specs, binding.module)?.map;
    const direct = binding.kind === 'named' && binding.importedName !== undefined ? legacyTargetOf(binding.importedName, map) : undefined;
    if (!direct && binding.kind === 'named' && uses.length === 0) {
      this.warn(binding.node, 'no-equivalent', `${binding.importedName ?? binding.local} from ${binding.module} has no equivalent in the unified API, kept`);
      return { rewrites: [], complete: false };
    }
    const rewrites: Rewrite[] = [];
    let complete = true;
    for (const use of uses) {
      const rewrite = this.planUse(binding, use, direct, map);
      if (rewrite) rewrites.push(rewrite);
      else complete = false;
    }
    return { rewrites, complete };
  }

  /** The rewrite of one use, or `undefined` (with a warning) when it stays. */
  private planUse(binding: LegacyBinding, use: ts.Identifier, direct: ReturnType<typeof legacyTargetOf>, map: Readonly<Record<string, string>> | undefined): Rewrite | undefined {
    const t = this.t;
    let callee: ts.Expression = use;
    let name = binding.local;
    let legacy = direct;
    if (!direct) {
      const access = use.parent;
      if (!t.isPropertyAccessExpression(access) || access.expression !== use || !t.isIdentifier(access.name)) {
        this.warn(use, 'no-equivalent', `${use.text} (${binding.module}) is used whole, not as X.fn(…): no equivalent in the unified API, kept`);
        return undefined;
      }
      callee = access;
      name = `${binding.local}.${access.name.text}`;
      legacy = legacyTargetOf(access.name.text, map);
      if (!legacy) {
        this.warn(use, 'no-equivalent', `${name} (${binding.module}): no equivalent in the unified API (not a historical ID function, nor in the module's "map"), kept`);
        return undefined;
      }
    }
    const call = callee.parent;
    if (!legacy || !t.isCallExpression(call) || call.expression !== callee) {
      this.warn(use, 'legacy-value-use', `${name} (${binding.module}) is used as a value, not called: pass a function of ${this.context.options.importFrom} by hand, kept`);
      return undefined;
    }
    const site: CallSite = { call, name, module: binding.module, legacy };
    const verdict = this.judge.judge(site, this.context.checker && this.functions ? { checker: this.context.checker, legacy: this.functions.describe(call) } : undefined);
    if (verdict.kind === 'keep') {
      this.warn(call, verdict.code, verdict.message);
      return undefined;
    }
    return { ...site, callee, verdict };
  }

  private rewriteEdits(rewrite: Rewrite, local: string): TextEdit[] {
    const { sourceFile, text } = this;
    const { call, callee, verdict } = rewrite;
    const form = verdict.form;
    const edits: TextEdit[] = [];
    const start = call.getStart(sourceFile);
    const end = call.getEnd();
    if (verdict.annotate) {
      const name = verdict.annotate.declaration.name;
      edits.push({ start: name.getEnd(), end: name.getEnd(), text: `: ${verdict.annotate.type}` });
    }
    if (form.kind === 'get-or-generate') {
      // `get(r, t)` → `r ?? generateRunId(t)`, the arguments' text (and any edits inside them) kept in place.
      const open = this.needsParentheses(call) ? '(' : '';
      const close = open ? ')' : '';
      edits.push({ start, end: form.runArgument.getStart(sourceFile), text: open });
      edits.push({ start: form.runArgument.getEnd(), end: form.threadArgument.getStart(sourceFile), text: ` ${form.operator} ${local}(` });
      edits.push({ start: form.threadArgument.getEnd(), end, text: `)${close}` });
      return edits;
    }
    if (text.slice(callee.getStart(sourceFile), callee.getEnd()) !== local) edits.push({ start: callee.getStart(sourceFile), end: callee.getEnd(), text: local });
    if (form.kind === 'null-coalesce') {
      const wrap = this.needsParentheses(call);
      if (wrap) edits.push({ start, end: start, text: '(' });
      edits.push({ start: end, end, text: ` ?? null${wrap ? ')' : ''}` });
    }
    if (form.kind === 'default-thread') edits.push({ start: call.arguments.pos, end: call.arguments.pos, text: this.quoted(form.literal) });
    return edits;
  }

  /** Whether `a ?? b` in place of `call` must be parenthesized (any place but a few that take any expression). */
  private needsParentheses(call: ts.CallExpression): boolean {
    const t = this.t;
    const parent = call.parent;
    if (t.isVariableDeclaration(parent) || t.isReturnStatement(parent) || t.isExpressionStatement(parent) || t.isParenthesizedExpression(parent)) return false;
    if (t.isCallExpression(parent) || t.isNewExpression(parent)) return parent.expression === call;
    if (t.isArrayLiteralExpression(parent) || t.isTemplateSpan(parent) || t.isSpreadElement(parent) || t.isJsxExpression(parent)) return false;
    if (t.isPropertyAssignment(parent) || t.isArrowFunction(parent)) return false;
    if (t.isConditionalExpression(parent)) return parent.condition === call;
    if (t.isBinaryExpression(parent)) return !(parent.right === call && parent.operatorToken.kind === t.SyntaxKind.EqualsToken);
    return true;
  }

  /** A string literal in the file's quote style (the quote of its first string literal, else single). */
  private quoted(value: string): string {
    const t = this.t;
    let quote = "'";
    const find = (node: ts.Node): boolean => {
      if (t.isStringLiteral(node)) {
        quote = node.getText(this.sourceFile).startsWith('"') ? '"' : "'";
        return true;
      }
      return t.forEachChild(node, find) ?? false;
    };
    find(this.sourceFile);
    return `${quote}${value.replace(/\\/g, '\\\\').replaceAll(quote, `\\${quote}`)}${quote}`;
  }

  private produced(rewrite: Rewrite): ProducedRunId {
    const t = this.t;
    const { call, legacy, verdict } = rewrite;
    const threadArgument = verdict.form.kind === 'get-or-generate' ? verdict.form.threadArgument : legacy.role === 'to-canonical' ? undefined : call.arguments[0];
    const thread = verdict.form.kind === 'default-thread' ? verdict.form.literal : threadArgument && t.isStringLiteralLike(threadArgument) ? threadArgument.text : undefined;
    return {
      call,
      pair: legacy.role === 'test-ids',
      ...(thread !== undefined ? { thread } : legacy.role === 'test-ids' && call.arguments.length === 0 ? { thread: 'test_thread' } : {}),
      description: `${verdict.target.name}(…)`,
    };
  }
}
