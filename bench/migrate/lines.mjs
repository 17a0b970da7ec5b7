/**
 * Line-level comparison for `bench/migrate.mjs`: which ORIGINAL lines a rule changed and what they became, which
 * lines are import statements (not sites), which names a file imports from where, and which new value a
 * rewritten string literal got.
 */
import { createRequire } from 'node:module';
import { posix } from 'node:path';

const require = createRequire(import.meta.url);
const ts = require('typescript');

/** Longest-common-subsequence line diff: the edit hunks as `{ oldStart, oldEnd, newStart, newEnd }` (0-based, end exclusive). */
export function diffHunks(oldLines, newLines) {
  const n = oldLines.length;
  const m = newLines.length;
  // Common prefix and suffix first: files change in a few places.
  let start = 0;
  while (start < n && start < m && oldLines[start] === newLines[start]) start++;
  let endOld = n;
  let endNew = m;
  while (endOld > start && endNew > start && oldLines[endOld - 1] === newLines[endNew - 1]) {
    endOld--;
    endNew--;
  }
  const a = oldLines.slice(start, endOld);
  const b = newLines.slice(start, endNew);
  const rows = a.length + 1;
  const cols = b.length + 1;
  const lcs = new Uint32Array(rows * cols);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * cols + j] = a[i] === b[j] ? lcs[(i + 1) * cols + j + 1] + 1 : Math.max(lcs[(i + 1) * cols + j], lcs[i * cols + j + 1]);
    }
  }
  const hunks = [];
  let i = 0;
  let j = 0;
  let open;
  const close = () => {
    if (open) hunks.push({ oldStart: open.i + start, oldEnd: i + start, newStart: open.j + start, newEnd: j + start });
    open = undefined;
  };
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      close();
      i++;
      j++;
    } else {
      open ??= { i, j };
      if (j >= b.length || (i < a.length && lcs[(i + 1) * cols + j] >= lcs[i * cols + j + 1])) i++;
      else j++;
    }
  }
  close();
  return hunks;
}

/**
 * The original lines (1-based) that changed, each with what it became: the paired new line when the hunk kept its
 * line count, else all the hunk's new lines joined with `\n`. Pure insertions are returned as `inserted`.
 */
export function changedLines(oldText, newText) {
  const oldLines = oldText.split('\n');
  const newLines = newText.split('\n');
  const changed = [];
  const inserted = [];
  for (const hunk of diffHunks(oldLines, newLines)) {
    const oldCount = hunk.oldEnd - hunk.oldStart;
    const newCount = hunk.newEnd - hunk.newStart;
    const block = newLines.slice(hunk.newStart, hunk.newEnd).join('\n');
    if (oldCount === 0) {
      inserted.push({ afterLine: hunk.oldStart, text: block });
      continue;
    }
    for (let k = 0; k < oldCount; k++) {
      changed.push({
        line: hunk.oldStart + k + 1,
        oldText: oldLines[hunk.oldStart + k],
        newText: oldCount === newCount ? newLines[hunk.newStart + k] : block,
      });
    }
  }
  return { changed, inserted };
}

function parse(file, text) {
  const kind = /\.tsx$/.test(file) ? ts.ScriptKind.TSX : /\.m?jsx?$|\.cjs$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
}

const isScript = (file) => /\.(c|m)?(t|j)sx?$/.test(file) && !/\.d\.(c|m)?ts$/.test(file);

/** 1-based lines that belong to import declarations (and `export … from`): changes there are not sites. */
export function importLines(file, text) {
  const lines = new Set();
  if (!isScript(file)) return lines;
  const source = parse(file, text);
  for (const statement of source.statements) {
    const isImport = ts.isImportDeclaration(statement) || ts.isImportEqualsDeclaration(statement) || (ts.isExportDeclaration(statement) && statement.moduleSpecifier);
    if (!isImport) continue;
    const first = source.getLineAndCharacterOfPosition(statement.getStart()).line + 1;
    const last = source.getLineAndCharacterOfPosition(statement.getEnd()).line + 1;
    for (let line = first; line <= last; line++) lines.add(line);
  }
  return lines;
}

/** Resolves a relative specifier of `file` to a path without extension ('src/utils/id-manager'); bare ones as they are. */
export function resolveSpecifier(file, specifier) {
  if (!specifier.startsWith('.')) return specifier;
  return posix.normalize(posix.join(posix.dirname(file), specifier)).replace(/\.(c|m)?(t|j)sx?$/, '').replace(/\/index$/, '');
}

/** The module specifiers a file imports from (resolved), each with the names it imports (`*` for namespace, `default`). */
export function importsOf(file, text) {
  const imports = [];
  if (!isScript(file)) return imports;
  const source = parse(file, text);
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const names = [];
      if (ts.isImportDeclaration(node)) {
        const clause = node.importClause;
        if (clause?.name) names.push('default');
        const bindings = clause?.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) names.push('*');
        if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) names.push((element.propertyName ?? element.name).text);
      } else if (node.exportClause && ts.isNamedExports(node.exportClause)) {
        for (const element of node.exportClause.elements) names.push((element.propertyName ?? element.name).text);
      } else {
        names.push('*');
      }
      imports.push({ specifier: node.moduleSpecifier.text, resolved: resolveSpecifier(file, node.moduleSpecifier.text), names });
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])) {
      const callee = node.expression;
      if ((ts.isIdentifier(callee) && callee.text === 'require') || callee.kind === ts.SyntaxKind.ImportKeyword) {
        imports.push({ specifier: node.arguments[0].text, resolved: resolveSpecifier(file, node.arguments[0].text), names: ['*'] });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return imports;
}

/** String literals of a line, in order (quotes, plus backtick strings without substitutions). */
export function literalsOf(text) {
  const out = [];
  const pattern = /'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\$]|\\.|\$(?!\{))*)`/g;
  for (const match of text.matchAll(pattern)) out.push(match[1] ?? match[2] ?? match[3] ?? '');
  return out;
}

/** Index of `original` in `literal` as a whole segment (bounded by the ends or by characters outside [\w-]), or -1. */
function segmentIndex(literal, original) {
  let from = 0;
  for (;;) {
    const index = literal.indexOf(original, from);
    if (index < 0) return -1;
    const before = index === 0 ? '' : literal[index - 1];
    const after = literal[index + original.length] ?? '';
    if (!/[\w-]/.test(before) && !/[\w-]/.test(after)) return index;
    from = index + 1;
  }
}

/**
 * The new values `originals` got on a rewritten line: old and new literals are paired in order (when their counts
 * match); a literal holding an original whole or as a segment gives the text that took its place.
 */
export function newValuesOf(oldText, newText, originals) {
  const found = [];
  const oldLiterals = literalsOf(oldText);
  const newLiterals = literalsOf(newText);
  if (oldLiterals.length !== newLiterals.length) return found;
  oldLiterals.forEach((oldLiteral, index) => {
    const newLiteral = newLiterals[index];
    if (newLiteral === oldLiteral) return;
    for (const original of originals) {
      const at = segmentIndex(oldLiteral, original);
      if (at < 0) continue;
      const tail = oldLiteral.length - at - original.length;
      found.push({ original, value: newLiteral.slice(at, newLiteral.length - tail) });
    }
  });
  return found;
}
