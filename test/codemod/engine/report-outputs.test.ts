import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addCommand, importsPackage, missingDependencies, packageNameOf } from '../../../codemod/engine/dependency-check';
import type { FileState } from '../../../codemod/engine/file-state';
import { formatGithubAnnotations } from '../../../codemod/engine/github-annotations';
import type { MigrateReport } from '../../../codemod/engine/report';
import { makeTempDir, removeDir, writeFiles } from './helpers';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) removeDir(root);
});

function report(overrides: Partial<MigrateReport>): MigrateReport {
  return {
    version: 1,
    toolVersion: '0.0.0',
    mode: 'check',
    root: '/work/repo/svc',
    rules: ['rename-id'],
    evidence: ['x'],
    projectFiles: 1,
    filesScanned: 1,
    filesGenerated: 0,
    candidates: 1,
    filesChanged: 0,
    filesWritten: 0,
    rewrites: {},
    files: [],
    warnings: [],
    skipped: [],
    snapshots: [],
    notes: [],
    interrupted: false,
    refusal: null,
    temporaryFilesRemoved: [],
    missingDependencies: [],
    elapsedMs: 0,
    phases: { discoverMs: 0, readMs: 0, syntacticMs: 0, typedMs: 0, writeMs: 0, reportMs: 0 },
    exitCode: 0,
    ...overrides,
  };
}

describe('--format github', () => {
  it('annotates --check changes as errors and warnings as warnings, with paths from the workspace, escaped', () => {
    const out = formatGithubAnnotations(
      report({
        files: [{ path: 'src/a.ts', rewrites: { 'rename-id': 2 }, written: false, diff: '--- a/src/a.ts\n+++ b/src/a.ts\n@@ -7,3 +7,3 @@\n a\n-b\n+B\n c\n' }],
        warnings: [{ path: 'src/b.ts', line: 4, column: 9, rule: 'thread-access', code: 'unproven', message: '50% sure,\nsee docs: here' }],
        skipped: [{ path: 'src/c.ts', reason: 'not-utf8', message: 'not valid UTF-8' }],
      }),
      '/work/repo',
    );
    expect(out).toBe(
      [
        '::error file=svc/src/a.ts,line=8,title=unified-id migrate::would change this file (rename-id: 2); run the migration with --apply',
        '::warning file=svc/src/b.ts,line=4,col=9,title=thread-access/unproven::50%25 sure,%0Asee docs: here',
        '::error file=svc/src/c.ts,title=skipped%3A not-utf8::not valid UTF-8',
        '',
      ].join('\n'),
    );
  });

  it('a dry run gives notices, --apply none for its files; a refusal is an error', () => {
    const files = [{ path: 'a.ts', rewrites: {}, written: false, diff: '@@ -0,0 +1,1 @@\n+a\n' }];
    expect(formatGithubAnnotations(report({ mode: 'dry-run', files }), '/work/repo/svc')).toMatch(/^::notice file=a\.ts,line=1,/);
    expect(formatGithubAnnotations(report({ mode: 'apply', files, refusal: { code: 'dirty', message: 'm' } }), '/work/repo/svc')).toBe('::error title=unified-id migrate%3A dirty::m\n');
  });
});

describe('packages that import unified-id without declaring it', () => {
  it('reads package names from specifiers and finds imports, requires and re-exports', () => {
    expect(['unified-id', 'unified-id/testing', '@scope/pkg/sub', './local', 'node:fs', '@scope'].map(packageNameOf)).toEqual(['unified-id', 'unified-id', '@scope/pkg', undefined, undefined, undefined]);
    expect(importsPackage("import { a } from 'unified-id';", 'unified-id')).toBe(true);
    expect(importsPackage("const a = require(\"unified-id/testing\");", 'unified-id')).toBe(true);
    expect(importsPackage("export * from 'unified-id-other';", 'unified-id')).toBe(false);
    expect(importsPackage("import 'unified-id';", 'unified-id')).toBe(true);
  });

  it('lists each package, by nearest package.json, with the add command of its package manager', () => {
    const root = makeTempDir('deps');
    roots.push(root);
    mkdirSync(join(root, '.git'));
    writeFiles(root, {
      'pnpm-lock.yaml': '',
      'package.json': JSON.stringify({ name: 'mono' }),
      'packages/api/package.json': JSON.stringify({ name: 'api' }),
      'packages/ok/package.json': JSON.stringify({ name: 'ok', dependencies: { 'unified-id': '^1' } }),
      'packages/tests/package.json': JSON.stringify({ name: 'tests', devDependencies: { 'unified-id': '^1' } }),
      'packages/lib/package.json': JSON.stringify({ name: 'lib', devDependencies: { 'unified-id': '^1' } }),
    });
    const state = (path: string, text: string) => ({ file: { filePath: join(root, path), relativePath: path }, text }) as unknown as FileState;
    const written = [
      state('packages/api/src/a.ts', "import { parseRunId } from 'unified-id';\n"),
      state('packages/api/src/b.ts', "export const x = 1;\n"),
      state('packages/ok/src/a.ts', "import { parseRunId } from 'unified-id';\n"),
      state('packages/tests/test/a.test.ts', "import { parseRunId } from 'unified-id';\n"),
      state('packages/lib/src/a.ts', "import { parseRunId } from 'unified-id';\n"),
    ];
    expect(missingDependencies(root, 'unified-id', ['**/*.test.ts'], written)).toEqual([
      { packageJson: 'packages/api/package.json', dependency: 'unified-id', files: ['packages/api/src/a.ts'], folder: 'packages/api', command: 'pnpm add unified-id' },
      { packageJson: 'packages/lib/package.json', dependency: 'unified-id', files: ['packages/lib/src/a.ts'], folder: 'packages/lib', command: 'pnpm add unified-id' },
    ]);
    expect(missingDependencies(root, './local-ids', [], written)).toEqual([]);
  });

  it('infers npm, yarn or bun from the nearest lockfile, npm without one', () => {
    const root = makeTempDir('lockfiles');
    roots.push(root);
    for (const [folder, lockfile] of [['y', 'yarn.lock'], ['b', 'bun.lock'], ['n', 'package-lock.json']] as const) {
      mkdirSync(join(root, folder));
      writeFileSync(join(root, folder, lockfile), '');
    }
    mkdirSync(join(root, 'none'));
    expect(addCommand(join(root, 'y'), root, 'unified-id', false)).toBe('yarn add unified-id');
    expect(addCommand(join(root, 'b'), root, 'unified-id', true)).toBe('bun add -d unified-id');
    expect(addCommand(join(root, 'n'), root, 'unified-id', true)).toBe('npm install --save-dev unified-id');
    expect(addCommand(join(root, 'none'), join(root, 'none'), 'unified-id', false)).toBe('npm install unified-id');
  });
});
