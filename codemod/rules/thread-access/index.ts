/**
 * Rule `thread-access`: a thread read next to a run ID (`ctx.thread_id` where `ctx` also has `run_id`) becomes a
 * read derived from the run ID, `threadIdOf(ctx.run_id)`, so the two can no longer drift apart — only where the
 * project-wide provenance analysis shows the run field carries this system's run IDs (and nothing foreign), and
 * `ReadDecision` finds the derived read keeps behaviour. Everything else is left with a warning saying why.
 *
 * Layout: `collect`/`combine` gather the project facts (which files the analysis must see, whether stored threads
 * carry a `thread_` prefix); `../../analysis/provenance` traces run IDs; `decision` judges a read; `pass` finds
 * reads and renders edits.
 */
import { resolve } from 'node:path';
import { provenanceOf } from '../../analysis/provenance';
import type { JsonValue, Rule, RuleContext, RuleResult } from '../../rule';
import type { DecisionFacts } from './decision';
import { ThreadAccessPass } from './pass';

/**
 * Text a rewritable site needs: `.thread_id` / `?.threadId`, `['thread_id']`, or a destructuring element
 * (`{ thread_id }`, `{ a, threadId = … }`, `{ thread_id: t }`). Field declarations (`thread_id?: string;`) alone do
 * not match, so files that only declare the field never reach the type-checked program as candidates.
 */
const THREAD_READ =
  /\.\s*thread(?:_id|Id)\b|\[\s*['"`]thread(?:_id|Id)['"`]\s*\]|[{,]\s*['"]?thread(?:_id|Id)['"]?\s*(?:[,}=/]|:\s*[A-Za-z_$][\w$]*\s*[,}=/])/;
/** A file the provenance analysis must see: it names a run ID (`run_id`, `runId`, `generateRunId` …). */
const MENTIONS_RUN_ID = /run_?id/i;
/**
 * A string that stores a thread with a `thread_` prefix (not a whole canonical run ID, nor the field's own name
 * `'thread_id'`), or code that strips one.
 */
const PREFIXED_THREAD = /(['"`])thread_(?!ids?\1)(?![^'"`\n]*_run_)[^'"`\n]*\1|\/\^thread_/;

const isJavaScript = (filePath: string): boolean => /\.[cm]?jsx?$/.test(filePath);

interface FileFacts {
  /** 1-based line of a prefixed thread, if any. */
  readonly prefixedThreadLine?: number;
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function decisionFacts(context: RuleContext): DecisionFacts {
  const combined = context.project?.rules['thread-access'];
  if (typeof combined !== 'object' || combined === null || Array.isArray(combined)) return {};
  const prefixed = (combined as { readonly [key: string]: JsonValue }).prefixedThreads;
  return typeof prefixed === 'string' ? { prefixedThreads: prefixed } : {};
}

/** Without types nothing can be traced: one warning for the file, at its first thread read. */
function untypedResult(context: RuleContext): RuleResult {
  const match = THREAD_READ.exec(context.text);
  const line = match ? lineOf(context.text, match.index) : 1;
  const why = isJavaScript(context.filePath) ? 'a JavaScript file' : 'no tsconfig.json covers this file';
  return {
    edits: [],
    warnings: [
      {
        code: 'no-type-information',
        message: `thread reads in this file are not rewritten: ${why}, so the run IDs beside them cannot be traced to their source. Cover it with a tsconfig.json (TypeScript) to migrate it`,
        line,
        column: 1,
      },
    ],
  };
}

export const threadAccessRule: Rule = {
  name: 'thread-access',
  description: 'Derive thread reads from the run ID beside them: ctx.thread_id → threadIdOf(ctx.run_id)',
  needsTypes: true,
  siteNoun: 'read',
  mayMatch(text, file) {
    if (file.relativePath.endsWith('.json')) return false;
    return (text.includes('thread_id') || text.includes('threadId')) && THREAD_READ.test(text);
  },
  collect(text, file) {
    if (file.relativePath.endsWith('.json')) return undefined;
    const prefixed = PREFIXED_THREAD.exec(text);
    const facts: FileFacts = prefixed ? { prefixedThreadLine: lineOf(text, prefixed.index) } : {};
    if (prefixed || MENTIONS_RUN_ID.test(text) || text.includes(file.options.importFrom)) return { ...facts };
    return undefined;
  },
  combine(facts) {
    for (const { relativePath, data } of facts) {
      const line = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as { readonly [key: string]: JsonValue }).prefixedThreadLine : undefined;
      if (typeof line === 'number') return { prefixedThreads: `${relativePath}:${line}` };
    }
    return { prefixedThreads: null };
  },
  apply(context) {
    if (context.sourceFile.isDeclarationFile) return { edits: [], warnings: [] };
    const { checker, program } = context;
    // JavaScript has no static types to keep, and inferred `any` says nothing.
    if (!checker || !program || isJavaScript(context.filePath)) return untypedResult(context);
    const root = context.filePath.slice(0, context.filePath.length - context.relativePath.length);
    const provenance = () =>
      provenanceOf(program, context.ts, {
        root,
        importFrom: context.options.importFrom,
        legacyModuleFiles: new Set((context.project?.legacyModuleFiles ?? []).map((path) => resolve(root, path))),
      });
    return new ThreadAccessPass(context, checker, { provenance, facts: decisionFacts(context) }).run();
  },
};
