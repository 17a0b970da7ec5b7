/**
 * Checks fixtures/migration-bench/answer-key.json against the fixture, so the key cannot silently rot when the
 * fixture changes:
 * - every entry's snippet is on its line, and no two entries of one rule share a line;
 * - every thread read (`thread-access`) and every use of a legacy module's export (`legacy-modules`) that
 *   `sites.mjs` finds has an entry;
 * - string literals in test data that look like IDs but have no `test-ids` entry are listed for review.
 * `--relocate` moves entries whose snippet left its line to the line that now holds it (unique, or nearest).
 * Exit code 1 when the key is inconsistent.
 */
import console from 'node:console';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { findSites } from './sites.mjs';

const repo = resolve(import.meta.dirname, '../..');
const fixture = join(repo, 'fixtures/migration-bench');
const keyPath = join(fixture, 'answer-key.json');
const relocate = process.argv.includes('--relocate');

export function loadKey(path = keyPath) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Literal values that look like run or thread IDs: the key's `threadIds`, and run-ID-ish strings without spaces. */
function idLike(value, threads) {
  if (threads.has(value) || threads.has(value.replace(/^thread:/, '')) || threads.has(value.split('/')[0])) return true;
  return !/\s/.test(value) && /(^|[_-])run([_-]|$)|^thread[_:]|_run_|^[0-9a-f]{8}-[0-9a-f]{4}-/.test(value);
}

export function checkKey(key, root = fixture) {
  const problems = [];
  const review = [];
  const texts = new Map();
  const linesOf = (file) => {
    if (!texts.has(file)) texts.set(file, readFileSync(join(root, file), 'utf8').split('\n'));
    return texts.get(file);
  };
  const seen = new Set();
  for (const entry of key.entries) {
    const lines = linesOf(entry.file);
    if (!lines[entry.line - 1]?.includes(entry.snippet)) {
      const hits = lines.flatMap((text, index) => (text.includes(entry.snippet) ? [index + 1] : []));
      if (relocate && hits.length > 0) {
        entry.line = hits.reduce((best, line) => (Math.abs(line - entry.line) < Math.abs(best - entry.line) ? line : best));
      } else {
        problems.push(`${entry.file}:${entry.line} snippet not on its line (found at ${hits.join(', ') || 'nowhere'}): ${entry.snippet}`);
      }
    }
    const id = `${entry.rule} ${entry.file}:${entry.line}`;
    if (seen.has(id)) problems.push(`two entries for ${id}`);
    seen.add(id);
    if (entry.expect === 'rewrite' && entry.to === undefined && entry.toAny === undefined) problems.push(`${id}: a rewrite needs "to" or "toAny"`);
  }
  const sites = findSites(root);
  const known = new Set(key.threadIds ?? []);
  const reviewed = new Set();
  for (const site of sites) {
    const id = `${site.rule} ${site.file}:${site.line}`;
    if (seen.has(id)) continue;
    if (site.rule === 'test-ids') {
      if (!idLike(site.detail, known) || reviewed.has(id)) continue;
      reviewed.add(id);
      review.push(`${site.file}:${site.line} ${JSON.stringify(site.detail)}: ${site.text}`);
    } else {
      problems.push(`no ${site.rule} entry for ${site.file}:${site.line} (${site.detail}): ${site.text}`);
    }
  }
  return { problems, review };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const key = loadKey();
  const { problems, review } = checkKey(key);
  if (relocate) writeFileSync(keyPath, `${JSON.stringify(key, null, 2)}\n`);
  for (const line of review) console.log(`review: ${line}`);
  for (const line of problems) console.log(`problem: ${line}`);
  const counts = {};
  for (const entry of key.entries) counts[`${entry.rule}/${entry.expect}`] = (counts[`${entry.rule}/${entry.expect}`] ?? 0) + 1;
  console.log(`${key.entries.length} entries ${JSON.stringify(counts)}; ${problems.length} problems, ${review.length} literal lines to review`);
  process.exitCode = problems.length > 0 ? 1 : 0;
}
