/**
 * Phase 7 of a `migrate` run: the report. Sites rewritten per rule and per file, diffs, warnings, skipped files,
 * the rules' whole-run notes (`finalize`), snapshot files still holding a replaced value, and the exit code.
 */
import { version as toolVersion } from '../../package.json';
import type { RuleFileData } from '../rule';
import { unifiedDiff } from './diff';
import type { DiscoveredFile } from './discovery';
import type { FileState } from './file-state';
import type { RuleNote } from './project-pass';
import type { ApplyRefusal, ChangedFile, MigrateReport, MigrateResult, MissingDependency, ReportedWarning, SkippedFile } from './report';
import { reportVersion } from './report';
import type { RunSettings } from './settings';
import { findSnapshotFiles, snapshotStringsOf } from './snapshots';
import { describeError } from './transform';

export interface RunRecord {
  readonly evidence: readonly string[];
  readonly projectFiles: number;
  readonly filesScanned: number;
  readonly filesGenerated: number;
  /** Files the rules processed (none when the project had no evidence). */
  readonly candidates: readonly FileState[];
  readonly written: ReadonlySet<FileState>;
  readonly readErrors: readonly SkippedFile[];
  /** Notes of the project pass (a `collect` or `combine` that failed). */
  readonly projectNotes: readonly RuleNote[];
  readonly snapshotFiles: readonly DiscoveredFile[];
  readonly interrupted: boolean;
  /** Warnings of the run itself (a tsconfig TypeScript could not read whole). */
  readonly runWarnings: readonly ReportedWarning[];
  readonly refusal: ApplyRefusal | undefined;
  readonly temporaryFilesRemoved: readonly string[];
  readonly missingDependencies: readonly MissingDependency[];
  readonly started: number;
  /** Milliseconds per phase before the report's own. */
  readonly phases: Readonly<Record<string, number>>;
}

const byPath = (a: { path: string }, b: { path: string }): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

export function buildReport(settings: RunSettings, run: RunRecord): MigrateResult {
  const reportStarted = performance.now();
  const { rules, ruleOptions, mode } = settings;
  const rewrites: Record<string, number> = {};
  for (const rule of rules) rewrites[rule.name] = 0;
  const files: ChangedFile[] = [];
  const changes: { path: string; before: string; after: string }[] = [];
  const warnings: ReportedWarning[] = [...run.runWarnings];
  const skipped: SkippedFile[] = [...run.readErrors];
  const ruleData = new Map<string, RuleFileData[]>();
  for (const state of run.candidates) {
    for (const outcome of state.outcomes) {
      for (const warning of outcome.warnings) warnings.push({ path: state.file.relativePath, rule: outcome.rule, ...warning });
    }
    if (state.failure) {
      skipped.push({ path: state.file.relativePath, ...state.failure });
      continue;
    }
    for (const outcome of state.outcomes) {
      if (outcome.data === undefined) continue;
      const list = ruleData.get(outcome.rule) ?? [];
      list.push({ relativePath: state.file.relativePath, data: outcome.data });
      ruleData.set(outcome.rule, list);
    }
    if (state.text === state.original) continue;
    const perRule: Record<string, number> = {};
    for (const outcome of state.outcomes) {
      if (outcome.rewrites === 0) continue;
      perRule[outcome.rule] = (perRule[outcome.rule] ?? 0) + outcome.rewrites;
      rewrites[outcome.rule] = (rewrites[outcome.rule] ?? 0) + outcome.rewrites;
    }
    files.push({ path: state.file.relativePath, rewrites: perRule, written: run.written.has(state), diff: unifiedDiff(state.file.relativePath, state.original, state.text) });
    changes.push({ path: state.file.relativePath, before: state.original, after: state.text });
  }
  skipped.sort(byPath);

  const notes: { rule: string; message: string }[] = [...run.projectNotes];
  // No evidence, no rule ran: a rule's summary ("module X has no imports left") would speak of work not done.
  if (run.evidence.length > 0) {
    for (const rule of rules) {
      if (!rule.finalize) continue;
      try {
        for (const message of rule.finalize(ruleData.get(rule.name) ?? [], ruleOptions)) notes.push({ rule: rule.name, message });
      } catch (error) {
        notes.push({ rule: rule.name, message: `finalize failed: ${describeError(error)}` });
      }
    }
  }

  const snapshotStrings = new Set<string>();
  for (const list of ruleData.values()) for (const entry of list) for (const value of snapshotStringsOf(entry.data)) snapshotStrings.add(value);
  const snapshots = snapshotStrings.size > 0 ? findSnapshotFiles(run.snapshotFiles, snapshotStrings, settings.fs) : [];

  const reportMs = Math.round(performance.now() - reportStarted);
  const exitCode: MigrateReport['exitCode'] = run.interrupted ? 130 : skipped.length > 0 || run.refusal ? 2 : mode === 'check' && files.length > 0 ? 1 : 0;
  const report: MigrateReport = {
    version: reportVersion,
    toolVersion,
    mode,
    root: settings.root,
    rules: rules.map((rule) => rule.name),
    evidence: run.evidence,
    projectFiles: run.projectFiles,
    filesScanned: run.filesScanned,
    filesGenerated: run.filesGenerated,
    candidates: run.candidates.length,
    filesChanged: files.length,
    filesWritten: run.written.size,
    rewrites,
    files,
    warnings,
    skipped,
    snapshots,
    notes,
    interrupted: run.interrupted,
    refusal: run.refusal ?? null,
    temporaryFilesRemoved: run.temporaryFilesRemoved,
    missingDependencies: run.missingDependencies,
    elapsedMs: Math.round(performance.now() - run.started),
    phases: { discoverMs: 0, readMs: 0, syntacticMs: 0, typedMs: 0, writeMs: 0, ...run.phases, reportMs },
    exitCode,
  };
  const siteNouns: Record<string, string> = {};
  for (const rule of rules) siteNouns[rule.name] = rule.siteNoun ?? 'rewrite';
  return { report, changes, siteNouns };
}
