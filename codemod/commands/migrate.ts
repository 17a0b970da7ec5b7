/** `unified-id migrate`: the codemod's command line over the engine (`engine/runner.ts`). */
import { createRequire } from 'node:module';
import { delimiter } from 'node:path';
import { ArgsError, booleanFlag, listFlag, parseArgs, stringFlag } from '../args';
import type { FlagSpec } from '../args';
import { parseShard } from '../engine/discovery';
import type { Shard } from '../engine/discovery';
import { formatHumanReport } from '../engine/human-report';
import type { Verbosity } from '../engine/human-report';
import { noProgress, progressBar } from '../engine/progress';
import type { MigrateMode } from '../engine/report';
import { migrate, UsageError } from '../engine/runner';
import type { MigrateOptions } from '../engine/runner';
import type { CliIO } from '../io';
import { useColor } from '../io';
import { allRules } from '../rules/index';

const flags: Readonly<Record<string, FlagSpec>> = {
  apply: { type: 'boolean' },
  check: { type: 'boolean' },
  json: { type: 'boolean' },
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

/** Files processed before a progress bar is worth drawing. */
const progressThreshold = 200;

export function migrateHelp(): string {
  const rules = allRules.map((rule) => `  ${rule.name.padEnd(16)}${rule.needsTypes ? '(type-aware) ' : ''}${rule.description}`).join('\n');
  return `Usage: unified-id migrate [paths…] [options]

Rewrites a codebase to the unified run/thread ID format. Dry run by default: prints a
unified diff per file and a summary; nothing is written without --apply.

Nothing changes unless the project shows that it uses these IDs: an import of unified-id, a
legacy ID module (named with --legacy-module or in unified-id.config.json, or recognised by its
shape), or a run ID literal in either format. That evidence, and what the rules learn
project-wide, come from every file under the current folder that .gitignore and the config's
"include"/"exclude" let in, whatever the paths, --include, --exclude and --shard: those choose
only which files may change. Files: .ts .tsx .mts .cts .js .jsx .mjs .cjs, and .json data files
(not package.json, tsconfig*.json, lock files) for the rules that take them.

Options:
  --apply                 write the changes (atomically; refuses files with uncommitted git changes)
  --check                 write nothing; exit 1 when anything would change (CI gate)
  --json                  print one JSON report on stdout instead of diffs and summary
  --rules <a,b>           rules to run (default: all; repeatable or comma-separated)
  --include <glob>        change only files matching (relative to the current folder; repeatable)
  --exclude <glob>        do not change files matching (repeatable)
  --import-from <spec>    module that added imports name (default: unified-id)
  --legacy-module <spec>  an old ID module to retire (legacy-modules rule; repeatable)
  --config <path>         config file (default: ./unified-id.config.json when present)
  --concurrency <n>       worker threads (default: available cores; 1 = no workers)
  --shard <i>/<n>         change only slice i of n (stable per path; for parallel CI jobs)
  --allow-dirty           with --apply, also rewrite files that have uncommitted changes
  -q, --quiet             summary line and problems only
  -v, --verbose           also show diffs when applying, and where the time went
  -h, --help              this help

Rules:
${rules || '  (none registered)'}

Exit codes: 0 nothing to do or applied cleanly; 1 --check found changes; 2 some files could not
be processed (syntax errors, conflicts, uncommitted changes) or bad usage; 130 interrupted.

Examples:
  unified-id migrate                          # dry run over the current folder
  unified-id migrate src test --apply         # write the changes
  unified-id migrate --check --quiet          # CI: fail when something is left to migrate
  unified-id migrate --rules test-ids --include 'test/**'
  unified-id migrate --shard 2/4 --json > shard-2.json
  unified-id migrate --legacy-module ./src/lib/ids --apply
`;
}

const installHint = `unified-id migrate needs ts-morph, an optional peer dependency that is not installed:
  npm install --save-dev ts-morph
(the codec commands parse, generate and inspect work without it)
`;

function buildOptions(args: readonly string[], io: CliIO): { options: MigrateOptions; json: boolean; verbosity: Verbosity } | 'help' {
  const parsed = parseArgs(args, flags);
  if (booleanFlag(parsed, 'help')) return 'help';
  const apply = booleanFlag(parsed, 'apply');
  const check = booleanFlag(parsed, 'check');
  if (apply && check) throw new ArgsError('--apply and --check exclude each other');
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
    root: io.cwd,
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
  const verbosity: Verbosity = booleanFlag(parsed, 'quiet') ? 'quiet' : booleanFlag(parsed, 'verbose') ? 'verbose' : 'normal';
  return { options, json: booleanFlag(parsed, 'json'), verbosity };
}

export async function runMigrateCommand(args: readonly string[], io: CliIO): Promise<number> {
  let built;
  try {
    built = buildOptions(args, io);
  } catch (error) {
    if (error instanceof ArgsError) {
      io.stderr(`unified-id migrate: ${error.message}\nRun "unified-id migrate --help" for usage.\n`);
      return 2;
    }
    throw error;
  }
  if (built === 'help') {
    io.stdout(migrateHelp());
    return 0;
  }
  try {
    // Resolved, not loaded: loading TypeScript is left to whichever thread parses.
    createRequire(import.meta.url).resolve('ts-morph');
  } catch {
    io.stderr(installHint);
    return 2;
  }

  const { options, json, verbosity } = built;
  const bar = io.isTTY.stderr && !json && verbosity !== 'quiet' ? progressBar(io) : noProgress;
  let result;
  try {
    result = await migrate({
      ...options,
      onProgress: (done, total) => {
        if (total / 2 > progressThreshold) bar.update(done, total);
      },
    });
  } catch (error) {
    bar.clear();
    if (error instanceof UsageError) {
      io.stderr(`unified-id migrate: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  bar.clear();
  if (json) io.stdout(JSON.stringify(result.report, null, 2) + '\n');
  else io.stdout(formatHumanReport(result, verbosity, useColor(io, 'stdout')));
  return result.report.exitCode;
}
