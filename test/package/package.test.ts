import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { Options } from 'tsup';
import { describe, expect, it } from 'vitest';
import buildConfig from '../../tsup.config';

// Checks the built package (npm test builds first) the way a consumer meets it.
const root = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  exports: Record<string, string | Record<string, Record<string, string>>>;
  bin: Record<string, string>;
};
const require = createRequire(import.meta.url);

/** The files `npm publish` would put in the tarball, as npm itself lists them (nothing is written). */
function packedFiles(): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const [packed] = JSON.parse(out) as { files: { path: string }[] }[];
  return (packed?.files ?? []).map((file) => file.path);
}

/** Exported classes of a module: each must keep its own name (`ExecutionContext.name`, not `_ExecutionContext`). */
function exportedClasses(module: Record<string, unknown>): [string, { name: string }][] {
  return Object.entries(module).filter((entry): entry is [string, { name: string }] => {
    const value = entry[1];
    return typeof value === 'function' && Function.prototype.toString.call(value).startsWith('class');
  });
}

/** Third-party packages the build bundles in (tsup's `noExternal`): their licences must be in the notices. */
const bundledPackages = (Array.isArray(buildConfig) ? (buildConfig as Options[]) : [buildConfig as Options])
  .flatMap((options) => options.noExternal ?? [])
  .filter((name): name is string => typeof name === 'string');

function exportTargets(): string[] {
  return Object.values(pkg.exports).flatMap((entry) =>
    typeof entry === 'string' ? [entry] : Object.values(entry).flatMap((conditions) => Object.values(conditions)),
  );
}

describe('the published package', () => {
  it('has no runtime dependencies', () => {
    expect(pkg.dependencies ?? {}).toEqual({});
  });

  it('ships every file its exports map and bin name', () => {
    for (const target of [...exportTargets(), ...Object.values(pkg.bin)]) {
      expect(existsSync(resolve(root, target)), target).toBe(true);
    }
  });

  it('keeps the core, the test kit, uuid, client and interop free of Node built-ins, for browsers and edge runtimes', () => {
    for (const file of ['dist/index.js', 'dist/index.cjs', 'dist/testing.js', 'dist/uuid.js', 'dist/client.js', 'dist/interop.js']) {
      const code = readFileSync(resolve(root, file), 'utf8');
      expect(code, file).not.toMatch(/\bfrom\s*["'](node:|fs|path|os|crypto)["']|require\(["'](node:|fs|path|os|crypto)["']\)/);
    }
  });

  it('lets unified-id/testing load without fast-check: only unified-id/testing/arbitraries imports it', () => {
    for (const file of ['dist/testing.js', 'dist/testing.cjs']) {
      expect(readFileSync(resolve(root, file), 'utf8'), file).not.toContain('fast-check');
    }
    expect(readFileSync(resolve(root, 'dist/testing/arbitraries.js'), 'utf8')).toContain('fast-check');
  });

  it('gives ESM and CommonJS consumers the same API', async () => {
    const esm = (await import(resolve(root, 'dist/index.js'))) as Record<string, unknown>;
    const cjs = require(resolve(root, 'dist/index.cjs')) as Record<string, unknown>;
    expect(Object.keys(cjs).sort()).toEqual(Object.keys(esm).sort());
    const generateRunId = cjs.generateRunId as (thread: string) => string;
    const parseRunId = esm.parseRunId as (id: string) => { threadId: string };
    expect(parseRunId(generateRunId('interop')).threadId).toBe('interop');
  });

  it('packs the licence and the third-party notices, and no source maps', () => {
    const files = packedFiles();
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'THIRD-PARTY-NOTICES.md', 'README.md', 'package.json', 'dist/index.js']));
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
  });

  it('reproduces the licence of every package bundled into the CLI, at the installed version', () => {
    expect(bundledPackages.length).toBeGreaterThan(0);
    const notices = readFileSync(resolve(root, 'THIRD-PARTY-NOTICES.md'), 'utf8');
    for (const name of bundledPackages) {
      const folder = resolve(root, 'node_modules', name);
      const manifest = JSON.parse(readFileSync(resolve(folder, 'package.json'), 'utf8')) as { version: string };
      const licenceFile = ['LICENSE', 'LICENSE-MIT', 'LICENSE.md'].map((file) => resolve(folder, file)).find((file) => existsSync(file));
      expect(licenceFile, name).toBeDefined();
      expect(notices, name).toContain(`## ${name} ${manifest.version}`);
      expect(notices, name).toContain(readFileSync(licenceFile ?? '', 'utf8').trim());
    }
  });

  it('keeps the names of exported classes in the built ESM and CommonJS', async () => {
    for (const entry of ['index', 'system-id', 'uuid', 'client', 'interop']) {
      const esm = (await import(resolve(root, `dist/${entry}.js`))) as Record<string, unknown>;
      const cjs = require(resolve(root, `dist/${entry}.cjs`)) as Record<string, unknown>;
      for (const module of [esm, cjs]) {
        const classes = exportedClasses(module);
        expect(classes.length, entry).toBeGreaterThan(0);
        for (const [exportName, value] of classes) expect(value.name, `${entry}: ${exportName}`).toBe(exportName);
      }
    }
    expect((require(resolve(root, 'dist/index.cjs')) as { ExecutionContext: { name: string } }).ExecutionContext.name).toBe('ExecutionContext');
  });
});
