import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// Checks the built package (npm test builds first) the way a consumer meets it.
const root = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  exports: Record<string, string | Record<string, Record<string, string>>>;
  bin: Record<string, string>;
};
const require = createRequire(import.meta.url);

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

  it('keeps the core and the test kit free of Node built-ins, for browsers and edge runtimes', () => {
    for (const file of ['dist/index.js', 'dist/index.cjs', 'dist/testing.js']) {
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
});
