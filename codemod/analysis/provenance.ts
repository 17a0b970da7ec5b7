/**
 * Project-wide run-ID provenance over one type-checked program: which declarations (properties, variables,
 * parameters, function returns) carry this system's run IDs, and which are also fed from elsewhere.
 *
 * - **Sources** of this system's run IDs: values typed as the package's branded `RunId`, calls into the package or
 *   into a legacy ID module's generators, literals in either historical format, and, inside a legacy ID module,
 *   strings built in one (`` `run_${thread}_${hex}` ``, `'thread_' + t + '_run_' + …`: elsewhere such a template
 *   proves nothing — `run_${Date.now()}_${Math.random()}` is no run ID of this system).
 * - **Foreign sources**: UUID / nanoid / ULID generators, other non-empty literals that are no run ID (a UUID, a test's
 *   `'run-abc'`), request input (`req.body.x`, `params`, `query`, `headers`), and values read from declarations of
 *   third-party packages.
 * - **Carriers**: the declarations such values flow into — variable initializers, object literals (through their
 *   contextual type, so `{ run_id: … }` reaches `Run.run_id`), assignments, returns, call arguments (the resolved
 *   parameter), defaults — and, transitively, whatever reads a carrier flows into. A carrier passed to one of the
 *   system's readers (`extractThreadId`, `parseRunId`, the legacy extractors and validators) is evidence too.
 *
 * - **Prefixed threads** (for thread fields): `'thread_support'`, `` `thread_${id}` `` and `'thread_' + id` — a
 *   thread stored with a `thread_` prefix that the thread embedded in a run ID may lack.
 *
 * Evidence is kept per declaration with the first site that proves it, so a report can say why a read was or was
 * not rewritten. Nothing here edits code.
 */
import type { ts } from 'ts-morph';
import { isCanonicalRunId, isLegacyRunId } from 'unified-id';
import { legacyRoleOf } from '../legacy-api';
import type { LegacyRole } from '../legacy-api';
import { soundsInvalid } from './words';

export type Origin = 'system' | 'foreign' | 'prefixedThread';
const ORIGINS: readonly Origin[] = ['system', 'foreign', 'prefixedThread'];

/** Where a piece of evidence was seen (1-based line). */
export interface EvidenceSite {
  readonly file: string;
  readonly line: number;
  /** What was seen there, e.g. `generateRunId(…)` or `randomUUID()`. */
  readonly what: string;
}

export interface CarrierEvidence {
  readonly system?: EvidenceSite;
  readonly foreign?: EvidenceSite;
  readonly prefixedThread?: EvidenceSite;
}

export interface ProvenanceSettings {
  /** The run's root: evidence sites are reported relative to it. */
  readonly root: string;
  /** The package's module specifier (`unified-id`); its subpaths count too. */
  readonly importFrom: string;
  /** Absolute paths of the legacy ID modules (configured or detected). */
  readonly legacyModuleFiles: ReadonlySet<string>;
  /** Per legacy module file (absolute path): its configured `map`, old export name → unified-id export. */
  readonly legacyMaps?: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

/** Functions whose results are not this system's IDs: random UUIDs and other generators (matched by callee name). */
const FOREIGN_GENERATORS = new Set(['randomUUID', 'uuid', 'v1', 'v4', 'v6', 'v7', 'uuidv4', 'uuidv7', 'uuidV4', 'uuidV7', 'nanoid', 'customAlphabet', 'ulid', 'monotonicFactory', 'createId', 'cuid', 'cuid2', 'objectId', 'ObjectId', 'shortid', 'generateUUID', 'genUUID']);
/** Members of a request object that hold what a client sent. */
const REQUEST_INPUT = new Set(['body', 'query', 'params', 'headers', 'searchParams', 'cookies']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Legacy roles whose result is a run ID, and roles that read one. */
const GENERATING_ROLES = new Set<LegacyRole>(['generate', 'get-or-generate', 'to-canonical']);
const READING_ROLES = new Set<LegacyRole>(['extract-thread', 'validate', 'parse', 'pair', 'legacy-check', 'to-canonical']);
/** The package's exports that read a run ID passed as their first argument. */
const PACKAGE_READERS = new Set(['extractThreadId', 'threadIdOf', 'parseRunId', 'safeParseRunId', 'isRunId', 'isCanonicalRunId', 'isLegacyRunId', 'validateIdPair', 'toCanonicalRunId', 'compareRunIds']);
/** `run_<…>_<…>` / `thread_<…>_run_<…>`, built (`\uFFFC` stands for an interpolated value). */
const RUN_ID_SHAPE = /^run_\uFFFC_\uFFFC|^thread_\uFFFC_run_\uFFFC/;
/** A thread stored with a `thread_` prefix: not a canonical run ID, not the field's name `thread_id`. */
const PREFIXED_THREAD = /^thread_(?!ids?$)(?!.*_run_\d+_[0-9a-f]{8}$)./;
/** Text of a file that may move run IDs: a run ID name or literal, or a foreign ID generator. */
const MAY_CARRY_IDS = /run_?id|uuid|nanoid|ulid|cuid|createId|objectid|shortid|\brun_\w+_[0-9a-f]{8}\b|['"`]thread_(?!ids?['"`])/i;
const BRANDED_RUN_ID_TYPES = new Set(['RunId', 'CanonicalRunId', 'LegacyRunId']);

type Flow = { readonly kind: 'source'; readonly origin: Origin; readonly site: EvidenceSite } | { readonly kind: 'reference'; readonly declarations: readonly ts.Node[] };

export class RunIdProvenance {
  private readonly evidence = new Map<ts.Node, { -readonly [origin in Origin]?: EvidenceSite }>();
  private readonly edges = new Map<ts.Node, Set<ts.Node>>();
  private readonly checker: ts.TypeChecker;

  constructor(
    private readonly program: ts.Program,
    private readonly t: typeof ts,
    private readonly settings: ProvenanceSettings,
  ) {
    this.checker = program.getTypeChecker();
    for (const sourceFile of program.getSourceFiles()) {
      if (sourceFile.isDeclarationFile || sourceFile.fileName.includes('/node_modules/')) continue;
      if (!this.mayCarryIds(sourceFile)) continue;
      this.scanFile(sourceFile);
    }
    this.propagate();
  }

  /** What reaches the given declarations (e.g. every declaration of a `run_id` property), merged. */
  evidenceFor(declarations: readonly ts.Node[]): CarrierEvidence {
    let system: EvidenceSite | undefined;
    let foreign: EvidenceSite | undefined;
    let prefixedThread: EvidenceSite | undefined;
    for (const declaration of declarations) {
      const found = this.evidence.get(declaration);
      system ??= found?.system;
      foreign ??= found?.foreign;
      prefixedThread ??= found?.prefixedThread;
      // Declared by a third-party package (not this one): that package fills it, not this system.
      if (!foreign && this.isThirdParty(declaration)) foreign = this.siteOf(declaration, 'a declaration of a third-party package');
      // Declared as the package's own run ID type: only checked or generated run IDs can be stored there.
      if (!system && this.isBrandedRunIdType(this.checker.getTypeAtLocation(declaration))) system = this.siteOf(declaration, `a field typed as a RunId of ${this.settings.importFrom}`);
    }
    return { ...(system ? { system } : {}), ...(foreign ? { foreign } : {}), ...(prefixedThread ? { prefixedThread } : {}) };
  }

  // ---- scanning -----------------------------------------------------------------------------------------------

  /**
   * Files worth scanning: they name a run ID, a foreign ID generator, the package or a legacy module, or hold a run
   * ID literal. A file with none of these moves no ID between declarations that matter (checker work saved).
   */
  private mayCarryIds(sourceFile: ts.SourceFile): boolean {
    const text = sourceFile.text;
    return (
      MAY_CARRY_IDS.test(text) ||
      text.includes(this.settings.importFrom) ||
      this.settings.legacyModuleFiles.has(sourceFile.fileName) ||
      [...this.settings.legacyModuleFiles].some((file) => text.includes(stem(file)))
    );
  }

  private scanFile(sourceFile: ts.SourceFile): void {
    const t = this.t;
    const visit = (node: ts.Node): void => {
      if (t.isExpression(node) && !t.isPartOfTypeNode(node)) this.scanExpression(node);
      else if (t.isBindingElement(node) && t.isObjectBindingPattern(node.parent)) this.scanBindingElement(node, node.parent);
      else if (t.isSpreadAssignment(node) && t.isObjectLiteralExpression(node.parent)) this.scanSpread(node, node.parent);
      t.forEachChild(node, visit);
    };
    visit(sourceFile);
  }

  private scanExpression(node: ts.Expression): void {
    const t = this.t;
    // Arguments of the system's readers: what they read holds this system's run IDs.
    if (t.isCallExpression(node)) this.noteReaderArguments(node);
    if (this.isRequestContainer(node, 0)) this.noteRequestFields(node);
    const targets = this.flowTargets(node);
    if (targets.length === 0) return;
    const flow = this.classify(node);
    if (!flow) return;
    if (flow.kind === 'source') {
      for (const target of targets) this.label(target, flow.origin, flow.site);
      return;
    }
    for (const declaration of flow.declarations) for (const target of targets) this.addEdge(declaration, target);
  }

  /** The fields of what a client sent (`req.body: StartRunBody`) hold the client's values, whatever reads them. */
  private noteRequestFields(container: ts.Expression): void {
    const type = this.checker.getApparentType(this.checker.getNonNullableType(this.checker.getTypeAtLocation(container)));
    const site = this.siteOf(container, `request input ${container.getText()}`);
    for (const property of type.getProperties()) {
      for (const declaration of property.declarations ?? []) if (!declaration.getSourceFile().isDeclarationFile) this.label(declaration, 'foreign', site);
    }
  }

  /** What `from` holds, `to` holds too. */
  private addEdge(from: ts.Node, to: ts.Node): void {
    if (from === to) return;
    let set = this.edges.get(from);
    if (!set) this.edges.set(from, (set = new Set()));
    set.add(to);
  }

  /** `const { run_id } = event`: the binding holds what `Event.run_id` holds. */
  private scanBindingElement(element: ts.BindingElement, pattern: ts.ObjectBindingPattern): void {
    const t = this.t;
    if (element.dotDotDotToken || !t.isIdentifier(element.name)) return;
    const property = element.propertyName ?? element.name;
    if (!t.isIdentifier(property) && !t.isStringLiteral(property)) return;
    const holder = pattern.parent;
    if (t.isVariableDeclaration(holder) && holder.initializer && this.isRequestContainer(holder.initializer, 2)) {
      this.label(element, 'foreign', this.siteOf(element, `request input ${holder.initializer.getText()}.${property.text}`));
      return;
    }
    for (const declaration of this.propertyDeclarations(pattern, property.text)) this.addEdge(declaration, element);
  }

  /** `{ ...vendorRun }` in a literal typed `Event`: each property of the spread feeds the same property of `Event`. */
  private scanSpread(spread: ts.SpreadAssignment, literal: ts.ObjectLiteralExpression): void {
    const contextual = this.checker.getContextualType(literal);
    if (!contextual) return;
    const source = this.checker.getApparentType(this.checker.getNonNullableType(this.checker.getTypeAtLocation(spread.expression)));
    for (const property of source.getProperties()) {
      const targets = this.checker.getPropertyOfType(this.checker.getApparentType(contextual), property.name)?.declarations ?? [];
      for (const from of property.declarations ?? []) for (const target of targets) this.addEdge(from, target);
    }
  }

  /** Declarations of property `name` of the type of `node` (nullish parts ignored). */
  private propertyDeclarations(node: ts.Node, name: string): readonly ts.Node[] {
    const type = this.checker.getApparentType(this.checker.getNonNullableType(this.checker.getTypeAtLocation(node)));
    return this.checker.getPropertyOfType(type, name)?.declarations ?? [];
  }

  private noteReaderArguments(call: ts.CallExpression): void {
    const reader = this.readerName(call);
    if (!reader) return;
    const site = this.siteOf(call, `read by ${reader}(…)`);
    const first = call.arguments[0];
    if (!first) return;
    const flow = this.classify(first);
    if (flow?.kind === 'reference') for (const declaration of flow.declarations) this.labelBackwards(declaration, site, 3);
  }

  /** A reader's argument held a run ID; so did a `const` it was copied from (a few steps back). */
  private labelBackwards(declaration: ts.Node, site: EvidenceSite, depth: number): void {
    this.label(declaration, 'system', site);
    const t = this.t;
    if (depth === 0) return;
    // `const { run_id } = event; extractThreadId(run_id)`: `Event.run_id` held it.
    if (t.isBindingElement(declaration) && t.isObjectBindingPattern(declaration.parent) && !declaration.dotDotDotToken) {
      const property = declaration.propertyName ?? declaration.name;
      if (t.isIdentifier(property) || t.isStringLiteral(property)) {
        for (const next of this.propertyDeclarations(declaration.parent, property.text)) if (next !== declaration) this.labelBackwards(next, site, depth - 1);
      }
      return;
    }
    if (!t.isVariableDeclaration(declaration) || !declaration.initializer) return;
    const list = declaration.parent;
    if (!t.isVariableDeclarationList(list) || !(list.flags & t.NodeFlags.Const)) return;
    const flow = this.classify(declaration.initializer);
    if (flow?.kind === 'reference') for (const next of flow.declarations) this.labelBackwards(next, site, depth - 1);
  }

  private label(declaration: ts.Node, origin: Origin, site: EvidenceSite): void {
    let entry = this.evidence.get(declaration);
    if (!entry) this.evidence.set(declaration, (entry = {}));
    if (!entry[origin]) entry[origin] = site;
  }

  private propagate(): void {
    for (const origin of ORIGINS) {
      const queue = [...this.evidence].filter(([, entry]) => entry[origin]).map(([node]) => node);
      while (queue.length > 0) {
        const node = queue.pop()!;
        const site = this.evidence.get(node)?.[origin];
        if (!site) continue;
        for (const target of this.edges.get(node) ?? []) {
          const entry = this.evidence.get(target);
          if (entry?.[origin]) continue;
          this.label(target, origin, site);
          queue.push(target);
        }
      }
    }
  }

  // ---- where a value flows ------------------------------------------------------------------------------------

  /** The declarations the value of `node` is stored into (empty when it flows nowhere this analysis follows). */
  private flowTargets(node: ts.Expression): ts.Node[] {
    const t = this.t;
    let value: ts.Node = node;
    for (;;) {
      const parent = value.parent;
      if (!parent) return [];
      if (
        t.isParenthesizedExpression(parent) ||
        t.isAsExpression(parent) ||
        t.isNonNullExpression(parent) ||
        t.isSatisfiesExpression(parent) ||
        t.isTypeAssertionExpression(parent) ||
        t.isAwaitExpression(parent) ||
        (t.isConditionalExpression(parent) && parent.condition !== value) ||
        (t.isBinaryExpression(parent) && this.isFallbackOperator(parent.operatorToken.kind))
      ) {
        value = parent;
        continue;
      }
      break;
    }
    const parent = value.parent;
    if ((t.isVariableDeclaration(parent) || t.isPropertyDeclaration(parent) || t.isParameter(parent) || t.isBindingElement(parent)) && parent.initializer === value) {
      return t.isIdentifier(parent.name) ? [parent] : [];
    }
    if (t.isPropertyAssignment(parent) && parent.initializer === value && t.isObjectLiteralExpression(parent.parent)) return this.propertyTargets(parent, parent.parent);
    if (t.isShorthandPropertyAssignment(parent) && parent.name === value && t.isObjectLiteralExpression(parent.parent)) return this.propertyTargets(parent, parent.parent);
    if (t.isBinaryExpression(parent) && parent.right === value && parent.operatorToken.kind === t.SyntaxKind.EqualsToken) return this.declarationsOf(parent.left);
    if (t.isReturnStatement(parent)) {
      const fn = this.enclosingFunction(parent);
      return fn ? [fn] : [];
    }
    if (t.isArrowFunction(parent) && parent.body === value) return [parent];
    // `<Badge runId={value} />`, `<Badge runId="…" />`: the props property the attribute sets.
    if (t.isJsxExpression(parent) && t.isJsxAttribute(parent.parent)) return this.attributeTargets(parent.parent);
    if (t.isJsxAttribute(parent) && parent.initializer === value) return this.attributeTargets(parent);
    if ((t.isCallExpression(parent) || t.isNewExpression(parent)) && parent.arguments?.includes(value as ts.Expression)) return this.parameterTargets(parent, value as ts.Expression);
    return [];
  }

  private isFallbackOperator(kind: ts.SyntaxKind): boolean {
    const t = this.t;
    return kind === t.SyntaxKind.QuestionQuestionToken || kind === t.SyntaxKind.BarBarToken;
  }

  /** `{ run_id: v }`: the literal's own property, and the property of the type the literal is contextually typed by. */
  private propertyTargets(property: ts.PropertyAssignment | ts.ShorthandPropertyAssignment, literal: ts.ObjectLiteralExpression): ts.Node[] {
    const t = this.t;
    const name = t.isIdentifier(property.name) || t.isStringLiteral(property.name) ? property.name.text : undefined;
    if (name === undefined) return [];
    const targets: ts.Node[] = [property];
    const contextual = this.checker.getContextualType(literal);
    if (contextual) {
      const parts = contextual.isUnion() ? contextual.types : [contextual];
      for (const part of parts) {
        const symbol = this.checker.getPropertyOfType(this.checker.getApparentType(part), name);
        for (const declaration of symbol?.declarations ?? []) if (declaration !== property) targets.push(declaration);
      }
    }
    return targets;
  }

  private attributeTargets(attribute: ts.JsxAttribute): ts.Node[] {
    const props = this.checker.getContextualType(attribute.parent);
    const name = attribute.name.getText();
    return props ? [...(this.checker.getPropertyOfType(this.checker.getApparentType(props), name)?.declarations ?? [])] : [];
  }

  private parameterTargets(call: ts.CallExpression | ts.NewExpression, argument: ts.Expression): ts.Node[] {
    const index = call.arguments?.indexOf(argument) ?? -1;
    if (index < 0) return [];
    const signature = this.checker.getResolvedSignature(call);
    const declaration = signature?.getDeclaration();
    if (!declaration || !('parameters' in declaration)) return [];
    const parameters = declaration.parameters;
    const last = parameters[parameters.length - 1];
    const parameter = parameters[index] ?? (last?.dotDotDotToken ? last : undefined);
    if (!parameter) return [];
    // A call into a function with overloads lands on the overload; its implementation's parameter is what reads it.
    return [parameter, ...this.implementationParameters(declaration, parameters.indexOf(parameter))];
  }

  private implementationParameters(declaration: ts.SignatureDeclaration, index: number): ts.Node[] {
    const t = this.t;
    if ('body' in declaration && declaration.body) return [];
    const symbol = declaration.name ? this.checker.getSymbolAtLocation(declaration.name) : undefined;
    const implementation = symbol?.declarations?.find((d) => t.isFunctionLike(d) && 'body' in d && d.body !== undefined) as ts.SignatureDeclaration | undefined;
    const parameter = implementation?.parameters[index];
    return parameter ? [parameter] : [];
  }

  private enclosingFunction(node: ts.Node): ts.Node | undefined {
    for (let current = node.parent; current; current = current.parent) {
      if (this.t.isFunctionLike(current)) return current;
    }
    return undefined;
  }

  // ---- what a value is ----------------------------------------------------------------------------------------

  private classify(expression: ts.Expression): Flow | undefined {
    const t = this.t;
    const node = this.skipOuter(expression);
    if (t.isStringLiteralLike(node)) {
      if (isCanonicalRunId(node.text) || isLegacyRunId(node.text)) return this.source('system', node, `the run ID literal ${node.getText()}`);
      if (UUID.test(node.text)) return this.source('foreign', node, `the UUID literal ${node.getText()}`);
      if (PREFIXED_THREAD.test(node.text)) return this.source('prefixedThread', node, `the thread ${node.getText()}`);
      // Any other text (`'run-abc'`, `'test-run'`) is no run ID: a field it reaches cannot be parsed. The empty
      // string is a placeholder (`runId = ''` before a real one is set), not a value anything reads.
      // A value whose words say it is invalid on purpose (`'garbage'`, `'unknown-run'`) probes a rejection path:
      // the code under test is meant to refuse it before it reads the thread, so it says nothing of the field.
      return node.text === '' || soundsInvalid(node.text) ? undefined : this.source('foreign', node, `${node.getText()}, which is not a run ID`);
    }
    if (t.isTemplateExpression(node) || (t.isBinaryExpression(node) && node.operatorToken.kind === t.SyntaxKind.PlusToken)) {
      // `trace-${randomUUID()}`: built around a foreign value, the whole string is foreign.
      const foreignPart = this.stringParts(node).map((part) => this.classify(part)).find((flow) => flow?.kind === 'source' && flow.origin === 'foreign');
      if (foreignPart) return foreignPart;
      const shape = this.stringShape(node);
      if (/^thread_(?!.*_run_)/.test(shape)) return this.source('prefixedThread', node, `a thread built with a "thread_" prefix (${node.getText()})`);
      const inLegacyModule = this.settings.legacyModuleFiles.has(node.getSourceFile().fileName);
      return inLegacyModule && RUN_ID_SHAPE.test(shape) ? this.source('system', node, 'a string built in a run ID format by a legacy ID module') : undefined;
    }
    if (t.isCallExpression(node) || t.isNewExpression(node)) return this.classifyCall(node);
    if (t.isIdentifier(node) || t.isPropertyAccessExpression(node) || t.isElementAccessExpression(node)) {
      if (this.isRequestInput(node)) return this.source('foreign', node, `request input ${node.getText()}`);
      if (this.hasBrandedRunIdType(node)) return this.source('system', node, `${node.getText()} (a RunId of ${this.settings.importFrom})`);
      const declarations = this.declarationsOf(node);
      return declarations.length > 0 ? { kind: 'reference', declarations } : undefined;
    }
    return undefined;
  }

  private classifyCall(call: ts.CallExpression | ts.NewExpression): Flow | undefined {
    const t = this.t;
    const calleeName = this.calleeName(call);
    if (calleeName !== undefined && FOREIGN_GENERATORS.has(calleeName)) return this.source('foreign', call, `${calleeName}()`);
    if (this.hasBrandedRunIdType(call)) return this.source('system', call, `${calleeName ?? 'a call'}(…) of ${this.settings.importFrom}`);
    const legacy = this.legacyCallee(call);
    if (legacy && GENERATING_ROLES.has(legacy.role)) return this.source('system', call, `${legacy.name}(…) of the legacy module ${legacy.file}`);
    // `crypto.randomBytes(…).toString('hex')` and the like: a call on a foreign value is foreign too.
    if (t.isPropertyAccessExpression(call.expression) && t.isCallExpression(call.expression.expression)) {
      const inner = this.calleeName(call.expression.expression);
      if (inner !== undefined && (FOREIGN_GENERATORS.has(inner) || inner === 'randomBytes')) return this.source('foreign', call, `${inner}(…)`);
    }
    const declarations = this.functionDeclarationsOf(call);
    return declarations.length > 0 ? { kind: 'reference', declarations } : undefined;
  }

  private source(origin: Origin, node: ts.Node, what: string): Flow {
    return { kind: 'source', origin, site: this.siteOf(node, what) };
  }

  /** The literal text of a template or `+` chain, with `\uFFFC` for each interpolated value. */
  private stringShape(node: ts.TemplateExpression | ts.BinaryExpression): string {
    const t = this.t;
    const literalParts: string[] = [];
    const collect = (part: ts.Node): void => {
      if (t.isTemplateExpression(part)) {
        literalParts.push(part.head.text, ...part.templateSpans.map((span) => `\uFFFC${span.literal.text}`));
      } else if (t.isBinaryExpression(part) && part.operatorToken.kind === t.SyntaxKind.PlusToken) {
        collect(part.left);
        collect(part.right);
      } else if (t.isStringLiteralLike(part)) literalParts.push(part.text);
      else if (t.isParenthesizedExpression(part)) collect(part.expression);
      else literalParts.push('\uFFFC');
    };
    collect(node);
    return literalParts.join('');
  }

  /** The interpolated or concatenated expressions of a template or `+` chain. */
  private stringParts(node: ts.TemplateExpression | ts.BinaryExpression): ts.Expression[] {
    const t = this.t;
    if (t.isTemplateExpression(node)) return node.templateSpans.map((span) => span.expression);
    const parts: ts.Expression[] = [];
    const collect = (part: ts.Expression): void => {
      if (t.isBinaryExpression(part) && part.operatorToken.kind === t.SyntaxKind.PlusToken) {
        collect(part.left);
        collect(part.right);
      } else parts.push(part);
    };
    collect(node);
    return parts;
  }

  private skipOuter(expression: ts.Expression): ts.Expression {
    const t = this.t;
    let node = expression;
    while (t.isParenthesizedExpression(node) || t.isAsExpression(node) || t.isNonNullExpression(node) || t.isSatisfiesExpression(node) || t.isTypeAssertionExpression(node) || t.isAwaitExpression(node)) {
      node = node.expression;
    }
    return node;
  }

  /**
   * `req.body.runId`, `request.params['run_id']`, `ctx.query.threadId`: a member of what a client sent — also
   * through a local holding the container (`const body = req.body; body.runId`).
   */
  private isRequestInput(node: ts.Expression): boolean {
    const t = this.t;
    for (let current: ts.Expression = node; t.isPropertyAccessExpression(current) || t.isElementAccessExpression(current); current = current.expression) {
      if (this.isRequestContainer(current.expression, 2)) return true;
    }
    return false;
  }

  /** `x.body`, `x.query` …, `await request.json()`, or a `const` initialized with one. */
  private isRequestContainer(expression: ts.Expression, depth: number): boolean {
    const t = this.t;
    const node = this.skipOuter(expression);
    if (t.isPropertyAccessExpression(node) && REQUEST_INPUT.has(node.name.text)) return true;
    if (t.isCallExpression(node) && t.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'json' && node.arguments.length === 0) return true;
    if (depth > 0 && t.isIdentifier(node)) {
      const declaration = this.checker.getSymbolAtLocation(node)?.valueDeclaration;
      if (declaration && t.isVariableDeclaration(declaration) && declaration.initializer) return this.isRequestContainer(declaration.initializer, depth - 1);
    }
    return false;
  }

  /** Typed as the package's own branded run ID (`RunId`, `CanonicalRunId`, `LegacyRunId`). */
  private hasBrandedRunIdType(node: ts.Expression): boolean {
    return this.isBrandedRunIdType(this.checker.getTypeAtLocation(node));
  }

  private isBrandedRunIdType(type: ts.Type): boolean {
    const parts = type.isUnion() ? type.types : [type];
    return parts.some((part) => {
      const alias = part.aliasSymbol?.name;
      return alias !== undefined && BRANDED_RUN_ID_TYPES.has(alias) && (part.aliasSymbol?.declarations ?? []).some((d) => this.isPackageFile(d.getSourceFile().fileName));
    });
  }

  private readerName(call: ts.CallExpression): string | undefined {
    const name = this.calleeName(call);
    if (name === undefined) return undefined;
    const legacy = this.legacyCallee(call);
    if (legacy) return READING_ROLES.has(legacy.role) ? `${legacy.name} of ${legacy.file}` : undefined;
    if (!PACKAGE_READERS.has(name)) return undefined;
    const declaration = this.checker.getResolvedSignature(call)?.getDeclaration();
    return declaration && this.isPackageFile(declaration.getSourceFile().fileName) ? name : undefined;
  }

  /** The callee's own name: `f` in `f()`, `m` in `a.b.m()`. */
  private calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
    const t = this.t;
    const callee = call.expression;
    if (t.isIdentifier(callee)) return callee.text;
    if (t.isPropertyAccessExpression(callee)) return callee.name.text;
    return undefined;
  }

  /** A call of a function declared in a legacy ID module, with its role in the historical API. */
  private legacyCallee(call: ts.CallExpression | ts.NewExpression): { name: string; role: LegacyRole; file: string } | undefined {
    if (this.settings.legacyModuleFiles.size === 0) return undefined;
    const name = this.calleeName(call);
    if (name === undefined) return undefined;
    for (const declaration of this.functionDeclarationsOf(call)) {
      const file = declaration.getSourceFile().fileName;
      if (!this.settings.legacyModuleFiles.has(file)) continue;
      const role = legacyRoleOf(name, this.settings.legacyMaps?.get(file));
      if (role) return { name, role, file: this.relative(file) };
    }
    return undefined;
  }

  /** The function-like declarations a call runs (methods, functions, arrows bound to a name). */
  private functionDeclarationsOf(call: ts.CallExpression | ts.NewExpression): ts.Node[] {
    const t = this.t;
    const result: ts.Node[] = [];
    for (const declaration of this.declarationsOf(call.expression)) {
      if (t.isFunctionLike(declaration)) result.push(declaration);
      else if ((t.isVariableDeclaration(declaration) || t.isPropertyAssignment(declaration) || t.isPropertyDeclaration(declaration)) && declaration.initializer) {
        const initializer = this.skipOuter(declaration.initializer);
        if (t.isArrowFunction(initializer) || t.isFunctionExpression(initializer)) result.push(initializer);
      }
    }
    return result;
  }

  /** Declarations a reference resolves to, through import aliases. */
  private declarationsOf(node: ts.Node): ts.Node[] {
    const t = this.t;
    let symbol: ts.Symbol | undefined;
    if (t.isPropertyAccessExpression(node)) symbol = this.checker.getSymbolAtLocation(node.name);
    else if (t.isElementAccessExpression(node)) {
      if (!t.isStringLiteralLike(node.argumentExpression)) return [];
      const type = this.checker.getApparentType(this.checker.getNonNullableType(this.checker.getTypeAtLocation(node.expression)));
      symbol = this.checker.getPropertyOfType(type, node.argumentExpression.text);
    } else if (t.isIdentifier(node)) {
      symbol = t.isShorthandPropertyAssignment(node.parent) && node.parent.name === node ? this.checker.getShorthandAssignmentValueSymbol(node.parent) : this.checker.getSymbolAtLocation(node);
    }
    if (!symbol) return [];
    if (symbol.flags & t.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    return [...(symbol.declarations ?? [])];
  }

  private isThirdParty(declaration: ts.Node): boolean {
    const fileName = declaration.getSourceFile().fileName;
    return fileName.includes('/node_modules/') && !this.isPackageFile(fileName);
  }

  /** A file of the package itself: in `node_modules/<importFrom>/`, or its source when the project is the package. */
  private isPackageFile(fileName: string): boolean {
    return fileName.includes(`/node_modules/${this.settings.importFrom}/`) || this.packageSourceFiles().has(fileName);
  }

  private packageSources: Set<string> | undefined;

  /** Files that define what `importFrom` (and its subpaths) export, as the program resolves those imports. */
  private packageSourceFiles(): Set<string> {
    if (this.packageSources) return this.packageSources;
    const t = this.t;
    const files = new Set<string>();
    const prefix = this.settings.importFrom;
    for (const sourceFile of this.program.getSourceFiles()) {
      if (sourceFile.isDeclarationFile && sourceFile.fileName.includes('/node_modules/')) continue;
      for (const statement of sourceFile.statements) {
        if (!t.isImportDeclaration(statement) || !t.isStringLiteral(statement.moduleSpecifier)) continue;
        const specifier = statement.moduleSpecifier.text;
        if (specifier !== prefix && !specifier.startsWith(`${prefix}/`)) continue;
        const moduleSymbol = this.checker.getSymbolAtLocation(statement.moduleSpecifier);
        for (const exported of moduleSymbol ? this.checker.getExportsOfModule(moduleSymbol) : []) {
          const target = exported.flags & t.SymbolFlags.Alias ? this.checker.getAliasedSymbol(exported) : exported;
          for (const declaration of target.declarations ?? []) files.add(declaration.getSourceFile().fileName);
        }
      }
    }
    this.packageSources = files;
    return files;
  }

  private siteOf(node: ts.Node, what: string): EvidenceSite {
    const sourceFile = node.getSourceFile();
    return { file: this.relative(sourceFile.fileName), line: sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1, what };
  }

  private relative(fileName: string): string {
    const root = this.settings.root.replace(/\/+$/, '');
    return fileName.startsWith(`${root}/`) ? fileName.slice(root.length + 1) : fileName;
  }
}

/** `src/utils/ids.ts` → `ids`: what an import of the module names. */
function stem(fileName: string): string {
  const base = fileName.slice(fileName.lastIndexOf('/') + 1);
  return base.replace(/(\.d)?\.[cm]?[jt]sx?$/, '');
}

const analyses = new WeakMap<ts.Program, RunIdProvenance>();

/** The provenance of `program`, computed once and shared by every file and rule that asks. */
export function provenanceOf(program: ts.Program, t: typeof ts, settings: ProvenanceSettings): RunIdProvenance {
  let analysis = analyses.get(program);
  if (!analysis) analyses.set(program, (analysis = new RunIdProvenance(program, t, settings)));
  return analysis;
}
