import { defineConfig } from 'tsup';

// The `@unified-id/codemod` package: its bin and the worker thread beside it, ESM only. Its dependencies
// (unified-id, ts-morph, picocolors, ignore, picomatch) stay external: npm installs them with the package.
export default defineConfig({
  entry: { cli: 'cli.ts', worker: 'worker.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node18',
  clean: true,
  sourcemap: false,
  keepNames: true,
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
