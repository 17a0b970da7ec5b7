/**
 * The legacy imports of one file: top-level `import` / `import x = require()` / `require` statements of a
 * configured legacy module, the local bindings they create, every reference to those bindings, and the edits that
 * drop some bindings of a statement that keeps others.
 */
import type { ts } from 'ts-morph';
import { isPropertyNameIdentifier, removeListElements, requireSpecifier } from '../../imports';
import type { TextEdit } from '../../rule';
import { matchLegacyModule } from './modules';

/** What the finders need of the file, and where they report what they will not touch. */
export interface FileScope {
  readonly t: typeof ts;
  readonly sourceFile: ts.SourceFile;
  readonly text: string;
  readonly filePath: string;
  readonly relativePath: string;
  warn(node: ts.Node, code: string, message: string): void;
}

/** One local binding of a legacy import statement. */
export interface LegacyBinding {
  readonly local: string;
  /**
   * `named`: a named import or destructured require (a function `fn(…)`, or a class of statics `IDManager.fn(…)`,
   * told apart by its name); `namespace`: a whole-module binding read as `ids.fn(…)` (namespace, default, require).
   */
  readonly kind: 'named' | 'namespace';
  /** The module's exported name, for named imports and destructured requires. */
  readonly importedName?: string;
  /** The declaring node: import specifier, binding element, or the statement itself for whole-module bindings. */
  readonly node: ts.Node;
  readonly statement: ts.Statement;
  /** The configured entry (`LegacyModuleSpec.module`) the statement imports. */
  readonly module: string;
}

export interface LegacyImports {
  /** Statements with bindings that may go. */
  readonly statements: readonly ts.Statement[];
  readonly bindings: readonly LegacyBinding[];
  /** Statements that keep something whatever happens (a type-only specifier, an unusual binding). */
  readonly partial: ReadonlySet<ts.Statement>;
  /** Modules this file imports, and those it keeps importing whatever the calls. */
  readonly imported: Set<string>;
  readonly kept: Set<string>;
}

type Found = { module: string; bindings: LegacyBinding[] | 'keep'; keepsSome?: boolean };

export function findLegacyImports(scope: FileScope, entries: readonly string[]): LegacyImports {
  const statements: ts.Statement[] = [];
  const bindings: LegacyBinding[] = [];
  const partial = new Set<ts.Statement>();
  const imported = new Set<string>();
  const kept = new Set<string>();
  for (const statement of scope.sourceFile.statements) {
    const found = legacyStatement(scope, statement, entries);
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
  reportNestedImports(scope, entries, imported, kept);
  return { statements, bindings, partial, imported, kept };
}

function match(scope: FileScope, specifier: string, entries: readonly string[]): string | undefined {
  return matchLegacyModule(specifier, scope.filePath, scope.relativePath, entries);
}

function namedBinding(local: string, importedName: string, node: ts.Node, statement: ts.Statement, module: string): LegacyBinding {
  return { local, kind: 'named', importedName, node, statement, module };
}

/** A top-level import / require / re-export of a legacy module, with its bindings ('keep' when it must stay). */
function legacyStatement(scope: FileScope, statement: ts.Statement, entries: readonly string[]): Found | undefined {
  const { t, sourceFile } = scope;
  if (t.isImportDeclaration(statement) && t.isStringLiteral(statement.moduleSpecifier)) {
    const module = match(scope, statement.moduleSpecifier.text, entries);
    if (!module) return undefined;
    const clause = statement.importClause;
    if (!clause) {
      scope.warn(statement, 'side-effect-import', `import of ${module} for its side effects: no equivalent, kept`);
      return { module, bindings: 'keep' };
    }
    if (clause.isTypeOnly) {
      scope.warn(statement, 'legacy-type-import', `types from ${module}: no equivalent in the unified API, kept`);
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
          scope.warn(element, 'legacy-type-import', `type ${importedName} from ${module}: no equivalent in the unified API, kept`);
          keepsSome = true;
          continue;
        }
        bindings.push(namedBinding(element.name.text, importedName, element, statement, module));
      }
    }
    return { module, bindings, keepsSome };
  }
  if (t.isImportEqualsDeclaration(statement) && t.isExternalModuleReference(statement.moduleReference) && t.isStringLiteral(statement.moduleReference.expression)) {
    const module = match(scope, statement.moduleReference.expression.text, entries);
    if (!module) return undefined;
    return { module, bindings: [{ local: statement.name.text, kind: 'namespace', node: statement, statement, module }] };
  }
  if (t.isExportDeclaration(statement) && statement.moduleSpecifier && t.isStringLiteral(statement.moduleSpecifier)) {
    const module = match(scope, statement.moduleSpecifier.text, entries);
    if (!module) return undefined;
    scope.warn(statement, 'legacy-reexport', `re-export of ${module}: rewrite it by hand (the unified API may differ), kept`);
    return { module, bindings: 'keep' };
  }
  const required = requireSpecifier(statement, t);
  if (required !== undefined && t.isVariableStatement(statement)) {
    const module = match(scope, required, entries);
    if (!module) return undefined;
    const name = statement.declarationList.declarations[0]!.name;
    if (t.isIdentifier(name)) return { module, bindings: [{ local: name.text, kind: 'namespace', node: statement, statement, module }] };
    if (t.isObjectBindingPattern(name)) {
      const bindings: LegacyBinding[] = [];
      let keepsSome = false;
      for (const element of name.elements) {
        const property = element.propertyName ?? element.name;
        if (element.dotDotDotToken || element.initializer || !t.isIdentifier(element.name) || !t.isIdentifier(property)) {
          scope.warn(element, 'no-equivalent', `${element.getText(sourceFile)} from ${module}: not a plain binding, kept`);
          keepsSome = true;
          continue;
        }
        bindings.push(namedBinding(element.name.text, property.text, element, statement, module));
      }
      return { module, bindings, keepsSome };
    }
    scope.warn(statement, 'no-equivalent', `require of ${module} with array destructuring: kept`);
    return { module, bindings: 'keep' };
  }
  return undefined;
}

function topLevelStatementOf(t: typeof ts, node: ts.Node): ts.Statement | undefined {
  let current: ts.Node = node;
  while (current.parent && !t.isSourceFile(current.parent)) current = current.parent;
  return t.isSourceFile(current.parent) ? (current as ts.Statement) : undefined;
}

/** `import('./ids')` / `require('./ids')` inside code: cannot be rewritten statically. */
function reportNestedImports(scope: FileScope, entries: readonly string[], imported: Set<string>, kept: Set<string>): void {
  const { t, sourceFile } = scope;
  const topLevel = new Set<ts.Node>(sourceFile.statements);
  const visit = (node: ts.Node): void => {
    if (t.isCallExpression(node) && node.arguments.length === 1 && node.arguments[0] && t.isStringLiteralLike(node.arguments[0])) {
      const isDynamic = node.expression.kind === t.SyntaxKind.ImportKeyword;
      const isRequire = t.isIdentifier(node.expression) && node.expression.text === 'require';
      if (isDynamic || isRequire) {
        const module = match(scope, node.arguments[0].text, entries);
        const statement = topLevelStatementOf(t, node);
        const handled = isRequire && statement && topLevel.has(statement) && requireSpecifier(statement, t) !== undefined;
        if (module && !handled) {
          imported.add(module);
          kept.add(module);
          scope.warn(node, 'dynamic-legacy-import', `${isDynamic ? 'dynamic import' : 'require'} of ${module} inside code: rewrite it by hand, kept`);
        }
      }
    }
    t.forEachChild(node, visit);
  };
  visit(sourceFile);
}

/** Identifiers naming each of `names` outside the legacy statements (property names excluded). */
export function referencesByName(scope: FileScope, names: ReadonlySet<string>, legacyStatements: ReadonlySet<ts.Statement>): Map<string, ts.Identifier[]> {
  const { t } = scope;
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
  visit(scope.sourceFile);
  return found;
}

/** A name declared again in the file (a parameter, a local) would make the references ambiguous. */
export function isShadowed(t: typeof ts, reference: ts.Identifier): boolean {
  const parent = reference.parent;
  const declares =
    (t.isVariableDeclaration(parent) || t.isParameter(parent) || t.isBindingElement(parent) || t.isFunctionDeclaration(parent) || t.isClassDeclaration(parent)) &&
    parent.name === reference;
  const assignedByPattern = t.isShorthandPropertyAssignment(parent) && t.isObjectLiteralExpression(parent.parent) && t.isBinaryExpression(parent.parent.parent) && parent.parent.parent.left === parent.parent;
  return declares || assignedByPattern;
}

/** Edits removing some bindings of a statement that keeps others. */
export function removeBindings(scope: FileScope, statement: ts.Statement, nodes: ReadonlySet<ts.Node>): TextEdit[] {
  const { t, sourceFile, text } = scope;
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
