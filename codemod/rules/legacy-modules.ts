/**
 * Rule `legacy-modules`: imports of the codebase's old ID modules (`legacyModules` in `unified-id.config.json`,
 * or `--legacy-module`) and calls of their run/thread ID functions move to the unified API. A use with no exact
 * equivalent (another export, a call with other arguments, a function passed as a value) is reported and keeps
 * its legacy import; `finalize` says which modules have no imports left and can be deleted.
 *
 * Syntactic on purpose: which module a specifier names and which function a call reaches are facts of the
 * file's text (bindings of this file's own import statements), so no type checker is needed.
 */
import { dirname, isAbsolute, posix, resolve, sep } from 'node:path';
import type { ts } from 'ts-morph';
import { isPropertyNameIdentifier, planImports, removeListElements, requireSpecifier, type ImportRequest } from '../imports';
import type { JsonValue, Rule, RuleContext, RuleFileData, RuleOptions, RuleResult, RuleWarning, TextEdit } from '../rule';

interface Replacement {
  /** Export of the unified API. */
  readonly name: string;
  /** Entry point: the main one, or the test kit (`<importFrom>/testing`). */
  readonly entry: 'main' | 'testing';
  readonly minArgs: number;
  readonly maxArgs: number;
  /** The legacy function may have been an assertion; as a bare statement there is no exact equivalent. */
  readonly valueOnly?: boolean;
}

const generate: Replacement = { name: 'generateRunId', entry: 'main', minArgs: 1, maxArgs: 1 };
const extract: Replacement = { name: 'extractThreadId', entry: 'main', minArgs: 1, maxArgs: 1 };
const pair: Replacement = { name: 'validateIdPair', entry: 'main', minArgs: 2, maxArgs: 2 };
const validate: Replacement = { name: 'isRunId', entry: 'main', minArgs: 1, maxArgs: 1, valueOnly: true };
const parse: Replacement = { name: 'parseRunId', entry: 'main', minArgs: 1, maxArgs: 1 };
const testIds: Replacement = { name: 'createTestIds', entry: 'testing', minArgs: 0, maxArgs: 1 };

/** Legacy function names (camelCase, snake_case, and as `IDManager` statics) → their unified replacement. */
export const LEGACY_FUNCTIONS: ReadonlyMap<string, Replacement> = new Map([
  ['generateRunId', generate],
  ['generate_run_id', generate],
  ['extractThreadId', extract],
  ['extract_thread_id', extract],
  ['validateIdPair', pair],
  ['validate_id_pair', pair],
  ['validateRunId', validate],
  ['validate_run_id', validate],
  ['parseRunId', parse],
  ['parse_run_id', parse],
  ['createTestIds', testIds],
  ['create_test_ids', testIds],
]);

const sourceExtension = /(\.d)?\.[cm]?[jt]sx?$/;

function stripExtension(path: string): string {
  return path.replace(sourceExtension, '').replace(/\/index$/, '');
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** The run's root: `filePath` minus `relativePath`. */
function rootOf(filePath: string, relativePath: string): string {
  const absolute = toPosix(filePath);
  return absolute.endsWith(`/${relativePath}`) ? absolute.slice(0, absolute.length - relativePath.length - 1) : dirname(absolute);
}

/**
 * The configured legacy module that `specifier` (imported from `filePath`) names, or undefined. An entry matches
 * a bare specifier verbatim, and a relative specifier when both resolve to the same file (entries are paths from
 * the run's root; extensions and `/index` do not matter). tsconfig path aliases are not resolved: list the alias
 * itself as an entry.
 */
export function matchLegacyModule(specifier: string, filePath: string, relativePath: string, entries: readonly string[]): string | undefined {
  const relative = specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..' || specifier.startsWith('/');
  const root = rootOf(filePath, relativePath);
  const target = relative ? stripExtension(toPosix(resolve(dirname(filePath), specifier))) : undefined;
  for (const entry of entries) {
    if (!relative && stripExtension(specifier) === stripExtension(entry)) return entry;
    if (target !== undefined) {
      const entryPath = stripExtension(posix.normalize(isAbsolute(entry) ? toPosix(entry) : `${root}/${entry}`));
      if (entryPath === target) return entry;
    }
  }
  return undefined;
}

/** Text every file importing `entry` must contain (its last path segment), for the prefilter. */
function needleOf(entry: string): string {
  const segments = stripExtension(toPosix(entry)).split('/').filter((s) => s !== '' && s !== '.' && s !== '..');
  return segments[segments.length - 1] ?? entry;
}

/** One local binding of a legacy import statement. */
interface LegacyBinding {
  readonly local: string;
  /** `function`: a named import of a legacy function; `namespace`: anything read as `X.fn(…)` (namespace, default, `IDManager`). */
  readonly kind: 'function' | 'namespace';
  /** For `function`: its replacement; for a named import with no replacement, undefined. */
  readonly replacement?: Replacement;
  readonly importedName?: string;
  /** The declaring node: import specifier, binding element, or the statement itself for whole-module bindings. */
  readonly node: ts.Node;
  readonly statement: ts.Statement;
  readonly module: string;
}

interface CallRewrite {
  readonly start: number;
  readonly end: number;
  readonly replacement: Replacement;
}

class LegacyModulesPass {
  private readonly t: typeof ts;
  private readonly sourceFile: ts.SourceFile;
  private readonly warnings: RuleWarning[] = [];

  constructor(private readonly context: RuleContext) {
    this.t = context.ts;
    this.sourceFile = context.sourceFile;
  }

  run(): RuleResult {
    const entries = this.context.options.legacyModules;
    const bindings: LegacyBinding[] = [];
    const imported = new Set<string>();
    const kept = new Set<string>();
    /** Statements whose bindings can go (all or some). */
    const statements: ts.Statement[] = [];
    /** Statements that keep something whatever happens (a type-only specifier, an unusual binding). */
    const partial = new Set<ts.Statement>();

    for (const statement of this.sourceFile.statements) {
      const found = this.legacyStatement(statement, entries);
      if (!found) continue;
      imported.add(found.module);
      if (found.bindings === 'keep') {
        kept.add(found.module);
        continue;
      }
      statements.push(statement);
      bindings.push(...found.bindings);
      if (found.keepsSome) {
        partial.add(statement);
        kept.add(found.module);
      }
    }
    this.reportNestedImports(entries, imported, kept);
    if (statements.length === 0) return this.result([], imported, kept);

    // Which bindings every use of which can be rewritten; the others stay imported from the legacy module.
    const references = this.referencesByName(new Set(bindings.map((b) => b.local)), new Set(statements));
    const rewrites: CallRewrite[] = [];
    const removable = new Set<LegacyBinding>();
    for (const binding of bindings) {
      const uses = references.get(binding.local) ?? [];
      const planned = this.planBinding(binding, uses);
      if (planned) {
        removable.add(binding);
        rewrites.push(...planned);
      } else {
        kept.add(binding.module);
      }
    }

    // Statements losing every binding are removed (new imports may take their place); others lose some.
    const removedStatements: ts.Statement[] = [];
    const edits: TextEdit[] = [];
    for (const statement of statements) {
      const own = bindings.filter((b) => b.statement === statement);
      const gone = own.filter((b) => removable.has(b));
      if (gone.length === 0) continue;
      if (gone.length === own.length && !partial.has(statement)) removedStatements.push(statement);
      else edits.push(...this.removeBindings(statement, new Set(gone.map((b) => b.node))));
    }
    if (rewrites.length === 0 && removedStatements.length === 0 && edits.length === 0) return this.result([], imported, kept);

    const importFrom = this.context.options.importFrom;
    const requestOf = (replacement: Replacement): ImportRequest => ({
      name: replacement.name,
      from: replacement.entry === 'testing' ? `${importFrom}/testing` : importFrom,
    });
    const released = new Set([...removable].map((b) => b.local));
    const plan = planImports(this.context, rewrites.map((r) => requestOf(r.replacement)), { releasedNames: released, removedStatements });
    edits.push(...plan.edits);
    for (const rewrite of rewrites) {
      const local = plan.localName(requestOf(rewrite.replacement));
      if (this.context.text.slice(rewrite.start, rewrite.end) !== local) edits.push({ start: rewrite.start, end: rewrite.end, text: local });
    }
    return this.result(edits, imported, kept);
  }

  private result(edits: TextEdit[], imported: ReadonlySet<string>, kept: ReadonlySet<string>): RuleResult {
    const data: JsonValue = imported.size > 0 ? { imported: [...imported].sort(), remaining: [...kept].sort() } : null;
    return { edits, warnings: this.warnings, ...(data ? { data } : {}) };
  }

  private warn(node: ts.Node, code: string, message: string): void {
    const { line, character } = this.sourceFile.getLineAndCharacterOfPosition(node.getStart(this.sourceFile));
    this.warnings.push({ code, message, line: line + 1, column: character + 1 });
  }

  private match(specifier: string, entries: readonly string[]): string | undefined {
    return matchLegacyModule(specifier, this.context.filePath, this.context.relativePath, entries);
  }

  /** A top-level import / require / re-export of a legacy module, with its bindings ('keep' when it must stay). */
  private legacyStatement(
    statement: ts.Statement,
    entries: readonly string[],
  ): { module: string; bindings: LegacyBinding[] | 'keep'; keepsSome?: boolean } | undefined {
    const t = this.t;
    if (t.isImportDeclaration(statement) && t.isStringLiteral(statement.moduleSpecifier)) {
      const module = this.match(statement.moduleSpecifier.text, entries);
      if (!module) return undefined;
      const clause = statement.importClause;
      if (!clause) {
        this.warn(statement, 'side-effect-import', `import of ${module} for its side effects: no equivalent, kept`);
        return { module, bindings: 'keep' };
      }
      if (clause.isTypeOnly) {
        this.warn(statement, 'legacy-type-import', `types from ${module}: no equivalent in the unified API, kept`);
        return { module, bindings: 'keep' };
      }
      const bindings: LegacyBinding[] = [];
      let keepsSome = false;
      if (clause.name) bindings.push({ local: clause.name.text, kind: 'namespace', node: clause.name, statement, module });
      const named = clause.namedBindings;
      if (named && t.isNamespaceImport(named)) bindings.push({ local: named.name.text, kind: 'namespace', node: named, statement, module });
      if (named && t.isNamedImports(named)) {
        for (const element of named.elements) {
          const importedName = (element.propertyName ?? element.name).text;
          if (element.isTypeOnly) {
            this.warn(element, 'legacy-type-import', `type ${importedName} from ${module}: no equivalent in the unified API, kept`);
            keepsSome = true;
            continue;
          }
          bindings.push(this.namedBinding(element.name.text, importedName, element, statement, module));
        }
      }
      return { module, bindings, keepsSome };
    }
    if (t.isImportEqualsDeclaration(statement) && t.isExternalModuleReference(statement.moduleReference) && t.isStringLiteral(statement.moduleReference.expression)) {
      const module = this.match(statement.moduleReference.expression.text, entries);
      if (!module) return undefined;
      return { module, bindings: [{ local: statement.name.text, kind: 'namespace', node: statement, statement, module }] };
    }
    if (t.isExportDeclaration(statement) && statement.moduleSpecifier && t.isStringLiteral(statement.moduleSpecifier)) {
      const module = this.match(statement.moduleSpecifier.text, entries);
      if (!module) return undefined;
      this.warn(statement, 'legacy-reexport', `re-export of ${module}: rewrite it by hand (the unified API may differ), kept`);
      return { module, bindings: 'keep' };
    }
    const required = requireSpecifier(statement, t);
    if (required !== undefined && t.isVariableStatement(statement)) {
      const module = this.match(required, entries);
      if (!module) return undefined;
      const name = statement.declarationList.declarations[0]!.name;
      if (t.isIdentifier(name)) return { module, bindings: [{ local: name.text, kind: 'namespace', node: statement, statement, module }] };
      if (t.isObjectBindingPattern(name)) {
        const bindings: LegacyBinding[] = [];
        let keepsSome = false;
        for (const element of name.elements) {
          const property = element.propertyName ?? element.name;
          if (element.dotDotDotToken || element.initializer || !t.isIdentifier(element.name) || !t.isIdentifier(property)) {
            this.warn(element, 'no-equivalent', `${element.getText(this.sourceFile)} from ${module}: not a plain binding, kept`);
            keepsSome = true;
            continue;
          }
          bindings.push(this.namedBinding(element.name.text, property.text, element, statement, module));
        }
        return { module, bindings, keepsSome };
      }
      this.warn(statement, 'no-equivalent', `require of ${module} with array destructuring: kept`);
      return { module, bindings: 'keep' };
    }
    return undefined;
  }

  private namedBinding(local: string, importedName: string, node: ts.Node, statement: ts.Statement, module: string): LegacyBinding {
    const replacement = LEGACY_FUNCTIONS.get(importedName);
    // A named export that is not a function of the table may be a class / object of statics (`IDManager`).
    return replacement
      ? { local, kind: 'function', replacement, importedName, node, statement, module }
      : { local, kind: 'namespace', importedName, node, statement, module };
  }

  /** `import('./ids')` / `require('./ids')` inside code: cannot be rewritten statically. */
  private reportNestedImports(entries: readonly string[], imported: Set<string>, kept: Set<string>): void {
    const t = this.t;
    const topLevel = new Set<ts.Node>(this.sourceFile.statements);
    const visit = (node: ts.Node): void => {
      if (t.isCallExpression(node) && node.arguments.length === 1 && node.arguments[0] && t.isStringLiteralLike(node.arguments[0])) {
        const isDynamic = node.expression.kind === t.SyntaxKind.ImportKeyword;
        const isRequire = t.isIdentifier(node.expression) && node.expression.text === 'require';
        if (isDynamic || isRequire) {
          const module = this.match(node.arguments[0].text, entries);
          const statement = this.topLevelStatementOf(node);
          const handled = isRequire && statement && topLevel.has(statement) && requireSpecifier(statement, t) !== undefined;
          if (module && !handled) {
            imported.add(module);
            kept.add(module);
            this.warn(node, 'dynamic-legacy-import', `${isDynamic ? 'dynamic import' : 'require'} of ${module} inside code: rewrite it by hand, kept`);
          }
        }
      }
      t.forEachChild(node, visit);
    };
    visit(this.sourceFile);
  }

  private topLevelStatementOf(node: ts.Node): ts.Statement | undefined {
    let current: ts.Node = node;
    while (current.parent && !this.t.isSourceFile(current.parent)) current = current.parent;
    return this.t.isSourceFile(current.parent) ? (current as ts.Statement) : undefined;
  }

  /** Identifiers naming each of `names` outside the legacy statements (property names excluded). */
  private referencesByName(names: ReadonlySet<string>, legacyStatements: ReadonlySet<ts.Statement>): Map<string, ts.Identifier[]> {
    const t = this.t;
    const found = new Map<string, ts.Identifier[]>();
    const visit = (node: ts.Node): void => {
      if (legacyStatements.has(node as ts.Statement)) return;
      if (t.isIdentifier(node) && names.has(node.text) && !isPropertyNameIdentifier(node, t)) {
        const list = found.get(node.text) ?? [];
        list.push(node);
        found.set(node.text, list);
      }
      t.forEachChild(node, visit);
    };
    visit(this.sourceFile);
    return found;
  }



  /** A name declared again in the file (a parameter, a local) would make the references ambiguous. */
  private isShadowed(reference: ts.Identifier): boolean {
    const t = this.t;
    const parent = reference.parent;
    return (
      ((t.isVariableDeclaration(parent) || t.isParameter(parent) || t.isBindingElement(parent) || t.isFunctionDeclaration(parent) || t.isClassDeclaration(parent)) &&
        parent.name === reference) ||
      (t.isShorthandPropertyAssignment(parent) && this.isAssignmentPattern(parent.parent))
    );
  }

  private isAssignmentPattern(node: ts.Node): boolean {
    const t = this.t;
    return t.isObjectLiteralExpression(node) && t.isBinaryExpression(node.parent) && node.parent.left === node;
  }

  /** The call rewrites that retire `binding`, or undefined (with a warning) when one use has no equivalent. */
  private planBinding(binding: LegacyBinding, uses: readonly ts.Identifier[]): CallRewrite[] | undefined {
    const t = this.t;
    const rewrites: CallRewrite[] = [];
    if (uses.some((use) => this.isShadowed(use))) {
      this.warn(binding.node, 'shadowed-legacy-name', `${binding.local} from ${binding.module} is declared again in this file: rewrite it by hand, kept`);
      return undefined;
    }
    if (binding.kind === 'namespace' && binding.importedName !== undefined && uses.length === 0) {
      this.warn(binding.node, 'no-equivalent', `${binding.importedName} from ${binding.module} has no equivalent in the unified API, kept`);
      return undefined;
    }
    for (const use of uses) {
      let callee: ts.Expression = use;
      let replacement: Replacement | undefined;
      let name = binding.local;
      if (binding.kind === 'function') {
        replacement = binding.replacement;
      } else if (t.isPropertyAccessExpression(use.parent) && use.parent.expression === use && t.isIdentifier(use.parent.name)) {
        callee = use.parent;
        name = `${binding.local}.${use.parent.name.text}`;
        replacement = LEGACY_FUNCTIONS.get(use.parent.name.text);
      }
      const call = callee.parent;
      if (!replacement || !t.isCallExpression(call) || call.expression !== callee) {
        const what = t.isPropertyAccessExpression(callee) ? callee.getText(this.sourceFile) : use.text;
        this.warn(use, 'no-equivalent', `${what} (${binding.module}): no equivalent in the unified API, or not a call; kept`);
        return undefined;
      }
      const count = call.arguments.length;
      if (count < replacement.minArgs || count > replacement.maxArgs || call.arguments.some((a) => t.isSpreadElement(a))) {
        this.warn(call, 'different-arguments', `${name}(…) with ${count} argument(s): ${replacement.name} takes ${describeArity(replacement)}; kept`);
        return undefined;
      }
      if (replacement.valueOnly && t.isExpressionStatement(call.parent)) {
        this.warn(call, 'assertion-call', `${name}(…) as a statement looks like an assertion: use parseRunId (throws RunIdError) by hand; kept`);
        return undefined;
      }
      rewrites.push({ start: callee.getStart(this.sourceFile), end: callee.getEnd(), replacement });
    }
    return rewrites;
  }

  /** Edits removing some bindings of a statement that keeps others. */
  private removeBindings(statement: ts.Statement, nodes: ReadonlySet<ts.Node>): TextEdit[] {
    const t = this.t;
    const { sourceFile } = this;
    const text = this.context.text;
    if (t.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause;
      const named = clause.namedBindings;
      const edits: TextEdit[] = [];
      const defaultGone = clause.name !== undefined && nodes.has(clause.name);
      const namedElements = named && t.isNamedImports(named) ? named.elements : undefined;
      const namedGone = named !== undefined && (nodes.has(named) || (namedElements !== undefined && namedElements.length > 0 && namedElements.every((e) => nodes.has(e))));
      if (defaultGone && named && !namedGone) edits.push({ start: clause.name!.getStart(sourceFile), end: named.getStart(sourceFile), text: '' });
      else if (namedGone && clause.name && !defaultGone) edits.push({ start: clause.name.getEnd(), end: named!.getEnd(), text: '' });
      else if (namedElements && !namedGone) {
        const gone = new Set(namedElements.filter((e) => nodes.has(e)));
        if (gone.size > 0) edits.push(...removeListElements(namedElements, gone, sourceFile, text));
      }
      return edits;
    }
    if (t.isVariableStatement(statement)) {
      const pattern = statement.declarationList.declarations[0]?.name;
      if (pattern && t.isObjectBindingPattern(pattern)) return removeListElements(pattern.elements, new Set(pattern.elements.filter((e) => nodes.has(e))), sourceFile, text);
    }
    return [];
  }
}

function describeArity(replacement: Replacement): string {
  return replacement.minArgs === replacement.maxArgs ? `${replacement.minArgs}` : `${replacement.minArgs} to ${replacement.maxArgs}`;
}

function isStringArray(value: JsonValue | undefined): value is readonly string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

export const legacyModulesRule: Rule = {
  name: 'legacy-modules',
  description: 'Move imports and calls of the legacy ID modules (config "legacyModules") to the unified API',
  needsTypes: false,
  mayMatch(text, file) {
    const entries = file.options.legacyModules;
    return entries.length > 0 && (text.includes('import') || text.includes('require')) && entries.some((entry) => text.includes(needleOf(entry)));
  },
  apply(context) {
    if (context.options.legacyModules.length === 0) return { edits: [], warnings: [] };
    return new LegacyModulesPass(context).run();
  },
  finalize(files: readonly RuleFileData[], options: RuleOptions) {
    const importers = new Map<string, string[]>();
    const remaining = new Map<string, string[]>();
    for (const file of files) {
      if (typeof file.data !== 'object' || file.data === null || Array.isArray(file.data)) continue;
      const record = file.data as { readonly [key: string]: JsonValue };
      const imported = record['imported'];
      const kept = record['remaining'];
      if (isStringArray(imported)) for (const module of imported) importers.set(module, [...(importers.get(module) ?? []), file.relativePath]);
      if (isStringArray(kept)) for (const module of kept) remaining.set(module, [...(remaining.get(module) ?? []), file.relativePath]);
    }
    return options.legacyModules.map((module) => {
      const still = remaining.get(module) ?? [];
      if (still.length > 0) return `legacy module ${module} is still imported by ${still.length} file(s): ${still.sort().join(', ')} (see the warnings)`;
      const count = importers.get(module)?.length ?? 0;
      const moved = count > 0 ? ` (${count} importing file(s) now use ${options.importFrom})` : '';
      return `legacy module ${module} has no imports left${moved}: it can be deleted`;
    });
  },
};
