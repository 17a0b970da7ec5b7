/**
 * Finds the candidate sites of the migration benchmark's backend (fixtures/migration-bench) with TypeScript's parser:
 * - thread-access: every read of a `thread_id` / `threadId` property (`x.threadId`, `x?.thread_id`, `x['thread_id']`,
 *   destructuring `{ thread_id } = x` or in a parameter); writes, keys and declarations are not reads;
 * - legacy-modules: every reference to a name imported from a legacy module, outside import statements;
 * - test-ids: every string literal (and JSON string value) in test files and test data that could be an ID.
 * `check-key.mjs` uses it to prove the answer key covers every site; `node bench/migrate/sites.mjs [root]` lists them.
 */
import console from 'node:console';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ts = require('typescript');

const THREAD_NAMES = new Set(['thread_id', 'threadId']);

export function listFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|json)$/.test(entry.name)) out.push(relative(root, path).split('\\').join('/'));
    }
  };
  for (const top of ['src', 'test']) walk(join(root, top));
  return out.sort();
}

/** Test files and test data: what `test-ids` is about. */
export function isTestData(file) {
  return file.startsWith('test/') || file.startsWith('src/testing/');
}

function lineOf(source, pos) {
  return source.getLineAndCharacterOfPosition(pos).line + 1;
}

function propertyNameText(name) {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  return undefined;
}

/** True when `node` (a property access / element access) is written, not read. */
function isWriteTarget(node) {
  const parent = node.parent;
  if (ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
    return parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
  }
  if (ts.isDeleteExpression(parent)) return true;
  return false;
}

function legacyExports(root, config) {
  const modules = (config.legacyModules ?? []).map((path) => path.replace(/\.ts$/, ''));
  return modules;
}

function importsLegacy(file, specifier, legacy) {
  if (!specifier.startsWith('.')) return undefined;
  const target = resolve('/', file, '..', specifier).slice(1).replace(/\.(js|ts)$/, '');
  return legacy.find((module) => module === target);
}

/** The first argument of `describe(…)`, `it(…)`, `test(…)`, `it.each(…)(…)`: a title, never an ID. */
function isTestTitle(node) {
  const call = node.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== node) return false;
  let callee = call.expression;
  if (ts.isCallExpression(callee)) callee = callee.expression;
  if (ts.isPropertyAccessExpression(callee)) callee = callee.expression;
  return ts.isIdentifier(callee) && ['describe', 'it', 'test'].includes(callee.text);
}

export function findSites(root) {
  const config = JSON.parse(readFileSync(join(root, 'unified-id.config.json'), 'utf8'));
  const legacy = legacyExports(root, config);
  const sites = [];
  for (const file of listFiles(root)) {
    const text = readFileSync(join(root, file), 'utf8');
    const lines = text.split('\n');
    const add = (rule, line, detail) => sites.push({ rule, file, line, detail, text: lines[line - 1]?.trim() ?? '' });
    if (file.endsWith('.json')) {
      if (!isTestData(file)) continue;
      lines.forEach((lineText, index) => {
        for (const match of lineText.matchAll(/:\s*"([^"]*)"/g)) add('test-ids', index + 1, match[1]);
      });
      continue;
    }
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const legacyNames = new Set();
    for (const statement of source.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      if (!importsLegacy(file, statement.moduleSpecifier.text, legacy)) continue;
      const bindings = statement.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) legacyNames.add(element.name.text);
      if (statement.importClause?.name) legacyNames.add(statement.importClause.name.text);
      if (bindings && ts.isNamespaceImport(bindings)) legacyNames.add(bindings.name.text);
    }
    const visit = (node) => {
      if (ts.isImportDeclaration(node)) return;
      // thread-access: reads
      if (ts.isPropertyAccessExpression(node) && THREAD_NAMES.has(node.name.text) && !isWriteTarget(node)) {
        add('thread-access', lineOf(source, node.name.getStart()), node.getText());
      } else if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression) && THREAD_NAMES.has(node.argumentExpression.text) && !isWriteTarget(node)) {
        add('thread-access', lineOf(source, node.getStart()), node.getText());
      } else if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent)) {
        const name = propertyNameText(node.propertyName) ?? (ts.isIdentifier(node.name) ? node.name.text : undefined);
        if (name && THREAD_NAMES.has(name)) add('thread-access', lineOf(source, node.getStart()), `{ ${node.getText()} }`);
      }
      // legacy-modules: uses
      if (ts.isIdentifier(node) && legacyNames.has(node.text)) {
        const parent = node.parent;
        const isPropertyName = (ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node);
        if (!isPropertyName) {
          const use = ts.isPropertyAccessExpression(parent) && parent.expression === node ? parent.getText() : node.text;
          add('legacy-modules', lineOf(source, node.getStart()), use);
        }
      }
      // test-ids: string literals in test data, and case labels anywhere (a value shared with the tests); not test titles
      if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && !ts.isImportDeclaration(node.parent) && !ts.isExternalModuleReference(node.parent) && !isTestTitle(node)) {
        if (isTestData(file) || ts.isCaseClause(node.parent)) add('test-ids', lineOf(source, node.getStart()), node.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return sites;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/migration-bench'));
  const rule = process.argv[3];
  for (const site of findSites(root)) {
    if (rule && site.rule !== rule) continue;
    console.log(`${site.rule}\t${site.file}:${site.line}\t${JSON.stringify(site.detail)}\t${site.text}`);
  }
}
