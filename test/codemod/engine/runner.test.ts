import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, nodeFileSystem, UsageError } from '../../../codemod/index';
import type { FileSystem } from '../../../codemod/index';
import type { Rule } from '../../../codemod/rule';
import { git, makeGitRepo, makeTempDir, removeDir, renameRule, writeFiles } from './helpers';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) removeDir(root);
});

function repo(files: Record<string, string | Uint8Array>): string {
  const root = makeGitRepo('runner', files);
  roots.push(root);
  return root;
}

const base = { extraRules: [renameRule], rules: ['rename-id'], workerFile: false as const };

/** Evidence that the project uses this system's run IDs (a legacy-format literal): without it, no rule runs. */
const evidence = { 'ids.ts': "export const sampleRunId = 'run_user_1a2b3c4d';\n" };

describe('migrate (programmatic, in-thread)', () => {
  it('dry run reports the change and writes nothing', async () => {
    const root = repo({ ...evidence, 'src/a.ts': "export const id = 'old-id';\n", 'src/b.ts': 'export const other = 1;\n' });
    const { report, changes } = await migrate({ ...base, root });
    expect(report.filesScanned).toBe(3);
    expect(report.candidates).toBe(1);
    expect(report.filesChanged).toBe(1);
    expect(report.rewrites).toEqual({ 'rename-id': 1 });
    expect(report.files[0]?.diff).toContain("-export const id = 'old-id';\n+export const id = 'new-id';");
    expect(changes[0]?.after).toBe("export const id = 'new-id';\n");
    expect(report.exitCode).toBe(0);
    expect(readFileSync(join(root, 'src/a.ts'), 'utf8')).toBe("export const id = 'old-id';\n");
  });

  it('apply writes, keeping BOM, CRLF, missing final newline and mode; a second run is a no-op', async () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("const a = 'old-id';\r\nconst b = \"old-id\";\r\n")]);
    const root = repo({ ...evidence, 'bom.ts': bom, 'nofinal.js': "x('old-id')", 'run.mjs': "#!/usr/bin/env node\nconsole.log('old-id');\n" });
    chmodSync(join(root, 'run.mjs'), 0o755);
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'mode');
    const { report } = await migrate({ ...base, root, mode: 'apply' });
    expect(report.exitCode).toBe(0);
    expect(report.filesWritten).toBe(3);
    expect(readFileSync(join(root, 'bom.ts'))).toEqual(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("const a = 'new-id';\r\nconst b = \"new-id\";\r\n")]));
    expect(readFileSync(join(root, 'nofinal.js'), 'utf8')).toBe("x('new-id')");
    expect(statSync(join(root, 'run.mjs')).mode & 0o777).toBe(0o755);
    expect(readdirSync(root).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    git(root, 'commit', '-q', '-am', 'migrated');
    const again = await migrate({ ...base, root, mode: 'check' });
    expect(again.report.filesChanged).toBe(0);
    expect(again.report.exitCode).toBe(0);
  });

  it('check exits 1 when something would change, and writes nothing', async () => {
    const root = repo({ ...evidence, 'a.ts': "f('old-id');\n" });
    const { report } = await migrate({ ...base, root, mode: 'check' });
    expect(report.exitCode).toBe(1);
    expect(readFileSync(join(root, 'a.ts'), 'utf8')).toBe("f('old-id');\n");
  });

  it('skips a file with syntax errors (exit 2) and still handles the others', async () => {
    const root = repo({ ...evidence, 'bad.ts': "const x = 'old-id'\nfunction (\n", 'good.ts': "const y = 'old-id';\n" });
    const { report } = await migrate({ ...base, root, mode: 'apply' });
    expect(report.exitCode).toBe(2);
    expect(report.skipped).toEqual([expect.objectContaining({ path: 'bad.ts', reason: 'syntax-error' })]);
    expect(report.skipped[0]?.message).toMatch(/^2:\d+ /);
    expect(readFileSync(join(root, 'good.ts'), 'utf8')).toBe("const y = 'new-id';\n");
    expect(readFileSync(join(root, 'bad.ts'), 'utf8')).toBe("const x = 'old-id'\nfunction (\n");
  });

  it('never writes a rewrite that would not parse', async () => {
    const breaking: Rule = { ...renameRule, name: 'breaker', apply: ({ text }) => ({ edits: [{ start: text.indexOf('old-id') - 1, end: text.indexOf('old-id'), text: '' }], warnings: [] }) };
    const root = repo({ ...evidence, 'a.ts': "const y = 'old-id';\n" });
    const { report } = await migrate({ root, extraRules: [breaking], rules: ['breaker'], workerFile: false, mode: 'apply' });
    expect(report.skipped).toEqual([expect.objectContaining({ path: 'a.ts', reason: 'invalid-output' })]);
    expect(report.exitCode).toBe(2);
    expect(readFileSync(join(root, 'a.ts'), 'utf8')).toBe("const y = 'old-id';\n");
  });

  it('isolates a rule that throws', async () => {
    const throwing: Rule = {
      ...renameRule,
      name: 'thrower',
      apply: (context) => {
        if (context.relativePath === 'a.ts') throw new Error('boom');
        return renameRule.apply(context);
      },
    };
    const root = repo({ ...evidence, 'a.ts': "f('old-id');\n", 'b.ts': "f('old-id');\n" });
    const { report } = await migrate({ root, extraRules: [throwing], rules: ['thrower'], workerFile: false, mode: 'apply' });
    expect(report.skipped).toEqual([{ path: 'a.ts', reason: 'rule-error', message: 'rule thrower: boom' }]);
    expect(readFileSync(join(root, 'b.ts'), 'utf8')).toBe("f('new-id');\n");
  });

  it('detects a file changed between read and write (conflict) and leaves it alone', async () => {
    const root = repo({ ...evidence, 'a.ts': "f('old-id');\n", 'b.ts': "f('old-id');\n" });
    let reads = 0;
    const racing: FileSystem = {
      ...nodeFileSystem,
      readFileSync: (path) => {
        const bytes = nodeFileSystem.readFileSync(path);
        // Someone edits a.ts right after the codemod first read it.
        if (path.endsWith('a.ts') && reads++ === 0) writeFileSync(path, "f('old-id'); // edited\n");
        return bytes;
      },
    };
    const { report } = await migrate({ ...base, root, mode: 'apply', allowDirty: true, fileSystem: racing });
    expect(report.skipped).toEqual([expect.objectContaining({ path: 'a.ts', reason: 'conflict' })]);
    expect(report.exitCode).toBe(2);
    expect(readFileSync(join(root, 'a.ts'), 'utf8')).toBe("f('old-id'); // edited\n");
    expect(readFileSync(join(root, 'b.ts'), 'utf8')).toBe("f('new-id');\n");
  });

  it('a failing rename leaves the original intact and no temporary file', async () => {
    const root = repo({ ...evidence, 'a.ts': "f('old-id');\n", 'b.ts': "f('old-id');\n" });
    const failing: FileSystem = {
      ...nodeFileSystem,
      renameSync: (from, to) => {
        if (to.endsWith('a.ts')) throw new Error('EIO: simulated rename failure');
        nodeFileSystem.renameSync(from, to);
      },
    };
    const { report } = await migrate({ ...base, root, mode: 'apply', fileSystem: failing });
    expect(report.skipped).toEqual([expect.objectContaining({ path: 'a.ts', reason: 'write-error' })]);
    expect(readFileSync(join(root, 'a.ts'), 'utf8')).toBe("f('old-id');\n");
    expect(readFileSync(join(root, 'b.ts'), 'utf8')).toBe("f('new-id');\n");
    expect(readdirSync(root).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('a write that fails halfway (disk full) leaves the original intact and removes the partial temporary file', async () => {
    const root = repo({ ...evidence, 'a.ts': "f('old-id');\n" });
    const diskFull: FileSystem = {
      ...nodeFileSystem,
      writeNewFileSync: (path, data, mode) => {
        nodeFileSystem.writeNewFileSync(path, data.subarray(0, 3), mode);
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      },
    };
    const { report } = await migrate({ ...base, root, mode: 'apply', fileSystem: diskFull });
    expect(report.skipped).toEqual([{ path: 'a.ts', reason: 'write-error', message: 'could not write: ENOSPC: no space left on device; the original is unchanged' }]);
    expect(readFileSync(join(root, 'a.ts'), 'utf8')).toBe("f('old-id');\n");
    expect(readdirSync(root).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('writes nothing when a file that would change has uncommitted changes, unless allowDirty', async () => {
    const root = repo({ ...evidence, 'clean.ts': "f('old-id');\n", 'dirty.ts': "f('old-id');\n" });
    writeFileSync(join(root, 'dirty.ts'), "f('old-id'); // local edit\n");
    writeFiles(root, { 'untracked.ts': "f('old-id');\n" });
    const first = await migrate({ ...base, root, mode: 'apply' });
    expect(first.report.exitCode).toBe(2);
    expect(first.report.skipped.map((file) => [file.path, file.reason])).toEqual([
      ['dirty.ts', 'dirty'],
      ['untracked.ts', 'dirty'],
    ]);
    expect(first.report.refusal).toEqual({ code: 'dirty', message: expect.stringMatching(/^2 files that would change have uncommitted changes/) });
    expect(first.report.filesWritten).toBe(0);
    // All or nothing: the clean file is not written either, so the tree is never half-migrated.
    expect(readFileSync(join(root, 'clean.ts'), 'utf8')).toBe("f('old-id');\n");
    expect(readFileSync(join(root, 'dirty.ts'), 'utf8')).toBe("f('old-id'); // local edit\n");
    const second = await migrate({ ...base, root, mode: 'apply', allowDirty: true });
    expect(second.report.exitCode).toBe(0);
    expect(second.report.refusal).toBeNull();
    expect(readFileSync(join(root, 'dirty.ts'), 'utf8')).toBe("f('new-id'); // local edit\n");
    expect(readFileSync(join(root, 'clean.ts'), 'utf8')).toBe("f('new-id');\n");
  });

  it('applies outside git without a dirty check', async () => {
    const root = makeTempDir('nogit');
    roots.push(root);
    writeFiles(root, { ...evidence, 'a.ts': "f('old-id');\n" });
    const { report } = await migrate({ ...base, root, mode: 'apply' });
    expect(report.filesWritten).toBe(1);
  });

  it('leaves @generated files and generated/ folders alone, reports warnings and snapshots', async () => {
    const root = repo({
      ...evidence,
      'gen.ts': "// @generated by a tool\nf('old-id');\n",
      'generated/x.ts': "f('old-id');\n",
      'warn.ts': "f(`old-id${n}`);\nf('old-id');\n",
      '__snapshots__/warn.test.ts.snap': 'exports[`x`] = `"old-id"`;\n',
      'other.snap': 'old-ids only\n',
    });
    const { report } = await migrate({ ...base, root });
    expect(report.filesGenerated).toBe(1);
    expect(report.files.map((file) => file.path)).toEqual(['warn.ts']);
    expect(report.warnings).toEqual([{ path: 'warn.ts', line: 1, column: 3, rule: 'rename-id', code: 'computed', message: 'old-id in a computed string' }]);
    expect(report.snapshots).toEqual([{ path: '__snapshots__/warn.test.ts.snap', originals: ['old-id'] }]);
  });

  it('reads unified-id.config.json and rejects unknown keys and rules', async () => {
    const root = repo({ ...evidence, 'a.ts': "f('old-id');\n", 'skip/b.ts': "f('old-id');\n", 'unified-id.config.json': JSON.stringify({ exclude: ['skip/**'] }) });
    const { report } = await migrate({ ...base, root });
    expect(report.files.map((file) => file.path)).toEqual(['a.ts']);
    writeFileSync(join(root, 'unified-id.config.json'), JSON.stringify({ exlude: ['x'] }));
    await expect(migrate({ ...base, root })).rejects.toThrow(/unknown key "exlude"/);
    writeFileSync(join(root, 'unified-id.config.json'), '{}');
    await expect(migrate({ ...base, root, rules: ['nope'] })).rejects.toBeInstanceOf(UsageError);
    await expect(migrate({ ...base, root, paths: ['missing-folder'] })).rejects.toThrow(/no such file or folder: missing-folder/);
  });

  it("passes the rules' per-file data of processed files to finalize, and reports its lines as notes", async () => {
    const counting: Rule = {
      ...renameRule,
      name: 'counting',
      apply: (context) => ({ ...renameRule.apply(context), data: { literals: context.text.split('old-id').length - 1 } }),
      finalize: (files) => [`${files.length} files, ${files.reduce((sum, file) => sum + ((file.data as { literals: number }).literals ?? 0), 0)} literals`],
    };
    const root = repo({ ...evidence, 'a.ts': "f('old-id', 'old-id');\n", 'b.ts': "f('old-id');\n", 'c.ts': "f('old-id'\n" });
    const { report } = await migrate({ root, extraRules: [counting], rules: ['counting'], workerFile: false });
    expect(report.notes).toEqual([{ rule: 'counting', message: '2 files, 3 literals' }]);
  });

  it('merges config lists with options and lets options win for single values', async () => {
    const seen: unknown[] = [];
    const probe: Rule = { ...renameRule, name: 'options-probe', apply: ({ options }) => (seen.push(options), { edits: [], warnings: [] }) };
    const root = repo({
      ...evidence,
      'a.ts': "f('old-id');\n",
      'unified-id.config.json': JSON.stringify({ importFrom: '@acme/ids', legacyModules: ['./old-ids'], runIdNames: ['rid'] }),
    });
    await migrate({ root, extraRules: [probe], rules: ['options-probe'], workerFile: false, legacyModules: ['@acme/legacy'] });
    await migrate({ root, extraRules: [probe], rules: ['options-probe'], workerFile: false, importFrom: 'unified-id' });
    expect(seen).toEqual([
      expect.objectContaining({ importFrom: '@acme/ids', legacyModules: [{ module: './old-ids' }, { module: '@acme/legacy' }], runIdNames: ['rid'], threadIdNames: ['thread_id', 'threadId', 'THREAD_ID'] }),
      expect.objectContaining({ importFrom: 'unified-id', legacyModules: [{ module: './old-ids' }] }),
    ]);
  });

  it('gives type-aware rules a checker when a tsconfig covers the file, and none otherwise', async () => {
    const seen: Record<string, string> = {};
    const typedRule: Rule = {
      name: 'typed-probe',
      description: 'records the type of the first variable',
      needsTypes: true,
      mayMatch: (text) => text.includes('probe'),
      apply({ sourceFile, checker, ts, relativePath }) {
        const statement = sourceFile.statements.find(ts.isVariableStatement);
        const declaration = statement?.declarationList.declarations[0];
        seen[relativePath] = checker && declaration ? checker.typeToString(checker.getTypeAtLocation(declaration.name)) : 'no checker';
        return { edits: [], warnings: [] };
      },
    };
    const root = repo({
      ...evidence,
      'typed/tsconfig.json': JSON.stringify({ compilerOptions: { strict: true } }),
      'typed/a.ts': 'const probe = [1, 2];\n',
      'plain/b.js': 'const probe = 1;\n',
    });
    await migrate({ root, extraRules: [typedRule], rules: ['typed-probe'], workerFile: false });
    expect(seen).toEqual({ 'typed/a.ts': 'number[]', 'plain/b.js': 'no checker' });
  });

  it('stops between files when aborted (nothing half-done)', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 50; i++) files[`f${i}.ts`] = "f('old-id');\n";
    const root = repo({ ...evidence, ...files });
    const controller = new AbortController();
    let writes = 0;
    const counting: FileSystem = {
      ...nodeFileSystem,
      renameSync: (from, to) => {
        nodeFileSystem.renameSync(from, to);
        if (++writes === 10) controller.abort();
      },
    };
    const { report } = await migrate({ ...base, root, mode: 'apply', fileSystem: counting, signal: controller.signal });
    expect(report.interrupted).toBe(true);
    expect(report.exitCode).toBe(130);
    expect(report.filesWritten).toBe(10);
    const contents = Object.keys(files).map((name) => readFileSync(join(root, name), 'utf8'));
    expect(contents.filter((text) => text === "f('new-id');\n")).toHaveLength(10);
    expect(contents.filter((text) => text === "f('old-id');\n")).toHaveLength(40);
    expect(existsSync(join(root, '.f0.ts.tmp'))).toBe(false);
    expect(readdirSync(root).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
