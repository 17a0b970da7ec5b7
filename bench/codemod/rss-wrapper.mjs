// Fallback when GNU time is missing: runs a Node script in this process and, at exit, writes the process's
// peak RSS in kilobytes (worker threads included: they share the process) to the file named first.
// Usage: node rss-wrapper.mjs <rss-file> <script> [args…]
import console from 'node:console';
import { writeFileSync } from 'node:fs';
import process from 'node:process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [rssFile, script, ...args] = process.argv.slice(2);
if (!rssFile || !script) {
  console.error('usage: node rss-wrapper.mjs <rss-file> <script> [args…]');
  process.exit(2);
}
process.on('exit', () => {
  writeFileSync(rssFile, String(process.resourceUsage().maxRSS));
});
process.argv = [process.argv[0], resolve(script), ...args];
await import(pathToFileURL(resolve(script)).href);
