import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ts } from 'ts-morph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTsConfig, loadTypedFiles } from '../../../codemod/typed-project';

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'unified-id-typed-'));
  mkdirSync(join(root, 'a/src/deep'), { recursive: true });
  mkdirSync(join(root, 'b'), { recursive: true });
  mkdirSync(join(root, 'loose'), { recursive: true });
  writeFileSync(join(root, 'a/tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', types: [] }, include: ['src'] }));
  writeFileSync(join(root, 'a/src/global.d.ts'), 'declare const APP_THREAD: { readonly id: string };\n');
  writeFileSync(join(root, 'a/src/dep.ts'), 'export interface Run { readonly runId: string }\n');
  writeFileSync(join(root, 'b/tsconfig.json'), JSON.stringify({ compilerOptions: { strict: false, types: [] } }));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('loadTypedFiles', () => {
  it('finds the nearest tsconfig walking up, or none', () => {
    expect(findTsConfig(join(root, 'a/src/deep/x.ts'))).toBe(join(root, 'a/tsconfig.json'));
    expect(findTsConfig(join(root, 'b/y.ts'))).toBe(join(root, 'b/tsconfig.json'));
    // The temp folder is outside any project (unless the machine has a tsconfig.json in / or /tmp).
    if (findTsConfig(join(root, 'loose/z.ts')) === undefined) {
      expect(loadTypedFiles([{ filePath: join(root, 'loose/z.ts'), text: '' }])(join(root, 'loose/z.ts'))).toBeUndefined();
    }
  });

  it('builds one program per tsconfig from the given texts, with libs, imports and ambient declarations', () => {
    const x = join(root, 'a/src/deep/x.ts');
    const w = join(root, 'a/src/w.ts');
    const y = join(root, 'b/y.ts');
    const lookup = loadTypedFiles([
      // Not on disk: the given text is what counts.
      { filePath: x, text: "import type { Run } from '../dep';\nexport const run = async (r: Run) => [r.runId, APP_THREAD.id];\nexport const later = run({ runId: 'r' });\n" },
      { filePath: w, text: 'export const w = 1;\n' },
      { filePath: y, text: 'export const y = [1, 2].includes(2);\n' },
    ]);
    const inA = lookup(x)!;
    const alsoInA = lookup(w)!;
    const inB = lookup(y)!;
    expect(inA.checker).toBe(alsoInA.checker);
    expect(inB.checker).not.toBe(inA.checker);
    expect(inA.sourceFile.text).toContain('APP_THREAD');

    const later = inA.sourceFile.statements[2] as ts.VariableStatement;
    const type = inA.checker.getTypeAtLocation(later.declarationList.declarations[0]!.name);
    expect(inA.checker.typeToString(type)).toBe('Promise<string[]>');
    // Parent pointers are set (rules walk up from nodes).
    expect(later.declarationList.declarations[0]!.parent).toBe(later.declarationList);
  });

  it('leaves a JavaScript file to the fallback when its tsconfig does not allow JS', () => {
    const js = join(root, 'b/z.js');
    expect(loadTypedFiles([{ filePath: js, text: 'module.exports = 1;\n' }])(js)).toBeUndefined();
  });
});
