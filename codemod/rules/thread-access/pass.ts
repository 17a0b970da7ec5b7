/**
 * The edit side of rule `thread-access`: finds thread reads (`x.thread_id`, `x['threadId']`, destructuring),
 * asks the provenance analysis whether the run ID beside them is this system's, asks `ReadDecision` whether a
 * derived read keeps behaviour there, and renders `threadIdOf(x.run_id)` where both agree.
 *
 * A site is rewritten only with a type checker: the receiver's type must declare the run field, the project's
 * provenance must show that field carries this system's run IDs and nothing foreign, and the derived expression
 * must have the same static type as the read it replaces (`threadIdOf` maps `string` to `string`,
 * `string | undefined` to `string | undefined`, …).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ts } from 'ts-morph';
import type { RunIdProvenance } from '../../analysis/provenance';
import { isPropertyNameIdentifier, planImports, removeListElements } from '../../imports';
import type { RuleContext, RuleResult, RuleWarning, TextEdit } from '../../rule';
import { ReadDecision } from './decision';
import type { ThreadRead } from './decision';
import { describeShape, isNullable, sameShape, shapeOfType } from './shapes';
import type { Shape } from './shapes';

/** Thread field → run fields it can be derived from, same naming style first. */
export const RUN_FIELDS_FOR: ReadonlyMap<string, readonly string[]> = new Map([
  ['thread_id', ['run_id', 'runId']],
  ['threadId', ['runId', 'run_id']],
]);

const HELPER = 'threadIdOf';

/** A receiver that carries a run ID, as far as the types go. */
interface RunEvidence {
  readonly runName: string;
  /** Shape of the run field's declared type (before any optional chain). */
  readonly runShape: Shape;
  /** Shape of the thread field's declared type. */
  readonly threadShape: Shape;
  /** Every declaration of the run field (one per member of a union), for the provenance analysis. */
  readonly runDeclarations: readonly ts.Node[];
  /** Every declaration of the thread field. */
  readonly threadDeclarations: readonly ts.Node[];
}

type Lookup = RunEvidence | 'derived' | undefined;

/** One rewrite, rendered once the helper's local name is known. */
interface Candidate {
  readonly group: string;
  readonly render: (helper: string) => TextEdit[];
  /** For a field read: the field of the receiver in the enclosing function, to match writes beside it. */
  readonly scopedField?: string;
  readonly node?: ts.Node;
}

interface Failure {
  readonly group: string;
  readonly warning: RuleWarning;
}

export interface PassSettings {
  /** The project's provenance, computed on first use (a file without a candidate read never pays for it). */
  readonly provenance: () => RunIdProvenance;
  /** Absolute paths of the legacy ID modules: thread fields they declare are already derived (their own pairs). */
  readonly legacyModuleFiles: ReadonlySet<string>;
}

const packageNameCache = new Map<string, string | undefined>();

/** `name` of the nearest package.json above `fileName` (cached per folder). */
function owningPackage(fileName: string): string | undefined {
  const visited: string[] = [];
  let folder = dirname(fileName);
  let name: string | undefined;
  for (;;) {
    if (packageNameCache.has(folder)) {
      name = packageNameCache.get(folder);
      break;
    }
    visited.push(folder);
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest)) {
      try {
        const parsed: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
        name = typeof parsed === 'object' && parsed !== null && 'name' in parsed && typeof parsed.name === 'string' ? parsed.name : undefined;
      } catch {
        name = undefined;
      }
      break;
    }
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  for (const seen of visited) packageNameCache.set(seen, name);
  return name;
}

/** `unified-id/testing` → `unified-id`, `@acme/ids/x` → `@acme/ids`. */
function packageOfSpecifier(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

export class ThreadAccessPass {
  private readonly t: typeof ts;
  private readonly sourceFile: ts.SourceFile;
  private readonly text: string;
  private readonly checker: ts.TypeChecker;
  private readonly decision: ReadDecision;
  private readonly candidates: Candidate[] = [];
  private readonly failures: Failure[] = [];
  /** Fields written (`x.thread_id = …`) per enclosing function: reads there would no longer see the write. */
  private readonly writtenFields = new Set<string>();
  private readonly symbolIds = new Map<ts.Symbol, number>();
  private readonly packageName: string;

  constructor(
    private readonly context: RuleContext,
    checker: ts.TypeChecker,
    private readonly settings: PassSettings,
  ) {
    this.t = context.ts;
    this.sourceFile = context.sourceFile;
    this.text = context.text;
    this.checker = checker;
    this.decision = new ReadDecision(this.t, this.sourceFile, checker);
    this.packageName = packageOfSpecifier(context.options.importFrom);
  }

  run(): RuleResult {
    if (this.sourceFile.isDeclarationFile) return { edits: [], warnings: [] };
    const visit = (node: ts.Node): void => {
      this.inspect(node);
      this.t.forEachChild(node, visit);
    };
    visit(this.sourceFile);

    for (const candidate of this.candidates) {
      if (candidate.scopedField !== undefined && candidate.node && this.writtenFields.has(candidate.scopedField)) {
        const label = candidate.node.getText(this.sourceFile);
        this.warn(candidate.group, candidate.node, 'written-nearby', `${label} is also written in this function: a derived read would not see the write; not rewritten`);
      }
    }
    const failedGroups = new Set(this.failures.map((f) => f.group));
    const accepted = this.candidates.filter((c) => !failedGroups.has(c.group));
    const warnings = this.failures.map((f) => f.warning);
    if (accepted.length === 0) return { edits: [], warnings };
    const request = { name: HELPER, from: this.context.options.importFrom };
    const plan = planImports(this.context, [request]);
    const helper = plan.localName(request);
    const edits = [...plan.edits, ...accepted.flatMap((c) => c.render(helper))];
    return { edits, warnings, sites: accepted.length };
  }

  // ---- site discovery -------------------------------------------------------------------------------------------

  private inspect(node: ts.Node): void {
    const t = this.t;
    if (t.isPropertyAccessExpression(node) && t.isIdentifier(node.name) && RUN_FIELDS_FOR.has(node.name.text)) {
      this.inspectAccess(node, node.name.text, node.name);
    } else if (t.isElementAccessExpression(node) && t.isStringLiteralLike(node.argumentExpression) && RUN_FIELDS_FOR.has(node.argumentExpression.text)) {
      this.inspectAccess(node, node.argumentExpression.text, node.argumentExpression);
    } else if (t.isVariableDeclaration(node) && t.isObjectBindingPattern(node.name)) {
      this.inspectVariablePattern(node, node.name);
    } else if (t.isParameter(node) && t.isObjectBindingPattern(node.name)) {
      this.inspectParameterPattern(node, node.name);
    }
  }

  private warn(group: string, node: ts.Node, code: string, message: string): void {
    const { line, character } = this.sourceFile.getLineAndCharacterOfPosition(node.getStart(this.sourceFile));
    this.failures.push({ group, warning: { code, message, line: line + 1, column: character + 1 } });
  }

  private inspectAccess(node: ts.PropertyAccessExpression | ts.ElementAccessExpression, threadName: string, nameNode: ts.Node): void {
    const t = this.t;
    const receiver = node.expression;
    if (receiver.kind === t.SyntaxKind.SuperKeyword) return;
    // `x.threadId()` calls a method of that name: not an ID read.
    if ((t.isCallExpression(node.parent) || t.isNewExpression(node.parent) || t.isTaggedTemplateExpression(node.parent)) && (t.isTaggedTemplateExpression(node.parent) ? node.parent.tag : node.parent.expression) === node) return;
    const written = this.isWriteTarget(node);
    const chained = t.isOptionalChain(node);
    const evidence = this.typedEvidence(this.checker.getTypeAtLocation(receiver), threadName);
    if (evidence === undefined || evidence === 'derived') return;
    const group = `${this.receiverKey(receiver)}.${threadName}@${this.narrowingScope(node).pos}`;
    const scopedField = `${group}#${this.enclosingFunction(node).pos}`;
    const label = `${receiver.getText(this.sourceFile)}.${threadName}`;
    if (written) {
      this.writtenFields.add(scopedField);
      return;
    }
    if (!this.provenWithWarning(group, node, label, `${receiver.getText(this.sourceFile)}.${evidence.runName}`, evidence)) return;
    const isRunRead = this.runReadMatcher(receiver, evidence.runName);
    if (!this.judgedWithWarning(group, { node, label, runName: evidence.runName, isRunRead, ...this.readFacts(evidence) })) return;

    if (chained && this.continuesOptionalChain(node)) {
      this.warn(group, node, 'optional-chain-continues', `${label}: the optional chain continues after the thread read; not rewritten`);
      return;
    }
    if (receiver.kind === t.SyntaxKind.ThisKeyword && this.duringConstruction(node, evidence.runName)) {
      this.warn(group, node, 'this-during-construction', `${label}: read while the object is being built (its run ID may not be set yet); not rewritten`);
      return;
    }
    const derived: Shape = { ...evidence.runShape, hasUndefined: evidence.runShape.hasUndefined || chained };
    const original = this.shapeOf(this.checker.getTypeAtLocation(node));
    if (!sameShape(original, derived)) {
      this.warn(
        group,
        node,
        'type-would-change',
        `${label} is ${describeShape(original)} here but ${HELPER}(…${evidence.runName}) would be ${describeShape(derived)}; this read and the other reads of it in this function are left as they are`,
      );
      return;
    }
    const text = this.text;
    const start = node.getStart(this.sourceFile);
    const nameStart = nameNode.getStart(this.sourceFile);
    const nameEnd = nameNode.getEnd();
    const newName = t.isStringLiteralLike(nameNode) ? `${text[nameStart]}${evidence.runName}${text[nameEnd - 1]}` : evidence.runName;
    this.candidates.push({
      group,
      scopedField,
      node,
      render: (helper) => [
        { start, end: start, text: `${helper}(` },
        { start: nameStart, end: nameEnd, text: newName },
        { start: node.getEnd(), end: node.getEnd(), text: ')' },
      ],
    });
  }

  private inspectVariablePattern(declaration: ts.VariableDeclaration, pattern: ts.ObjectBindingPattern): void {
    const t = this.t;
    const element = this.threadElement(pattern);
    if (!element) return;
    const threadName = this.propertyName(element)!;
    const initializer = declaration.initializer;
    const evidence = this.typedEvidence(this.checker.getTypeAtLocation(initializer ?? declaration.name), threadName);
    if (evidence === undefined || evidence === 'derived') return;
    const group = `binding@${element.getStart(this.sourceFile)}`;
    const label = `{ ${element.getText(this.sourceFile)} }`;
    if (!this.provenWithWarning(group, element, label, evidence.runName, evidence)) return;
    const list = declaration.parent;
    if (!initializer || !t.isVariableDeclarationList(list) || !t.isVariableStatement(list.parent)) {
      this.warn(group, element, 'unsupported-destructuring', `${label}: destructuring outside a plain variable statement is not rewritten`);
      return;
    }
    const shared = this.checkPatternElement(group, pattern, element, label, evidence);
    if (!shared) return;
    const { bindingName, derivedText, fallbackSuffix } = shared;
    const runLocal = this.patternRunBinding(pattern, evidence.runName);
    const sameReceiver = this.runReadMatcher(initializer, evidence.runName);
    const isRunRead = (n: ts.Node): boolean => (runLocal !== undefined && t.isIdentifier(n) && n.text === runLocal) || sameReceiver(n);
    const scope = this.enclosingFunction(declaration);
    if (!this.referencesJudgedWithWarning(group, this.referencesOf(element.name as ts.Identifier, scope), evidence, isRunRead)) return;

    if (pattern.elements.length === 1) {
      // `const { thread_id } = x` → `const thread_id = threadIdOf(x.run_id)`: x is still evaluated once.
      if (declaration.type) {
        this.warn(group, element, 'unsupported-destructuring', `${label}: annotated destructuring is not rewritten`);
        return;
      }
      // Insertions around the initializer (not a replacement), so reads inside it can be rewritten too.
      const parens = this.needsParentheses(initializer);
      const start = initializer.getStart(this.sourceFile);
      const end = initializer.getEnd();
      this.candidates.push({
        group,
        render: (helper) => [
          { start: pattern.getStart(this.sourceFile), end: pattern.getEnd(), text: bindingName },
          { start, end: start, text: `${helper}(${parens ? '(' : ''}` },
          { start: end, end, text: `${parens ? ')' : ''}.${evidence.runName})${fallbackSuffix}` },
        ],
      });
      return;
    }
    const runSource = this.patternRunBinding(pattern, evidence.runName) ?? this.simpleReceiverRun(initializer, evidence.runName);
    if (runSource === undefined) {
      this.warn(group, element, 'complex-receiver', `${label}: the object is not a plain name and its run ID is not destructured beside it; not rewritten`);
      return;
    }
    this.candidates.push({
      group,
      render: (helper) => [
        ...removeListElements(pattern.elements, new Set([element]), this.sourceFile, this.text),
        { start: declaration.getEnd(), end: declaration.getEnd(), text: `, ${bindingName} = ${derivedText(helper, runSource)}` },
      ],
    });
  }

  private inspectParameterPattern(parameter: ts.ParameterDeclaration, pattern: ts.ObjectBindingPattern): void {
    const t = this.t;
    const element = this.threadElement(pattern);
    if (!element) return;
    const threadName = this.propertyName(element)!;
    const evidence = this.typedEvidence(this.checker.getTypeAtLocation(parameter), threadName);
    if (evidence === undefined || evidence === 'derived') return;
    const group = `binding@${element.getStart(this.sourceFile)}`;
    const label = `{ ${element.getText(this.sourceFile)} }`;
    if (!this.provenWithWarning(group, element, label, evidence.runName, evidence)) return;
    const fn = parameter.parent;
    if (!t.isFunctionLike(fn) || !('body' in fn) || !fn.body || parameter.dotDotDotToken) return;
    if (this.isTableRow(fn)) {
      this.warn(group, element, 'test-table-row', `${label}: a row of an \`.each\` table, whose thread column is what the row checks; not rewritten`);
      return;
    }
    const body = fn.body as ts.ConciseBody;
    const shared = this.checkPatternElement(group, pattern, element, label, evidence);
    if (!shared) return;
    const { bindingName, derivedText } = shared;
    const bindingId = element.name as ts.Identifier;

    const references = this.referencesOf(bindingId, fn);
    if (references.some((r) => this.isWriteTarget(r))) {
      this.warn(group, element, 'written-binding', `${label}: the parameter is reassigned; not rewritten`);
      return;
    }
    if (references.some((r) => !this.isInside(r, body))) {
      this.warn(group, element, 'used-by-parameters', `${label}: another parameter's default reads it; not rewritten`);
      return;
    }
    if (references.length === 0) return;
    const runInPattern = this.patternRunBinding(pattern, evidence.runName);
    const isRunRead = (n: ts.Node): boolean => runInPattern !== undefined && t.isIdentifier(n) && n.text === runInPattern;
    if (!this.referencesJudgedWithWarning(group, references, evidence, isRunRead)) return;

    // The run ID's local name: destructured beside it, or added in place of the thread element.
    let runLocal = this.patternRunBinding(pattern, evidence.runName);
    const patternEdits: TextEdit[] = [];
    if (runLocal === undefined) {
      if (this.nameUsedIn(evidence.runName, fn)) {
        this.warn(group, element, 'name-clash', `${label}: ${evidence.runName} is already a name in this function; not rewritten`);
        return;
      }
      runLocal = evidence.runName;
      patternEdits.push({ start: element.getStart(this.sourceFile), end: element.getEnd(), text: evidence.runName });
    } else {
      patternEdits.push(...removeListElements(pattern.elements, new Set([element]), this.sourceFile, this.text));
    }
    const runText = runLocal;

    if (t.isBlock(body)) {
      const first = body.statements.find((s) => !(t.isExpressionStatement(s) && t.isStringLiteral(s.expression)));
      if (!first) return;
      const firstStart = first.getStart(this.sourceFile);
      const lineStart = this.text.lastIndexOf('\n', firstStart - 1) + 1;
      const before = this.text.slice(lineStart, firstStart);
      const separator = /^[ \t]*$/.test(before) ? `${this.text.includes('\r\n') ? '\r\n' : '\n'}${before}` : ' ';
      this.candidates.push({
        group,
        render: (helper) => [...patternEdits, { start: firstStart, end: firstStart, text: `const ${bindingName} = ${derivedText(helper, runText)};${separator}` }],
      });
      return;
    }
    // Expression body: each read of the binding becomes the derived read (narrowed reads cannot keep their type).
    const declared = this.shapeOf(this.checker.getTypeAtLocation(bindingId));
    for (const reference of references) {
      if (!sameShape(declared, this.shapeOf(this.checker.getTypeAtLocation(reference)))) {
        this.warn(group, reference, 'type-would-change', `${bindingName} is narrowed here; ${label} not rewritten`);
        return;
      }
    }
    this.candidates.push({
      group,
      render: (helper) => [
        ...patternEdits,
        ...references.map((reference) => {
          const derived = derivedText(helper, runText);
          const shorthand = t.isShorthandPropertyAssignment(reference.parent) && reference.parent.name === reference;
          return { start: reference.getStart(this.sourceFile), end: reference.getEnd(), text: shorthand ? `${reference.text}: ${derived}` : derived };
        }),
      ],
    });
  }

  /** `it.each(rows)('…', ({ runId, threadId }) => …)`: the callback of a test table. */
  private isTableRow(fn: ts.Node): boolean {
    const t = this.t;
    const call = fn.parent;
    if (!t.isCallExpression(call) || !call.arguments.includes(fn as ts.Expression)) return false;
    let callee: ts.Expression = call.expression;
    while (t.isCallExpression(callee) || t.isTaggedTemplateExpression(callee)) callee = t.isCallExpression(callee) ? callee.expression : callee.tag;
    return t.isPropertyAccessExpression(callee) && callee.name.text === 'each';
  }

  /** The only top-level thread element of a pattern (no rest, computed key or nesting), else undefined. */
  private threadElement(pattern: ts.ObjectBindingPattern): ts.BindingElement | undefined {
    const matches = pattern.elements.filter((e) => {
      const name = this.propertyName(e);
      return name !== undefined && RUN_FIELDS_FOR.has(name);
    });
    return matches.length === 1 ? matches[0] : undefined;
  }

  private propertyName(element: ts.BindingElement): string | undefined {
    const t = this.t;
    if (element.dotDotDotToken) return undefined;
    const property = element.propertyName ?? element.name;
    if (t.isIdentifier(property) || t.isStringLiteral(property)) return property.text;
    return undefined;
  }

  /** Checks shared by both kinds of destructuring; gives the binding name and the derived expression. */
  private checkPatternElement(
    group: string,
    pattern: ts.ObjectBindingPattern,
    element: ts.BindingElement,
    label: string,
    evidence: RunEvidence,
  ): { bindingName: string; derivedText: (helper: string, run: string) => string; fallbackSuffix: string } | undefined {
    const t = this.t;
    if (pattern.elements.some((e) => e.dotDotDotToken)) {
      this.warn(group, element, 'destructuring-rest', `${label}: a rest element would start collecting the thread field; not rewritten`);
      return undefined;
    }
    if (!t.isIdentifier(element.name)) {
      this.warn(group, element, 'unsupported-destructuring', `${label}: nested destructuring is not rewritten`);
      return undefined;
    }
    const bindingName = element.name.text;
    const runShape = evidence.runShape;
    let derived: Shape = runShape;
    let fallbackText: string | undefined;
    if (element.initializer) {
      // A default applies when the value is undefined: `?? default` matches that unless the run ID can be null.
      const defaultShape = this.shapeOf(this.checker.getTypeAtLocation(element.initializer), true);
      if (runShape.hasNull || !defaultShape.isString || defaultShape.hasNull || defaultShape.hasUndefined) {
        this.warn(group, element, 'thread-default', `${label}: this default cannot be kept exactly on a derived read; not rewritten`);
        return undefined;
      }
      if (runShape.hasUndefined) {
        fallbackText = this.t.isIdentifier(element.initializer) || this.t.isStringLiteralLike(element.initializer) || this.t.isPropertyAccessExpression(element.initializer) || this.t.isCallExpression(element.initializer)
          ? element.initializer.getText(this.sourceFile)
          : `(${element.initializer.getText(this.sourceFile)})`;
        derived = { ...runShape, hasUndefined: false };
      }
    }
    const original = this.shapeOf(this.checker.getTypeAtLocation(element.name));
    if (!sameShape(original, derived)) {
      this.warn(
        group,
        element,
        'type-would-change',
        `${label} is ${describeShape(original)} but the derived read would be ${describeShape(derived)}; not rewritten`,
      );
      return undefined;
    }
    const fallbackSuffix = fallbackText === undefined ? '' : ` ?? ${fallbackText}`;
    return { bindingName, derivedText: (helper, run) => `${helper}(${run})${fallbackSuffix}`, fallbackSuffix };
  }

  /** Local name of the run field destructured in the same pattern (plain, no default), if any. */
  private patternRunBinding(pattern: ts.ObjectBindingPattern, runName: string): string | undefined {
    for (const element of pattern.elements) {
      if (this.propertyName(element) === runName && !element.initializer && this.t.isIdentifier(element.name)) return element.name.text;
    }
    return undefined;
  }

  /** `x.run_id` for a receiver that can be read twice without surprise (a name or `this`). */
  private simpleReceiverRun(receiver: ts.Expression, runName: string): string | undefined {
    if (this.t.isIdentifier(receiver) || receiver.kind === this.t.SyntaxKind.ThisKeyword) return `${receiver.getText(this.sourceFile)}.${runName}`;
    return undefined;
  }

  /** Whether `.field` after `expression` needs it parenthesized (`(await f()).run_id`). */
  private needsParentheses(expression: ts.Expression): boolean {
    const t = this.t;
    const bare =
      t.isIdentifier(expression) ||
      t.isPropertyAccessExpression(expression) ||
      t.isElementAccessExpression(expression) ||
      t.isCallExpression(expression) ||
      t.isParenthesizedExpression(expression) ||
      t.isNonNullExpression(expression) ||
      expression.kind === t.SyntaxKind.ThisKeyword;
    return !bare;
  }

  // ---- evidence ---------------------------------------------------------------------------------------------------

  private typedEvidence(receiverType: ts.Type, threadName: string): Lookup {
    const checker = this.checker;
    const type = checker.getApparentType(checker.getNonNullableType(receiverType));
    const threadSymbol = checker.getPropertyOfType(type, threadName);
    if (!threadSymbol) return undefined;
    // Declared by the package itself (`ExecutionContext`, test kit results) or by a legacy module (its own pairs,
    // `createTestIds()`): already derived from the run ID.
    if (this.declaredByPackage(threadSymbol) || this.declaredByLegacyModule(threadSymbol)) return 'derived';
    for (const runName of RUN_FIELDS_FOR.get(threadName) ?? []) {
      const runSymbol = checker.getPropertyOfType(type, runName);
      if (!runSymbol) continue;
      const runShape = this.shapeOf(checker.getTypeOfSymbol(runSymbol), true);
      if (!runShape.isString) return undefined;
      const threadShape = this.shapeOf(checker.getTypeOfSymbol(threadSymbol));
      return { runName, runShape, threadShape, runDeclarations: runSymbol.declarations ?? [], threadDeclarations: threadSymbol.declarations ?? [] };
    }
    return undefined;
  }

  private shapeOf(type: ts.Type, assignable = false): Shape {
    return shapeOfType(this.t, this.checker, type, assignable);
  }

  /** What `ReadDecision` needs to know of the two fields. */
  private readFacts(evidence: RunEvidence): Pick<ThreadRead, 'bothAlwaysPresent' | 'prefixedThread'> {
    const prefixedThread = this.settings.provenance().evidenceFor(evidence.threadDeclarations).prefixedThread;
    return { bothAlwaysPresent: !isNullable(evidence.runShape) && !isNullable(evidence.threadShape), ...(prefixedThread ? { prefixedThread } : {}) };
  }

  /**
   * The run field carries this system's run IDs and nothing foreign, by the project's provenance; otherwise
   * warns (saying what was found where) and returns false.
   */
  private provenWithWarning(group: string, node: ts.Node, label: string, runLabel: string, evidence: RunEvidence): boolean {
    const found = this.settings.provenance().evidenceFor(evidence.runDeclarations);
    if (found.foreign) {
      const where = `${found.foreign.what} at ${found.foreign.file}:${found.foreign.line}`;
      this.warn(group, node, 'foreign-run-id', `${label}: ${runLabel} also holds IDs that are not this system's (${where}), which ${HELPER} would reject; not rewritten`);
      return false;
    }
    if (!found.system) {
      this.warn(
        group,
        node,
        'unproven-run-id',
        `${label}: nothing in the project shows that ${runLabel} holds this system's run IDs (no generator, reader or run ID literal reaches it); not rewritten. If it does, name the module that makes them under "legacyModules" in unified-id.config.json`,
      );
      return false;
    }
    return true;
  }

  /**
   * `ReadDecision` lets the read become a derived one; otherwise warns and returns false. A verdict concerns this
   * read alone (an assertion on one read leaves the other reads of the field free), so it fails no group.
   */
  private judgedWithWarning(group: string, read: ThreadRead): boolean {
    const verdict = this.decision.judge(read);
    if (!verdict) return true;
    this.warn(`${group}#read@${read.node.pos}`, read.node, verdict.code, verdict.message);
    return false;
  }

  /** Every read of a destructured thread binding passes `ReadDecision`. */
  private referencesJudgedWithWarning(group: string, references: readonly ts.Identifier[], evidence: RunEvidence, isRunRead: (node: ts.Node) => boolean): boolean {
    const facts = this.readFacts(evidence);
    return references.every((reference) => this.judgedWithWarning(group, { node: reference, label: reference.text, runName: evidence.runName, isRunRead, ...facts }));
  }

  /**
   * The thread field is the package's own (`ExecutionContext`, the test kit's pairs): declared in a file that
   * defines exports of `importFrom` as this file imports it, or in another package of that name (node_modules).
   */
  private declaredByPackage(symbol: ts.Symbol): boolean {
    const declarations = symbol.declarations ?? [];
    if (declarations.length === 0) return false;
    const packageFiles = this.packageFiles();
    const ownPackage = owningPackage(this.context.filePath);
    return declarations.every((d) => {
      const fileName = d.getSourceFile().fileName;
      return packageFiles.has(fileName) || (ownPackage !== this.packageName && owningPackage(fileName) === this.packageName);
    });
  }

  private declaredByLegacyModule(symbol: ts.Symbol): boolean {
    const declarations = symbol.declarations ?? [];
    return declarations.length > 0 && declarations.every((d) => this.settings.legacyModuleFiles.has(d.getSourceFile().fileName));
  }

  private packageFilesCache: Set<string> | undefined;

  private packageFiles(): Set<string> {
    if (this.packageFilesCache) return this.packageFilesCache;
    const t = this.t;
    const checker = this.checker;
    const files = new Set<string>();
    for (const statement of this.sourceFile.statements) {
      const specifier = t.isImportDeclaration(statement) || t.isExportDeclaration(statement) ? statement.moduleSpecifier : undefined;
      if (!specifier || !t.isStringLiteral(specifier) || packageOfSpecifier(specifier.text) !== this.packageName) continue;
      const moduleSymbol = checker.getSymbolAtLocation(specifier);
      if (!moduleSymbol) continue;
      for (const exported of checker.getExportsOfModule(moduleSymbol)) {
        const target = exported.flags & t.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
        for (const declaration of target.declarations ?? []) files.add(declaration.getSourceFile().fileName);
      }
    }
    this.packageFilesCache = files;
    return files;
  }

  /** The class `this` refers to, through arrow functions; undefined inside a plain function. */
  private thisClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
    const t = this.t;
    for (let current = node.parent; current; current = current.parent) {
      if (t.isClassLike(current)) return current;
      if (t.isFunctionDeclaration(current) || t.isFunctionExpression(current)) return undefined;
    }
    return undefined;
  }

  // ---- syntax helpers ---------------------------------------------------------------------------------------------

  /** Written rather than read: assignment targets (also compound and destructuring), `++`/`--`, `delete`. */
  private isWriteTarget(node: ts.Node): boolean {
    const t = this.t;
    let current: ts.Node = node;
    let parent = current.parent;
    while (t.isParenthesizedExpression(parent) || t.isNonNullExpression(parent) || t.isAsExpression(parent) || t.isTypeAssertionExpression(parent) || t.isSatisfiesExpression(parent)) {
      current = parent;
      parent = parent.parent;
    }
    if (t.isBinaryExpression(parent) && parent.left === current) {
      const kind = parent.operatorToken.kind;
      if (kind >= t.SyntaxKind.FirstAssignment && kind <= t.SyntaxKind.LastAssignment) return true;
    }
    if ((t.isPrefixUnaryExpression(parent) || t.isPostfixUnaryExpression(parent)) && (parent.operator === t.SyntaxKind.PlusPlusToken || parent.operator === t.SyntaxKind.MinusMinusToken)) {
      return true;
    }
    if (t.isDeleteExpression(parent)) return true;
    if ((t.isForOfStatement(parent) || t.isForInStatement(parent)) && parent.initializer === current) return true;
    // Inside an array / object literal that is itself assigned to: `[x.thread_id] = …`, `({ a: x.thread_id } = …)`.
    let literal: ts.Node = current;
    while (
      t.isArrayLiteralExpression(literal.parent) ||
      t.isObjectLiteralExpression(literal.parent) ||
      t.isSpreadElement(literal.parent) ||
      t.isSpreadAssignment(literal.parent) ||
      t.isParenthesizedExpression(literal.parent) ||
      (t.isPropertyAssignment(literal.parent) && literal.parent.initializer === literal) ||
      (t.isShorthandPropertyAssignment(literal.parent) && literal.parent.name === literal)
    ) {
      literal = literal.parent;
    }
    if (literal === current) return false;
    const holder = literal.parent;
    if (t.isBinaryExpression(holder) && holder.left === literal && holder.operatorToken.kind === t.SyntaxKind.EqualsToken) return true;
    return (t.isForOfStatement(holder) || t.isForInStatement(holder)) && holder.initializer === literal;
  }

  /** `a?.b.thread_id.length`: the chain goes on past the read, so wrapping the read would change what short-circuits. */
  private continuesOptionalChain(node: ts.Expression): boolean {
    const t = this.t;
    let current: ts.Node = node;
    while (t.isNonNullExpression(current.parent) && current.parent.expression === current) current = current.parent;
    const parent = current.parent;
    const continues =
      (t.isPropertyAccessExpression(parent) || t.isElementAccessExpression(parent) || t.isCallExpression(parent)) &&
      parent.expression === current &&
      t.isOptionalChain(parent) &&
      !parent.questionDotToken;
    return continues;
  }

  /** `this.x` read in a constructor, a field initializer, a static block or the run field's own accessor. */
  private duringConstruction(node: ts.Node, runName: string): boolean {
    const t = this.t;
    for (let current = node.parent; current; current = current.parent) {
      if (t.isArrowFunction(current)) continue;
      if (t.isConstructorDeclaration(current) || t.isPropertyDeclaration(current) || t.isClassStaticBlockDeclaration(current)) return true;
      if ((t.isGetAccessorDeclaration(current) || t.isSetAccessorDeclaration(current) || t.isMethodDeclaration(current)) && current.name.getText(this.sourceFile) === runName) return true;
      if (t.isFunctionLike(current) || t.isClassLike(current)) return false;
    }
    return false;
  }

  /**
   * Where narrowing of a field read can reach: the enclosing declared function, method, accessor or field, with
   * the arrow functions and function expressions inside it (callbacks see the narrowing of their container).
   */
  private narrowingScope(node: ts.Node): ts.Node {
    const t = this.t;
    for (let current = node.parent; current; current = current.parent) {
      if (
        t.isFunctionDeclaration(current) ||
        t.isMethodDeclaration(current) ||
        t.isConstructorDeclaration(current) ||
        t.isGetAccessorDeclaration(current) ||
        t.isSetAccessorDeclaration(current) ||
        t.isPropertyDeclaration(current) ||
        t.isClassStaticBlockDeclaration(current)
      ) {
        return current;
      }
    }
    return this.sourceFile;
  }

  private enclosingFunction(node: ts.Node): ts.Node {
    for (let current = node.parent; current; current = current.parent) {
      if (this.t.isFunctionLike(current) || this.t.isSourceFile(current)) return current;
    }
    return this.sourceFile;
  }

  /** Source text without whitespace and `?`, to compare receivers. */
  private compact(node: ts.Node): string {
    return node.getText(this.sourceFile).replace(/\s+|\?/g, '');
  }

  /**
   * Recognises reads of `receiver`'s run field: `x.run_id`, `x['run_id']`, and locals destructured from it
   * (`const { run_id } = x` or `{ run_id: r }`).
   */
  private runReadMatcher(receiver: ts.Expression, runName: string): (node: ts.Node) => boolean {
    const t = this.t;
    const receiverText = this.compact(receiver);
    return (n) => {
      if (this.isFieldRead(n, runName)) return this.compact((n as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression) === receiverText;
      if (!t.isIdentifier(n) || !this.isValueReference(n)) return false;
      const declaration = this.checker.getSymbolAtLocation(n)?.valueDeclaration;
      if (!declaration || !t.isBindingElement(declaration) || !t.isObjectBindingPattern(declaration.parent)) return false;
      const property = declaration.propertyName ?? declaration.name;
      if (!(t.isIdentifier(property) || t.isStringLiteral(property)) || property.text !== runName) return false;
      const holder = declaration.parent.parent;
      return t.isVariableDeclaration(holder) && holder.initializer !== undefined && this.compact(holder.initializer) === receiverText;
    };
  }

  /** `x.<field>` or `x['<field>']` (also optional). */
  private isFieldRead(node: ts.Node, field: string): boolean {
    const t = this.t;
    if (t.isPropertyAccessExpression(node)) return t.isIdentifier(node.name) && node.name.text === field;
    return t.isElementAccessExpression(node) && t.isStringLiteralLike(node.argumentExpression) && node.argumentExpression.text === field;
  }

  /** Key grouping reads of one field of one receiver (narrowing works per reference). */
  private receiverKey(receiver: ts.Expression): string {
    const t = this.t;
    let root: ts.Expression = receiver;
    while (t.isPropertyAccessExpression(root) || t.isElementAccessExpression(root) || t.isNonNullExpression(root) || t.isParenthesizedExpression(root)) root = root.expression;
    const path = receiver.getText(this.sourceFile).replace(/\s+|\?/g, '');
    if (root.kind === t.SyntaxKind.ThisKeyword) return `this@${this.thisClass(root)?.pos ?? -1}:${path}`;
    if (t.isIdentifier(root) && this.checker) {
      const symbol = this.checker.getSymbolAtLocation(root);
      if (symbol) {
        let id = this.symbolIds.get(symbol);
        if (id === undefined) this.symbolIds.set(symbol, (id = this.symbolIds.size));
        return `symbol${id}:${path}`;
      }
    }
    if (t.isIdentifier(root)) return `name:${path}`;
    return `site@${receiver.pos}`;
  }

  private referencesOf(binding: ts.Identifier, scope: ts.Node): ts.Identifier[] {
    const t = this.t;
    const found: ts.Identifier[] = [];
    const symbol = this.checker?.getSymbolAtLocation(binding);
    const visit = (node: ts.Node): void => {
      if (t.isIdentifier(node) && node !== binding && node.text === binding.text && this.isValueReference(node)) {
        if (this.checker ? this.checker.getSymbolAtLocation(node) === symbol || this.checker.getShorthandAssignmentValueSymbol(node.parent) === symbol : true) found.push(node);
      }
      t.forEachChild(node, visit);
    };
    visit(scope);
    return found;
  }

  /** An identifier used as a binding or a reference, not as a property name (`.x`, `{ x: … }`, `x: T` members). */
  private isValueReference(node: ts.Identifier): boolean {
    return !isPropertyNameIdentifier(node, this.t);
  }

  private isInside(node: ts.Node, container: ts.Node): boolean {
    return node.pos >= container.pos && node.end <= container.end;
  }

  private nameUsedIn(name: string, scope: ts.Node): boolean {
    const t = this.t;
    let used = false;
    const visit = (node: ts.Node): void => {
      if (used) return;
      if (t.isIdentifier(node) && node.text === name && this.isValueReference(node)) used = true;
      t.forEachChild(node, visit);
    };
    visit(scope);
    // Also a module-level name the function could mean (an import, a top-level const).
    return used || this.sourceFile.statements.some((s) => this.declaresTopLevel(s, name));
  }

  private declaresTopLevel(statement: ts.Statement, name: string): boolean {
    const t = this.t;
    if (t.isVariableStatement(statement)) return statement.declarationList.declarations.some((d) => t.isIdentifier(d.name) && d.name.text === name);
    if (t.isImportDeclaration(statement)) return statement.getText(this.sourceFile).includes(name);
    if (t.isFunctionDeclaration(statement) || t.isClassDeclaration(statement)) return statement.name?.text === name;
    return false;
  }
}
