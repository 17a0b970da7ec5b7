/**
 * One `migrate` run: discover → read and prefilter (no parsing) → syntactic rules in the worker pool →
 * type-aware rules in the main thread, one rule at a time over one project per tsconfig → conflict-guarded
 * atomic writes (`apply`) → report. Per-file failures are isolated: a file is skipped and reported, the run goes on.
 */
import { existsSync, realpathSync } from 'node:fs';
import * as os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { version as toolVersion } from '../../package.json';
import type { Rule, RuleFileData, RuleOptions } from '../rule';
import { defaultRuleOptions, loadConfig } from './config';
import type { ConfigFile } from './config';
import { unifiedDiff } from './diff';
import { discoverFiles } from './discovery';
import type { DiscoveredFile, Shard } from './discovery';
import type { FileSystem } from './file-system';
import { nodeFileSystem, writeFileAtomically } from './file-system';
import { dirtyFiles, gitTopLevel } from './git';
import { WorkerPool } from './pool';
import type { ChangedFile, MigrateMode, MigrateReport, MigrateResult, ReportedWarning, SkippedFile } from './report';
import { reportVersion } from './report';
import { knownRules, loadRuleModules, selectRules } from './rule-set';
import { findSnapshotFiles, snapshotStringsOf } from './snapshots';
import { decodeSource, encodeSource, hashBytes, isMarkedGenerated } from './text';
import type { FileTransform, RuleOutcome, SkipReason, TypeScript, TypedLookup } from './transform';
import { describeError, transformFile } from './transform';

export interface MigrateOptions {
  /** Files or folders to migrate; default: the root. Relative paths are taken from `root`. */
  readonly paths?: readonly string[];
  /** Root of the run: relative paths, globs, shards and `unified-id.config.json` are taken from here. Default: `process.cwd()`. */
  readonly root?: string;
  readonly mode?: MigrateMode;
  /** Rule names (`--rules`); default: the config's `rules`, else every rule. */
  readonly rules?: readonly string[];
  /** Rule objects added to the registry for this run (tests, plugins). Run in the main thread unless also in `ruleModules`. */
  readonly extraRules?: readonly Rule[];
  /** Modules exporting rules (`rules` array or default export); loaded here and in every worker. */
  readonly ruleModules?: readonly string[];
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  readonly importFrom?: string;
  readonly legacyModules?: readonly string[];
  readonly testFilePatterns?: readonly string[];
  readonly runIdNames?: readonly string[];
  readonly threadIdNames?: readonly string[];
  /** `--config`; default `unified-id.config.json` in the root when present. */
  readonly configPath?: string;
  /** Worker threads; default: available cores. 1 runs everything in the main thread. */
  readonly concurrency?: number;
  readonly shard?: Shard;
  readonly allowDirty?: boolean;
  /** Injectable file system (fault tests). */
  readonly fileSystem?: FileSystem;
  /** The built worker script; `false` forces in-thread processing. Default: `worker.js` beside this module, when it exists. */
  readonly workerFile?: string | false;
  /** Aborting stops the run between files: no file is left half-written. */
  readonly signal?: AbortSignal;
  /** Called as files are read and processed (`done` of `total` steps). */
  readonly onProgress?: (done: number, total: number) => void;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

interface FileState {
  readonly file: DiscoveredFile;
  readonly original: string;
  readonly hasBom: boolean;
  readonly hash: string;
  text: string;
  syntaxChecked: boolean;
  failure?: { reason: SkipReason; message: string };
  readonly outcomes: RuleOutcome[];
}

const readChunk = 256;
const batchSize = 8;
/** Below this many candidates, starting workers (each loads TypeScript, ~0.4 s of CPU) costs more than it saves. */
const minFilesForPool = 24;
/** Each further worker must have at least this many files to be worth its start-up. */
const filesPerWorker = 60;
/** From this many files, the pool starts before reading (candidates are then almost certainly many). */
const eagerPoolFiles = 1000;

/** The cores this process may use (`availableParallelism` is Node ≥ 18.14). */
function defaultConcurrency(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

function defaultWorkerFile(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidate = resolve(here, 'worker.js');
  return existsSync(candidate) ? candidate : undefined;
}

function mergeList(fromFlags: readonly string[] | undefined, fromConfig: readonly string[] | undefined, fallback: readonly string[]): readonly string[] {
  if (fromFlags === undefined && fromConfig === undefined) return fallback;
  return [...new Set([...(fromConfig ?? []), ...(fromFlags ?? [])])];
}

async function loadTypeScript(): Promise<TypeScript> {
  return (await import('ts-morph')).ts;
}

export async function migrate(options: MigrateOptions = {}): Promise<MigrateResult> {
  const started = performance.now();
  const root = resolve(options.root ?? process.cwd());
  const mode = options.mode ?? 'dry-run';
  const fs = options.fileSystem ?? nodeFileSystem;
  const signal = options.signal;

  let config: ConfigFile;
  try {
    config = (await loadConfig(root, options.configPath === undefined ? undefined : resolve(root, options.configPath))).config;
  } catch (error) {
    throw new UsageError(describeError(error));
  }
  const ruleOptions: RuleOptions = {
    importFrom: options.importFrom ?? config.importFrom ?? defaultRuleOptions.importFrom,
    testFilePatterns: options.testFilePatterns ?? config.testFilePatterns ?? defaultRuleOptions.testFilePatterns,
    runIdNames: options.runIdNames ?? config.runIdNames ?? defaultRuleOptions.runIdNames,
    threadIdNames: options.threadIdNames ?? config.threadIdNames ?? defaultRuleOptions.threadIdNames,
    legacyModules: mergeList(options.legacyModules, config.legacyModules, defaultRuleOptions.legacyModules),
  };

  const ruleModules = (options.ruleModules ?? []).map((path) => resolve(root, path));
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
  const syntacticRules = rules.filter((rule) => !rule.needsTypes);
  const typedRules = rules.filter((rule) => rule.needsTypes);

  const givenPaths = options.paths && options.paths.length > 0 ? options.paths : ['.'];
  const paths = givenPaths.map((path) => resolve(root, path));
  const discovery = await discoverFiles({
    paths,
    root,
    include: mergeList(options.include, config.include, []),
    exclude: mergeList(options.exclude, config.exclude, []),
    ...(options.shard ? { shard: options.shard } : {}),
  });
  if (discovery.missing.length > 0) {
    const missing = discovery.missing.map((path) => givenPaths[paths.indexOf(path)] ?? path);
    throw new UsageError(`no such file or folder: ${missing.join(', ')}`);
  }

  const phases: Record<string, number> = {};
  let phaseStart = started;
  const endPhase = (name: string): void => {
    const now = performance.now();
    phases[name] = Math.round(now - phaseStart);
    phaseStart = now;
  };
  endPhase('discoverMs');
  const skipped: SkippedFile[] = [];
  const skip = (state: FileState, reason: SkipReason, message: string): void => {
    state.failure = { reason, message };
  };
  const total = discovery.files.length;
  let progress = 0;
  const tick = (steps = 1): void => {
    progress += steps;
    options.onProgress?.(progress, total * 2);
  };

  // TypeScript is loaded here only when this thread parses (small runs, type-aware rules): workers load their own.
  let typeScript: TypeScript | undefined;
  const getTypeScript = async (): Promise<TypeScript> => (typeScript ??= await loadTypeScript());

  const absorb = (state: FileState, result: FileTransform): void => {
    state.outcomes.push(...result.rules);
    if (result.status === 'failed') skip(state, result.reason, result.message);
    else {
      state.text = result.text;
      state.syntaxChecked = true;
    }
  };
  const inputOf = (state: FileState) => ({ filePath: state.file.filePath, relativePath: state.file.relativePath, text: state.text });
  const infoOf = (file: DiscoveredFile) => ({ filePath: file.filePath, relativePath: file.relativePath, options: ruleOptions });

  // Syntactic rules go to a worker pool unless the run is small (or no built worker exists: tests from source).
  const concurrency = Math.max(1, options.concurrency ?? defaultConcurrency());
  const workerFile = options.workerFile === false ? undefined : (options.workerFile ?? defaultWorkerFile());
  // Rules given as objects cannot cross into a worker; only registry and module rules can.
  const injectedOnly = (options.extraRules ?? []).some((rule) => syntacticRules.includes(rule));
  const poolPossible = syntacticRules.length > 0 && workerFile !== undefined && !injectedOnly && concurrency > 1;
  const byPath = new Map<string, FileState>();
  let pool: WorkerPool | undefined;
  const startPool = (size: number): WorkerPool =>
    new WorkerPool({
      workerFile: workerFile ?? '',
      size,
      init: { ruleNames: syntacticRules.map((rule) => rule.name), ruleModules, options: ruleOptions },
      batchSize,
      onResult: (file, result) => {
        const state = byPath.get(file.filePath);
        if (state) absorb(state, result);
        tick();
      },
      ...(signal ? { signal } : {}),
    });
  // In a large run, workers load TypeScript while this thread reads, and parse candidates as they are found.
  if (poolPossible && total >= eagerPoolFiles) pool = startPool(concurrency);

  // Read and prefilter. Only candidates keep their text in memory.
  let filesGenerated = 0;
  const candidates: FileState[] = [];
  const syntacticCandidates: FileState[] = [];
  const readOne = (file: DiscoveredFile): void => {
    let bytes: Uint8Array;
    try {
      bytes = fs.readFileSync(file.filePath);
    } catch (error) {
      skipped.push({ path: file.relativePath, reason: 'read-error', message: describeError(error) });
      return;
    }
    const { text, hasBom } = decodeSource(bytes);
    if (isMarkedGenerated(text)) {
      filesGenerated++;
      return;
    }
    const info = infoOf(file);
    if (!rules.some((rule) => rule.mayMatch(text, info))) return;
    const state: FileState = { file, original: text, hasBom, hash: hashBytes(bytes), text, syntaxChecked: false, outcomes: [] };
    candidates.push(state);
    if (!syntacticRules.some((rule) => rule.mayMatch(text, info))) return;
    syntacticCandidates.push(state);
    if (pool) {
      byPath.set(file.filePath, state);
      pool.submit(inputOf(state));
    }
  };
  for (let index = 0; index < total && !signal?.aborted; index++) {
    const file = discovery.files[index];
    if (file) readOne(file);
    tick();
    // Let a SIGINT handler, the progress bar and the pool's messages run now and then.
    if (index % readChunk === readChunk - 1) await new Promise((done) => setImmediate(done));
  }
  tick(total - syntacticCandidates.length);
  endPhase('readMs');

  if (!pool && poolPossible && syntacticCandidates.length >= minFilesForPool && !signal?.aborted) {
    pool = startPool(Math.min(concurrency, Math.ceil(syntacticCandidates.length / filesPerWorker)));
    for (const state of syntacticCandidates) {
      byPath.set(state.file.filePath, state);
      pool.submit(inputOf(state));
    }
  }
  if (pool) await pool.finish();
  else if (syntacticCandidates.length > 0) {
    const tsApi = await getTypeScript();
    for (const state of syntacticCandidates) {
      if (signal?.aborted) break;
      absorb(state, transformFile(inputOf(state), { ts: tsApi, rules: syntacticRules, options: ruleOptions, checkInputSyntax: true }));
      tick();
      // Let a SIGINT handler run between files.
      if (progress % 64 === 0) await new Promise((done) => setImmediate(done));
    }
  }

  endPhase('syntacticMs');
  // Type-aware rules: one rule at a time, each over a type-checked program built from the current texts.
  if (candidates.length > 0 && !signal?.aborted && typedRules.length > 0) {
    const tsApi = await getTypeScript();
    const { loadTypedFiles } = await import('../typed-project');
    for (const rule of typedRules) {
      if (signal?.aborted) break;
      const files = candidates.filter((state) => !state.failure && rule.mayMatch(state.text, infoOf(state.file)));
      if (files.length === 0) continue;
      const typed: TypedLookup = loadTypedFiles(files.map((state) => ({ filePath: state.file.filePath, text: state.text })));
      for (const state of files) {
        if (signal?.aborted) break;
        absorb(state, transformFile(inputOf(state), { ts: tsApi, rules: [rule], options: ruleOptions, typed, checkInputSyntax: !state.syntaxChecked }));
        await new Promise((done) => setImmediate(done));
      }
    }
  }

  endPhase('typedMs');
  options.onProgress?.(total * 2, total * 2);
  const changedStates = candidates.filter((state) => !state.failure && state.text !== state.original);
  const written = new Set<FileState>();

  if (mode === 'apply' && changedStates.length > 0 && !signal?.aborted) {
    const dirty = options.allowDirty ? undefined : await dirtyPaths(changedStates.map((state) => state.file.filePath));
    for (const state of changedStates) {
      if (signal?.aborted) break;
      const dirtyState = dirty?.get(realPath(state.file.filePath));
      if (dirtyState) {
        skip(state, 'dirty', dirtyState === 'untracked' ? 'not committed to git (untracked); commit it or pass --allow-dirty' : 'has uncommitted changes; commit or stash them, or pass --allow-dirty');
        continue;
      }
      const outcome = writeFileAtomically(fs, { path: state.file.filePath, data: encodeSource(state.text, state.hasBom), expectedHash: state.hash, hash: hashBytes });
      if (outcome.ok) written.add(state);
      else skip(state, outcome.reason, outcome.message);
      // Between two files (never inside one), let a SIGINT handler stop the run.
      await new Promise((done) => setImmediate(done));
    }
  }
  endPhase('writeMs');
  const interrupted = signal?.aborted === true;
  if (interrupted && mode === 'apply') {
    for (const state of changedStates) if (!written.has(state) && !state.failure) skip(state, 'interrupted', 'interrupted before this file was written; it is unchanged');
  }

  // Report.
  const rewrites: Record<string, number> = {};
  for (const rule of rules) rewrites[rule.name] = 0;
  const files: ChangedFile[] = [];
  const changes: { path: string; before: string; after: string }[] = [];
  const warnings: ReportedWarning[] = [];
  const ruleData = new Map<string, RuleFileData[]>();
  for (const state of candidates) {
    for (const outcome of state.outcomes) {
      for (const warning of outcome.warnings) warnings.push({ path: state.file.relativePath, rule: outcome.rule, ...warning });
    }
    if (state.failure) {
      skipped.push({ path: state.file.relativePath, ...state.failure });
      continue;
    }
    for (const outcome of state.outcomes) {
      if (outcome.data !== undefined) {
        const list = ruleData.get(outcome.rule) ?? [];
        list.push({ relativePath: state.file.relativePath, data: outcome.data });
        ruleData.set(outcome.rule, list);
      }
    }
    if (state.text === state.original) continue;
    const perRule: Record<string, number> = {};
    for (const outcome of state.outcomes) {
      if (outcome.rewrites === 0) continue;
      perRule[outcome.rule] = (perRule[outcome.rule] ?? 0) + outcome.rewrites;
      rewrites[outcome.rule] = (rewrites[outcome.rule] ?? 0) + outcome.rewrites;
    }
    files.push({ path: state.file.relativePath, rewrites: perRule, written: written.has(state), diff: unifiedDiff(state.file.relativePath, state.original, state.text) });
    changes.push({ path: state.file.relativePath, before: state.original, after: state.text });
  }
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const notes: { rule: string; message: string }[] = [];
  for (const rule of rules) {
    if (!rule.finalize) continue;
    try {
      for (const message of rule.finalize(ruleData.get(rule.name) ?? [], ruleOptions)) notes.push({ rule: rule.name, message });
    } catch (error) {
      notes.push({ rule: rule.name, message: `finalize failed: ${describeError(error)}` });
    }
  }

  const snapshotStrings = new Set<string>();
  for (const list of ruleData.values()) for (const entry of list) for (const value of snapshotStringsOf(entry.data)) snapshotStrings.add(value);
  const snapshots = snapshotStrings.size > 0 ? findSnapshotFiles(discovery.snapshots, snapshotStrings, fs) : [];

  endPhase('reportMs');
  const exitCode: MigrateReport['exitCode'] = interrupted ? 130 : skipped.length > 0 ? 2 : mode === 'check' && files.length > 0 ? 1 : 0;
  const report: MigrateReport = {
    version: reportVersion,
    toolVersion,
    mode,
    root,
    rules: [...syntacticRules, ...typedRules].map((rule) => rule.name),
    filesScanned: total,
    filesGenerated,
    candidates: candidates.length,
    filesChanged: files.length,
    filesWritten: written.size,
    rewrites,
    files,
    warnings,
    skipped,
    snapshots,
    notes,
    interrupted,
    elapsedMs: Math.round(performance.now() - started),
    phases: { discoverMs: 0, readMs: 0, syntacticMs: 0, typedMs: 0, writeMs: 0, reportMs: 0, ...phases },
    exitCode,
  };
  return { report, changes };
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Uncommitted files among `files`, per git work tree (no check outside git). */
async function dirtyPaths(files: readonly string[]): Promise<Map<string, 'modified' | 'untracked'>> {
  const tops = new Map<string, string | undefined>();
  const dirty = new Map<string, 'modified' | 'untracked'>();
  for (const file of files) {
    const folder = dirname(file);
    if (!tops.has(folder)) tops.set(folder, await gitTopLevel(folder));
  }
  for (const top of new Set(tops.values())) {
    if (top === undefined) continue;
    for (const [path, state] of await dirtyFiles(top)) dirty.set(realPath(path), state);
  }
  return dirty;
}
