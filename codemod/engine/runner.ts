/**
 * One `migrate` run, phase by phase: settings (options + config) → discovery → read and project pass (no parsing)
 * → syntactic rules in the worker pool → type-aware rules in the main thread, one rule at a time over one project
 * per tsconfig → conflict-guarded atomic writes (`apply`) → report. Without evidence that the project uses this
 * system's run IDs, no rule runs. Per-file failures are isolated: a file is skipped and reported, the run goes on.
 */
import { relative } from 'node:path';
import { buildReport } from './build-report';
import { missingDependencies } from './dependency-check';
import { discoverFiles, PatternError, toPosix } from './discovery';
import type { Discovery } from './discovery';
import type { FileState } from './file-state';
import type { MigrateOptions } from './options';
import { readProject } from './read-phase';
import type { ApplyRefusal, MigrateResult, ReportedWarning, SkippedFile } from './report';
import { resolveSettings } from './settings';
import type { RunSettings } from './settings';
import { SyntacticPhase } from './syntactic-phase';
import type { TypeScript } from './transform';
import { runTypedRules } from './typed-phase';
import { removeStaleTemporaryFiles } from './temporary-files';
import { UsageError } from './usage-error';
import { guardWrites, writeChanges } from './write-phase';

export type { MigrateOptions, ProposedChange, ReviewedChanges } from './options';
export { UsageError } from './usage-error';

/**
 * The files of the run; a usage error (exit 2, one line) for a run that would check nothing: a missing target, one
 * that is not a folder or a source file, a malformed glob, a command-line glob that matches no file, no file at all.
 */
async function discover(settings: RunSettings): Promise<Discovery> {
  let discovery: Discovery;
  try {
    discovery = await discoverFiles({
      paths: settings.paths,
      root: settings.root,
      ...settings.filters,
      ...(settings.shard ? { shard: settings.shard } : {}),
      project: settings.projectFilters,
      mustMatch: settings.flagFilters,
    });
  } catch (error) {
    if (error instanceof PatternError) throw new UsageError(error.message);
    throw error;
  }
  const given = (paths: readonly string[]): string => paths.map((path) => settings.givenPaths[settings.paths.indexOf(path)] ?? path).join(', ');
  if (discovery.missing.length > 0) throw new UsageError(`no such file or folder: ${given(discovery.missing)}`);
  if (discovery.unsupported.length > 0) {
    throw new UsageError(`not a folder or a file the codemod reads: ${given(discovery.unsupported)} (give folders, or files ending in .ts .tsx .mts .cts .js .jsx .mjs .cjs or .json data files)`);
  }
  if (discovery.unmatched.length > 0) throw new UsageError(`${discovery.unmatched.join(', ')} matched no file under ${given(settings.paths)}`);
  if (discovery.unsharded === 0) {
    const unreadable = discovery.unreadable.length > 0 ? ` (could not read: ${discovery.unreadable.map((entry) => entry.path).join(', ')})` : '';
    throw new UsageError(`no file to migrate under ${given(settings.paths)}${unreadable}: 0 files scanned`);
  }
  return discovery;
}

interface WriteResult {
  readonly written: Set<FileState>;
  readonly refusal: ApplyRefusal | undefined;
}

/** `--apply`: the guard (all or nothing), the review (`--interactive`), then the writes. */
async function applyChanges(settings: RunSettings, changed: readonly FileState[], options: MigrateOptions): Promise<WriteResult> {
  const { signal } = options;
  if (settings.mode !== 'apply' || changed.length === 0 || signal?.aborted) return { written: new Set(), refusal: undefined };
  const refusal = await guardWrites(changed, options.allowDirty === true);
  if (refusal) return { written: new Set(), refusal };
  let toWrite = changed;
  if (options.review) {
    const accepted = await options.review(changed.map((state) => ({ path: state.file.relativePath, before: state.original, after: state.text })));
    toWrite = changed.filter((state) => {
      const text = accepted.get(state.file.relativePath);
      if (text === undefined || text === state.original) return false;
      state.text = text;
      return true;
    });
  }
  const written = await writeChanges(settings, toWrite, { ...(signal ? { signal } : {}), ...(options.onWritten ? { onWritten: options.onWritten } : {}) });
  return { written, refusal: undefined };
}

const relativeTo = (root: string, paths: readonly string[]): string[] => paths.map((path) => toPosix(relative(root, path)));

/** Milliseconds per phase, each measured from the end of the one before. */
class PhaseClock {
  readonly phases: Record<string, number> = {};
  private last: number;

  constructor(readonly started: number) {
    this.last = started;
  }

  end(name: string): void {
    const now = performance.now();
    this.phases[name] = Math.round(now - this.last);
    this.last = now;
  }
}

export async function migrate(options: MigrateOptions = {}): Promise<MigrateResult> {
  const clock = new PhaseClock(performance.now());
  const { signal } = options;
  options.onPhase?.('discovering');
  const settings = await resolveSettings(options);
  const discovery = await discover(settings);
  clock.end('discoverMs');
  options.onPhase?.('reading');

  // Progress: one step per file of the project read, one per file of this run processed.
  const total = discovery.project.length + discovery.files.length;
  let progress = 0;
  const tick = (steps = 1): void => {
    progress += steps;
    options.onProgress?.(progress, total);
  };
  // TypeScript is loaded here only when this thread parses (small runs, type-aware rules): workers load their own.
  let typeScript: TypeScript | undefined;
  const getTypeScript = async (): Promise<TypeScript> => (typeScript ??= (await import('ts-morph')).ts);

  const syntactic = new SyntacticPhase(settings, options, { tick, getTypeScript, ...(signal ? { signal } : {}) });
  syntactic.startEarly(discovery.files.length);
  const read = await readProject(settings, discovery, { tick, ...(signal ? { signal } : {}) });
  clock.end('readMs');

  // No evidence, no change: the IDs the rules would rewrite belong to another system.
  const { facts, provenance } = read.project;
  const evidenced = facts.evidence.length > 0 && !signal?.aborted;
  const candidates = evidenced ? read.candidates : [];
  options.onPhase?.('rewriting');
  tick(discovery.files.length - (evidenced ? read.syntacticCandidates.length : 0));
  await syntactic.run(evidenced ? read.syntacticCandidates : [], evidenced ? facts : undefined);
  clock.end('syntacticMs');

  let runWarnings: ReportedWarning[] = [];
  if (evidenced && candidates.length > 0 && settings.typedRules.length > 0 && !signal?.aborted) {
    options.onPhase?.('type-aware rules');
    runWarnings = await runTypedRules(settings, { candidates, project: facts, provenance, ts: await getTypeScript(), ...(signal ? { signal } : {}) });
  }
  clock.end('typedMs');
  options.onProgress?.(total, total);

  const changed = candidates.filter((state) => !state.failure && state.text !== state.original);
  if (settings.mode === 'apply' && changed.length > 0) options.onPhase?.('writing');
  // A killed run's temporary files go before this one writes its own (only stale ones of this codemod).
  const temporaryFilesRemoved = settings.mode === 'apply' ? relativeTo(settings.root, removeStaleTemporaryFiles(settings.fs, discovery.temporaryFiles)) : [];
  const { written, refusal } = await applyChanges(settings, changed, options);
  clock.end('writeMs');
  const unreadable: SkippedFile[] = discovery.unreadable.map((entry) => ({ path: entry.path, reason: 'read-error', message: entry.message }));

  return buildReport(settings, {
    evidence: facts.evidence,
    projectFiles: discovery.project.length,
    filesScanned: discovery.files.length,
    filesGenerated: read.filesGenerated,
    candidates,
    written,
    readErrors: [...unreadable, ...read.readErrors],
    projectNotes: read.project.notes,
    snapshotFiles: discovery.snapshots,
    interrupted: signal?.aborted === true,
    runWarnings,
    refusal,
    temporaryFilesRemoved,
    missingDependencies: settings.mode === 'apply' ? missingDependencies(settings.root, settings.ruleOptions.importFrom, settings.ruleOptions.testFilePatterns, written) : [],
    started: clock.started,
    phases: clock.phases,
  });
}
