/** Shared by the engine and CLI tests: a tiny rule (the real rules have their own fixture tests) and temp repos. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ts as TS } from 'ts-morph';
import type { Rule, TextEdit, RuleWarning } from '../../../codemod/rule';

/**
 * `rename-id`: rewrites the string literal `'old-id'` to `'new-id'` (quotes kept), warns on `'old-id'` inside a
 * template literal with substitutions, and reports the replaced value for the snapshot scan.
 */
export const renameRule: Rule = {
  name: 'rename-id',
  description: 'test rule: old-id → new-id',
  needsTypes: false,
  mayMatch: (text) => text.includes('old-id'),
  apply({ sourceFile, ts }) {
    const edits: TextEdit[] = [];
    const warnings: RuleWarning[] = [];
    const visit = (node: TS.Node): void => {
      if (ts.isStringLiteral(node) && node.text === 'old-id') edits.push({ start: node.getStart() + 1, end: node.getEnd() - 1, text: 'new-id' });
      if (ts.isTemplateExpression(node) && node.getText().includes('old-id')) {
        const { line, character } = sourceFile.getLineAndCharacterOfPosition(node.getStart());
        warnings.push({ code: 'computed', message: 'old-id in a computed string', line: line + 1, column: character + 1 });
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    return { edits, warnings, ...(edits.length > 0 ? { data: { replacements: [{ original: 'old-id', replacement: 'new-id' }] } } : {}) };
  },
};

/** The same rule as an ES module's source, for the built CLI (`UNIFIED_ID_RULE_MODULES`) and its workers. */
export const renameRuleModuleSource = `
export const rules = [{
  name: 'rename-id',
  description: 'test rule: old-id → new-id',
  needsTypes: false,
  mayMatch: (text) => text.includes('old-id'),
  apply({ sourceFile, ts }) {
    const edits = [];
    const warnings = [];
    const visit = (node) => {
      if (ts.isStringLiteral(node) && node.text === 'old-id') edits.push({ start: node.getStart() + 1, end: node.getEnd() - 1, text: 'new-id' });
      if (ts.isTemplateExpression(node) && node.getText().includes('old-id')) {
        const { line, character } = sourceFile.getLineAndCharacterOfPosition(node.getStart());
        warnings.push({ code: 'computed', message: 'old-id in a computed string', line: line + 1, column: character + 1 });
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    return edits.length > 0 ? { edits, warnings, data: { replacements: [{ original: 'old-id', replacement: 'new-id' }] } } : { edits, warnings };
  },
}];
`;

export function makeTempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `unified-id-${prefix}-`));
}

export function writeFiles(root: string, files: Readonly<Record<string, string | Uint8Array>>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

export function git(root: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A git repository holding `files`, all committed. */
export function makeGitRepo(prefix: string, files: Readonly<Record<string, string | Uint8Array>>): string {
  const root = makeTempDir(prefix);
  git(root, 'init', '-q');
  git(root, 'config', 'user.email', 'test@example.com');
  git(root, 'config', 'user.name', 'test');
  git(root, 'config', 'core.autocrlf', 'false');
  writeFiles(root, files);
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'initial');
  return root;
}

export function removeDir(root: string): void {
  rmSync(root, { recursive: true, force: true });
}
