/**
 * `--format github`: GitHub Actions workflow commands, so a CI run shows its findings on the pull request's lines:
 * `::error` for each file `--check` would change and each file skipped, `::warning` for each warning, `::notice`
 * for each file a dry run would change. Paths are relative to the workspace (`GITHUB_WORKSPACE`, else the folder
 * the command ran in), where GitHub looks for them.
 */
import { join, relative } from 'node:path';
import { toPosix } from './discovery';
import type { MigrateReport } from './report';

/** Escapes the message of a workflow command. */
function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** Escapes a property value (`file=`, `title=`) of a workflow command. */
function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

function command(kind: 'error' | 'warning' | 'notice', properties: Readonly<Record<string, string | number>>, message: string): string {
  const props = Object.entries(properties).map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
  return `::${kind}${props === '' ? '' : ` ${props}`}::${escapeData(message)}\n`;
}

/** The line of the original where a unified diff's first change is (its first hunk's start plus its leading context). */
function firstChangedLine(diff: string): number {
  let line: number | undefined;
  for (const text of diff.split('\n')) {
    const header = /^@@ -(\d+)/.exec(text);
    if (header) line = Number(header[1]);
    else if (line !== undefined && (text.startsWith('-') || text.startsWith('+'))) return Math.max(1, line);
    else if (line !== undefined && text.startsWith(' ')) line++;
  }
  return 1;
}

export function formatGithubAnnotations(report: MigrateReport, workspace: string): string {
  const pathOf = (path: string): string => toPosix(relative(workspace, join(report.root, path)));
  let out = '';
  if (report.mode !== 'apply') {
    const kind = report.mode === 'check' ? 'error' : 'notice';
    for (const file of report.files) {
      const rewrites = Object.entries(file.rewrites).map(([rule, count]) => `${rule}: ${count}`).join(', ');
      out += command(kind, { file: pathOf(file.path), line: firstChangedLine(file.diff), title: 'unified-id migrate' }, `would change this file (${rewrites || 'imports'}); run the migration with --apply`);
    }
  }
  for (const warning of report.warnings) {
    out += command('warning', { file: pathOf(warning.path), line: warning.line, col: warning.column, title: `${warning.rule}/${warning.code}` }, warning.message);
  }
  for (const skipped of report.skipped) out += command('error', { file: pathOf(skipped.path), title: `skipped: ${skipped.reason}` }, skipped.message);
  if (report.refusal) out += command('error', { title: `unified-id migrate: ${report.refusal.code}` }, report.refusal.message);
  return out;
}
