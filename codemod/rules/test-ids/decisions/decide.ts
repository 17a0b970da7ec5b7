/**
 * `combine`: from the project's evidence, the one replacement of every test ID original, or why it stays.
 *
 * 1. An original stays everywhere when rewriting it could break a match the rule cannot follow: it is empty, its
 *    words or a name holding it say it is invalid on purpose (`'unknown-run'`, `INVALID_RUN_ID`), a test sends it as
 *    request input (the client's value, which the server may not read as this system's ID), it is both a run
 *    and a thread, a field that is no ID holds it too, or a file the rule does not rewrite (production source, test
 *    data it does not visit) holds it.
 * 2. A legacy run ID becomes canonical with its own thread and suffix (`toCanonicalRunId`), unless a test feeds it to a
 *    module that converts old IDs itself (a backfill): there it is the input under test, and stays.
 * 3. An invalid thread is sanitized unless the new value is taken in a file that holds the old one, or some other
 *    string keeps the old value (a run ID embedding it, source text, a longer string the rule cannot rewrite).
 * 4. Any other run original takes its thread from every file at once: the threads beside it (same object, call,
 *    parameter list, JSX tag, table row, or the default of the factory it was handed to), else those beside it in
 *    tests of rejections (which may mismatch on purpose), else its scope's, else `test_thread`. A thread that is not
 *    a literal, or two different threads, keep it everywhere.
 * 5. Two originals that would get one replacement both stay.
 * Values in another ID system's format (UUIDs, ULIDs) are left out: a `run_id` holding one holds a foreign ID.
 */
import { extractThreadId, isLegacyRunId, isRunId, isThreadId, toCanonicalRunId } from 'unified-id';
import type { RuleFileData } from '../../../rule';
import { isFactoryName, soundsInvalid } from '../analysis/names';
import { containsWholeValue, onlyInRewritableSegments } from '../embedding';
import { TEST_IDS_DEFAULT_THREAD, replacementRunId, sanitizeThreadId } from '../replacements';
import type { Decisions, Kept, Replacement } from './decisions';
import { ProjectEvidence, siteText } from './evidence';
import { isForeignId } from './foreign';
import type { FileStrings, RunEvidence, Site } from './evidence';

function quote(text: string): string {
  return JSON.stringify(text);
}

class Decider {
  readonly rewrite = new Map<string, Replacement>();
  readonly keep = new Map<string, Kept>();

  constructor(private readonly evidence: ProjectEvidence) {}

  run(): Decisions {
    const { runs, threads } = this.evidence;
    for (const text of runs.keys()) if (isLegacyRunId(text)) this.decideLegacy(text);
    const taken = new Set<string>();
    for (const text of threads.keys()) if (!runs.has(text) && !isThreadId(text)) this.decideThread(text, taken);
    for (const [text, run] of runs) if (!isRunId(text) && !isForeignId(text)) this.decideRun(text, run);
    this.dropCollisions();
    return { rewrite: this.rewrite, keep: this.keep };
  }

  private kept(original: string, code: string, message: string): void {
    this.rewrite.delete(original);
    if (!this.keep.has(original)) this.keep.set(original, { code, message });
  }

  /** Reasons that keep an original everywhere, whatever its kind; true when one applied. */
  private shared(original: string, kind: 'run' | 'thread'): boolean {
    const { excluded, nonIds, sourceStrings, unvisitedStrings, runs, threads } = this.evidence;
    if (kind === 'run' && original === '') {
      this.kept(original, 'empty-run-id', 'an empty run ID usually means "none": left unchanged; if the test needs a real run, give it one (createTestIds(thread).runId)');
      return true;
    }
    // Every other `''` of the file would follow a replacement (`toBe('')`, `label = ''`): an empty thread stays.
    if (kind === 'thread' && original === '') {
      this.kept(original, 'empty-thread-id', 'an empty thread ID usually means "none" (and every other empty string would change with it): left unchanged; if the test needs a real thread, give it one');
      return true;
    }
    if (!isRunId(original) && soundsInvalid(original)) {
      this.kept(
        original,
        'intentionally-invalid',
        `${quote(original)} reads as a deliberately invalid, unknown or missing ID: left unchanged everywhere; if it is meant to be a valid ${kind} ID, replace it by hand`,
      );
      return true;
    }
    const invalid = excluded.get(original);
    if (invalid) {
      this.kept(
        original,
        'intentionally-invalid',
        `${quote(original)} is also held by ${invalid.name} (${siteText(invalid.site)}), a name that says it is invalid or foreign on purpose: left unchanged everywhere; if it is a real run ID elsewhere, give that use its own value`,
      );
      return true;
    }
    const sent = this.evidence.requestInputs.get(original);
    if (sent) {
      this.kept(
        original,
        'request-input',
        `${quote(original)} is sent to the system as request input (${sent.name}, ${siteText(sent.site)}): what a client sends may be the client's own label rather than this system's ID, so it is left unchanged everywhere; if the server reads it as a run or thread ID, replace it by hand`,
      );
      return true;
    }
    if (runs.has(original) && threads.has(original)) {
      const runSite = (runs.get(original) as RunEvidence).first;
      const threadSite = threads.get(original) as Site;
      this.kept(
        original,
        'ambiguous-literal',
        `${quote(original)} is used both as a run ID (${siteText(runSite)}) and as a thread ID (${siteText(threadSite)}): left unchanged; give the run and the thread different values by hand`,
      );
      return true;
    }
    const nonId = nonIds.get(original);
    if (nonId) {
      this.kept(
        original,
        'literal-used-as-non-id',
        `${quote(original)} is also used as a non-ID value (${nonId.name}, ${siteText(nonId.site)}): left unchanged everywhere so both uses keep one value; if they are unrelated, give the ${kind} its own value by hand`,
      );
      return true;
    }
    const source = sourceStrings.get(original);
    if (source !== undefined) {
      this.kept(
        original,
        'shared-with-source',
        `${quote(original)} also appears in ${source}, which this rule does not rewrite: left unchanged in every test so tests and source keep matching; change it in both by hand (a canonical ID, or a fixed value the source expects)`,
      );
      return true;
    }
    const unvisited = unvisitedStrings.get(original);
    if (unvisited !== undefined) {
      this.kept(
        original,
        'shared-with-unvisited-file',
        `${quote(original)} also appears in ${unvisited}, which this rule does not visit (it names no run or thread ID): left unchanged everywhere so both keep matching; change both by hand`,
      );
      return true;
    }
    return false;
  }

  private decideLegacy(original: string): void {
    if (this.shared(original, 'run')) return;
    const input = this.evidence.legacyInputs.get(original);
    if (input) {
      this.kept(
        original,
        'legacy-input',
        `${quote(original)} (${siteText(input.site)}) is input in the old format to ${input.converter}, which converts old run IDs itself: left unchanged everywhere, so the test still feeds it what it converts; if the test is not about that conversion, give it a canonical ID by hand`,
      );
      return;
    }
    try {
      this.rewrite.set(original, { kind: 'run', replacement: toCanonicalRunId(original) });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.kept(
        original,
        'ambiguous-legacy-thread',
        `${quote(original)} cannot be converted losslessly (${reason}): left unchanged; the historical readers would misread its thread, so choose a canonical ID by hand`,
      );
    }
  }

  private decideThread(original: string, taken: Set<string>): void {
    if (this.shared(original, 'thread')) return;
    const sanitized = sanitizeThreadId(original);
    const clash = this.evidence.files.find((file) => file.rewritable && file.has(original) && file.has(sanitized));
    if (clash || taken.has(sanitized)) {
      this.kept(
        original,
        'thread-id-collision',
        `thread ${quote(original)} would become ${quote(sanitized)}, which ${clash ? clash.path : 'another thread'} already uses for something else: left unchanged, and so are the runs on it; rename one of them by hand`,
      );
      return;
    }
    const holder = this.holderOf(original);
    if (holder) {
      this.kept(
        original,
        'thread-held-elsewhere',
        `thread ${quote(original)} would become ${quote(sanitized)}, but ${holder} still holds ${quote(original)}: left unchanged so they keep matching, and so are the runs on it; change them together by hand`,
      );
      return;
    }
    taken.add(sanitized);
    this.rewrite.set(original, { kind: 'thread', replacement: sanitized });
  }

  /** Strings holding each mark (a character outside `[A-Za-z0-9]`) of a thread that needs a holder check. */
  private stringsByMark: Map<string, { readonly file: FileStrings; readonly value: string }[]> | undefined;

  /** An invalid thread holds a mark: only strings with that mark can hold the thread. Indexed once, for all of them. */
  private stringsHolding(thread: string): Iterable<{ readonly file: FileStrings; readonly value: string }> {
    const markOf = (value: string) => [...value].find((c) => !/[A-Za-z0-9]/.test(c));
    const mark = markOf(thread);
    if (mark === undefined) return this.evidence.files.flatMap((file) => file.strings.map((value) => ({ file, value })));
    if (!this.stringsByMark) {
      const marks = new Set<string>(['%']);
      for (const text of this.evidence.threads.keys()) {
        const found = isThreadId(text) ? undefined : markOf(text);
        if (found !== undefined) marks.add(found);
      }
      const index = new Map<string, { readonly file: FileStrings; readonly value: string }[]>([...marks].map((m) => [m, []]));
      for (const file of this.evidence.files) {
        for (const value of file.strings) for (const m of marks) if (value.includes(m)) index.get(m)?.push({ file, value });
      }
      this.stringsByMark = index;
    }
    return this.stringsByMark.get(mark) ?? [];
  }

  /** Where a string other than the thread literal itself keeps the old thread value, or `undefined`. */
  private holderOf(thread: string): string | undefined {
    // URL-encoded (`/threads/support%20desk%2F7/runs`): the value arrives decoded where the literal is compared.
    const encoded = encodeURIComponent(thread);
    if (encoded !== thread) {
      for (const { file, value } of this.stringsHolding('%')) if (value.includes(encoded)) return `${quote(value)} in ${file.path} (URL-encoded)`;
    }
    const { runs, threads } = this.evidence;
    for (const { file, value } of this.stringsHolding(thread)) {
      if (value === thread || !value.includes(thread)) continue;
      if (isRunId(value) && extractThreadId(value) === thread) return `the run ID ${quote(value)} (${file.path})`;
      // Another ID literal of the tests is replaced as a whole (or kept for its own reason, and decided alike next time).
      if (file.rewritable && (runs.has(value) || threads.has(value))) continue;
      if (!containsWholeValue(value, thread)) continue;
      if (!file.rewritable || file.json || !onlyInRewritableSegments(value, thread)) return `${quote(value)} in ${file.path}`;
    }
    return undefined;
  }

  private decideRun(original: string, run: RunEvidence): void {
    if (this.shared(original, 'run')) return;
    const paired = new Map(run.paired);
    let pairedUnknown = run.pairedUnknown;
    let factoryUnknown: { name: string; site: Site } | undefined;
    for (const { name, site } of run.factories) {
      const thread = this.evidence.factoryThread(name, site.path, isFactoryName(name));
      if (thread === null) factoryUnknown ??= { name, site };
      else if (thread !== undefined && !paired.has(thread)) paired.set(thread, site);
    }
    if (factoryUnknown && !pairedUnknown && paired.size === 0) {
      const { name, site } = factoryUnknown;
      this.kept(
        original,
        'unknown-factory-thread',
        `${quote(original)} is handed to ${name} (${siteText(site)}) without a thread, and the thread ${name} supplies is not a literal the rule saw: left unchanged; pass the thread explicitly, or let the rule see ${name}'s file`,
      );
      return;
    }
    pairedUnknown ??= factoryUnknown?.site;
    const usePaired = paired.size > 0 || pairedUnknown !== undefined;
    // Beside it (tests of rejections only as a last resort), else its scope, else the default thread.
    const useWeak = !usePaired && run.weak.size > 0;
    const threads = usePaired ? paired : useWeak ? run.weak : run.scope;
    const unknown = usePaired ? pairedUnknown : useWeak ? undefined : run.scopeUnknown;
    if (unknown) {
      this.kept(
        original,
        'unknown-thread',
        `the thread of ${quote(original)} is not a literal (${siteText(unknown)}): left unchanged everywhere, since its run ID must embed that thread; pass a literal thread there, or build the pair with createTestIds(thread)`,
      );
      return;
    }
    const after = new Map<string, string>();
    for (const [thread, site] of threads) {
      const value = isThreadId(thread) ? thread : this.rewrite.get(thread)?.replacement;
      if (value === undefined) {
        const why = this.keep.get(thread)?.code ?? 'not a valid thread ID';
        this.kept(
          original,
          'unmapped-thread',
          `the thread of ${quote(original)}, ${quote(thread)} (${siteText(site)}), stays invalid (${why}): left unchanged, since a run ID can only embed a valid thread; fix that thread first (see its warning), then run the migration again`,
        );
        return;
      }
      if (!after.has(value)) after.set(value, `${quote(thread)} at ${siteText(site)}`);
    }
    if (after.size > 1) {
      this.kept(
        original,
        'ambiguous-thread',
        `${quote(original)} is paired with several threads (${[...after.values()].join(', ')}): left unchanged everywhere, since one run ID embeds one thread; give each pairing its own run ID`,
      );
      return;
    }
    const thread = after.size === 1 ? ([...after.keys()][0] as string) : TEST_IDS_DEFAULT_THREAD;
    this.rewrite.set(original, { kind: 'run', replacement: replacementRunId(original, thread) });
  }

  /** Two originals on one replacement would make unequal IDs equal: keep both. */
  private dropCollisions(): void {
    const byReplacement = new Map<string, string>();
    for (const [original, { kind, replacement }] of [...this.rewrite]) {
      if (kind !== 'run') continue;
      const other = byReplacement.get(replacement);
      if (other === undefined) {
        byReplacement.set(replacement, original);
        continue;
      }
      const message = `${quote(other)} and ${quote(original)} would both become ${quote(replacement)}: both left unchanged; rename one of them by hand`;
      this.kept(other, 'replacement-collision', message);
      this.kept(original, 'replacement-collision', message);
    }
  }
}

/** The decisions for a project (or a single file, in the same way) from the facts `collect` returned. */
export function decide(facts: readonly RuleFileData[]): Decisions {
  return new Decider(new ProjectEvidence(facts)).run();
}
