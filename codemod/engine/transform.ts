/**
 * One file through a list of rules: parse, apply each rule in order (re-parsing after a rule made edits),
 * check the result still parses. Shared by the worker threads (syntactic rules) and the main thread
 * (type-aware rules), and returns only plain data, never an AST.
 */
import type { ts } from 'ts-morph';
import { applyEdits } from '../edits';
import type { JsonValue, ProjectFacts, Rule, RuleFileInfo, RuleOptions, RuleWarning, TextEdit } from '../rule';
import { detectEol, matchEol } from './text';

export type TypeScript = typeof ts;

export interface FileInput {
  readonly filePath: string;
  readonly relativePath: string;
  readonly text: string;
}

export interface RuleOutcome {
  readonly rule: string;
  /** Sites rewritten (the rule's `sites`, else its edits); 0 when its edits left the text as it was. */
  readonly rewrites: number;
  readonly warnings: readonly RuleWarning[];
  readonly data?: JsonValue;
}

export type FileTransform =
  | { readonly status: 'ok'; readonly text: string; readonly rules: readonly RuleOutcome[] }
  | { readonly status: 'failed'; readonly reason: SkipReason; readonly message: string; readonly rules: readonly RuleOutcome[] };

export type SkipReason =
  | 'syntax-error'
  | 'rule-error'
  | 'invalid-output'
  | 'conflict'
  | 'dirty'
  | 'read-error'
  | 'not-utf8'
  | 'write-error'
  | 'interrupted';

const extensionKinds: Record<string, keyof typeof ts.ScriptKind> = {
  '.ts': 'TS',
  '.mts': 'TS',
  '.cts': 'TS',
  '.tsx': 'TSX',
  '.js': 'JS',
  '.mjs': 'JS',
  '.cjs': 'JS',
  '.jsx': 'JSX',
  '.json': 'JSON',
};

export function scriptKindOf(tsApi: TypeScript, filePath: string): ts.ScriptKind {
  const dot = filePath.lastIndexOf('.');
  const kind = extensionKinds[filePath.slice(dot).toLowerCase()] ?? 'TS';
  return tsApi.ScriptKind[kind];
}

/** Rules walk up the tree (`node.parent`), so parents are set unless the parse only checks syntax. */
export function parseSource(tsApi: TypeScript, filePath: string, text: string, setParents = true): ts.SourceFile {
  return tsApi.createSourceFile(filePath, text, tsApi.ScriptTarget.Latest, setParents, scriptKindOf(tsApi, filePath));
}

/** The first syntax error as `line:column message`, or `undefined` when the file parses cleanly. */
export function firstSyntaxError(tsApi: TypeScript, sourceFile: ts.SourceFile): string | undefined {
  // `parseDiagnostics` is internal to TypeScript but is exactly "the syntax errors of this parse", with no program.
  const diagnostics = (sourceFile as ts.SourceFile & { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
  const first = diagnostics[0];
  if (!first) return undefined;
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(first.start ?? 0);
  return `${line + 1}:${character + 1} ${tsApi.flattenDiagnosticMessageText(first.messageText, '\n')}`;
}

export interface TypedLookup {
  (filePath: string): { readonly sourceFile: ts.SourceFile; readonly checker: ts.TypeChecker; readonly program: ts.Program } | undefined;
}

export interface TransformOptions {
  readonly ts: TypeScript;
  readonly rules: readonly Rule[];
  readonly options: RuleOptions;
  /** For type-aware rules: the file's node in a type-checked program, when one covers it (first rule only). */
  readonly typed?: TypedLookup;
  /** False when the caller already knows the input parses (it came out of an earlier phase). */
  readonly checkInputSyntax: boolean;
  /** Project-wide facts handed to every rule (`RuleContext.project`). */
  readonly project?: ProjectFacts;
}

/** True when `text` is strict JSON (TypeScript's JSON parse also takes comments and trailing commas). */
function isStrictJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Applies `rules` (each pre-filtered again with `mayMatch` on the current text) to one file. */
export function transformFile(file: FileInput, settings: TransformOptions): FileTransform {
  const { ts: tsApi, rules, options } = settings;
  const info: RuleFileInfo = { filePath: file.filePath, relativePath: file.relativePath, options };
  const eol = detectEol(file.text);
  const outcomes: RuleOutcome[] = [];
  let text = file.text;
  let parsed: { sourceFile: ts.SourceFile; checker?: ts.TypeChecker; program?: ts.Program } | undefined;
  let changed = false;

  for (const rule of rules) {
    if (!rule.mayMatch(text, info)) continue;
    if (!parsed) {
      // The typed program saw the text this phase started with; after an edit, a plain parse is all there is.
      const typed = !changed ? settings.typed?.(file.filePath) : undefined;
      parsed = typed && typed.sourceFile.text === text ? { sourceFile: typed.sourceFile, checker: typed.checker, program: typed.program } : { sourceFile: parseSource(tsApi, file.filePath, text) };
      if (!changed && settings.checkInputSyntax) {
        const error = firstSyntaxError(tsApi, parsed.sourceFile);
        if (error) return { status: 'failed', reason: 'syntax-error', message: error, rules: outcomes };
      }
    }
    let result;
    try {
      result = rule.apply({
        ...info,
        text,
        sourceFile: parsed.sourceFile,
        ts: tsApi,
        ...(parsed.checker ? { checker: parsed.checker } : {}),
        ...(parsed.program ? { program: parsed.program } : {}),
        ...(settings.project ? { project: settings.project } : {}),
      });
    } catch (error) {
      return { status: 'failed', reason: 'rule-error', message: `rule ${rule.name}: ${describeError(error)}`, rules: outcomes };
    }
    let next = text;
    if (result.edits.length > 0) {
      const edits: TextEdit[] = result.edits.map((edit) => ({ start: edit.start, end: edit.end, text: matchEol(edit.text, eol) }));
      try {
        next = applyEdits(text, edits);
      } catch (error) {
        return { status: 'failed', reason: 'rule-error', message: `rule ${rule.name}: ${describeError(error)}`, rules: outcomes };
      }
    }
    outcomes.push({
      rule: rule.name,
      rewrites: next === text ? 0 : (result.sites ?? result.edits.length),
      warnings: result.warnings,
      ...(result.data !== undefined ? { data: result.data } : {}),
    });
    if (next !== text) {
      text = next;
      changed = true;
      parsed = undefined;
    }
  }

  if (changed) {
    const error = firstSyntaxError(tsApi, parseSource(tsApi, file.filePath, text, false));
    if (error) return { status: 'failed', reason: 'invalid-output', message: `the rewritten text would not parse (${error}); file left as is`, rules: outcomes };
    if (file.filePath.toLowerCase().endsWith('.json') && isStrictJson(file.text) && !isStrictJson(text)) {
      return { status: 'failed', reason: 'invalid-output', message: 'the rewritten text is no longer strict JSON; file left as is', rules: outcomes };
    }
  }
  return { status: 'ok', text, rules: outcomes };
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
