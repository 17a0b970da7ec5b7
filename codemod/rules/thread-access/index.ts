/**
 * Rule `thread-access`: a thread read next to a run ID (`ctx.thread_id` where `ctx` also has `run_id`) becomes a
 * read derived from the run ID, `threadIdOf(ctx.run_id)`, so the two can no longer drift apart — only where the
 * project-wide provenance analysis shows the run field carries this system's run IDs (and nothing foreign), and
 * `ReadDecision` finds the derived read keeps behaviour. Everything else is left with a warning saying why.
 *
 * Layout: `collect` names the files the analysis must see; `../../analysis/provenance` traces run IDs (and
 * `thread_`-prefixed threads); `decision` judges a read; `pass` finds reads and renders edits.
 */
import { resolve } from 'node:path';
import { provenanceOf } from '../../analysis/provenance';
import { HISTORICAL_API } from '../../legacy-api';
import type { Rule, RuleContext, RuleResult } from '../../rule';
import { ThreadAccessPass } from './pass';

/**
 * Text a rewritable site needs: `.thread_id` / `?.threadId`, `['thread_id']`, or a destructuring element
 * (`{ thread_id }`, `{ a, threadId = … }`, `{ thread_id: t }`). Field declarations (`thread_id?: string;`) alone do
 * not match, so files that only declare the field never reach the type-checked program as candidates.
 */
const THREAD_READ =
  /\.\s*thread(?:_id|Id)\b|\[\s*['"`]thread(?:_id|Id)['"`]\s*\]|[{,]\s*['"]?thread(?:_id|Id)['"]?\s*(?:[,}=/]|:\s*[A-Za-z_$][\w$]*\s*[,}=/])/;
/**
 * A file the provenance analysis must load as a root although it may read no thread: it may produce run IDs — a
 * call of the historical API (`generateRunId(`, `IDManager.extractThreadId(` …), a run ID literal — or foreign IDs
 * (`randomUUID`, uuid, nanoid …). Carriers in between are loaded through the imports of these and the candidates.
 */
const MAY_PRODUCE_IDS = new RegExp(
  [`\\b(?:${[...HISTORICAL_API.keys()].join('|')})\\s*\\(`, 'uuid|nanoid|\\bulid|\\bcuid|createId', "['\"`](?:thread_[^'\"`\\s]+_run_\\d+|run_[^'\"`\\s]+)_[0-9a-f]{8}['\"`]"].join('|'),
  'i',
);
/** A thread stored with a `thread_` prefix (`'thread_support'`, `` `thread_${id}` ``), not the field's name. */
const PREFIXED_THREAD_TEXT = /['"`]thread_(?!ids?['"`])/;

const isJavaScript = (filePath: string): boolean => /\.[cm]?jsx?$/.test(filePath);

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
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
  /** `true` for the files the provenance analysis must load although they read no thread (see `MAY_PRODUCE_IDS`). */
  collect(text, file) {
    if (file.relativePath.endsWith('.json')) return undefined;
    return MAY_PRODUCE_IDS.test(text) || PREFIXED_THREAD_TEXT.test(text) || text.includes(file.options.importFrom) ? true : undefined;
  },
  apply(context) {
    if (context.sourceFile.isDeclarationFile) return { edits: [], warnings: [] };
    const { checker, program } = context;
    // JavaScript has no static types to keep, and inferred `any` says nothing.
    if (!checker || !program || isJavaScript(context.filePath)) return untypedResult(context);
    const root = context.filePath.slice(0, context.filePath.length - context.relativePath.length);
    const legacyModuleFiles = new Set((context.project?.legacyModuleFiles ?? []).map((path) => resolve(root, path)));
    const provenance = () => provenanceOf(program, context.ts, { root, importFrom: context.options.importFrom, legacyModuleFiles });
    return new ThreadAccessPass(context, checker, { provenance, legacyModuleFiles }).run();
  },
};
