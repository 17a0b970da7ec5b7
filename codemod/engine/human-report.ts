/** The human-readable output of `migrate`: diffs (dry run / check) and the summary. */
import picocolors from 'picocolors';
import type { DiffColors } from './diff';
import { unifiedDiff } from './diff';
import type { MigrateReport, MigrateResult } from './report';

export type Verbosity = 'quiet' | 'normal' | 'verbose';

const modeTitles = {
  'dry-run': 'dry run: nothing was written (use --apply to write, --check for CI)',
  check: 'check: nothing was written',
  apply: 'apply',
} as const;

/** `1 read`, `2 reads`, `3 matches`, `2 entries`. */
function plural(count: number, word: string): string {
  if (count === 1) return `${count} ${word}`;
  if (/(?:s|x|z|ch|sh)$/.test(word)) return `${count} ${word}es`;
  if (/[^aeiou]y$/.test(word)) return `${count} ${word.slice(0, -1)}ies`;
  return `${count} ${word}s`;
}

/** The whole output when the project showed no evidence: nothing ran. */
function noEvidenceLine(report: MigrateReport): string {
  return `No run or thread IDs of unified-id or of a legacy ID module found in ${plural(report.projectFiles, 'file')}: nothing to migrate. (Name legacy modules in unified-id.config.json to migrate them.)\n`;
}

export function formatHumanReport(result: MigrateResult, verbosity: Verbosity, color: boolean): string {
  const { report } = result;
  const { bold, cyan, green, red, yellow } = picocolors.createColors(color);
  const colors: DiffColors | undefined = color ? { header: bold, hunk: cyan, removed: red, added: green } : undefined;
  let out = '';
  const noEvidence = report.evidence.length === 0 && !report.interrupted;

  if (noEvidence) out += noEvidenceLine(report);
  else if (verbosity !== 'quiet') {
    if (report.mode === 'apply') {
      for (const file of report.files) if (file.written) out += `wrote ${file.path} (${describeRewrites(file.rewrites, result.siteNouns)})\n`;
      if (verbosity === 'verbose') for (const change of result.changes) out += unifiedDiff(change.path, change.before, change.after, colors);
    } else {
      for (const change of result.changes) out += unifiedDiff(change.path, change.before, change.after, colors);
    }
    if (out !== '') out += '\n';
  }

  const rewrites = Object.entries(report.rewrites).map(([rule, count]) => `${rule} ${plural(count, result.siteNouns[rule] ?? 'rewrite')}`).join(', ');
  if (noEvidence) {
    // The one line above says it all.
  } else if (verbosity === 'quiet') {
    const verb = report.mode === 'apply' ? 'written' : 'would change';
    const count = report.mode === 'apply' ? report.filesWritten : report.filesChanged;
    out += `${plural(count, 'file')} ${verb} of ${report.filesScanned} scanned` + (report.skipped.length > 0 ? `, ${plural(report.skipped.length, 'file')} skipped` : '') + '\n';
  } else {
    out += bold(`unified-id migrate — ${modeTitles[report.mode]}`) + '\n';
    out += `  rules              ${report.rules.join(', ')}\n`;
    out += `  files scanned      ${report.filesScanned}${report.filesGenerated > 0 ? ` (${report.filesGenerated} marked @generated, left alone)` : ''}\n`;
    out += `  candidates parsed  ${report.candidates}\n`;
    out += report.mode === 'apply' ? `  files written      ${report.filesWritten}\n` : `  files to change    ${report.filesChanged}\n`;
    out += `  rewrites           ${rewrites}\n`;
    report.evidence.forEach((line, index) => (out += `  ${index === 0 ? 'evidence          ' : '                  '} ${line}\n`));
  }
  if (report.warnings.length > 0 && verbosity !== 'quiet') {
    out += yellow(`warnings (${report.warnings.length}): left as is, review by hand`) + '\n';
    for (const warning of report.warnings) out += `  ${warning.path}:${warning.line}:${warning.column}  ${warning.rule}/${warning.code}  ${warning.message}\n`;
  }
  const problems = report.skipped.filter((file) => file.reason !== 'interrupted');
  const notReached = report.skipped.length - problems.length;
  if (problems.length > 0) {
    out += red(`skipped (${problems.length}): these files were not changed`) + '\n';
    for (const file of problems) out += `  ${file.path}  ${file.reason}: ${file.message}\n`;
  }
  if (report.refusal) out += red(`nothing was written: ${report.refusal.message}`) + '\n';
  if (report.missingDependencies.length > 0) {
    out += yellow(`dependencies to add (${report.missingDependencies.length}): these packages now import ${report.missingDependencies[0]?.dependency ?? 'unified-id'} without declaring it`) + '\n';
    for (const missing of report.missingDependencies) out += `  ${missing.packageJson}  run in ${missing.folder}: ${missing.command}\n`;
  }
  if (report.temporaryFilesRemoved.length > 0 && verbosity !== 'quiet') {
    out += `removed ${plural(report.temporaryFilesRemoved.length, 'stale temporary file')} an interrupted run had left\n`;
  }
  if (report.snapshots.length > 0) {
    out += yellow(`snapshots to update (${report.snapshots.length}): they still contain replaced IDs; re-run the tests with -u after applying`) + '\n';
    for (const snapshot of report.snapshots) out += `  ${snapshot.path}  (${snapshot.originals.join(', ')})\n`;
  }
  if (report.notes.length > 0 && verbosity !== 'quiet') {
    out += 'notes:\n';
    for (const note of report.notes) out += `  ${note.rule}: ${note.message}\n`;
  }
  if (report.interrupted) {
    out += red(`interrupted: files already written are complete; the rest are unchanged${notReached > 0 ? ` (${plural(notReached, 'file')} not reached; --json lists them)` : ''}`) + '\n';
  }
  if (verbosity !== 'quiet' && !noEvidence) {
    if (report.mode === 'check' && report.filesChanged > 0) out += `${plural(report.filesChanged, 'file')} would change (exit 1)\n`;
    if (verbosity === 'verbose') {
      const { phases } = report;
      const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
      out += `  time: discover ${seconds(phases.discoverMs)}, read+prefilter ${seconds(phases.readMs)}, syntactic rules ${seconds(phases.syntacticMs)}, type-aware rules ${seconds(phases.typedMs)}, write ${seconds(phases.writeMs)}, report ${seconds(phases.reportMs)}\n`;
    }
    out += `done in ${(report.elapsedMs / 1000).toFixed(2)} s\n`;
  }
  return out;
}

function describeRewrites(rewrites: Readonly<Record<string, number>>, nouns: Readonly<Record<string, string>>): string {
  return Object.entries(rewrites).map(([rule, count]) => `${rule}: ${plural(count, nouns[rule] ?? 'rewrite')}`).join(', ');
}
