/**
 * Fixture-pair harness shared by the type-aware rules' tests: each case is a folder holding `input.<ext>`,
 * `output.<ext>` and, where types matter, a `tsconfig.json` (without one the rule runs with no checker, as the
 * engine does for files no tsconfig covers). `warnings.json`, when present, lists the expected warning codes.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Project, ts } from 'ts-morph';
import { applyEdits } from '../../../codemod/edits';
import type { ProjectFacts, Rule, RuleContext, RuleOptions, RuleResult } from '../../../codemod/rule';
import { loadTypedFiles } from '../../../codemod/typed-project';

export const repoRoot = join(import.meta.dirname, '../../..');

export const baseOptions: RuleOptions = {
  importFrom: 'unified-id',
  testFilePatterns: [],
  runIdNames: ['run_id', 'runId', 'RUN_ID'],
  threadIdNames: ['thread_id', 'threadId', 'THREAD_ID'],
  legacyModules: [],
};

export interface FixtureCase {
  readonly name: string;
  readonly folder: string;
  readonly inputPath: string;
  readonly outputPath: string;
  readonly typed: boolean;
  readonly expectedWarnings: readonly string[];
}

export function fixtureCases(fixtureRoot: string): FixtureCase[] {
  return readdirSync(fixtureRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const folder = join(fixtureRoot, entry.name);
      const input = readdirSync(folder).find((file) => /^input\.[cm]?[jt]sx?$/.test(file));
      if (!input) throw new Error(`${folder}: no input file`);
      const warningsFile = join(folder, 'warnings.json');
      return {
        name: entry.name,
        folder,
        inputPath: join(folder, input),
        outputPath: join(folder, input.replace(/^input/, 'output')),
        typed: existsSync(join(folder, 'tsconfig.json')),
        expectedWarnings: existsSync(warningsFile) ? (JSON.parse(readFileSync(warningsFile, 'utf8')) as string[]) : [],
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

function scriptKind(filePath: string): ts.ScriptKind {
  if (/\.tsx$/.test(filePath)) return ts.ScriptKind.TSX;
  if (/\.jsx$/.test(filePath)) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(filePath)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

export interface AppliedFile {
  readonly output: string;
  readonly result: RuleResult;
}

/** What the engine hands a rule beyond the file itself. */
export interface RunSettings {
  /** Project-wide facts (`RuleContext.project`), as the runner computes them; absent: the file is judged alone. */
  readonly project?: ProjectFacts;
  /** The run's root, for `relativePath` (default: the repository root). */
  readonly root?: string;
}

/**
 * Applies `rule` to each file (path → text) as the engine does: typed files through one `loadTypedFiles` call
 * (one project per tsconfig for all of them, with its program and checker), the others parsed alone with no checker.
 */
export function applyRuleToFiles(
  rule: Rule,
  files: ReadonlyMap<string, string>,
  typed: boolean,
  options: RuleOptions = baseOptions,
  settings: RunSettings = {},
): Map<string, AppliedFile> {
  const lookup = typed ? loadTypedFiles([...files].map(([filePath, text]) => ({ filePath, text }))) : undefined;
  const results = new Map<string, AppliedFile>();
  for (const [filePath, text] of files) {
    let sourceFile: ts.SourceFile;
    let checker: ts.TypeChecker | undefined;
    let program: ts.Program | undefined;
    if (lookup) {
      const found = lookup(filePath);
      if (!found) throw new Error(`${filePath}: not covered by a tsconfig`);
      ({ sourceFile, checker, program } = found);
    } else {
      sourceFile = ts.createSourceFile(filePath, text, ts.ScriptTarget.Latest, true, scriptKind(filePath));
    }
    const context: RuleContext = {
      filePath,
      relativePath: relative(settings.root ?? repoRoot, filePath).split('\\').join('/'),
      options,
      text,
      sourceFile,
      ts,
      ...(checker ? { checker } : {}),
      ...(program ? { program } : {}),
      ...(settings.project ? { project: settings.project } : {}),
    };
    const result = rule.apply(context);
    results.set(filePath, { output: applyEdits(text, result.edits), result });
  }
  return results;
}

/** Applies `rule` to `text` as if it were the file at `filePath` (typed when `typed`). */
export function applyRule(rule: Rule, filePath: string, text: string, typed: boolean, options: RuleOptions = baseOptions): AppliedFile {
  return applyRuleToFiles(rule, new Map([[filePath, text]]), typed, options).get(filePath)!;
}

/**
 * Per case, computed once: the rule applied to the input, and to the expected output placed beside it (same
 * tsconfig, same program) for the idempotence check.
 */
export function caseRunner(rule: Rule, options: RuleOptions = baseOptions): (fixture: FixtureCase) => { first: AppliedFile; second: AppliedFile } {
  const cache = new Map<string, { first: AppliedFile; second: AppliedFile }>();
  return (fixture) => {
    let entry = cache.get(fixture.name);
    if (!entry) {
      const files = new Map([
        [fixture.inputPath, readFileSync(fixture.inputPath, 'utf8')],
        [fixture.outputPath, readFileSync(fixture.outputPath, 'utf8')],
      ]);
      const results = applyRuleToFiles(rule, files, fixture.typed, options);
      entry = { first: results.get(fixture.inputPath)!, second: results.get(fixture.outputPath)! };
      cache.set(fixture.name, entry);
    }
    return entry;
  };
}

/**
 * Type errors of `files` (path → text) compiled together in one program with the compiler options of
 * `tsconfigPath` (one program for every case: the cases are modules and share one base config).
 */
export function typeErrors(tsconfigPath: string, files: ReadonlyMap<string, string>): string[] {
  const project = new Project({ tsConfigFilePath: tsconfigPath, skipAddingFilesFromTsConfig: true });
  for (const [path, text] of files) project.createSourceFile(path, text, { overwrite: true });
  // Only the given files are checked (what they import is read for types, not checked): quicker than the whole program.
  const program = project.getProgram().compilerObject;
  const diagnostics: ts.Diagnostic[] = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  for (const path of files.keys()) {
    const sourceFile = program.getSourceFile(path);
    if (!sourceFile) throw new Error(`${path}: not in the program`);
    diagnostics.push(...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile));
  }
  return diagnostics.map((diagnostic) => {
    const where = diagnostic.file ? `${relative(repoRoot, diagnostic.file.fileName)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}` : '?';
    return `${where}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  });
}

/**
 * `tsconfig.json` text for a throwaway project outside the repository: strict, `src/` only, and `unified-id`
 * resolved to the codec's source.
 */
export function projectTsConfig(): string {
  return JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2022', 'DOM'],
      module: 'ESNext',
      moduleResolution: 'Bundler',
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
      paths: { 'unified-id': [join(repoRoot, 'src/index.ts')] },
    },
    include: ['src'],
  });
}
