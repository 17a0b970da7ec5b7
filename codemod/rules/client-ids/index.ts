/**
 * Rule `client-ids` (warnings only; it never changes a file): ids of threads and runs are minted by the server, and
 * clients adopt them (`unified-id/client`). It reports
 * - in files matching the `clientFiles` globs of `unified-id.config.json`: each call that mints an id locally
 *   (`client-mints-id`) — this package's generators, `crypto.randomUUID`, `uuid`'s generators, `nanoid`;
 * - in every file: each deterministic id of constant arguments (`constant-deterministic-id`) — `uuid` v3/v5, this
 *   package's deterministic ids, a hash of joined strings — which is the same id on every call.
 * Test files are left out (`testFilePatterns`): constant and local ids there are fixtures, on purpose.
 *
 * Layout: `bindings` (what the file's names are bound to), `constants` (what counts as constant), `sites` (the calls).
 */
import picomatch from 'picomatch';
import { isTestFile } from '../../test-files';
import type { Rule, RuleContext, RuleResult, RuleWarning } from '../../rule';
import { collectBindings } from './bindings';
import { SiteFinder } from './sites';
import type { Site } from './sites';

/** Cheap text test: without one of these words no call the rule reports can be in the file. */
const MAY_HOLD_IDS = /uuid|nanoid|customAlphabet|customRandom|generateRunId|generateThreadId|createRunIdGenerator|deterministicSystemId|toUuidV7|traceIdOf|hash|sha\d|md5|digest/i;

const clientMatchers = new Map<string, (path: string) => boolean>();

function isClientFile(relativePath: string, patterns: readonly string[] | undefined): boolean {
  if (!patterns || patterns.length === 0) return false;
  const key = patterns.join('\0');
  let matcher = clientMatchers.get(key);
  if (!matcher) clientMatchers.set(key, (matcher = picomatch([...patterns], { dot: true })));
  return matcher(relativePath.replaceAll('\\', '/'));
}

function message(site: Site): { readonly code: string; readonly message: string } {
  if (site.shape === 'mint') {
    return {
      code: 'client-mints-id',
      message: `client code mints an id locally with ${site.what}: ids of threads and runs come from the server, which mints them and returns them. Adopt the id the server sends (unified-id/client: createServerIds(…).adopt(response.thread_id, metadata)); keep a local id only as the explicit fallback for a server that sends none`,
    };
  }
  return {
    code: 'constant-deterministic-id',
    message: `${site.what} with constant arguments is the same id on every call, so every thread, run or stream made here gets that one id and their data lands together. Let the server mint a unique id, or derive it from an input unique to each (if one fixed id is what is meant, such as a system's identity, keep it)`,
  };
}

export const clientIdsRule: Rule = {
  name: 'client-ids',
  description: 'Warns where client code mints thread or run ids instead of adopting the server\'s, and where a deterministic id has only constant inputs (never changes code)',
  needsTypes: false,
  mayMatch(text, file) {
    return !file.relativePath.endsWith('.json') && MAY_HOLD_IDS.test(text);
  },
  apply(context: RuleContext): RuleResult {
    // Tests (of client code too) hold constant ids and local ids on purpose, as fixtures.
    if (isTestFile(context.relativePath, context.options.testFilePatterns)) return { edits: [], warnings: [] };
    const client = isClientFile(context.relativePath, context.options.clientFilePatterns);
    const bindings = collectBindings(context.ts, context.sourceFile, context.options.importFrom);
    const warnings: RuleWarning[] = [];
    for (const site of new SiteFinder(context.ts, bindings).find(context.sourceFile)) {
      if (site.shape === 'mint' && !client) continue;
      const { line, character } = context.sourceFile.getLineAndCharacterOfPosition(site.node.getStart(context.sourceFile));
      warnings.push({ ...message(site), line: line + 1, column: character + 1 });
    }
    return { edits: [], warnings };
  },
};
