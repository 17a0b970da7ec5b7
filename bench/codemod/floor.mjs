// The floor of `npm run bench:codemod`: the least work any AST codemod must do on a repository, in one
// thread, as the issue defines it — discover the source files (same skips as the engine: .gitignore,
// node_modules, build output, generated folders and files), read each, run the same text prefilter as the
// rule, and hand the candidates to TypeScript's own `ts.createSourceFile`. It rewrites nothing, builds no
// type checker, and prints one JSON line: { scanned, generated, candidates, parsed, parseErrors, elapsedMs }.
//
// Usage: node bench/codemod/floor.mjs <dir> [--rule test-ids|thread-access]
import console from 'node:console';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import ignore from 'ignore';
import picomatch from 'picomatch';
import ts from 'typescript';

const SOURCE_FILE = /\.(?:[cm]?ts|tsx|[cm]?js|jsx)$/;
const DECLARATION_FILE = /\.d\.[cm]?ts$/;
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'build', 'out', 'coverage', '.next', 'generated', '.git', '.hg', '.svn']);
const RUN_ID_NAMES = ['run_id', 'runId', 'RUN_ID'];
const THREAD_ID_NAMES = ['thread_id', 'threadId', 'THREAD_ID'];
const isTestPath = picomatch(['**/*.test.*', '**/*.spec.*', '**/__tests__/**', '**/test/**', '**/tests/**'], { dot: true });

const mentionsAny = (text, names) => names.some((name) => text.includes(name));

/** `THREAD_READ` of codemod/rules/thread-access.ts: a thread read or destructuring, not a mere field declaration. */
const THREAD_READ =
  /\.\s*thread(?:_id|Id)\b|\[\s*['"`]thread(?:_id|Id)['"`]\s*\]|[{,]\s*['"]?thread(?:_id|Id)['"]?\s*(?:[,}=/]|:\s*[A-Za-z_$][\w$]*\s*[,}=/])/;

/**
 * The rules' text prefilters (`mayMatch` in codemod/rules/<rule>.ts, with the default options), restated:
 * substring and path tests only, no parsing. The benchmark checks that the floor and the CLI report the same
 * number of candidates, so a drift between these and the rules shows up there.
 */
const PREFILTERS = {
  'test-ids': (text, relativePath) => (mentionsAny(text, RUN_ID_NAMES) || mentionsAny(text, THREAD_ID_NAMES)) && isTestPath(relativePath),
  'thread-access': (text) => (text.includes('thread_id') || text.includes('threadId')) && THREAD_READ.test(text),
};

function scriptKindOf(path) {
  if (path.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (path.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(path)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** Source files under `root`, relative paths with `/`; only the root `.gitignore` is read (the bench repo has one). */
function discover(root) {
  let gitignore;
  try {
    gitignore = ignore().add(readFileSync(join(root, '.gitignore'), 'utf8'));
  } catch {
    gitignore = ignore();
  }
  const files = [];
  const walk = (folder, relativeFolder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const relativePath = relativeFolder === '' ? entry.name : `${relativeFolder}/${entry.name}`;
      if (entry.isDirectory()) {
        if (SKIPPED_FOLDERS.has(entry.name) || gitignore.ignores(`${relativePath}/`)) continue;
        walk(join(folder, entry.name), relativePath);
      } else if (entry.isFile() && SOURCE_FILE.test(entry.name) && !DECLARATION_FILE.test(entry.name) && !gitignore.ignores(relativePath)) {
        files.push(relativePath);
      }
    }
  };
  walk(root, '');
  return files;
}

export function runFloor(root, ruleName) {
  const prefilter = PREFILTERS[ruleName];
  if (!prefilter) throw new Error(`unknown rule "${ruleName}" (expected ${Object.keys(PREFILTERS).join(' or ')})`);
  const started = performance.now();
  const files = discover(root);
  let generated = 0;
  let candidates = 0;
  let parseErrors = 0;
  for (const relativePath of files) {
    const text = readFileSync(join(root, relativePath), 'utf8');
    if (text.slice(0, 1024).includes('@generated')) {
      generated++;
      continue;
    }
    if (!prefilter(text, relativePath)) continue;
    candidates++;
    const sourceFile = ts.createSourceFile(relativePath, text, ts.ScriptTarget.Latest, false, scriptKindOf(relativePath));
    if (sourceFile.parseDiagnostics?.length) parseErrors++;
  }
  return { rule: ruleName, scanned: files.length, generated, candidates, parsed: candidates, parseErrors, elapsedMs: Math.round(performance.now() - started) };
}

const [root, flag, ruleName = 'test-ids'] = process.argv.slice(2);
if (!root || (flag !== undefined && flag !== '--rule')) {
  console.error('usage: node bench/codemod/floor.mjs <dir> [--rule test-ids|thread-access]');
  process.exit(2);
}
console.log(JSON.stringify(runFloor(root, ruleName)));
