/* global console, URL, process */
// Core bundle size: `npm run size` (builds, then `node bench/size.mjs`).
// Bundles the ESM core entry (dist/index.js) with esbuild as an application would (minified, ESM, browser
// platform), gzips the result at level 9 and compares with the targets:
// - the typical import, `generateRunId` + `parseRunId` + `isRunId`, after tree-shaking: ≤ 2.0 KB min+gz;
// - every export of the entry: ≤ 3.5 KB min+gz.
// Exits 1 when a target is missed, so the figures cannot drift past them unnoticed.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));

async function minifiedSize(contents, label) {
  const result = await build({
    stdin: { contents, resolveDir: fileURLToPath(new URL('.', import.meta.url)), sourcefile: `${label}.mjs`, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    legalComments: 'none',
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}

const cases = [
  { label: 'generateRunId + parseRunId + isRunId', exports: 'generateRunId, parseRunId, isRunId', targetBytes: 2.0 * 1024 },
  { label: 'all exports', exports: '*', targetBytes: 3.5 * 1024 },
];

const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
console.log('unified-id core entry (dist/index.js), esbuild --bundle --minify --format=esm, gzip -9');
let missed = false;
for (const { label, exports, targetBytes } of cases) {
  const source = exports === '*' ? `export * from ${JSON.stringify(entry)};` : `export { ${exports} } from ${JSON.stringify(entry)};`;
  const { minified, gzipped } = await minifiedSize(source, label.replace(/\W+/g, '-'));
  const pass = gzipped <= targetBytes;
  missed ||= !pass;
  console.log(
    `  ${label.padEnd(38)} ${String(minified).padStart(5)} B min, ${String(gzipped).padStart(4)} B min+gz (${kb(gzipped)}); target ≤ ${kb(targetBytes)}: ${pass ? 'PASS' : 'MISS'}`,
  );
}
if (missed) process.exitCode = 1;
