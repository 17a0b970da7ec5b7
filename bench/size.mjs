/* global console, URL */
// Core bundle size: `npm run size` (builds, then `node bench/size.mjs`).
// Bundles the ESM core entry (dist/index.js) with esbuild as an application would (minified, ESM, browser
// platform, every export kept), gzips the result at level 9 and compares with the 2.5 KB target.
// Also reports what a typical consumer importing only `generateRunId` + `parseRunId` pays after tree-shaking.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const TARGET_BYTES = 2.5 * 1024;
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

const whole = await minifiedSize(`export * from ${JSON.stringify(entry)};`, 'whole-core');
const typical = await minifiedSize(`export { generateRunId, parseRunId } from ${JSON.stringify(entry)};`, 'generate-and-parse');

const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
console.log('unified-id core entry (dist/index.js), esbuild --bundle --minify --format=esm, gzip -9');
console.log(`  all exports:                  ${whole.minified} B min, ${whole.gzipped} B min+gz (${kb(whole.gzipped)})`);
console.log(`  generateRunId + parseRunId:   ${typical.minified} B min, ${typical.gzipped} B min+gz (${kb(typical.gzipped)})`);
console.log(`  target ≤ ${TARGET_BYTES} B (2.5 KB) min+gz for all exports: ${whole.gzipped <= TARGET_BYTES ? 'PASS' : 'MISS'}`);
