import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The library entries: dual ESM + CJS with declarations, nothing bundled in.
    entry: {
      index: 'src/index.ts',
      testing: 'src/testing/index.ts',
      'testing/arbitraries': 'src/testing/arbitraries.ts',
      'system-id': 'src/system-id/index.ts',
      uuid: 'src/uuid/index.ts',
      client: 'src/client/index.ts',
      interop: 'src/interop/index.ts',
    },
    format: ['esm', 'cjs'],
    // Shared chunks for CJS too: otherwise testing.cjs carries its own copy of the core, and a RunIdError
    // it throws fails `instanceof RunIdError` against require('unified-id').
    splitting: true,
    // Rollup writes the CommonJS chunks. Without it tsup converts them with sucrase, which also lowers class
    // fields and optional chaining: classes with static fields were named `_class` in the .cjs files.
    treeshake: true,
    dts: true,
    clean: true,
    // No source maps in the published tarball (they were most of its size). No `keepNames` here: its `__name(…)`
    // calls are side effects a consumer's bundler cannot drop, which defeats tree-shaking (measured: the
    // generate+parse+isRunId import grew from 2.5 KB to 4.0 KB min+gz). Classes keep their names by not naming
    // themselves inside their own bodies (esbuild renames such a class to `_Name`); test/package checks it.
    sourcemap: false,
    target: 'es2022',
    external: ['fast-check'],
  },
  {
    // The `unified-id` command line: ESM only, self-contained (picocolors bundled in: the package keeps no runtime
    // dependencies). The codemod is its own package, built by codemod/tsup.config.ts.
    entry: { cli: 'src/cli/bin.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node18',
    sourcemap: false,
    keepNames: true,
    noExternal: ['picocolors'],
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  },
]);
