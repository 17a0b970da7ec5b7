/**
 * Phase 1 of a `migrate` run: the options and `unified-id.config.json` resolved into one run's settings (root,
 * mode, rule options, the selected rules, the file filters of the run and of the project).
 */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Rule, RuleOptions } from '../rule';
import { defaultRuleOptions, loadConfig, mergeLegacyModules } from './config';
import type { ConfigFile } from './config';
import type { FileFilters, Shard } from './discovery';
import type { FileSystem } from './file-system';
import { nodeFileSystem } from './file-system';
import type { MigrateOptions } from './options';
import type { MigrateMode } from './report';
import { knownRules, loadRuleModules, selectRules } from './rule-set';
import { resolveRunRoot } from './run-root';
import type { RunRoot } from './run-root';
import { describeError } from './transform';
import { UsageError } from './usage-error';

export interface RunSettings {
  readonly root: string;
  readonly mode: MigrateMode;
  readonly fs: FileSystem;
  readonly ruleOptions: RuleOptions;
  /** Selected rules, in the order they run: syntactic ones, then type-aware ones. */
  readonly rules: readonly Rule[];
  readonly syntacticRules: readonly Rule[];
  readonly typedRules: readonly Rule[];
  /** Absolute paths of the rule modules, which the workers load too. */
  readonly ruleModules: readonly string[];
  /** The paths as given (for messages) and resolved from the root. */
  readonly givenPaths: readonly string[];
  readonly paths: readonly string[];
  /** What this run may change: the config's filters merged with the flags. */
  readonly filters: FileFilters;
  /** What the project is: the config's filters alone (the flags narrow a run, not the project). */
  readonly projectFilters: FileFilters;
  /** The `--include`/`--exclude` patterns of the command line: each must match some file of the run. */
  readonly flagFilters: FileFilters;
  readonly shard?: Shard;
}

function mergeList(fromFlags: readonly string[] | undefined, fromConfig: readonly string[] | undefined, fallback: readonly string[]): readonly string[] {
  if (fromFlags === undefined && fromConfig === undefined) return fallback;
  return [...new Set([...(fromConfig ?? []), ...(fromFlags ?? [])])];
}

async function readConfig(root: string, configPath: string | undefined): Promise<ConfigFile> {
  try {
    return (await loadConfig(root, configPath)).config;
  } catch (error) {
    throw new UsageError(describeError(error));
  }
}

async function chooseRules(options: MigrateOptions, config: ConfigFile, ruleModules: readonly string[]): Promise<Rule[]> {
  let moduleRules: Rule[];
  try {
    moduleRules = await loadRuleModules(ruleModules);
  } catch (error) {
    throw new UsageError(`cannot load rule module: ${describeError(error)}`);
  }
  const known = knownRules([...moduleRules, ...(options.extraRules ?? [])]);
  const { rules, unknown } = selectRules(known, options.rules ?? config.rules);
  if (unknown.length > 0) throw new UsageError(`unknown rule${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')} (known: ${known.map((rule) => rule.name).join(', ') || 'none'})`);
  if (rules.length === 0) throw new UsageError('no rule selected');
  return rules;
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** An explicit `root` (programs) takes paths and config from it; otherwise the root comes from the targets. */
function locateRun(options: MigrateOptions, givenPaths: readonly string[]): RunRoot {
  if (options.root === undefined) return resolveRunRoot(options.cwd ?? process.cwd(), givenPaths, options.configPath);
  const root = realPath(resolve(options.root));
  const explicit = options.configPath !== undefined;
  return { root, paths: givenPaths.map((path) => realPath(resolve(root, path))), ...(explicit ? { configPath: resolve(root, options.configPath ?? '') } : {}), explicitConfig: explicit };
}

export async function resolveSettings(options: MigrateOptions): Promise<RunSettings> {
  const givenPaths = options.paths && options.paths.length > 0 ? options.paths : ['.'];
  const located = locateRun(options, givenPaths);
  const { root } = located;
  const config = await readConfig(root, located.configPath);
  const ruleOptions: RuleOptions = {
    importFrom: options.importFrom ?? config.importFrom ?? defaultRuleOptions.importFrom,
    testFilePatterns: options.testFilePatterns ?? config.testFilePatterns ?? defaultRuleOptions.testFilePatterns,
    runIdNames: options.runIdNames ?? config.runIdNames ?? defaultRuleOptions.runIdNames,
    threadIdNames: options.threadIdNames ?? config.threadIdNames ?? defaultRuleOptions.threadIdNames,
    legacyModules: mergeLegacyModules(options.legacyModules, config.legacyModules),
    ...(config.clientFiles ? { clientFilePatterns: config.clientFiles } : {}),
  };
  const ruleModules = (options.ruleModules ?? []).map((path) => resolve(root, path));
  const selected = await chooseRules(options, config, ruleModules);
  const syntacticRules = selected.filter((rule) => !rule.needsTypes);
  const typedRules = selected.filter((rule) => rule.needsTypes);
  return {
    root,
    mode: options.mode ?? 'dry-run',
    fs: options.fileSystem ?? nodeFileSystem,
    ruleOptions,
    rules: [...syntacticRules, ...typedRules],
    syntacticRules,
    typedRules,
    ruleModules,
    givenPaths,
    paths: located.paths,
    filters: { include: mergeList(options.include, config.include, []), exclude: mergeList(options.exclude, config.exclude, []) },
    projectFilters: { include: config.include ?? [], exclude: config.exclude ?? [] },
    flagFilters: { include: options.include ?? [], exclude: options.exclude ?? [] },
    ...(options.shard ? { shard: options.shard } : {}),
  };
}
