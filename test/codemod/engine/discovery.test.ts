import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverFiles, inShard, parseShard, stableHash } from '../../../codemod/engine/discovery';
import { makeTempDir, removeDir, writeFiles } from './helpers';

const root = makeTempDir('discovery');
afterAll(() => removeDir(root));

writeFiles(root, {
  '.git/HEAD': 'ref: refs/heads/main\n',
  '.gitignore': 'ignored/\n*.local.ts\n!keep.local.ts\n',
  'src/a.ts': '',
  'src/b.tsx': '',
  'src/c.mts': '',
  'src/d.cts': '',
  'src/e.js': '',
  'src/f.jsx': '',
  'src/g.mjs': '',
  'src/h.cjs': '',
  'src/types.d.ts': '',
  'src/readme.md': '',
  'src/x.local.ts': '',
  'src/keep.local.ts': '',
  'src/nested/.gitignore': 'secret.ts\n',
  'src/nested/secret.ts': '',
  'src/nested/open.ts': '',
  'ignored/z.ts': '',
  'node_modules/pkg/index.js': '',
  'dist/out.js': '',
  'build/out.js': '',
  'out/out.js': '',
  'coverage/c.js': '',
  '.next/n.js': '',
  'src/generated/g.ts': '',
  'test/t.test.ts': '',
  'test/fixtures/runs.json': '',
  'package.json': '',
  'package-lock.json': '',
  'npm-shrinkwrap.json': '',
  'tsconfig.json': '',
  'src/tsconfig.build.json': '',
  'jsconfig.json': '',
  'unified-id.config.json': '',
});
symlinkSync(join(root, 'src/a.ts'), join(root, 'src/link.ts'));

const paths = async (options: Partial<Parameters<typeof discoverFiles>[0]> = {}): Promise<string[]> =>
  (await discoverFiles({ paths: [root], root, include: [], exclude: [], ...options })).files.map((file) => file.relativePath);

describe('discoverFiles', () => {
  it('takes source extensions, honours .gitignore (nested, negated) and skips build, dependency and generated folders', async () => {
    expect(await paths()).toEqual(['src/a.ts', 'src/b.tsx', 'src/c.mts', 'src/d.cts', 'src/e.js', 'src/f.jsx', 'src/g.mjs', 'src/h.cjs', 'src/keep.local.ts', 'src/nested/open.ts', 'test/fixtures/runs.json', 'test/t.test.ts']);
  });

  it("takes JSON data files, not tools' configuration or lock files", async () => {
    expect((await paths()).filter((path) => path.endsWith('.json'))).toEqual(['test/fixtures/runs.json']);
    expect(await paths({ paths: [join(root, 'tsconfig.json'), join(root, 'test/fixtures/runs.json')] })).toEqual(['test/fixtures/runs.json']);
  });

  it('the project is every file under the root the project filters let in, whatever the paths, flags and shard', async () => {
    const all = await paths();
    const narrowed = await discoverFiles({ paths: [join(root, 'src/nested')], root, include: ['**/open.ts'], exclude: [], shard: { index: 2, count: 3 }, project: { include: [], exclude: [] } });
    expect(narrowed.project.map((file) => file.relativePath)).toEqual(all);
    const configured = await discoverFiles({ paths: [root], root, include: [], exclude: ['test/**'], project: { include: [], exclude: ['test/**'] } });
    expect(configured.project.map((file) => file.relativePath)).toEqual(all.filter((path) => !path.startsWith('test/')));
    // Without project filters, the project is the run's files of every shard.
    const unsharded = await discoverFiles({ paths: [join(root, 'src/nested')], root, include: [], exclude: [], shard: { index: 1, count: 5 } });
    expect(unsharded.project.map((file) => file.relativePath)).toEqual(['src/nested/open.ts']);
  });

  it('applies .gitignore files above a folder given as path', async () => {
    expect(await paths({ paths: [join(root, 'src/nested')] })).toEqual(['src/nested/open.ts']);
    expect(await paths({ paths: [join(root, 'src')], root: join(root, 'src') })).not.toContain('x.local.ts');
  });

  it('takes an explicitly named file even when ignored, and reports missing paths', async () => {
    const result = await discoverFiles({ paths: [join(root, 'ignored/z.ts'), join(root, 'nope')], root, include: [], exclude: [] });
    expect(result.files.map((file) => file.relativePath)).toEqual(['ignored/z.ts']);
    expect(result.missing).toEqual([join(root, 'nope')]);
  });

  it('filters with --include and --exclude globs', async () => {
    expect(await paths({ include: ['src/**/*.ts'], exclude: ['**/nested/**'] })).toEqual(['src/a.ts', 'src/keep.local.ts']);
  });

  it('shards cover every file exactly once', async () => {
    const all = await paths();
    for (const count of [1, 2, 3, 5]) {
      const slices = await Promise.all(Array.from({ length: count }, (_, i) => paths({ shard: { index: i + 1, count } })));
      expect(slices.flat().sort()).toEqual([...all].sort());
    }
  });
});

describe('shards', () => {
  it('partition any set of paths', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), fc.integer({ min: 1, max: 16 }), (names, count) => {
        for (const name of names) {
          const owners = Array.from({ length: count }, (_, i) => i + 1).filter((index) => inShard(name, { index, count }));
          expect(owners).toHaveLength(1);
        }
      }),
    );
  });

  it('hash is stable (FNV-1a)', () => {
    expect(stableHash('')).toBe(0x811c9dc5);
    expect(stableHash('a')).toBe(0xe40c292c);
  });

  it('parses i/n and rejects the rest', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', '1/0', 'a/b', '1', '1/2/3']) expect(typeof parseShard(bad)).toBe('string');
  });
});
