/** `unified-id migrate`: the codemod's command line over the engine (`engine/runner.ts`). */
import { writeFileSync } from 'node:fs';
import { delimiter } from 'node:path';
import { ArgsError, booleanFlag, listFlag, parseArgs, stringFlag } from '../../src/cli/args';
import type { FlagSpec, ParsedArgs } from '../../src/cli/args';
import { ansiColors } from '../engine/diff';
import { formatGithubAnnotations } from '../engine/github-annotations';
import { parseShard } from '../engine/discovery';
import type { Shard } from '../engine/discovery';
import { formatHumanReport } from '../engine/human-report';
import type { Verbosity } from '../engine/human-report';
import { noProgress, progressLine } from '../engine/progress';
import type { MigrateMode } from '../engine/report';
import { migrate, UsageError } from '../engine/runner';
import type { MigrateOptions } from '../engine/runner';
import type { CliIO } from '../../src/cli/io';
import { programName, useColor } from '../../src/cli/io';
import { reportUsageError } from '../../src/cli/usage';
import { allRules } from '../rules/index';
import { LineReader, reviewInteractively } from './interactive-review';

const outputFormats = ['human', 'json', 'github'] as const;
type OutputFormat = (typeof outputFormats)[number];

const flags: Readonly<Record<string, FlagSpec>> = {
  apply: { type: 'boolean' },
  check: { type: 'boolean' },
  json: { type: 'boolean' },
  format: { type: 'string' },
  interactive: { type: 'boolean', alias: 'i' },
  rules: { type: 'list', commaSeparated: true },
  include: { type: 'list' },
  exclude: { type: 'list' },
  'import-from': { type: 'string' },
  concurrency: { type: 'string' },
  shard: { type: 'string' },
  quiet: { type: 'boolean', alias: 'q' },
  verbose: { type: 'boolean', alias: 'v' },
  'allow-dirty': { type: 'boolean' },
  'legacy-module': { type: 'list' },
  config: { type: 'string' },
  help: { type: 'boolean', alias: 'h' },
};

export function migrateHelp(): string {
  const rules = allRules.map((rule) => `  ${rule.name.padEnd(16)}${rule.needsTypes ? '(type-aware) ' : ''}${rule.description}`).join('\n');
  return `Usage: unified-id-codemod migrate [paths…] [options]
       npx @unified-id/codemod migrate [paths…] [options]   (nothing installed first)
       unified-id migrate [paths…] [options]                (where the codemod is installed)

Rewrites a codebase to the unified run/thread ID format. Dry run by default: prints a
unified diff per file and a summary; nothing is written without --apply.

The root of the run comes from the paths (default: the current folder), never from where you
run it: their common folder, or the nearest folder above it (up to the top of the git work tree)
that holds unified-id.config.json. Globs, test-file patterns and the paths in reports are taken
from the root; symbolic links given as paths are followed.

Nothing changes unless the project shows that it uses these IDs: an import of unified-id, a
legacy ID module (named with --legacy-module or in unified-id.config.json, or recognised by its
shape), or a run ID literal in either format. That evidence, and what the rules learn
project-wide, come from every file under the root that .gitignore and the config's
"include"/"exclude" let in, whatever the paths, --include, --exclude and --shard: those choose
only which files may change. Files: .ts .tsx .mts .cts .js .jsx .mjs .cjs, and .json data files
(not package.json, tsconfig*.json, lock files) for the rules that take them.

Options:
  --apply                 write the changes, atomically; in a git work tree, writes nothing when a
                          file that would change has uncommitted changes, or git cannot tell
  --check                 write nothing; exit 1 when anything would change (CI gate)
  -i, --interactive       review each change hunk by hunk on a terminal (y, n, a = rest of the
                          file, d = skip the rest of the file, q = quit), then write what you accepted
  --format <f>            human (default), json (one JSON report on stdout), or github
                          (GitHub Actions annotations: errors for --check, warnings, skipped files)
  --json                  same as --format json
  --rules <a,b>           rules to run (default: all; repeatable or comma-separated)
  --include <glob>        change only files matching (relative to the root; repeatable); a
                          malformed glob, or one that matches no file, is an error
  --exclude <glob>        do not change files matching (repeatable; same checks)
  --import-from <spec>    module that added imports name (default: unified-id)
  --legacy-module <spec>  an old ID module to retire (legacy-modules rule; repeatable)
  --config <path>         config file (default: unified-id.config.json in the root when present)
  --concurrency <n>       worker threads (default: available cores; 1 = no workers)
  --shard <i>/<n>         change only slice i of n (stable per path; for parallel CI jobs)
  --allow-dirty           with --apply, write even with uncommitted changes, or without git's answer
  -q, --quiet             summary line and problems only
  -v, --verbose           also show diffs when applying, and where the time went
  -h, --help              this help

Rules:
${rules || '  (none registered)'}

Exit codes: 0 nothing to do or applied cleanly; 1 --check found changes; 2 some files could not
be processed (syntax errors, not UTF-8, unreadable, conflicts), --apply wrote nothing (uncommitted
changes, git failed), or bad usage (a path that is missing or not a folder or source file, a glob
that is malformed or matches nothing, no file to scan) or the report could not be written;
130 interrupted; 141 the reader of the output closed it early (| head).

After --apply, the summary lists each package (nearest package.json) that now imports unified-id
without declaring it, with the command that adds it.

Examples:
  unified-id migrate                          # dry run over the current folder
  unified-id migrate src test --apply         # write the changes
  unified-id migrate --check --quiet          # CI: fail when something is left to migrate
  unified-id migrate --check --format github  # CI on GitHub: annotate the lines left to migrate
  unified-id migrate ../service --interactive # review the changes of another folder, hunk by hunk
  unified-id migrate --rules test-ids --include 'test/**'
  unified-id migrate --shard 2/4 --json > shard-2.json
  unified-id migrate --legacy-module ./src/lib/ids --apply
`;
}

interface BuiltOptions {
  readonly options: MigrateOptions;
  readonly format: OutputFormat;
  readonly verbosity: Verbosity;
  readonly interactive: boolean;
}

/**
 * For the end-to-end tests only: once the first file is written, create the file this variable names and wait for
 * the run's stop signal, so a test interrupts a run that is provably in the middle of its writes.
 */
function pauseAfterFirstWrite(io: CliIO): ((path: string) => Promise<void>) | undefined {
  const marker = io.env['UNIFIED_ID_TEST_PAUSE_AFTER_FIRST_WRITE'];
  const { signal } = io;
  if (marker === undefined || marker === '' || !signal) return undefined;
  let paused = false;
  return async () => {
    if (paused) return;
    paused = true;
    writeFileSync(marker, '');
    if (signal.aborted) return;
    // A signal handler does not keep the event loop alive: a timer does, until the signal comes.
    const keepAlive = setInterval(() => undefined, 60_000);
    await new Promise<void>((done) => signal.addEventListener('abort', () => done(), { once: true }));
    clearInterval(keepAlive);
  };
}

function buildOptions(args: readonly string[], io: CliIO): BuiltOptions | 'help' {
  const parsed = parseArgs(args, flags);
  if (booleanFlag(parsed, 'help')) return 'help';
  const interactive = booleanFlag(parsed, 'interactive');
  const apply = booleanFlag(parsed, 'apply') || interactive;
  const check = booleanFlag(parsed, 'check');
  if (apply && check) throw new ArgsError(`${interactive ? '--interactive' : '--apply'} and --check exclude each other`);
  const format = outputFormat(parsed);
  if (interactive && format !== 'human') throw new ArgsError(`--interactive and --format ${format} exclude each other`);
  if (interactive && !(io.isTTY.stdout && io.isTTY.stderr)) throw new ArgsError('--interactive needs a terminal (standard output is not one)');
  if (booleanFlag(parsed, 'quiet') && booleanFlag(parsed, 'verbose')) throw new ArgsError('--quiet and --verbose exclude each other');
  const mode: MigrateMode = apply ? 'apply' : check ? 'check' : 'dry-run';
  let concurrency: number | undefined;
  const concurrencyText = stringFlag(parsed, 'concurrency');
  if (concurrencyText !== undefined) {
    concurrency = Number(concurrencyText);
    if (!/^\d+$/.test(concurrencyText) || concurrency < 1 || concurrency > 256) throw new ArgsError(`--concurrency expects a whole number from 1 to 256, got "${concurrencyText}"`);
  }
  let shard: Shard | undefined;
  const shardText = stringFlag(parsed, 'shard');
  if (shardText !== undefined) {
    const result = parseShard(shardText);
    if (typeof result === 'string') throw new ArgsError(result);
    shard = result;
  }
  const rules = listFlag(parsed, 'rules');
  if (rules !== undefined && rules.length === 0) throw new ArgsError('--rules needs at least one rule name');
  // Extra rule modules (plugins; the end-to-end tests run the built CLI with rules of their own this way).
  const ruleModules = io.env['UNIFIED_ID_RULE_MODULES']?.split(delimiter).filter((path) => path !== '');
  const importFrom = stringFlag(parsed, 'import-from');
  const configPath = stringFlag(parsed, 'config');
  const options: MigrateOptions = {
    paths: parsed.positionals,
    cwd: io.cwd,
    mode,
    allowDirty: booleanFlag(parsed, 'allow-dirty'),
    ...(rules ? { rules } : {}),
    ...(listFlag(parsed, 'include') ? { include: listFlag(parsed, 'include') } : {}),
    ...(listFlag(parsed, 'exclude') ? { exclude: listFlag(parsed, 'exclude') } : {}),
    ...(listFlag(parsed, 'legacy-module') ? { legacyModules: listFlag(parsed, 'legacy-module') } : {}),
    ...(importFrom !== undefined ? { importFrom } : {}),
    ...(configPath !== undefined ? { configPath } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(shard ? { shard } : {}),
    ...(ruleModules && ruleModules.length > 0 ? { ruleModules } : {}),
    ...(io.signal ? { signal: io.signal } : {}),
  };
  const onWritten = pauseAfterFirstWrite(io);
  const verbosity: Verbosity = booleanFlag(parsed, 'quiet') ? 'quiet' : booleanFlag(parsed, 'verbose') ? 'verbose' : 'normal';
  return { options: onWritten ? { ...options, onWritten } : options, format, verbosity, interactive };
}

/** `--format` (and its older spelling `--json`). */
function outputFormat(parsed: ParsedArgs): OutputFormat {
  const given = stringFlag(parsed, 'format');
  if (given !== undefined && !(outputFormats as readonly string[]).includes(given)) throw new ArgsError(`--format expects one of ${outputFormats.join(', ')}, got "${given}"`);
  if (booleanFlag(parsed, 'json') && given !== undefined && given !== 'json') throw new ArgsError(`--json and --format ${given} exclude each other`);
  return booleanFlag(parsed, 'json') ? 'json' : ((given ?? 'human') as OutputFormat);
}

export async function runMigrateCommand(args: readonly string[], io: CliIO): Promise<number> {
  let built;
  try {
    built = buildOptions(args, io);
  } catch (error) {
    if (error instanceof ArgsError) return reportUsageError(io, 'migrate', error.message);
    throw error;
  }
  if (built === 'help') {
    io.stdout(migrateHelp());
    return 0;
  }
  const { options, format, verbosity, interactive } = built;
  const json = format === 'json';
  const color = useColor(io, 'stdout');
  const reader = interactive ? new LineReader(io.stdin, io.signal) : undefined;
  // The progress line: on a terminal only, and only for a run longer than about a second.
  const bar = io.isTTY.stderr && !json && verbosity !== 'quiet' ? progressLine(io, `${programName(io)} migrate`) : noProgress;
  let result;
  try {
    result = await migrate({
      ...options,
      onProgress: (done, total) => bar.update(done, total),
      onPhase: (phase) => bar.phase(phase),
      ...(reader
        ? {
            review: (changes) => {
              bar.clear();
              return reviewInteractively(changes, io, reader, color ? ansiColors : undefined);
            },
          }
        : {}),
    });
  } catch (error) {
    bar.clear();
    if (error instanceof UsageError) {
      io.stderr(`unified-id migrate: ${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    await reader?.close();
  }
  bar.clear();
  if (json) io.stdout(JSON.stringify(result.report, null, 2) + '\n');
  else if (format === 'github') io.stdout(formatGithubAnnotations(result.report, io.env['GITHUB_WORKSPACE'] || io.cwd) + formatHumanReport(result, 'quiet', false));
  else io.stdout(formatHumanReport(result, interactive && verbosity === 'normal' ? 'quiet' : verbosity, color));
  return result.report.exitCode;
}
