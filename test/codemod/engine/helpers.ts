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

/**
 * `shared-rename` decides from the project, not the file: a comment `// rename: <from> -> <to>` anywhere in the
 * project (its `collect`, folded by `combine`) makes it rewrite every string literal `<from>` into `<to>`, in every
 * file (the report counts them as `literal`s). A file that holds a literal but not the comment
 * can only be rewritten through the project facts: the rule proves they reach every thread and every shard.
 */
const sharedRenameRuleSource = `{
  name: 'shared-rename',
  description: 'test rule: renames literals named by a "// rename: a -> b" comment anywhere in the project',
  needsTypes: false,
  siteNoun: 'literal',
  mayMatch: (text) => text.includes('id-'),
  collect(text) {
    const pairs = [...text.matchAll(/\\/\\/ rename: (\\S+) -> (\\S+)/g)].map((match) => [match[1], match[2]]);
    return pairs.length > 0 ? pairs : undefined;
  },
  combine(facts) {
    const renames = {};
    for (const fact of facts) for (const [from, to] of fact.data) renames[from] = to;
    return renames;
  },
  apply({ sourceFile, ts, project }) {
    const renames = (project && project.rules['shared-rename']) || {};
    const edits = [];
    const visit = (node) => {
      if (ts.isStringLiteral(node) && Object.hasOwn(renames, node.text)) edits.push({ start: node.getStart() + 1, end: node.getEnd() - 1, text: renames[node.text] });
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    return { edits, warnings: [] };
  },
}`;

/** The rules as an ES module's source, for the built CLI (`UNIFIED_ID_RULE_MODULES`), its workers, and `ruleModules`. */
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
}, ${sharedRenameRuleSource}];
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

let ruleModule: string | undefined;

/** `renameRuleModuleSource` written once to a temporary `.mjs`, for `migrate({ ruleModules })` from source. */
export function testRuleModule(): string {
  if (!ruleModule) {
    ruleModule = join(makeTempDir('rule-module'), 'rules.mjs');
    writeFileSync(ruleModule, renameRuleModuleSource);
  }
  return ruleModule;
}
