/**
 * Adding value imports to a file as text edits, the way a person would: reuse an import that already brings the
 * name, merge into an existing import of the same specifier, otherwise add one statement next to the other
 * imports. `import type` is never reused for a value, CommonJS files get `require`, and a name already used in
 * the file gets an alias (`threadIdOf2`).
 */
import type { ts } from 'ts-morph';
import type { TextEdit } from './rule';

export interface ImportTarget {
  readonly sourceFile: ts.SourceFile;
  readonly text: string;
  readonly filePath: string;
  readonly ts: typeof ts;
}

export interface ImportRequest {
  /** The exported name wanted. */
  readonly name: string;
  /** Module specifier it comes from. */
  readonly from: string;
}

export interface ImportPlanOptions {
  /** Local names whose only binding is in a statement the caller removes: free to take, no alias needed. */
  readonly releasedNames?: ReadonlySet<string>;
  /** Top-level import / `require` statements the caller wants gone: deleted by the plan, or replaced by its new imports. */
  readonly removedStatements?: readonly ts.Statement[];
}

export interface ImportPlan {
  /** Edits adding the imports (and deleting `removedStatements`). */
  readonly edits: readonly TextEdit[];
  /** The expression that names `request` in this file after the edits: `threadIdOf`, `threadIdOf2` or `uid.threadIdOf`. */
  localName(request: ImportRequest): string;
}

export type ModuleStyle = 'esm' | 'require';

const esmOnlyExtension = /\.(mjs|mts)$/;
const commonJsExtension = /\.cjs$/;

function isRequireCall(node: ts.Node | undefined, t: typeof ts): node is ts.CallExpression {
  return (
    !!node &&
    t.isCallExpression(node) &&
    t.isIdentifier(node.expression) &&
    node.expression.text === 'require' &&
    node.arguments.length === 1 &&
    !!node.arguments[0] &&
    t.isStringLiteralLike(node.arguments[0])
  );
}

/** The specifier of a top-level `const x = require('…')` statement (one declarator), else `undefined`. */
export function requireSpecifier(statement: ts.Statement, t: typeof ts): string | undefined {
  if (!t.isVariableStatement(statement)) return undefined;
  const declarations = statement.declarationList.declarations;
  if (declarations.length !== 1) return undefined;
  const initializer = declarations[0]?.initializer;
  if (!isRequireCall(initializer, t)) return undefined;
  const argument = initializer.arguments[0];
  return argument && t.isStringLiteralLike(argument) ? argument.text : undefined;
}

/**
 * `require` for `.cjs` files, and for other non-module-only files that load dependencies with `require` and have
 * no `import`/`export` statement; `esm` otherwise (TypeScript compiles `import` to `require` in `.cts` itself).
 */
export function moduleStyle(target: ImportTarget): ModuleStyle {
  const t = target.ts;
  if (esmOnlyExtension.test(target.filePath)) return 'esm';
  let hasEsm = false;
  let hasRequire = false;
  for (const statement of target.sourceFile.statements) {
    if (t.isImportDeclaration(statement) || t.isExportDeclaration(statement) || t.isExportAssignment(statement)) hasEsm = true;
    else if (t.canHaveModifiers(statement) && t.getModifiers(statement)?.some((m) => m.kind === t.SyntaxKind.ExportKeyword)) hasEsm = true;
    else if (requireSpecifier(statement, t) !== undefined) hasRequire = true;
  }
  if (hasEsm) return 'esm';
  if (commonJsExtension.test(target.filePath) || hasRequire) return 'require';
  return 'esm';
}

/** True when `node` names a property (`.x`, `{ x: … }`, `x: T` members, `{ x: y }` patterns), not a binding or reference. */
export function isPropertyNameIdentifier(node: ts.Identifier, t: typeof ts): boolean {
  const parent = node.parent;
  return (
    (t.isPropertyAccessExpression(parent) && parent.name === node) ||
    (t.isQualifiedName(parent) && parent.right === node) ||
    ((t.isPropertyAssignment(parent) ||
      t.isPropertySignature(parent) ||
      t.isPropertyDeclaration(parent) ||
      t.isMethodDeclaration(parent) ||
      t.isMethodSignature(parent) ||
      t.isGetAccessorDeclaration(parent) ||
      t.isSetAccessorDeclaration(parent) ||
      t.isEnumMember(parent) ||
      t.isJsxAttribute(parent)) &&
      parent.name === node) ||
    ((t.isBindingElement(parent) || t.isImportSpecifier(parent) || t.isExportSpecifier(parent)) && parent.propertyName === node)
  );
}

/** Identifier texts used in the file as bindings or references (property names after `.` or in `{ key: … }` excluded). */
export function usedNames(sourceFile: ts.SourceFile, t: typeof ts): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (t.isIdentifier(node)) {
      if (!isPropertyNameIdentifier(node, t)) names.add(node.text);
    }
    t.forEachChild(node, visit);
  };
  visit(sourceFile);
  return names;
}

function lineBreak(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Range covering a whole statement line (indentation and line break too) when nothing else shares its lines. */
export function statementRemovalRange(statement: ts.Statement, sourceFile: ts.SourceFile, text: string): { start: number; end: number } {
  let start = statement.getStart(sourceFile);
  let end = statement.getEnd();
  let lineStart = start;
  while (lineStart > 0 && (text[lineStart - 1] === ' ' || text[lineStart - 1] === '\t')) lineStart--;
  let lineEnd = end;
  while (lineEnd < text.length && (text[lineEnd] === ' ' || text[lineEnd] === '\t')) lineEnd++;
  const atLineStart = lineStart === 0 || text[lineStart - 1] === '\n';
  const atLineEnd = lineEnd === text.length || text[lineEnd] === '\n' || text[lineEnd] === '\r';
  if (atLineStart && atLineEnd) {
    start = lineStart;
    end = text.startsWith('\r\n', lineEnd) ? lineEnd + 2 : text[lineEnd] === '\n' ? lineEnd + 1 : lineEnd;
  }
  return { start, end };
}

/**
 * Edits removing `elements` from a comma-separated list (import specifiers, binding elements) with their commas,
 * so `{ a, b, c }` minus `b` reads `{ a, c }`. At least one element of the list must stay.
 */
export function removeListElements(
  list: ts.NodeArray<ts.Node>,
  elements: ReadonlySet<ts.Node>,
  sourceFile: ts.SourceFile,
  text: string,
): TextEdit[] {
  const edits: TextEdit[] = [];
  let index = 0;
  while (index < list.length) {
    if (!elements.has(list[index]!)) {
      index++;
      continue;
    }
    const runStart = index;
    while (index < list.length && elements.has(list[index]!)) index++;
    const firstRemoved = list[runStart]!;
    const lastRemoved = list[index - 1]!;
    const nextKept = list[index];
    const previousKept = list[runStart - 1];
    if (nextKept) {
      edits.push({ start: firstRemoved.getStart(sourceFile), end: nextKept.getStart(sourceFile), text: '' });
    } else if (previousKept) {
      // The run ends the list: drop the comma before it; a trailing comma stays after the new last element.
      if (list.hasTrailingComma) {
        const afterPrevious = previousKept.getEnd() + (text[previousKept.getEnd()] === ',' ? 1 : 0);
        edits.push({ start: afterPrevious, end: text.indexOf(',', lastRemoved.getEnd()) + 1, text: '' });
      } else {
        edits.push({ start: previousKept.getEnd(), end: lastRemoved.getEnd(), text: '' });
      }
    } else {
      throw new RangeError('removeListElements: at least one element must stay');
    }
  }
  return edits;
}

function requestKey(request: ImportRequest): string {
  return `${request.from}\u0000${request.name}`;
}

interface PendingName {
  readonly name: string;
  readonly local: string;
}

/** Plans the imports of `requests` into `target` (see the module comment for the rules). */
export function planImports(target: ImportTarget, requests: readonly ImportRequest[], options: ImportPlanOptions = {}): ImportPlan {
  const { sourceFile, text } = target;
  const t = target.ts;
  const removed = new Set<ts.Statement>(options.removedStatements ?? []);
  const style = moduleStyle(target);
  const taken = usedNames(sourceFile, t);
  for (const name of options.releasedNames ?? []) taken.delete(name);
  const newline = lineBreak(text);

  const locals = new Map<string, string>();
  const pending = new Map<string, PendingName[]>();
  const liveStatements = sourceFile.statements.filter((statement) => !removed.has(statement));

  const existingLocal = (request: ImportRequest): string | undefined => {
    for (const statement of liveStatements) {
      if (t.isImportDeclaration(statement)) {
        if (!t.isStringLiteral(statement.moduleSpecifier) || statement.moduleSpecifier.text !== request.from) continue;
        const clause = statement.importClause;
        if (!clause || clause.isTypeOnly || !clause.namedBindings) continue;
        if (t.isNamespaceImport(clause.namedBindings)) return `${clause.namedBindings.name.text}.${request.name}`;
        for (const element of clause.namedBindings.elements) {
          if (!element.isTypeOnly && (element.propertyName ?? element.name).text === request.name) return element.name.text;
        }
      } else if (t.isImportEqualsDeclaration(statement)) {
        const reference = statement.moduleReference;
        if (statement.isTypeOnly || !t.isExternalModuleReference(reference)) continue;
        if (t.isStringLiteral(reference.expression) && reference.expression.text === request.from) return `${statement.name.text}.${request.name}`;
      } else if (requireSpecifier(statement, t) === request.from && t.isVariableStatement(statement)) {
        const binding = statement.declarationList.declarations[0]?.name;
        if (!binding) continue;
        if (t.isIdentifier(binding)) return `${binding.text}.${request.name}`;
        if (!t.isObjectBindingPattern(binding)) continue;
        for (const element of binding.elements) {
          const property = element.propertyName ?? element.name;
          if (!element.dotDotDotToken && !element.initializer && t.isIdentifier(element.name) && t.isIdentifier(property) && property.text === request.name) {
            return element.name.text;
          }
        }
      }
    }
    return undefined;
  };

  const freshLocal = (name: string): string => {
    let local = name;
    for (let n = 2; taken.has(local); n++) local = `${name}${n}`;
    taken.add(local);
    return local;
  };

  for (const request of requests) {
    const key = requestKey(request);
    if (locals.has(key)) continue;
    const existing = existingLocal(request);
    if (existing !== undefined) {
      locals.set(key, existing);
      continue;
    }
    const local = freshLocal(request.name);
    locals.set(key, local);
    let names = pending.get(request.from);
    if (!names) pending.set(request.from, (names = []));
    names.push({ name: request.name, local });
  }

  const edits: TextEdit[] = [];
  const newStatements: string[] = [];
  const quote = detectQuote(liveStatements, sourceFile, t);
  const semicolon = detectSemicolon(sourceFile, text, t);

  for (const [from, names] of pending) {
    const merge = mergeEdit(liveStatements, from, names, style, target);
    if (merge) {
      edits.push(merge);
      continue;
    }
    const specifier = `${quote}${from}${quote}`;
    if (style === 'require') {
      newStatements.push(`const { ${names.map((n) => (n.local === n.name ? n.name : `${n.name}: ${n.local}`)).join(', ')} } = require(${specifier})${semicolon}`);
    } else {
      newStatements.push(`import { ${names.map((n) => (n.local === n.name ? n.name : `${n.name} as ${n.local}`)).join(', ')} } from ${specifier}${semicolon}`);
    }
  }

  const removedInOrder = [...removed].sort((a, b) => a.getStart(sourceFile) - b.getStart(sourceFile));
  if (newStatements.length > 0) {
    const first = removedInOrder.shift();
    if (first) {
      edits.push({ start: first.getStart(sourceFile), end: first.getEnd(), text: newStatements.join(newline) });
    } else {
      edits.push(insertionEdit(liveStatements, newStatements.join(newline), style, target, newline));
    }
  }
  for (const statement of removedInOrder) edits.push({ ...statementRemovalRange(statement, sourceFile, text), text: '' });

  return {
    edits,
    localName(request) {
      const local = locals.get(requestKey(request));
      if (local === undefined) throw new Error(`planImports: ${request.name} from ${request.from} was not requested`);
      return local;
    },
  };
}

function detectQuote(statements: readonly ts.Statement[], sourceFile: ts.SourceFile, t: typeof ts): string {
  for (const statement of statements) {
    const literal = t.isImportDeclaration(statement) ? statement.moduleSpecifier : undefined;
    if (literal) return literal.getText(sourceFile).startsWith('"') ? '"' : "'";
  }
  for (const statement of statements) {
    if (t.isVariableStatement(statement) && requireSpecifier(statement, t) !== undefined) {
      const call = statement.declarationList.declarations[0]?.initializer;
      if (call && t.isCallExpression(call)) return call.arguments[0]?.getText(sourceFile).startsWith('"') ? '"' : "'";
    }
  }
  return "'";
}

/** Semicolons unless the file's first statement of a kind that takes one ends without. */
function detectSemicolon(sourceFile: ts.SourceFile, text: string, t: typeof ts): string {
  for (const statement of sourceFile.statements) {
    if (t.isImportDeclaration(statement) || t.isVariableStatement(statement) || t.isExpressionStatement(statement)) {
      return text[statement.getEnd() - 1] === ';' ? ';' : '';
    }
  }
  return ';';
}

function mergeEdit(
  statements: readonly ts.Statement[],
  from: string,
  names: readonly PendingName[],
  style: ModuleStyle,
  target: ImportTarget,
): TextEdit | undefined {
  const t = target.ts;
  const { sourceFile, text } = target;
  for (const statement of statements) {
    let list: ts.NodeArray<ts.Node> | undefined;
    let rendered: string[] = [];
    if (style === 'esm' && t.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (!t.isStringLiteral(statement.moduleSpecifier) || statement.moduleSpecifier.text !== from) continue;
      if (!clause || clause.isTypeOnly || !clause.namedBindings || !t.isNamedImports(clause.namedBindings)) continue;
      list = clause.namedBindings.elements;
      rendered = names.map((n) => (n.local === n.name ? n.name : `${n.name} as ${n.local}`));
      if (list.length === 0) {
        const braces = clause.namedBindings;
        return { start: braces.getStart(sourceFile), end: braces.getEnd(), text: `{ ${rendered.join(', ')} }` };
      }
    } else if (style === 'require' && requireSpecifier(statement, t) === from && t.isVariableStatement(statement)) {
      const binding = statement.declarationList.declarations[0]?.name;
      if (!binding || !t.isObjectBindingPattern(binding) || binding.elements.some((e) => e.dotDotDotToken)) continue;
      list = binding.elements;
      rendered = names.map((n) => (n.local === n.name ? n.name : `${n.name}: ${n.local}`));
      if (list.length === 0) return { start: binding.getStart(sourceFile), end: binding.getEnd(), text: `{ ${rendered.join(', ')} }` };
    } else {
      continue;
    }
    const last = list[list.length - 1];
    if (!last) continue;
    const multiline = list.length > 1 && text.slice(list[0]!.getStart(sourceFile), last.getStart(sourceFile)).includes('\n');
    if (multiline) {
      const lineStart = text.lastIndexOf('\n', last.getStart(sourceFile)) + 1;
      const indent = text.slice(lineStart, last.getStart(sourceFile));
      const nl = lineBreak(text);
      return { start: last.getEnd(), end: last.getEnd(), text: rendered.map((r) => `,${nl}${indent}${r}`).join('') };
    }
    return { start: last.getEnd(), end: last.getEnd(), text: rendered.map((r) => `, ${r}`).join('') };
  }
  return undefined;
}

function isImportLike(statement: ts.Statement, style: ModuleStyle, t: typeof ts): boolean {
  if (t.isImportDeclaration(statement) || t.isImportEqualsDeclaration(statement)) return true;
  return style === 'require' && requireSpecifier(statement, t) !== undefined;
}

function insertionEdit(statements: readonly ts.Statement[], imports: string, style: ModuleStyle, target: ImportTarget, newline: string): TextEdit {
  const t = target.ts;
  const { sourceFile } = target;
  let lastImport: ts.Statement | undefined;
  for (const statement of statements) if (isImportLike(statement, style, t)) lastImport = statement;
  if (lastImport) {
    // After a comment that ends the import's line (`import x from 'x'; // why`), not between them.
    const end = lastImport.getEnd();
    const lineEnd = target.text.slice(end).search(/\r?\n|$/) + end;
    const rest = target.text.slice(end, lineEnd);
    const at = /^\s*(\/\/.*|\/\*.*\*\/\s*)?$/.test(rest) ? lineEnd : end;
    return { start: at, end: at, text: `${newline}${imports}` };
  }
  // After a directive prologue ('use strict', 'use client'), which must stay first.
  let lastDirective: ts.Statement | undefined;
  for (const statement of statements) {
    if (t.isExpressionStatement(statement) && t.isStringLiteral(statement.expression)) lastDirective = statement;
    else break;
  }
  if (lastDirective) return { start: lastDirective.getEnd(), end: lastDirective.getEnd(), text: `${newline}${imports}` };
  const first = statements[0];
  if (!first) {
    const end = target.text.length;
    const needsBreak = end > 0 && !target.text.endsWith('\n');
    return { start: end, end, text: `${needsBreak ? newline : ''}${imports}${newline}` };
  }
  // Above the comments attached to the first statement; below a header comment set off by a blank line.
  const text = target.text;
  let start = first.getStart(sourceFile, true);
  const comments = t.getLeadingCommentRanges(text, first.getFullStart()) ?? [];
  for (let index = comments.length - 1; index >= 0; index--) {
    const comment = comments[index]!;
    if (comment.end > start || /\n[ \t]*\r?\n/.test(text.slice(comment.end, start))) break;
    start = comment.pos;
  }
  return { start, end: start, text: `${imports}${newline}${newline}` };
}
