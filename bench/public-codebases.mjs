// Runs the built `unified-id migrate` on real codebases (checked out elsewhere, e.g. public agent repositories
// that do not use this product's ID formats) and prints, per codebase: files scanned, files that would change,
// rewrites per rule, warnings per code, the first diff hunks, the exit code, the elapsed time and the summary of
// the human (non-JSON) output. It reports; it does not judge (issue 10: on codebases without evidence a default
// run should change nothing and say why).
//
// Usage: node bench/public-codebases.mjs <folder>… [options] [-- <extra migrate args>]
//   --cli <path>          the CLI to run (default: this repo's codemod/dist/cli.js; `worker.js` must sit beside it)
//   --config <path>       pass `--config <path>` to every run
//   --config-dir <dir>    per folder: pass `--config <dir>/<folder name>.json` when that file exists
//   --timeout <s>         per run (default 900); a run past it is killed and reported as timed out
//   --hunks <n>           diff hunks to print per codebase (default 5; 0 = none)
//   --hunk-lines <n>      lines shown per hunk (default 24)
//   --no-human            skip the second, human-readable run (its summary line is then not shown)
//   --out <dir>           write each JSON report to <dir>/<folder name>.json and a summary to <dir>/summary.json
//   -- …                  everything after `--` goes to `migrate` as is (e.g. `-- --rules thread-access`)
//
// Each run is `node <cli> migrate --json [extra]` with the folder as its working directory (dry run unless the
// extra arguments say otherwise), then the same without `--json` for the human summary. When the folder is a git
// work tree, the script also checks that a dry run left it as it was.
import { Buffer } from 'node:buffer';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const GNU_TIME = '/usr/bin/time';

function usage(message) {
  if (message) process.stderr.write(`public-codebases: ${message}\n`);
  process.stderr.write('Usage: node bench/public-codebases.mjs <folder>… [--cli <path>] [--config <path>] [--config-dir <dir>] [--timeout <s>] [--hunks <n>] [--hunk-lines <n>] [--no-human] [--out <dir>] [-- <migrate args>]\n');
  process.exit(2);
}

function parseOptions(argv) {
  const options = {
    folders: [],
    cli: join(ROOT, 'codemod', 'dist', 'cli.js'),
    config: undefined,
    configDir: undefined,
    timeoutS: 900,
    hunks: 5,
    hunkLines: 24,
    human: true,
    out: undefined,
    extra: [],
  };
  const number = (flag, text) => {
    const value = Number(text);
    if (text === undefined || !Number.isFinite(value) || value < 0) usage(`${flag} expects a non-negative number`);
    return value;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) usage(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--') {
      options.extra = argv.slice(i + 1);
      break;
    } else if (arg === '--cli') options.cli = resolve(next());
    else if (arg === '--config') options.config = resolve(next());
    else if (arg === '--config-dir') options.configDir = resolve(next());
    else if (arg === '--timeout') options.timeoutS = number(arg, next());
    else if (arg === '--hunks') options.hunks = number(arg, next());
    else if (arg === '--hunk-lines') options.hunkLines = number(arg, next());
    else if (arg === '--no-human') options.human = false;
    else if (arg === '--out') options.out = resolve(next());
    else if (arg === '-h' || arg === '--help') usage();
    else if (arg.startsWith('-')) usage(`unknown option ${arg}`);
    else options.folders.push(resolve(arg));
  }
  if (options.folders.length === 0) usage('give at least one folder');
  if (!existsSync(options.cli)) usage(`no CLI at ${options.cli} (build it: npm run build, or pass --cli)`);
  if (!existsSync(join(dirname(options.cli), 'worker.js'))) process.stderr.write(`public-codebases: warning: no worker.js beside ${options.cli}\n`);
  for (const folder of options.folders) if (!existsSync(folder) || !statSync(folder).isDirectory()) usage(`not a folder: ${folder}`);
  return options;
}

/** Runs `node <args>` in `cwd`; resolves with stdout, stderr, exit code or signal, wall time, peak RSS (GNU time) and whether it timed out. */
function run(args, cwd, timeoutS) {
  return new Promise((resolvePromise) => {
    const useTime = existsSync(GNU_TIME);
    const scratch = useTime ? mkdtempSync(join(tmpdir(), 'public-codebases-')) : undefined;
    const rssFile = scratch ? join(scratch, 'rss') : undefined;
    const command = useTime ? GNU_TIME : process.execPath;
    const commandArgs = useTime ? ['-f', '%M', '-o', rssFile, process.execPath, ...args] : args;
    const started = performance.now();
    // Own process group, so a timeout ends the CLI and its worker threads' process together.
    const child = spawn(command, commandArgs, { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    const stdout = [];
    const stderr = [];
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    let timedOut = false;
    const timer = timeoutS > 0
      ? setTimeout(() => {
          timedOut = true;
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            child.kill('SIGKILL');
          }
        }, timeoutS * 1000)
      : undefined;
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      const elapsedMs = performance.now() - started;
      let peakRssMb;
      if (rssFile && existsSync(rssFile)) {
        const kb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
        if (Number.isFinite(kb) && kb > 0) peakRssMb = kb / 1024;
      }
      if (scratch) rmSync(scratch, { recursive: true, force: true });
      const errText = Buffer.concat(stderr).toString('utf8')
        // GNU time reports a killed or failing child on stderr; that is ours, not the CLI's.
        .replace(/^Command (exited with non-zero status \d+|terminated by signal \d+)\n/m, '');
      resolvePromise({ stdout: Buffer.concat(stdout).toString('utf8'), stderr: errText, code, signal, elapsedMs, peakRssMb, timedOut });
    });
  });
}

function gitStatus(folder) {
  const result = spawnSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: folder, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) return undefined;
  return result.stdout;
}

function gitHead(folder) {
  const result = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: folder, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** Splits one file's unified diff into hunks (each starting at its `@@` line). */
function hunksOf(diff) {
  const lines = diff.split('\n');
  const hunks = [];
  let current;
  for (const line of lines) {
    if (line.startsWith('@@')) {
      current = [line];
      hunks.push(current);
    } else if (current && line !== '') current.push(line);
  }
  return hunks;
}

/** Summary of the human output: everything but the diffs and the lists under `warnings (…)`/`skipped (…)`/`snapshots …`. */
function humanSummary(text) {
  // eslint-disable-next-line no-control-regex -- ANSI color codes, in case a color is forced
  const lines = text.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
  const kept = [];
  let inDiff = false;
  let inList = false;
  for (const line of lines) {
    if (line.startsWith('--- ') || line.startsWith('diff ') || line.startsWith('Index: ')) {
      inDiff = true;
      continue;
    }
    if (inDiff) {
      if (line.startsWith('+++ ') || line.startsWith('@@') || /^[ +\-\\]/.test(line) || line === '') continue;
      inDiff = false;
    }
    if (line.trim() === '') continue;
    if (/^(warnings|skipped|snapshots to update) \(\d+\)/.test(line)) {
      kept.push(line);
      inList = true;
      continue;
    }
    if (inList && line.startsWith('  ')) continue;
    inList = false;
    kept.push(line);
  }
  return kept;
}

function countBy(items, keyOf) {
  const counts = new Map();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

async function benchFolder(folder, options) {
  const name = basename(folder);
  const extra = [...options.extra];
  let configPath = options.config;
  if (options.configDir && existsSync(join(options.configDir, `${name}.json`))) configPath = join(options.configDir, `${name}.json`);
  if (configPath) extra.push('--config', configPath);
  const statusBefore = gitStatus(folder);
  const jsonRun = await run([options.cli, 'migrate', '--json', ...extra], folder, options.timeoutS);
  const statusAfterJson = gitStatus(folder);
  let report;
  let parseError;
  if (!jsonRun.timedOut) {
    try {
      report = JSON.parse(jsonRun.stdout);
    } catch (error) {
      parseError = error.message;
    }
  }
  const humanRun = options.human && !jsonRun.timedOut ? await run([options.cli, 'migrate', ...extra], folder, options.timeoutS) : undefined;
  const statusAfter = gitStatus(folder);
  return { name, folder, head: gitHead(folder), configPath, extra, statusBefore, statusAfterJson, statusAfter, jsonRun, humanRun, report, parseError };
}

function printResult(result, options) {
  const { name, folder, head, configPath, jsonRun, humanRun, report, parseError } = result;
  const out = [];
  out.push(`\n=== ${name}  (${folder}${head ? ` @ ${head.slice(0, 12)}` : ''})`);
  out.push(`command       node ${options.cli} migrate --json${result.extra.length > 0 ? ' ' + result.extra.join(' ') : ''}`);
  if (configPath) out.push(`config        ${configPath}`);
  const rss = jsonRun.peakRssMb !== undefined ? `, peak RSS ${jsonRun.peakRssMb.toFixed(0)} MB` : '';
  out.push(`exit code     ${jsonRun.timedOut ? `timed out after ${options.timeoutS} s (killed)` : jsonRun.signal ? `signal ${jsonRun.signal}` : jsonRun.code}  (elapsed ${seconds(jsonRun.elapsedMs)}${rss})`);
  if (report) {
    out.push(`files         ${report.filesScanned} scanned, ${report.candidates} parsed, ${report.filesChanged} would change${report.filesWritten > 0 ? `, ${report.filesWritten} WRITTEN` : ''}${report.filesGenerated > 0 ? `, ${report.filesGenerated} @generated` : ''}`);
    const rewrites = Object.entries(report.rewrites ?? {}).map(([rule, count]) => `${rule} ${count}`).join(', ');
    out.push(`rewrites      ${rewrites || '(none)'}`);
    const warnings = countBy(report.warnings ?? [], (warning) => `${warning.rule}/${warning.code}`);
    out.push(`warnings      ${report.warnings?.length ?? 0}${warnings.length > 0 ? ': ' + warnings.map(([key, count]) => `${key} ${count}`).join(', ') : ''}`);
    if ((report.skipped ?? []).length > 0) {
      out.push(`skipped       ${report.skipped.length}: ${countBy(report.skipped, (file) => file.reason).map(([key, count]) => `${key} ${count}`).join(', ')}`);
      for (const file of report.skipped.slice(0, 5)) out.push(`                ${file.path}  ${file.reason}: ${file.message.split('\n')[0]}`);
    }
    if ((report.snapshots ?? []).length > 0) out.push(`snapshots     ${report.snapshots.length} still hold replaced ids`);
    for (const note of report.notes ?? []) out.push(`note          ${note.rule}: ${note.message}`);
    if (report.phases) {
      const phases = Object.entries(report.phases).map(([phase, ms]) => `${phase.replace(/Ms$/, '')} ${seconds(ms)}`).join(', ');
      out.push(`phases        ${phases}`);
    }
    const files = [...(report.files ?? [])]
      .map((file) => ({ path: file.path, total: Object.values(file.rewrites).reduce((a, b) => a + b, 0), rewrites: file.rewrites }))
      .sort((a, b) => b.total - a.total);
    if (files.length > 0) {
      out.push(`top files     ${files.slice(0, 8).map((file) => `${file.path} (${file.total})`).join(', ')}${files.length > 8 ? `, … ${files.length - 8} more` : ''}`);
    }
    if (options.hunks > 0 && files.length > 0) {
      out.push(`first ${options.hunks} diff hunks:`);
      let shown = 0;
      for (const file of report.files) {
        if (shown >= options.hunks) break;
        for (const hunk of hunksOf(file.diff)) {
          if (shown >= options.hunks) break;
          out.push(`  --- ${file.path}  (${Object.entries(file.rewrites).map(([rule, count]) => `${rule} ${count}`).join(', ')})`);
          const lines = hunk.slice(0, options.hunkLines);
          for (const line of lines) out.push(`  ${line}`);
          if (hunk.length > lines.length) out.push(`  … ${hunk.length - lines.length} more lines`);
          shown++;
        }
      }
    }
  } else if (!jsonRun.timedOut) {
    out.push(`report        not JSON (${parseError ?? 'no output'}); stdout starts: ${JSON.stringify(jsonRun.stdout.slice(0, 200))}`);
  }
  if (jsonRun.stderr.trim() !== '') {
    const lines = jsonRun.stderr.trim().split('\n');
    out.push(`stderr        ${lines.slice(0, 8).join('\n              ')}${lines.length > 8 ? `\n              … ${lines.length - 8} more lines` : ''}`);
  }
  if (humanRun) {
    const summary = humanSummary(humanRun.stdout);
    const warningsNote = humanRun.code !== jsonRun.code ? ` (exit ${humanRun.code}, differs from the JSON run's)` : '';
    out.push(`human output  ${summary.length === 0 ? '(empty)' : summary[0]}${warningsNote}`);
    for (const line of summary.slice(1, 20)) out.push(`              ${line}`);
    if (summary.length > 20) out.push(`              … ${summary.length - 20} more lines`);
  }
  if (result.statusBefore !== undefined && result.statusAfter !== undefined) {
    const unchanged = result.statusBefore === result.statusAfterJson && result.statusAfterJson === result.statusAfter;
    const dirtyBefore = result.statusBefore.trim() === '' ? 'clean' : `${result.statusBefore.trim().split('\n').length} changed paths`;
    out.push(`work tree     ${dirtyBefore} before; ${unchanged ? 'unchanged by the runs' : 'CHANGED by the runs (git status differs)'}`);
  }
  process.stdout.write(out.join('\n') + '\n');
}

function summaryRow(result) {
  const { report, jsonRun } = result;
  return {
    name: result.name,
    folder: result.folder,
    head: result.head,
    config: result.configPath,
    exitCode: jsonRun.timedOut ? 'timeout' : jsonRun.code,
    elapsedMs: Math.round(jsonRun.elapsedMs),
    peakRssMb: jsonRun.peakRssMb !== undefined ? Math.round(jsonRun.peakRssMb) : undefined,
    filesScanned: report?.filesScanned,
    filesChanged: report?.filesChanged,
    rewrites: report?.rewrites,
    warnings: report ? Object.fromEntries(countBy(report.warnings ?? [], (warning) => `${warning.rule}/${warning.code}`)) : undefined,
    skipped: report?.skipped?.length,
    humanSummary: result.humanRun ? humanSummary(result.humanRun.stdout) : undefined,
  };
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  process.stdout.write(`unified-id migrate on ${options.folders.length} codebase(s); CLI ${options.cli}; timeout ${options.timeoutS} s${options.extra.length > 0 ? `; extra args: ${options.extra.join(' ')}` : ''}\n`);
  const rows = [];
  for (const folder of options.folders) {
    const result = await benchFolder(folder, options);
    printResult(result, options);
    rows.push(summaryRow(result));
    if (options.out) {
      mkdirSync(options.out, { recursive: true });
      writeFileSync(join(options.out, `${result.name}.json`), result.report ? JSON.stringify(result.report, null, 2) + '\n' : result.jsonRun.stdout);
    }
  }
  process.stdout.write('\n=== summary\n');
  const header = ['codebase', 'exit', 'time', 'scanned', 'would change', 'rewrites', 'warnings'];
  const table = rows.map((row) => [
    row.name,
    String(row.exitCode),
    seconds(row.elapsedMs),
    String(row.filesScanned ?? '-'),
    String(row.filesChanged ?? '-'),
    row.rewrites ? Object.entries(row.rewrites).filter(([, count]) => count > 0).map(([rule, count]) => `${rule} ${count}`).join(', ') || '0' : '-',
    row.warnings ? String(Object.values(row.warnings).reduce((a, b) => a + b, 0)) : '-',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...table.map((cells) => cells[column].length)));
  const line = (cells) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
  process.stdout.write(line(header) + '\n' + table.map(line).join('\n') + '\n');
  if (options.out) writeFileSync(join(options.out, 'summary.json'), JSON.stringify({ cli: options.cli, extra: options.extra, rows }, null, 2) + '\n');
  // Exit 0 even when a codebase's run failed: this is a report, and each run's own exit code is printed.
}

await main();
