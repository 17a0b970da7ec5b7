// `npm run bench:codemod`: times `unified-id migrate` (dry run) on synthetic repositories of 1k / 5k / 10k
// TypeScript files against, in the same run and on the same files: jscodeshift running an equivalent
// literal-rewrite transform, the floor (text prefilter + TypeScript's `createSourceFile`, one thread) and
// `grep -l`. Prints seconds, files/s, peak RSS and the ratios, checks the issue's targets (PASS/MISS; it
// reports, it never fails on them), and verifies that the dry run found exactly what the generator planted
// (exit 1 when it did not: the timings would then compare unequal work).
//
// Flags: --sizes 1000,5000,10000   --quick (1000 only)   --skip-jscodeshift   --runs <n> (median of n, default 3)
//        --seed <n>   --work-dir <dir> (default: a temp dir, removed at the end)   --keep   --out <results.json>
import console from 'node:console';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem, type } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { generateRepo, DEFAULT_LITERAL_RATE, DEFAULT_THREAD_READ_RATE } from './codemod/generate.mjs';
import { hasGnuTime, runMeasured } from './codemod/measure.mjs';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const CLI = join(ROOT, 'codemod', 'dist', 'cli.js');
const FLOOR = join(ROOT, 'bench', 'codemod', 'floor.mjs');
const JSCODESHIFT = join(ROOT, 'node_modules', 'jscodeshift', 'bin', 'jscodeshift.js');
const JSCODESHIFT_TRANSFORM = join(ROOT, 'bench', 'codemod', 'jscodeshift-transform.cjs');

/** The issue's targets on its 2-core machine. */
const TARGETS = {
  jscodeshiftRatio: 20,
  floorRatio: 2.5,
  peakRssMb: 500,
  /** Seconds per 1k files at the largest size may exceed those at the smallest by at most this factor. */
  linearSlack: 1.25,
  threadAccessSeconds: 20,
  threadAccessRssMb: 1024,
};

/** What the issue measured on its own 2k / 10k corpus, printed next to ours for orientation. */
const ISSUE_FIGURES = 'issue, its own corpus: jscodeshift 27 s on 10k files (bail-out transform), 54–62 s on 2k (no bail-out); floor 2.1–2.7 s and grep -l 0.15 s on 10k';

function parseOptions(argv) {
  const options = { sizes: [1000, 5000, 10000], skipJscodeshift: false, jscodeshiftNoBail: false, runs: 3, seed: 20260517, workDir: undefined, keep: false, out: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--sizes') options.sizes = value().split(',').map((part) => Number(part.trim()));
    else if (arg === '--quick') options.sizes = [1000];
    else if (arg === '--skip-jscodeshift') options.skipJscodeshift = true;
    else if (arg === '--jscodeshift-no-bail') options.jscodeshiftNoBail = true;
    else if (arg === '--runs') options.runs = Number(value());
    else if (arg === '--seed') options.seed = Number(value());
    else if (arg === '--work-dir') options.workDir = value();
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--out') options.out = value();
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: node bench/codemod.bench.mjs [--sizes 1000,5000,10000] [--quick] [--skip-jscodeshift] [--jscodeshift-no-bail] [--runs 3] [--seed n] [--work-dir dir] [--keep] [--out results.json]');
      process.exit(0);
    } else throw new Error(`unknown option ${arg}`);
  }
  if (options.sizes.some((size) => !Number.isInteger(size) || size < 100)) throw new Error('--sizes expects whole numbers ≥ 100');
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new Error('--runs expects a whole number ≥ 1');
  options.sizes.sort((a, b) => a - b);
  return options;
}

// --- formatting ------------------------------------------------------------------------------------------

const MB = 1024 * 1024;
const int = (n) => Math.round(n).toLocaleString('en-US');
const fixed = (n, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const pad = (text, width) => String(text).padEnd(width);
const padLeft = (text, width) => String(text).padStart(width);
const verdict = (ok) => (ok === undefined ? 'n/a ' : ok ? 'PASS' : 'MISS');
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const loadText = () => loadavg().map((n) => n.toFixed(2)).join(' ');

function versionOf(packageName) {
  try {
    return JSON.parse(readFileSync(join(ROOT, 'node_modules', packageName, 'package.json'), 'utf8')).version;
  } catch {
    return 'missing';
  }
}

// --- the tools --------------------------------------------------------------------------------------------

/** One measured run of `tool`. */
async function measureOnce(tool) {
  const run = await runMeasured(tool.spawn);
  return { ...run, ok: tool.okCodes.includes(run.code) };
}

/** Median wall time and the peak RSS over all runs; the first run's output is kept for checking. */
function summarize(tool, runs) {
  const failed = runs.find((run) => !run.ok);
  return {
    name: tool.name,
    seconds: median(runs.map((run) => run.wallSeconds)),
    allSeconds: runs.map((run) => run.wallSeconds),
    peakRssBytes: Math.max(...runs.map((run) => run.peakRssBytes)),
    ok: !failed,
    error: failed ? `exit ${failed.code}: ${failed.stderr.trim().split('\n').slice(0, 3).join(' | ')}` : undefined,
    stdout: runs[0].stdout,
  };
}

/** Runs each tool `runs` times, interleaved within each repetition so background load hits them alike. */
async function timeTools(tools, runs) {
  const samples = tools.map(() => []);
  for (let run = 0; run < runs; run++) {
    for (const [index, [, tool]] of tools.entries()) samples[index].push(await measureOnce(tool));
  }
  return Object.fromEntries(tools.map(([key, tool], index) => [key, summarize(tool, samples[index])]));
}

function oursTool(dir, rule) {
  return {
    name: 'unified-id migrate',
    spawn: { command: CLI, node: true, cwd: dir, args: ['migrate', dir, '--rules', rule, '--json'] },
    // Dry run: 0 = clean run (changes are only shown); 2 would mean files it could not process.
    okCodes: [0],
  };
}

function floorTool(dir, rule) {
  return { name: 'floor (1 thread)', spawn: { command: FLOOR, node: true, args: [dir, '--rule', rule] }, okCodes: [0] };
}

function grepTool(dir) {
  return {
    name: 'grep -l',
    spawn: {
      command: 'grep',
      args: ['-rlE', '--include=*.ts', '--exclude-dir=node_modules', '--exclude-dir=dist', '--exclude-dir=coverage', '--exclude-dir=generated', 'run_id|runId|RUN_ID', dir],
    },
    okCodes: [0, 1],
  };
}

/** `bail: false`: the naive transform that parses every file before looking (`--jscodeshift-no-bail`). */
function jscodeshiftTool(dir, bail) {
  return {
    name: bail ? 'jscodeshift' : 'jscodeshift (no bail)',
    spawn: {
      command: JSCODESHIFT,
      node: true,
      cwd: dir,
      args: [
        '-t', JSCODESHIFT_TRANSFORM, '--dry', '--run-in-band=false', '--cpus', '2', '--parser', 'tsx', '--extensions', 'ts,tsx',
        '--ignore-pattern=**/node_modules/**', '--ignore-pattern=**/generated/**', `--ignore-config=${join(dir, '.gitignore')}`,
        ...(bail ? [] : ['--bail=false']), dir,
      ],
    },
    okCodes: [0],
  };
}

/** jscodeshift's own summary: `N ok`, `N skipped`, …, and the transform's `literals rewritten: N`. */
function parseJscodeshiftSummary(stdout) {
  // eslint-disable-next-line no-control-regex
  const text = stdout.replace(/\u001b\[[0-9;]*m/g, '');
  const number = (pattern) => {
    const match = pattern.exec(text);
    return match ? Number(match[1]) : undefined;
  };
  return {
    files: number(/Processing (\d+) files/),
    workers: number(/Spawning (\d+) workers/),
    ok: number(/^(\d+) ok$/m),
    unmodified: number(/^(\d+) unmodified$/m),
    skipped: number(/^(\d+) skipped$/m),
    errors: number(/^(\d+) errors$/m),
    literals: number(/^literals rewritten: (\d+)$/m) ?? 0,
  };
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// --- verification: a benchmark that rewrites nothing proves nothing ----------------------------------------

function compareSets(label, expected, actual) {
  const want = new Set(expected);
  const got = new Set(actual);
  const missing = [...want].filter((path) => !got.has(path));
  const extra = [...got].filter((path) => !want.has(path));
  if (missing.length === 0 && extra.length === 0) return [];
  const sample = (list) => list.slice(0, 3).join(', ') + (list.length > 3 ? ', …' : '');
  return [`${label}: ${missing.length} planted file(s) not changed${missing.length ? ` (${sample(missing)})` : ''}, ${extra.length} unplanted file(s) changed${extra.length ? ` (${sample(extra)})` : ''}`];
}

/** Rewritten thread reads in the diffs: calls of the codec helper added minus removed (imports have no call). */
function countHelperCalls(report) {
  let count = 0;
  for (const file of report.files ?? []) {
    for (const line of (file.diff ?? '').split('\n')) {
      const sign = line.startsWith('+') && !line.startsWith('+++') ? 1 : line.startsWith('-') && !line.startsWith('---') ? -1 : 0;
      if (sign !== 0) count += sign * (line.match(/\bthreadIdOf\(/g)?.length ?? 0);
    }
  }
  return count;
}

function verifyOurs(report, manifest, rule, floorCandidates) {
  if (!report) return { ok: false, lines: ['no JSON report on stdout'] };
  const problems = [];
  const changedPaths = (report.files ?? []).map((file) => file.path);
  const trapsTouched = changedPaths.filter((path) => manifest.trapFiles.includes(path));
  if (trapsTouched.length > 0) problems.push(`changed files that must be skipped: ${trapsTouched.join(', ')}`);
  const scanned = report.filesScanned - (report.filesGenerated ?? 0);
  if (scanned !== manifest.files) problems.push(`scanned ${report.filesScanned} files (${report.filesGenerated ?? 0} generated); the repo has ${manifest.files}`);
  if (floorCandidates !== undefined && floorCandidates !== report.candidates) {
    problems.push(`the floor's prefilter passed ${floorCandidates} files, the CLI's ${report.candidates}: bench/codemod/floor.mjs no longer mirrors the rule's mayMatch`);
  }
  const edits = report.rewrites?.[rule] ?? 0;
  let expectedFiles;
  let found;
  let expected;
  let detail;
  if (rule === 'test-ids') {
    // One text edit per literal.
    expectedFiles = manifest.plantedTestFiles;
    const { runIdSites, repeatedSites, invalidThreadSites } = manifest.planted;
    found = edits;
    expected = runIdSites + repeatedSites + invalidThreadSites;
    detail = `literals: ${runIdSites} run-ID values + ${repeatedSites} repeats + ${invalidThreadSites} invalid thread literals`;
  } else {
    // A rewritten read may take several text edits; count the helper calls the diffs add instead.
    expectedFiles = manifest.threadReadFiles;
    found = countHelperCalls(report);
    expected = manifest.threadReads;
    detail = `thread reads rewritten (${edits} text edits incl. imports); ${manifest.untouchedThreadReads} reads of receivers without a run ID must stay`;
  }
  problems.push(...compareSets(rule, expectedFiles, changedPaths));
  if (found !== expected) problems.push(`found ${found}, planted ${expected} (${detail})`);
  const warningCounts = {};
  for (const warning of report.warnings ?? []) warningCounts[warning.code] = (warningCounts[warning.code] ?? 0) + 1;
  const warningText = Object.entries(warningCounts).map(([code, count]) => `${count} ${code}`).join(', ') || 'none';
  const summary = `${rule}: ${report.filesChanged}/${expectedFiles.length} planted files changed, ${found}/${expected} ${detail}; ${report.candidates} candidates of ${report.filesScanned} scanned; warnings: ${warningText}; ${report.skipped?.length ?? 0} skipped; the report's own elapsedMs ${report.elapsedMs} (first run; wall time adds Node and module start-up)`;
  return { ok: problems.length === 0, lines: [summary, ...problems] };
}

function verifyJscodeshift(name, summary, manifest) {
  const expectedLiterals = manifest.planted.runIdSites + manifest.planted.repeatedSites;
  const ok = summary.ok === manifest.plantedTestFiles.length && summary.literals === expectedLiterals && summary.errors === 0;
  return {
    ok,
    lines: [`${name}: ${summary.ok}/${manifest.plantedTestFiles.length} planted files modified, ${summary.literals}/${expectedLiterals} run-ID literals rewritten, ${summary.skipped} bailed out, ${summary.unmodified} parsed unmodified, ${summary.errors} errors, ${summary.workers} worker process(es)`],
  };
}

// --- one size ---------------------------------------------------------------------------------------------

async function benchSize(size, options, workDir, cliReady) {
  const dir = join(workDir, `repo-${size}`);
  const generationStarted = performance.now();
  const manifest = generateRepo({ dir, files: size, seed: options.seed });
  const generationSeconds = (performance.now() - generationStarted) / 1000;
  console.log(`\n${int(size)} files: generated in ${fixed(generationSeconds, 1)} s (${fixed(manifest.bytes / MB, 1)} MB, files ${fixed(manifest.fileBytes.min / 1024, 1)}–${fixed(manifest.fileBytes.max / 1024, 1)} KB, median ${fixed(manifest.fileBytes.median / 1024, 1)} KB; ${manifest.testFiles} test files, ${manifest.plantedTestFiles.length} with planted run-ID literals, ${manifest.threadReadFiles.length} with thread reads) at ${dir}`);

  const result = { size, bytes: manifest.bytes, manifest: { ...manifest, plantedTestFiles: manifest.plantedTestFiles.length, threadReadFiles: manifest.threadReadFiles.length }, testIds: {}, threadAccess: {}, verification: [] };

  result.testIds = await timeTools(
    [['floor', floorTool(dir, 'test-ids')], ['grep', grepTool(dir)], ...(cliReady ? [['ours', oursTool(dir, 'test-ids')]] : [])],
    options.runs,
  );
  const floorOut = parseJson(result.testIds.floor.stdout);
  result.testIds.floor.candidates = floorOut?.candidates;

  if (cliReady) {
    const report = parseJson(result.testIds.ours.stdout);
    result.testIds.ours.candidates = report?.candidates;
    result.verification.push(verifyOurs(report, manifest, 'test-ids', result.testIds.floor.candidates));
  }

  const jscodeshiftVariants = options.skipJscodeshift ? [] : [['jscodeshift', true], ...(options.jscodeshiftNoBail ? [['jscodeshiftNoBail', false]] : [])];
  for (const [key, bail] of jscodeshiftVariants) {
    const tool = jscodeshiftTool(dir, bail);
    const jscodeshift = summarize(tool, [await measureOnce(tool)]);
    const summary = parseJscodeshiftSummary(jscodeshift.stdout);
    result.testIds[key] = { ...jscodeshift, candidates: summary.ok + summary.unmodified, summary };
    result.verification.push(verifyJscodeshift(tool.name, summary, manifest));
  }

  // thread-access: the type-aware rule, one project per tsconfig, only candidates loaded.
  result.threadAccess = await timeTools([['floor', floorTool(dir, 'thread-access')], ...(cliReady ? [['ours', oursTool(dir, 'thread-access')]] : [])], options.runs);
  result.threadAccess.floor.candidates = parseJson(result.threadAccess.floor.stdout)?.candidates;
  if (cliReady) {
    const report = parseJson(result.threadAccess.ours.stdout);
    result.threadAccess.ours.candidates = report?.candidates;
    result.verification.push(verifyOurs(report, manifest, 'thread-access', result.threadAccess.floor.candidates));
  }

  for (const group of [result.testIds, result.threadAccess]) for (const entry of Object.values(group)) delete entry.stdout;
  for (const check of result.verification) {
    console.log(`  ${check.ok ? 'found what was planted' : 'MISMATCH'} — ${check.lines[0]}`);
    for (const line of check.lines.slice(1)) console.log(`      ${line}`);
  }
  console.log(`  load average: ${loadText()}`);
  return result;
}

// --- report -----------------------------------------------------------------------------------------------

function printTable(title, results, group, keys) {
  console.log(`\n${title}`);
  console.log(`  ${pad('files', 8)}${pad('tool', 22)}${padLeft('candidates', 11)}${padLeft('seconds', 9)}${padLeft('files/s', 9)}${padLeft('s/1k files', 12)}${padLeft('peak RSS MB', 13)}  runs (s)`);
  for (const result of results) {
    for (const key of keys) {
      const entry = result[group][key];
      if (!entry) continue;
      const failed = entry.ok ? '' : `  FAILED ${entry.error ?? ''}`;
      console.log(
        `  ${pad(int(result.size), 8)}${pad(entry.name, 22)}${padLeft(entry.candidates ?? '', 11)}${padLeft(fixed(entry.seconds), 9)}${padLeft(int(result.size / entry.seconds), 9)}` +
          `${padLeft(fixed((entry.seconds * 1000) / result.size, 3), 12)}${padLeft(int(entry.peakRssBytes / MB), 13)}  ${(entry.allSeconds ?? [entry.seconds]).map((s) => fixed(s)).join(' ')}${failed}`,
      );
    }
  }
}

function targetLine(label, value, ok) {
  console.log(`  ${pad(label, 42)}${pad(value, Math.max(52, value.length + 2))}${verdict(ok)}`);
}

function evaluate(results) {
  const summary = { targets: [] };
  const record = (label, value, ok) => {
    summary.targets.push({ label, value, ok });
    targetLine(label, value, ok);
  };

  console.log('\nratios (test-ids)');
  const noBail = results.some((result) => result.testIds.jscodeshiftNoBail);
  console.log(`  ${pad('files', 8)}${padLeft('ours vs jscodeshift', 21)}${noBail ? padLeft('ours vs no-bail', 17) : ''}${padLeft('floor vs jscodeshift', 22)}${padLeft('ours / floor', 14)}${padLeft('ours / grep', 13)}`);
  for (const result of results) {
    const { ours, floor, grep, jscodeshift, jscodeshiftNoBail } = result.testIds;
    const speedup = ours && jscodeshift ? jscodeshift.seconds / ours.seconds : NaN;
    const noBailSpeedup = ours && jscodeshiftNoBail ? jscodeshiftNoBail.seconds / ours.seconds : NaN;
    const floorSpeedup = jscodeshift ? jscodeshift.seconds / floor.seconds : NaN;
    const overFloor = ours ? ours.seconds / floor.seconds : NaN;
    const overGrep = ours ? ours.seconds / grep.seconds : NaN;
    result.ratios = { jscodeshiftOverOurs: speedup, jscodeshiftNoBailOverOurs: noBailSpeedup, jscodeshiftOverFloor: floorSpeedup, oursOverFloor: overFloor, oursOverGrep: overGrep };
    const faster = (ratio) => (Number.isFinite(ratio) ? `${fixed(ratio, 1)}× faster` : 'n/a');
    console.log(
      `  ${pad(int(result.size), 8)}${padLeft(faster(speedup), 21)}${noBail ? padLeft(faster(noBailSpeedup), 17) : ''}${padLeft(faster(floorSpeedup), 22)}` +
        `${padLeft(Number.isFinite(overFloor) ? `${fixed(overFloor, 2)}×` : 'n/a', 14)}${padLeft(Number.isFinite(overGrep) ? `${fixed(overGrep, 0)}×` : 'n/a', 13)}`,
    );
  }
  console.log('  (ours / floor is a time ratio; "floor vs jscodeshift" is the most any codemod can gain on this peer, since ours ≥ floor)');

  const largest = results[results.length - 1];
  const ours = largest.testIds.ours;
  console.log(`\ntargets (test-ids at ${int(largest.size)} files; issue targets on its 2-core machine)`);
  if (!ours) {
    console.log('  unified-id migrate did not run (codemod/dist/cli.js missing): targets not evaluated');
  } else {
    const speedup = largest.ratios.jscodeshiftOverOurs;
    record(`≥ ${TARGETS.jscodeshiftRatio}× faster than jscodeshift`, Number.isFinite(speedup) ? `${fixed(speedup, 1)}× (${fixed(largest.testIds.jscodeshift.seconds, 1)} s vs ${fixed(ours.seconds)} s)` : 'jscodeshift skipped', Number.isFinite(speedup) ? speedup >= TARGETS.jscodeshiftRatio : undefined);
    const noBailSpeedup = largest.ratios.jscodeshiftNoBailOverOurs;
    if (Number.isFinite(noBailSpeedup)) {
      record(`  … the no-bail jscodeshift transform`, `${fixed(noBailSpeedup, 1)}× (${fixed(largest.testIds.jscodeshiftNoBail.seconds, 1)} s)`, noBailSpeedup >= TARGETS.jscodeshiftRatio);
    }
    if (Number.isFinite(speedup) && largest.ratios.jscodeshiftOverFloor < TARGETS.jscodeshiftRatio) {
      console.log(`  ${pad('', 42)}(even the floor is only ${fixed(largest.ratios.jscodeshiftOverFloor, 1)}× faster than this jscodeshift: ${TARGETS.jscodeshiftRatio}× needs ours ≤ ${fixed(largest.testIds.jscodeshift.seconds / TARGETS.jscodeshiftRatio)} s, below the one-thread floor)`);
    }
    record(`within ${TARGETS.floorRatio}× of the floor`, `${fixed(largest.ratios.oursOverFloor)}× (floor ${fixed(largest.testIds.floor.seconds)} s)`, largest.ratios.oursOverFloor <= TARGETS.floorRatio);
    const peakMb = Math.max(...results.map((r) => r.testIds.ours.peakRssBytes)) / MB;
    record(`peak RSS ≤ ${TARGETS.peakRssMb} MB`, `${int(peakMb)} MB (largest over all sizes)`, peakMb <= TARGETS.peakRssMb);
    const perThousand = results.map((r) => (r.testIds.ours.seconds * 1000) / r.size);
    const linearValue = results.map((r, i) => `${fixed(perThousand[i], 3)} (${int(r.size)})`).join(', ') + ' s/1k';
    record('time linear in files', linearValue, results.length < 2 ? undefined : perThousand[perThousand.length - 1] <= perThousand[0] * TARGETS.linearSlack);
    if (results.length >= 2) {
      const marginal = [];
      for (let i = 1; i < results.length; i++) {
        const a = results[i - 1];
        const b = results[i];
        marginal.push(`${int(a.size)}→${int(b.size)}: ${fixed(((b.testIds.ours.seconds - a.testIds.ours.seconds) * 1000) / (b.size - a.size), 3)}`);
      }
      console.log(`  ${pad('', 42)}marginal s/1k ${marginal.join(', ')}`);
    }
  }

  const threadOurs = largest.threadAccess.ours;
  console.log(`\ntargets (thread-access at ${int(largest.size)} files, ${largest.manifest.threadReadFiles} of them with thread reads)`);
  if (!threadOurs) console.log('  unified-id migrate did not run: targets not evaluated');
  else {
    record(`thread-access ≤ ${TARGETS.threadAccessSeconds} s`, `${fixed(threadOurs.seconds)} s`, threadOurs.ok && threadOurs.seconds <= TARGETS.threadAccessSeconds);
    record(`thread-access peak RSS ≤ ${TARGETS.threadAccessRssMb} MB`, `${int(threadOurs.peakRssBytes / MB)} MB`, threadOurs.peakRssBytes / MB <= TARGETS.threadAccessRssMb);
    if (largest.size !== 10000) console.log('  (the issue states these targets for 10,000 files)');
  }

  const verified = results.flatMap((r) => r.verification);
  const allFound = verified.length > 0 && verified.every((check) => check.ok);
  console.log(`\nverification: ${verified.length === 0 ? 'nothing to verify' : allFound ? 'every tool found exactly the planted files and literals' : 'MISMATCH (see above): the timings above compare unequal work'}`);
  summary.verified = allFound;
  // Targets only report; unequal work means the figures are wrong, which is worth an exit code.
  if (verified.length > 0 && !allFound) process.exitCode = 1;
  return summary;
}

// --- main -------------------------------------------------------------------------------------------------

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const cliReady = existsSync(CLI);
  const cpu = cpus();
  const started = new Date();
  console.log(`unified-id codemod benchmark — ${started.toISOString()}`);
  console.log(`machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown'}), ${fixed(totalmem() / 1024 ** 3, 0)} GB, ${type()} ${release()}; node ${process.version}`);
  console.log(`tools: unified-id ${cliReady ? 'codemod/dist/cli.js' : 'NOT BUILT (run npm run build): only the peers run'}; typescript ${versionOf('typescript')}; ts-morph ${versionOf('ts-morph')}; jscodeshift ${versionOf('jscodeshift')}${options.skipJscodeshift ? ' (skipped)' : ''}`);
  console.log(`load average at start: ${loadText()} (the machine may be shared; rerun on a quiet one for figures to quote)`);
  console.log(`peak RSS: ${hasGnuTime() ? 'GNU time %M (largest process, threads included)' : 'process.resourceUsage().maxRSS'} and, on Linux, a 20 ms sampler of the summed process tree; the larger is shown`);
  console.log(`corpus: seed ${options.seed}; ${DEFAULT_LITERAL_RATE * 100}% of files are tests with planted run-ID literals, ${DEFAULT_THREAD_READ_RATE * 100}% read thread fields; median of ${options.runs} run(s), jscodeshift 1 run`);
  console.log('ours: node codemod/dist/cli.js migrate <repo> --rules <rule> --json (dry run, worker pool = cores)');
  console.log('floor: discovery + the rule\'s text prefilter + ts.createSourceFile on candidates, one thread, rewrites nothing');
  console.log(`jscodeshift: --dry --cpus 2 --parser tsx, transform bails out on non-test files / files naming no run ID (it caps workers at cores − 1)${options.jscodeshiftNoBail ? '; also the no-bail variant (--bail=false: parses every file first)' : ''}`);
  console.log(ISSUE_FIGURES);

  const workDir = options.workDir ?? mkdtempSync(join(tmpdir(), 'unified-id-bench-'));
  const results = [];
  try {
    for (const size of options.sizes) results.push(await benchSize(size, options, workDir, cliReady));
    printTable('test-ids (dry run)', results, 'testIds', ['ours', 'floor', 'jscodeshift', 'jscodeshiftNoBail', 'grep']);
    printTable('thread-access (dry run, type-aware)', results, 'threadAccess', ['ours', 'floor']);
    const summary = evaluate(results);
    console.log(`\nload average at end: ${loadText()}; total ${fixed((Date.now() - started.getTime()) / 1000, 0)} s`);
    if (options.out) {
      writeFileSync(options.out, `${JSON.stringify({ date: started.toISOString(), machine: { cores: cpu.length, model: cpu[0]?.model, node: process.version }, load: loadavg(), options, results, summary }, null, 2)}\n`);
      console.log(`results written to ${options.out}`);
    }
  } finally {
    if (!options.keep && !options.workDir) rmSync(workDir, { recursive: true, force: true });
    else console.log(`repositories kept in ${workDir}`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
});
