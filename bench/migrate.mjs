// `npm run bench:migrate`: measures `unified-id migrate` against the hand-written answer key of the benchmark
// backend (fixtures/migration-bench, issue 10).
//
// 1. Rule by rule in the order the engine runs them (test-ids, legacy-modules, thread-access), each stage on a
//    fresh copy (a git repository with everything committed, as the CLI wants) with the rules so far:
//    `migrate . --rules <r1,…,ri> --apply --json`, then a line diff of every file against the original. A changed
//    ORIGINAL line (lines of import statements apart) belongs to rule i when stage i changed it differently from
//    stage i-1 — so each rule is judged on the code it really meets, after the rules before it. It is matched with
//    the key's entry for that rule and line: a rewrite is correct when the
//    new line contains the entry's `to`; a change where the key says leave/warn, or where the key has no entry, is a
//    false positive; a key rewrite left unchanged is a false negative. Same-named legacy functions (`binding`)
//    count as rewritten when their import moved to unified-id. Per rule: TP / FP / FN, precision, recall; for
//    test-ids also whether each original got one new value project-wide.
// 2. On one more fresh copy, all rules: dry run → `--apply` → type-check (tsc of this repository) → the copy's
//    tests (the legacy modules' own test files reported apart) → importers of the legacy modules left → a
//    second run (`--check`) must find nothing.
//
// Flags: --cli <path> (default codemod/dist/cli.js)   --json   --keep (keep the copies, print where)   --no-tests
//        --baseline (also type-check and test the copy before migrating)   --verbose (the CLI's reports)
import { spawnSync } from 'node:child_process';
import console from 'node:console';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { checkKey } from './migrate/check-key.mjs';
import { changedLines, importLines, importsOf, newValuesOf } from './migrate/lines.mjs';

const REPO = dirname(dirname(fileURLToPath(import.meta.url)));
const FIXTURE = join(REPO, 'fixtures', 'migration-bench');
const KEY_PATH = join(FIXTURE, 'answer-key.json');
const RULES = ['thread-access', 'test-ids', 'legacy-modules'];
/** The order the engine runs the rules in (syntactic first, then the type-aware ones in registry order). */
const PIPELINE = ['test-ids', 'legacy-modules', 'thread-access'];
const UNIFIED = new Set(['unified-id', 'unified-id/testing']);
/** Not part of the backend: the key and its description stay out of the copies. */
const NOT_COPIED = new Set(['answer-key.json', 'README.md', 'node_modules']);

function parseOptions(argv) {
  const options = { cli: join(REPO, 'codemod', 'dist', 'cli.js'), json: false, keep: false, tests: true, baseline: false, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--cli') options.cli = resolve(argv[++i] ?? '');
    else if (arg === '--json') options.json = true;
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--no-tests') options.tests = false;
    else if (arg === '--baseline') options.baseline = true;
    else if (arg === '--verbose') options.verbose = true;
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: node bench/migrate.mjs [--cli codemod/dist/cli.js] [--json] [--keep] [--no-tests] [--baseline] [--verbose]');
      process.exit(0);
    } else throw new Error(`unknown option ${arg}`);
  }
  return options;
}

// --- processes ------------------------------------------------------------------------------------------------

/** Child processes must not think they are vitest workers, nor color their output. */
function childEnv() {
  const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
  for (const name of Object.keys(env)) if (name.startsWith('VITEST') || name === 'NODE_OPTIONS' || name === 'TEST') delete env[name];
  return env;
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, env: childEnv(), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const node = (args, cwd) => run(process.execPath, args, cwd);

function git(args, cwd) {
  const result = run('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@localhost', '-c', 'commit.gpgsign=false', ...args], cwd);
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result;
}

function migrate(options, cwd, flags) {
  const result = node([options.cli, 'migrate', '.', '--json', ...flags], cwd);
  let report;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    throw new Error(`migrate ${flags.join(' ')} printed no JSON report (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return { status: result.status, report, stderr: result.stderr };
}

// --- the copy -------------------------------------------------------------------------------------------------

/** The backend copied outside the repository, runnable there, committed to a fresh git repository. */
function makeCopy(temp, name) {
  const project = join(temp, name);
  cpSync(FIXTURE, project, { recursive: true, filter: (source) => !(source !== FIXTURE && NOT_COPIED.has(basename(source)) && dirname(source) === FIXTURE) && !source.split(/[\\/]/).includes('node_modules') });
  symlinkSync(join(REPO, 'node_modules'), join(project, 'node_modules'), 'dir');
  const codec = join(REPO, 'src') + '/';
  for (const config of ['tsconfig.json', 'vitest.config.ts']) {
    const path = join(project, config);
    const text = readFileSync(path, 'utf8');
    if (!text.includes('../../src/')) throw new Error(`${config} of the fixture no longer points at ../../src/`);
    writeFileSync(path, text.replaceAll('../../src/', codec));
  }
  writeFileSync(join(project, '.gitignore'), 'node_modules\n');
  git(['init', '-q'], project);
  git(['add', '-A'], project);
  git(['commit', '-q', '-m', 'before migration'], project);
  return project;
}

function listProjectFiles(project) {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === '.git') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(relative(project, path).split('\\').join('/'));
    }
  };
  walk(project);
  return files.sort();
}

function snapshot(project) {
  return new Map(listProjectFiles(project).map((file) => [file, readFileSync(join(project, file), 'utf8')]));
}

// --- scoring one rule -----------------------------------------------------------------------------------------

function legacyModules(project) {
  const config = JSON.parse(readFileSync(join(project, 'unified-id.config.json'), 'utf8'));
  return (config.legacyModules ?? []).map((entry) => (typeof entry === 'string' ? entry : entry.module).replace(/\.(c|m)?(t|j)sx?$/, ''));
}

/** True when `file` (new text) imports `name` from unified-id and no longer from a legacy module. */
function bindingMoved(file, text, name, legacy) {
  const imports = importsOf(file, text);
  const fromUnified = imports.some((entry) => UNIFIED.has(entry.specifier) && entry.names.includes(name));
  const fromLegacy = imports.some((entry) => legacy.includes(entry.resolved) && (entry.names.includes(name) || entry.names.includes('*')));
  return fromUnified && !fromLegacy;
}

function containsTo(entry, text) {
  if (entry.toAny) return entry.toAny.some((to) => text.includes(to));
  const wanted = Array.isArray(entry.to) ? entry.to : [entry.to];
  const times = entry.times ?? 1;
  return wanted.every((to, index) => (index === 0 ? text.split(to).length - 1 >= times : text.includes(to)));
}

const site = (file, line, text) => ({ file, line, text: text.trim() });

/** `file:line` → the new text of each original line that `after` changed. */
function changesOf(before, after) {
  const changes = new Map();
  for (const [file, oldText] of before) {
    const newText = after.get(file);
    if (newText === undefined || newText === oldText) continue;
    for (const change of changedLines(oldText, newText).changed) changes.set(`${file}:${change.line}`, change.newText);
  }
  return changes;
}

function scoreRule(rule, key, before, after, report, legacy, earlier = new Map()) {
  const entries = key.entries.filter((entry) => entry.rule === rule);
  const byLine = new Map(entries.map((entry) => [`${entry.file}:${entry.line}`, entry]));
  const handled = new Set();
  const tp = [];
  const fp = [];
  const fn = [];
  const values = new Map();
  let made = 0;
  const noteValues = (entry, oldText, newText) => {
    if (!entry.original) return;
    const originals = Array.isArray(entry.original) ? entry.original : [entry.original];
    for (const { original, value } of newValuesOf(oldText, newText, originals)) {
      if (!values.has(original)) values.set(original, new Map());
      values.get(original).set(value, `${entry.file}:${entry.line}`);
    }
  };
  for (const [file, oldText] of before) {
    const newText = after.get(file);
    if (newText === undefined || newText === oldText) continue;
    const imports = importLines(file, oldText);
    for (const change of changedLines(oldText, newText).changed) {
      if (imports.has(change.line)) continue;
      // Changed the same way by the rules before this one: theirs, not this rule's.
      if (earlier.get(`${file}:${change.line}`) === change.newText) continue;
      made++;
      const id = `${file}:${change.line}`;
      const entry = byLine.get(id);
      if (!entry) {
        fp.push({ ...site(file, change.line, change.oldText), why: 'not a site in the key', became: change.newText.trim() });
        continue;
      }
      handled.add(id);
      if (entry.expect !== 'rewrite') {
        fp.push({ ...site(file, change.line, change.oldText), why: `key: ${entry.expect} (${entry.why})`, became: change.newText.trim() });
        continue;
      }
      const ok = containsTo(entry, change.newText) && (!entry.binding || bindingMoved(file, newText, entry.binding, legacy));
      if (ok) {
        tp.push(site(file, change.line, change.oldText));
        noteValues(entry, change.oldText, change.newText);
      } else {
        const wanted = entry.toAny ? `one of ${JSON.stringify(entry.toAny)}` : JSON.stringify(entry.to);
        fp.push({ ...site(file, change.line, change.oldText), why: `wrong rewrite: wanted ${wanted}`, became: change.newText.trim() });
        fn.push({ ...site(file, change.line, change.oldText), why: 'rewritten wrongly (see FP)' });
      }
    }
  }
  for (const entry of entries) {
    if (entry.expect !== 'rewrite' || handled.has(`${entry.file}:${entry.line}`)) continue;
    const newText = after.get(entry.file) ?? '';
    if (entry.binding && bindingMoved(entry.file, newText, entry.binding, legacy)) {
      made++;
      tp.push(site(entry.file, entry.line, entry.snippet));
      continue;
    }
    fn.push({ ...site(entry.file, entry.line, before.get(entry.file)?.split('\n')[entry.line - 1] ?? entry.snippet), why: entry.why });
  }
  const warnings = report.warnings ?? [];
  const wantWarn = entries.filter((entry) => entry.expect === 'warn');
  const warned = wantWarn.filter((entry) => warnings.some((warning) => warning.rule === rule && warning.path === entry.file && warning.line === entry.line));
  const inconsistent = [...values].filter(([, seen]) => seen.size > 1).map(([original, seen]) => ({ original, values: [...seen].map(([value, at]) => `${value} (${at})`) }));
  const keyRewrites = entries.filter((entry) => entry.expect === 'rewrite').length;
  return {
    rule,
    keyRewrites,
    made,
    tp: tp.length,
    fp: fp.length,
    fn: fn.length,
    precision: tp.length + fp.length === 0 ? null : tp.length / (tp.length + fp.length),
    recall: keyRewrites === 0 ? null : tp.length / keyRewrites,
    warningsWanted: wantWarn.length,
    warningsGiven: warned.length,
    inconsistentOriginals: inconsistent,
    exitCode: report.exitCode,
    skipped: report.skipped ?? [],
    falsePositives: fp,
    falseNegatives: fn,
  };
}

// --- the whole migration --------------------------------------------------------------------------------------

function typeCheck(project) {
  const result = node([join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', join(project, 'tsconfig.json')], project);
  const errors = (result.stdout.match(/error TS\d+/g) ?? []).length;
  return { status: result.status, errors, output: result.stdout.split('\n').filter((line) => /error TS\d+/.test(line)) };
}

function runTests(project, legacy) {
  const out = join(project, '.vitest-report.json');
  const result = node([join(REPO, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', project, '--reporter=json', `--outputFile=${out}`], project);
  if (!existsSync(out)) throw new Error(`vitest wrote no report (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  const json = JSON.parse(readFileSync(out, 'utf8'));
  rmSync(out);
  const ownTests = new Set(legacy.map((module) => basename(module)));
  const summary = { passed: 0, failed: 0, filesFailed: [], legacyTests: { passed: 0, failed: 0, files: [] }, failures: [] };
  for (const file of json.testResults ?? []) {
    const path = relative(project, file.name).split('\\').join('/');
    const own = ownTests.has(basename(path).replace(/\.(test|spec)\.[cm]?[tj]sx?$/, ''));
    const bucket = own ? summary.legacyTests : summary;
    if (own) bucket.files.push(path);
    const results = file.assertionResults ?? [];
    for (const test of results) {
      if (test.status === 'passed') bucket.passed++;
      else if (test.status === 'failed') {
        bucket.failed++;
        if (!own) summary.failures.push(`${path} > ${test.fullName ?? test.title}: ${(test.failureMessages?.[0] ?? '').split('\n')[0]}`);
      }
    }
    if (file.status === 'failed' && results.every((test) => test.status !== 'failed')) {
      // The file did not load (or a hook failed): its tests never ran.
      bucket.failed++;
      if (!own) {
        summary.filesFailed.push(path);
        summary.failures.push(`${path}: ${(file.message ?? 'failed to run').split('\n')[0]}`);
      }
    }
  }
  return summary;
}

/** Files (other than the modules themselves) that still import each legacy module. */
function legacyImporters(project, legacy) {
  const left = Object.fromEntries(legacy.map((module) => [module, []]));
  for (const file of listProjectFiles(project)) {
    if (!/\.(c|m)?(t|j)sx?$/.test(file)) continue;
    const text = readFileSync(join(project, file), 'utf8');
    for (const entry of importsOf(file, text)) {
      if (left[entry.resolved] && file.replace(/\.(c|m)?(t|j)sx?$/, '') !== entry.resolved) left[entry.resolved].push(file);
    }
  }
  return left;
}

function wholeMigration(options, temp, legacy) {
  const project = makeCopy(temp, 'all-rules');
  const result = {};
  if (options.baseline) {
    result.baseline = { typeCheck: typeCheck(project), tests: options.tests ? runTests(project, legacy) : undefined };
  }
  const before = snapshot(project);
  const dry = migrate(options, project, []);
  const dryChanged = snapshot(project);
  result.dryRun = { exitCode: dry.status, filesChanged: dry.report.filesChanged, rewrites: dry.report.rewrites, wroteNothing: [...before].every(([file, text]) => dryChanged.get(file) === text) };
  const applied = migrate(options, project, ['--apply']);
  result.apply = {
    exitCode: applied.status,
    filesChanged: applied.report.filesChanged,
    filesWritten: applied.report.filesWritten,
    rewrites: applied.report.rewrites,
    warnings: (applied.report.warnings ?? []).length,
    skipped: applied.report.skipped ?? [],
    notes: (applied.report.notes ?? []).map((note) => note.message),
    sameFilesAsDryRun: JSON.stringify(dry.report.files.map((file) => file.path).sort()) === JSON.stringify(applied.report.files.map((file) => file.path).sort()),
  };
  result.typeCheck = typeCheck(project);
  result.tests = options.tests ? runTests(project, legacy) : undefined;
  result.legacyImporters = legacyImporters(project, legacy);
  const again = migrate(options, project, ['--check']);
  result.secondRun = { exitCode: again.status, filesChanged: again.report.filesChanged, rewrites: again.report.rewrites, files: again.report.files.map((file) => file.path) };
  result.project = project;
  return result;
}

// --- output ---------------------------------------------------------------------------------------------------

const ratio = (value) => (value === null ? '—' : value.toFixed(3));

function printTable(scores) {
  const header = ['rule', 'key rewrites', 'made', 'TP', 'FP', 'FN', 'precision', 'recall'];
  const rows = scores.map((score) => [score.rule, score.keyRewrites, score.made, score.tp, score.fp, score.fn, ratio(score.precision), ratio(score.recall)].map(String));
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells) => `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((width, column) => (column === 0 ? ':' : '-').padEnd(width + 1, '-') + (column === 0 ? '-' : ':')).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

function printReport(result) {
  console.log(`unified-id migrate on fixtures/migration-bench (${result.cli}), key sha256 ${result.keySha256.slice(0, 12)}…, ${result.keyEntries} entries\n`);
  printTable(result.rules);
  if (result.amendedEntries > 0) {
    console.log(`\nthe key as first written (before its ${result.amendedEntries} amended entries; see fixtures/migration-bench/README.md):\n`);
    printTable(result.rulesAsFirstWritten);
  }
  const whole = result.all;
  console.log('');
  console.log(`type-check errors after --apply: ${whole.typeCheck.errors}`);
  if (whole.tests) {
    console.log(`tests after --apply (legacy modules' own tests apart): ${whole.tests.passed} passed, ${whole.tests.failed} failed${whole.tests.filesFailed.length ? ` (${whole.tests.filesFailed.length} files did not run)` : ''}`);
    console.log(`legacy modules' own tests: ${whole.tests.legacyTests.passed} passed, ${whole.tests.legacyTests.failed} failed (${whole.tests.legacyTests.files.join(', ')})`);
  } else console.log('tests: not run (--no-tests)');
  const importers = Object.entries(whole.legacyImporters);
  const isOwnTest = (module, file) => basename(file).replace(/\.(test|spec)\.[cm]?[tj]sx?$/, '') === basename(module);
  const others = importers.map(([module, files]) => [module, files.filter((file) => !isOwnTest(module, file))]);
  const own = importers.flatMap(([module, files]) => files.filter((file) => isOwnTest(module, file)));
  console.log(`legacy importers left (the modules' own tests apart): ${others.reduce((sum, [, files]) => sum + files.length, 0)} (${others.map(([module, files]) => `${module}: ${files.length}`).join(', ')}); own tests still importing their module: ${own.length}${own.length ? ` (${own.join(', ')})` : ''}`);
  console.log(`second run changes: ${whole.secondRun.filesChanged} files (--check exit ${whole.secondRun.exitCode})`);
  console.log(`dry run wrote nothing: ${whole.dryRun.wroteNothing ? 'yes' : 'NO'}; apply changed the files the dry run listed: ${whole.apply.sameFilesAsDryRun ? 'yes' : 'NO'}; apply exit ${whole.apply.exitCode}, ${whole.apply.filesWritten} files written, ${whole.apply.skipped.length} skipped`);
  if (whole.baseline) {
    console.log(`baseline before migration: ${whole.baseline.typeCheck.errors} type-check errors${whole.baseline.tests ? `, ${whole.baseline.tests.passed} passed / ${whole.baseline.tests.failed} failed (+ legacy ${whole.baseline.tests.legacyTests.passed}/${whole.baseline.tests.legacyTests.failed})` : ''}`);
  }
  for (const score of result.rules) {
    console.log(`\n${score.rule}: ${score.warningsGiven}/${score.warningsWanted} wanted warnings given at their site${score.exitCode ? `; exit ${score.exitCode}` : ''}${score.skipped.length ? `; skipped ${score.skipped.map((skip) => `${skip.path} (${skip.reason})`).join(', ')}` : ''}`);
    if (score.inconsistentOriginals.length) {
      console.log(`  originals with more than one new value: ${score.inconsistentOriginals.map((item) => `${item.original} → ${item.values.join(' / ')}`).join('; ')}`);
    }
    for (const item of score.falsePositives) console.log(`  FP ${item.file}:${item.line}  ${item.text}\n       → ${item.became}\n       (${item.why})`);
    for (const item of score.falseNegatives) console.log(`  FN ${item.file}:${item.line}  ${item.text}`);
  }
  if (whole.typeCheck.errors) console.log(`\ntype-check errors:\n  ${whole.typeCheck.output.join('\n  ')}`);
  if (whole.tests?.failures.length) console.log(`\nfailing tests (legacy modules' own apart):\n  ${whole.tests.failures.join('\n  ')}`);
  if (result.kept) console.log(`\ncopies kept in ${result.kept}`);
}

// --- main -----------------------------------------------------------------------------------------------------

async function main() {
  const options = parseOptions(process.argv.slice(2));
  if (!existsSync(options.cli)) throw new Error(`${options.cli} is missing: run "npm run build" first (npm run bench:migrate does), or pass --cli`);
  const keyText = readFileSync(KEY_PATH, 'utf8');
  const key = JSON.parse(keyText);
  const { problems } = checkKey(key, FIXTURE);
  if (problems.length) throw new Error(`the answer key does not match the fixture (node bench/migrate/check-key.mjs):\n${problems.join('\n')}`);
  const { createHash } = await import('node:crypto');
  const temp = mkdtempSync(join(tmpdir(), 'unified-id-migrate-bench-'));
  try {
    const scores = new Map();
    // Entries amended after the first run carry what they first said: scored both ways, so nothing is hidden.
    const firstWritten = { ...key, entries: key.entries.map(({ amended, ...entry }) => (amended ? { ...entry, ...amended } : entry)) };
    const firstScores = new Map();
    let legacy = [];
    let earlier = new Map();
    for (const [index, rule] of PIPELINE.entries()) {
      const project = makeCopy(temp, rule);
      legacy = legacyModules(project);
      const before = snapshot(project);
      const { report } = migrate(options, project, ['--rules', PIPELINE.slice(0, index + 1).join(','), '--apply']);
      if (options.verbose) console.error(JSON.stringify(report, null, 2));
      const after = snapshot(project);
      scores.set(rule, scoreRule(rule, key, before, after, report, legacy, earlier));
      firstScores.set(rule, scoreRule(rule, firstWritten, before, after, report, legacy, earlier));
      earlier = changesOf(before, after);
    }
    const rules = RULES.map((rule) => scores.get(rule));
    const all = wholeMigration(options, temp, legacy);
    const result = {
      cli: relative(REPO, options.cli) || options.cli,
      keySha256: createHash('sha256').update(keyText).digest('hex'),
      keyEntries: key.entries.length,
      rules,
      amendedEntries: key.entries.filter((entry) => entry.amended).length,
      rulesAsFirstWritten: RULES.map((rule) => firstScores.get(rule)),
      all,
      kept: options.keep ? temp : undefined,
    };
    if (options.json) console.log(JSON.stringify(result, null, 2));
    else printReport(result);
  } finally {
    if (!options.keep) rmSync(temp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
});
