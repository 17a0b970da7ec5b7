/**
 * A `tsconfig.json` that TypeScript cannot read whole (invalid JSON, `extends` of a missing file) still yields a
 * program, with options it guessed: the type-aware rules then decide from incomplete types. The run goes on, and
 * the report says which tsconfig, why, and which rules lost type information on how many files.
 */
import { dirname, relative } from 'node:path';
import { toPosix } from './discovery';
import type { ReportedWarning } from './report';
import type { TypeScript } from './transform';

/** TS18003 "No inputs were found": the codemod gives the program its files itself. */
const noInputsFound = 18003;

interface Problem {
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

/** Why TypeScript cannot read the tsconfig at `path` whole, or `undefined` when it can. */
export function tsconfigProblem(tsApi: TypeScript, path: string): Problem | undefined {
  const read = tsApi.readConfigFile(path, (file) => tsApi.sys.readFile(file));
  const diagnostics = read.error ? [read.error] : tsApi.parseJsonConfigFileContent(read.config, tsApi.sys, dirname(path), undefined, path).errors.filter((error) => error.code !== noInputsFound);
  const first = diagnostics[0];
  if (!first) return undefined;
  const where = first.file && first.start !== undefined ? first.file.getLineAndCharacterOfPosition(first.start) : undefined;
  return { message: tsApi.flattenDiagnosticMessageText(first.messageText, ' '), line: (where?.line ?? 0) + 1, column: (where?.character ?? 0) + 1 };
}

/** Collects, per broken tsconfig, the rules and files that used it; `warnings()` turns them into report warnings. */
export class TsconfigHealth {
  private readonly checked = new Map<string, Problem | undefined>();
  private readonly affected = new Map<string, { rules: Set<string>; files: Set<string> }>();

  constructor(
    private readonly tsApi: TypeScript,
    private readonly root: string,
  ) {}

  /** Notes that `rule` typed `filePath` with the tsconfig at `tsconfig`. */
  note(tsconfig: string, rule: string, filePath: string): void {
    if (!this.checked.has(tsconfig)) this.checked.set(tsconfig, tsconfigProblem(this.tsApi, tsconfig));
    if (this.checked.get(tsconfig) === undefined) return;
    const entry = this.affected.get(tsconfig) ?? { rules: new Set<string>(), files: new Set<string>() };
    entry.rules.add(rule);
    entry.files.add(filePath);
    this.affected.set(tsconfig, entry);
  }

  warnings(): ReportedWarning[] {
    const warnings: ReportedWarning[] = [];
    for (const [tsconfig, { rules, files }] of this.affected) {
      const problem = this.checked.get(tsconfig);
      if (!problem) continue;
      const count = files.size === 1 ? '1 file' : `${files.size} files`;
      warnings.push({
        path: toPosix(relative(this.root, tsconfig)),
        line: problem.line,
        column: problem.column,
        rule: [...rules].sort().join(','),
        code: 'tsconfig-unreadable',
        message: `TypeScript cannot read this tsconfig whole (${problem.message}): ${[...rules].sort().join(', ')} lost type information on ${count} and decided from what remained; fix it and run again`,
      });
    }
    return warnings;
  }
}
