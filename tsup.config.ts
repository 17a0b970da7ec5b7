import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The library entries: dual ESM + CJS with declarations, nothing bundled in.
    entry: {
      index: 'src/index.ts',
      testing: 'src/testing/index.ts',
      'testing/arbitraries': 'src/testing/arbitraries.ts',
      'system-id': 'src/system-id/index.ts',
    },
    format: ['esm', 'cjs'],
    // Shared chunks for CJS too: otherwise testing.cjs carries its own copy of the core, and a RunIdError
    // it throws fails `instanceof RunIdError` against require('unified-id').
    splitting: true,
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'es2022',
    external: ['fast-check'],
  },
  {
    // The CLI and its worker: ESM only; ts-morph stays external (an optional peer dependency).
    entry: { cli: 'codemod/cli.ts', worker: 'codemod/worker.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node18',
    sourcemap: true,
    external: ['ts-morph', 'typescript'],
    noExternal: ['ignore', 'picomatch'],
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  },
]);
