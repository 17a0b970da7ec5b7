/**
 * One `migrate` run, phase by phase: settings (options + config) → discovery → read and project pass (no parsing)
 * → syntactic rules in the worker pool → type-aware rules in the main thread, one rule at a time over one project
 * per tsconfig → conflict-guarded atomic writes (`apply`) → report. Without evidence that the project uses this
 * system's run IDs, no rule runs. Per-file failures are isolated: a file is skipped and reported, the run goes on.
 */
import { buildReport } from './build-report';
import { discoverFiles } from './discovery';
import type { Discovery } from './discovery';
import type { MigrateOptions } from './options';
import { readProject } from './read-phase';
import type { MigrateResult } from './report';
import { resolveSettings } from './settings';
import type { RunSettings } from './settings';
import { SyntacticPhase } from './syntactic-phase';
import type { TypeScript } from './transform';
import { runTypedRules } from './typed-phase';
import { UsageError } from './usage-error';
import { writeChanges } from './write-phase';

export type { MigrateOptions } from './options';
export { UsageError } from './usage-error';

async function discover(settings: RunSettings): Promise<Discovery> {
  const discovery = await discoverFiles({
    paths: settings.paths,
    root: settings.root,
    ...settings.filters,
    ...(settings.shard ? { shard: settings.shard } : {}),
    project: settings.projectFilters,
  });
  if (discovery.missing.length > 0) {
    const missing = discovery.missing.map((path) => settings.givenPaths[settings.paths.indexOf(path)] ?? path);
    throw new UsageError(`no such file or folder: ${missing.join(', ')}`);
  }
  return discovery;
}

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
  const settings = await resolveSettings(options);
  const discovery = await discover(settings);
  clock.end('discoverMs');

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
  tick(discovery.files.length - (evidenced ? read.syntacticCandidates.length : 0));
  await syntactic.run(evidenced ? read.syntacticCandidates : [], evidenced ? facts : undefined);
  clock.end('syntacticMs');

  if (evidenced && candidates.length > 0 && settings.typedRules.length > 0 && !signal?.aborted) {
    await runTypedRules(settings, { candidates, project: facts, provenance, ts: await getTypeScript(), ...(signal ? { signal } : {}) });
  }
  clock.end('typedMs');
  options.onProgress?.(total, total);

  const changed = candidates.filter((state) => !state.failure && state.text !== state.original);
  const written = await writeChanges(settings, changed, { allowDirty: options.allowDirty === true, ...(signal ? { signal } : {}) });
  clock.end('writeMs');

  return buildReport(settings, {
    evidence: facts.evidence,
    projectFiles: discovery.project.length,
    filesScanned: discovery.files.length,
    filesGenerated: read.filesGenerated,
    candidates,
    written,
    readErrors: read.readErrors,
    projectNotes: read.project.notes,
    snapshotFiles: discovery.snapshots,
    interrupted: signal?.aborted === true,
    started: clock.started,
    phases: clock.phases,
  });
}
