/**
 * Rule `thread-access`: a thread read next to a run ID (`ctx.thread_id` where `ctx` also has `run_id`) becomes a
 * read derived from the run ID, `threadIdOf(ctx.run_id)`, so the two can no longer drift apart.
 *
 * With a type checker, a receiver carries a run ID when its type has the run field, and a site is rewritten only
 * when the derived expression has the same static type as the read it replaces (`threadIdOf` maps `string` to
 * `string`, `string | undefined` to `string | undefined`, …). Without one, only conservative syntactic evidence
 * counts (see `fallbackEvidence`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ts } from 'ts-morph';
import { isPropertyNameIdentifier, planImports, removeListElements } from '../imports';
import type { Rule, RuleContext, RuleResult, RuleWarning, TextEdit } from '../rule';

/** Thread field → run fields it can be derived from, same naming style first. */
const RUN_FIELDS_FOR: ReadonlyMap<string, readonly string[]> = new Map([
  ['thread_id', ['run_id', 'runId']],
  ['threadId', ['runId', 'run_id']],
]);

const HELPER = 'threadIdOf';

/** Functions that check a thread against a run (`validateIdPair`, `assertSameThread`, `belongsTo` …), by name. */
const CHECKING_CALL = /valid|check|verif|assert|match|same|equal|pair|belong|consisten/i;

/**
 * Text a rewritable site needs: `.thread_id` / `?.threadId`, `['thread_id']`, or a destructuring element
 * (`{ thread_id }`, `{ a, threadId = … }`, `{ thread_id: t }`). Field declarations (`thread_id?: string;`) alone do
 * not match, so files that only declare the field never reach the type-checked program.
 */
const THREAD_READ =
  /\.\s*thread(?:_id|Id)\b|\[\s*['"`]thread(?:_id|Id)['"`]\s*\]|[{,]\s*['"]?thread(?:_id|Id)['"]?\s*(?:[,}=/]|:\s*[A-Za-z_$][\w$]*\s*[,}=/])/;

/** Static shape of a string-ish type: which of `null` / `undefined` it admits, and whether the rest is `string`. */
interface Shape {
  readonly isString: boolean;
  readonly hasNull: boolean;
  readonly hasUndefined: boolean;
}

function sameShape(a: Shape, b: Shape): boolean {
  return a.isString && b.isString && a.hasNull === b.hasNull && a.hasUndefined === b.hasUndefined;
}

function describeShape(shape: Shape): string {
  const parts = [shape.isString ? 'string' : 'a non-string type'];
  if (shape.hasNull) parts.push('null');
  if (shape.hasUndefined) parts.push('undefined');
  return parts.join(' | ');
}

/** A receiver that carries a run ID, as far as the evidence goes. */
interface RunEvidence {
  readonly runName: string;
  /** Shape of the run field's declared type (before any optional chain). */
  readonly runShape: Shape;
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

const isJavaScript = (filePath: string): boolean => /\.[cm]?jsx?$/.test(filePath);

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

class ThreadAccessPass {
  private readonly t: typeof ts;
  private readonly sourceFile: ts.SourceFile;
  private readonly text: string;
  private readonly checker: ts.TypeChecker | undefined;
  private readonly candidates: Candidate[] = [];
  private readonly failures: Failure[] = [];
  /** Fields written (`x.thread_id = …`) per enclosing function: reads there would no longer see the write. */
  private readonly writtenFields = new Set<string>();
  private readonly symbolIds = new Map<ts.Symbol, number>();
  private readonly packageName: string;
  private readonly javaScript: boolean;

  constructor(private readonly context: RuleContext) {
    this.t = context.ts;
    this.sourceFile = context.sourceFile;
    this.text = context.text;
    this.javaScript = isJavaScript(context.filePath);
    // JavaScript has no static types to keep, and inferred `any` says nothing: syntactic evidence only.
    this.checker = this.javaScript ? undefined : context.checker;
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
    return { edits, warnings };
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
    const evidence = this.checker ? this.typedEvidence(this.checker.getTypeAtLocation(receiver), threadName) : this.fallbackEvidence(receiver, threadName);
    if (evidence === undefined || evidence === 'derived') return;
    const group = `${this.receiverKey(receiver)}.${threadName}@${this.narrowingScope(node).pos}`;
    const scopedField = `${group}#${this.enclosingFunction(node).pos}`;
    const label = `${receiver.getText(this.sourceFile)}.${threadName}`;
    if (written) {
      this.writtenFields.add(scopedField);
      return;
    }
    const receiverText = this.compact(receiver);
    const isRunRead = (n: ts.Node): boolean => this.isFieldRead(n, evidence.runName) && this.compact((n as ts.PropertyAccessExpression).expression) === receiverText;
    if (this.checkedAgainstRun(node, isRunRead)) {
      this.warn(group, node, 'pair-check', `${label} is checked against its run ID here: derived from it, the check would always pass; not rewritten`);
      return;
    }

    if (chained && this.continuesOptionalChain(node)) {
      this.warn(group, node, 'optional-chain-continues', `${label}: the optional chain continues after the thread read; not rewritten`);
      return;
    }
    if (receiver.kind === t.SyntaxKind.ThisKeyword && this.duringConstruction(node, evidence.runName)) {
      this.warn(group, node, 'this-during-construction', `${label}: read while the object is being built (its run ID may not be set yet); not rewritten`);
      return;
    }
    const derived: Shape = { ...evidence.runShape, hasUndefined: evidence.runShape.hasUndefined || chained };
    const original = this.checker ? this.shapeOfType(this.checker.getTypeAtLocation(node)) : this.fallbackThreadShape(receiver, threadName, chained);
    if (!original || !sameShape(original, derived)) {
      this.warn(
        group,
        node,
        'type-would-change',
        `${label} is ${original ? describeShape(original) : 'of unknown type'} here but ${HELPER}(…${evidence.runName}) would be ${describeShape(derived)}; this read and the other reads of it in this function are left as they are`,
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
    const evidence = this.checker
      ? this.typedEvidence(this.checker.getTypeAtLocation(initializer ?? declaration.name), threadName)
      : this.patternFallbackEvidence(pattern, threadName, initializer, declaration.type);
    if (evidence === undefined || evidence === 'derived') return;
    const group = `binding@${element.getStart(this.sourceFile)}`;
    const label = `{ ${element.getText(this.sourceFile)} }`;
    const list = declaration.parent;
    if (!initializer || !t.isVariableDeclarationList(list) || !t.isVariableStatement(list.parent)) {
      this.warn(group, element, 'unsupported-destructuring', `${label}: destructuring outside a plain variable statement is not rewritten`);
      return;
    }
    const shared = this.checkPatternElement(group, pattern, element, label, evidence);
    if (!shared) return;
    const { bindingName, derivedText, fallbackSuffix } = shared;
    const runLocal = this.patternRunBinding(pattern, evidence.runName);
    const receiverText = this.compact(initializer);
    const isRunRead = (n: ts.Node): boolean =>
      (runLocal !== undefined && t.isIdentifier(n) && n.text === runLocal) ||
      (this.isFieldRead(n, evidence.runName) && this.compact((n as ts.PropertyAccessExpression).expression) === receiverText);
    const scope = this.enclosingFunction(declaration);
    if (this.referencesOf(element.name as ts.Identifier, scope).some((reference) => this.checkedAgainstRun(reference, isRunRead))) {
      this.warn(group, element, 'pair-check', `${label} is checked against its run ID: derived from it, the check would always pass; not rewritten`);
      return;
    }

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
    const evidence = this.checker
      ? this.typedEvidence(this.checker.getTypeAtLocation(parameter), threadName)
      : this.patternFallbackEvidence(pattern, threadName, undefined, parameter.type);
    if (evidence === undefined || evidence === 'derived') return;
    const group = `binding@${element.getStart(this.sourceFile)}`;
    const label = `{ ${element.getText(this.sourceFile)} }`;
    const fn = parameter.parent;
    if (!t.isFunctionLike(fn) || !('body' in fn) || !fn.body || parameter.dotDotDotToken) return;
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
    if (runInPattern !== undefined && references.some((r) => this.checkedAgainstRun(r, (n) => t.isIdentifier(n) && n.text === runInPattern))) {
      this.warn(group, element, 'pair-check', `${label} is checked against its run ID: derived from it, the check would always pass; not rewritten`);
      return;
    }

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
    if (this.checker) {
      const declared = this.shapeOfType(this.checker.getTypeAtLocation(bindingId));
      for (const reference of references) {
        const here = this.shapeOfType(this.checker.getTypeAtLocation(reference));
        if (!declared || !here || !sameShape(declared, here)) {
          this.warn(group, reference, 'type-would-change', `${bindingName} is narrowed here; ${label} not rewritten`);
          return;
        }
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
      const defaultShape = this.checker
        ? this.shapeOfType(this.checker.getTypeAtLocation(element.initializer), true)
        : this.t.isStringLiteralLike(element.initializer)
          ? { isString: true, hasNull: false, hasUndefined: false }
          : undefined;
      if (runShape.hasNull || !defaultShape || !defaultShape.isString || defaultShape.hasNull || defaultShape.hasUndefined) {
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
    const original = this.checker ? this.shapeOfType(this.checker.getTypeAtLocation(element.name)) : derived;
    if (!original || !sameShape(original, derived)) {
      this.warn(
        group,
        element,
        'type-would-change',
        `${label} is ${original ? describeShape(original) : 'of unknown type'} but the derived read would be ${describeShape(derived)}; not rewritten`,
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
    const checker = this.checker!;
    const type = checker.getApparentType(checker.getNonNullableType(receiverType));
    const threadSymbol = checker.getPropertyOfType(type, threadName);
    if (!threadSymbol) return undefined;
    // Declared by the package itself (`ExecutionContext`, test kit results): already derived from the run ID.
    if (this.declaredByPackage(threadSymbol)) return 'derived';
    for (const runName of RUN_FIELDS_FOR.get(threadName) ?? []) {
      const runSymbol = checker.getPropertyOfType(type, runName);
      if (!runSymbol) continue;
      const runShape = this.shapeOfType(checker.getTypeOfSymbol(runSymbol), true);
      return runShape && runShape.isString ? { runName, runShape } : undefined;
    }
    return undefined;
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

  private packageFilesCache: Set<string> | undefined;

  private packageFiles(): Set<string> {
    if (this.packageFilesCache) return this.packageFilesCache;
    const t = this.t;
    const checker = this.checker!;
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

  /**
   * Shape of a type: `isString` when every non-nullish part is `string` itself — or, for a run ID
   * (`assignable`), anything assignable to `string` (branded or template-literal run IDs).
   */
  private shapeOfType(type: ts.Type, assignable = false): Shape | undefined {
    const t = this.t;
    const checker = this.checker!;
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

  /**
   * Without a checker, a receiver carries a run ID only when its declared type is visible in this file: a name
   * bound to a parameter or variable annotated with a type literal, or with an interface / type alias of this
   * file, or `this` in a class of this file — declaring both fields as `string` with the same optionality.
   */
  private fallbackEvidence(receiver: ts.Expression, threadName: string): Lookup {
    const members = this.visibleMembers(receiver);
    if (!members) return undefined;
    return this.evidenceFromMembers(members, threadName);
  }

  private fallbackThreadShape(receiver: ts.Expression, threadName: string, chained: boolean): Shape | undefined {
    const member = this.visibleMembers(receiver)?.get(threadName);
    if (!member) return undefined;
    return { ...member, hasUndefined: member.hasUndefined || chained };
  }

  private evidenceFromMembers(members: ReadonlyMap<string, Shape>, threadName: string): Lookup {
    const thread = members.get(threadName);
    if (!thread?.isString) return undefined;
    for (const runName of RUN_FIELDS_FOR.get(threadName) ?? []) {
      const run = members.get(runName);
      if (run) return run.isString ? { runName, runShape: run } : undefined;
    }
    return undefined;
  }

  /**
   * Destructuring without a checker: an annotated parameter / initializer whose type is visible (as above), or,
   * in JavaScript (no static types to keep), a pattern that destructures the run field beside the thread field.
   */
  private patternFallbackEvidence(
    pattern: ts.ObjectBindingPattern,
    threadName: string,
    initializer: ts.Expression | undefined,
    annotation?: ts.TypeNode,
  ): Lookup {
    const members = annotation ? this.membersOfTypeNode(annotation) : initializer ? this.visibleMembers(initializer) : undefined;
    if (members) return this.evidenceFromMembers(members, threadName);
    if (!this.javaScript) return undefined;
    for (const runName of RUN_FIELDS_FOR.get(threadName) ?? []) {
      if (this.patternRunBinding(pattern, runName) !== undefined) {
        return { runName, runShape: { isString: true, hasNull: false, hasUndefined: false } };
      }
    }
    return undefined;
  }

  private visibleMembers(receiver: ts.Expression): Map<string, Shape> | undefined {
    const t = this.t;
    if (receiver.kind === t.SyntaxKind.ThisKeyword) {
      const owner = this.thisClass(receiver);
      return owner ? this.classMembers(owner) : undefined;
    }
    if (!t.isIdentifier(receiver)) return undefined;
    const declaration = this.resolveSyntactically(receiver);
    if (!declaration || !declaration.type) return undefined;
    return this.membersOfTypeNode(declaration.type);
  }

  private membersOfTypeNode(typeNode: ts.TypeNode): Map<string, Shape> | undefined {
    const t = this.t;
    let node = typeNode;
    while (t.isParenthesizedTypeNode(node)) node = node.type;
    if (t.isUnionTypeNode(node)) {
      // `Ctx | undefined` / `Ctx | null`: the nullish part only matters through `?.`, which both reads share.
      const rest = node.types.filter((m) => !this.isNullishTypeNode(m));
      if (rest.length !== 1) return undefined;
      node = rest[0]!;
    }
    if (t.isTypeLiteralNode(node)) return this.memberShapes(node.members);
    if (t.isTypeReferenceNode(node) && t.isIdentifier(node.typeName) && !node.typeArguments) {
      const name = node.typeName.text;
      const members: ts.TypeElement[] = [];
      for (const statement of this.sourceFile.statements) {
        if (t.isInterfaceDeclaration(statement) && statement.name.text === name && !statement.typeParameters) members.push(...statement.members);
        else if (t.isTypeAliasDeclaration(statement) && statement.name.text === name && t.isTypeLiteralNode(statement.type)) {
          members.push(...statement.type.members);
        }
      }
      return members.length > 0 ? this.memberShapes(members) : undefined;
    }
    return undefined;
  }

  private isNullishTypeNode(node: ts.TypeNode): boolean {
    const t = this.t;
    return node.kind === t.SyntaxKind.UndefinedKeyword || (t.isLiteralTypeNode(node) && node.literal.kind === t.SyntaxKind.NullKeyword);
  }

  private memberShapes(members: readonly (ts.TypeElement | ts.ClassElement)[]): Map<string, Shape> {
    const t = this.t;
    const shapes = new Map<string, Shape>();
    for (const member of members) {
      if (!(t.isPropertySignature(member) || t.isPropertyDeclaration(member)) || !member.name) continue;
      if (!(t.isIdentifier(member.name) || t.isStringLiteral(member.name))) continue;
      // `threadId = ''` on a mutable field is inferred as `string`.
      const inferredString =
        !member.type &&
        t.isPropertyDeclaration(member) &&
        !!member.initializer &&
        t.isStringLiteralLike(member.initializer) &&
        !t.getModifiers(member)?.some((m) => m.kind === t.SyntaxKind.ReadonlyKeyword);
      const shape = inferredString ? { isString: true, hasNull: false, hasUndefined: false } : this.shapeOfTypeNode(member.type);
      shapes.set(member.name.text, { ...shape, hasUndefined: shape.hasUndefined || !!member.questionToken });
    }
    return shapes;
  }

  private shapeOfTypeNode(node: ts.TypeNode | undefined): Shape {
    const t = this.t;
    if (!node) return { isString: false, hasNull: false, hasUndefined: false };
    const parts = t.isUnionTypeNode(node) ? node.types : [node];
    let hasNull = false;
    let hasUndefined = false;
    let isString = true;
    for (const part of parts) {
      if (part.kind === t.SyntaxKind.UndefinedKeyword) hasUndefined = true;
      else if (t.isLiteralTypeNode(part) && part.literal.kind === t.SyntaxKind.NullKeyword) hasNull = true;
      else if (part.kind !== t.SyntaxKind.StringKeyword) isString = false;
    }
    return { isString, hasNull, hasUndefined };
  }

  private classMembers(owner: ts.ClassLikeDeclaration): Map<string, Shape> {
    const t = this.t;
    const shapes = this.memberShapes(owner.members);
    for (const member of owner.members) {
      if (!t.isConstructorDeclaration(member)) continue;
      for (const parameter of member.parameters) {
        const isProperty = (t.getModifiers(parameter)?.length ?? 0) > 0;
        if (isProperty && t.isIdentifier(parameter.name)) {
          const shape = this.shapeOfTypeNode(parameter.type);
          shapes.set(parameter.name.text, { ...shape, hasUndefined: shape.hasUndefined || !!parameter.questionToken });
        }
      }
    }
    // A class that extends another may inherit other declarations of the fields: no evidence then.
    return owner.heritageClauses?.some((h) => h.token === t.SyntaxKind.ExtendsKeyword) ? new Map() : shapes;
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

  /** Nearest declaration of `name` found by walking up the scopes of this file (var hoisting out of blocks ignored). */
  private resolveSyntactically(name: ts.Identifier): (ts.ParameterDeclaration | ts.VariableDeclaration) | undefined {
    const t = this.t;
    const wanted = name.text;
    const binds = (bindingName: ts.BindingName): boolean => {
      if (t.isIdentifier(bindingName)) return bindingName.text === wanted;
      return bindingName.elements.some((e) => !t.isOmittedExpression(e) && binds(e.name));
    };
    const fromList = (list: ts.VariableDeclarationList): ts.VariableDeclaration | 'other' | undefined => {
      for (const declaration of list.declarations) {
        if (binds(declaration.name)) return t.isIdentifier(declaration.name) ? declaration : 'other';
      }
      return undefined;
    };
    for (let scope: ts.Node | undefined = name.parent; scope; scope = scope.parent) {
      let found: ts.ParameterDeclaration | ts.VariableDeclaration | 'other' | undefined;
      if (t.isFunctionLike(scope)) {
        for (const parameter of scope.parameters) {
          if (binds(parameter.name)) found = t.isIdentifier(parameter.name) ? parameter : 'other';
        }
        if (!found && (t.isFunctionExpression(scope) || t.isClassExpression(scope)) && scope.name?.text === wanted) found = 'other';
      } else if (t.isBlock(scope) || t.isSourceFile(scope) || t.isModuleBlock(scope) || t.isCaseClause(scope) || t.isDefaultClause(scope)) {
        for (const statement of scope.statements) {
          if (t.isVariableStatement(statement)) found = fromList(statement.declarationList);
          else if ((t.isFunctionDeclaration(statement) || t.isClassDeclaration(statement) || t.isEnumDeclaration(statement)) && statement.name?.text === wanted) found = 'other';
          else if (t.isImportDeclaration(statement) && statement.importClause) {
            const clause = statement.importClause;
            const named = clause.namedBindings;
            if (clause.name?.text === wanted) found = 'other';
            else if (named && t.isNamespaceImport(named) && named.name.text === wanted) found = 'other';
            else if (named && t.isNamedImports(named) && named.elements.some((e) => e.name.text === wanted)) found = 'other';
          }
          if (found) break;
        }
      } else if ((t.isForStatement(scope) || t.isForOfStatement(scope) || t.isForInStatement(scope)) && scope.initializer && t.isVariableDeclarationList(scope.initializer)) {
        found = fromList(scope.initializer);
      } else if (t.isCatchClause(scope) && scope.variableDeclaration && binds(scope.variableDeclaration.name)) {
        found = 'other';
      }
      if (found) return found === 'other' ? undefined : found;
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

  /** `x.<field>` or `x['<field>']` (also optional). */
  private isFieldRead(node: ts.Node, field: string): boolean {
    const t = this.t;
    if (t.isPropertyAccessExpression(node)) return t.isIdentifier(node.name) && node.name.text === field;
    return t.isElementAccessExpression(node) && t.isStringLiteralLike(node.argumentExpression) && node.argumentExpression.text === field;
  }

  /**
   * The thread value is compared with its run ID: another argument of the same checking call
   * (`validateIdPair(x.runId, x.threadId)`), or the other side of an (in)equality, reads the run. Derived, such a
   * check always passes.
   */
  private checkedAgainstRun(read: ts.Node, isRunRead: (node: ts.Node) => boolean): boolean {
    const t = this.t;
    const mentionsRun = (node: ts.Node): boolean => {
      if (isRunRead(node)) return true;
      return t.forEachChild(node, (child) => (mentionsRun(child) ? true : undefined)) === true;
    };
    let current: ts.Node = read;
    while (t.isParenthesizedExpression(current.parent) || t.isNonNullExpression(current.parent) || t.isAsExpression(current.parent)) current = current.parent;
    const parent = current.parent;
    if (t.isCallExpression(parent) && parent.arguments.includes(current as ts.Expression)) {
      const callee = t.isPropertyAccessExpression(parent.expression) ? parent.expression.name.text : t.isIdentifier(parent.expression) ? parent.expression.text : '';
      return CHECKING_CALL.test(callee) && parent.arguments.some((a) => a !== current && mentionsRun(a));
    }
    if (t.isBinaryExpression(parent)) {
      const kind = parent.operatorToken.kind;
      const equality =
        kind === t.SyntaxKind.EqualsEqualsEqualsToken ||
        kind === t.SyntaxKind.ExclamationEqualsEqualsToken ||
        kind === t.SyntaxKind.EqualsEqualsToken ||
        kind === t.SyntaxKind.ExclamationEqualsToken;
      return equality && mentionsRun(parent.left === current ? parent.right : parent.left);
    }
    return false;
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

export const threadAccessRule: Rule = {
  name: 'thread-access',
  description: 'Derive thread reads from the run ID beside them: ctx.thread_id → threadIdOf(ctx.run_id)',
  needsTypes: true,
  mayMatch(text) {
    return (text.includes('thread_id') || text.includes('threadId')) && THREAD_READ.test(text);
  },
  apply(context) {
    return new ThreadAccessPass(context).run();
  },
};
