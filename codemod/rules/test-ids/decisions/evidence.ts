/**
 * The project's evidence about test IDs, folded from every file's facts (in path order, so the result is the same
 * in every shard): each run original with the threads paired with it and where, the thread originals, the values
 * that names say are no IDs, the strings of production source and of files the rule does not visit, ID-taking
 * signatures and factories' default threads. Calls are judged against the signatures here.
 */
import { posix } from 'node:path';
import { isLegacyRunId } from 'unified-id';
import { moduleKey } from '../../../analysis/module-refs';
import type { RuleFileData } from '../../../rule';
import { segmentsOf } from '../embedding';
import type { ParameterRole } from '../analysis/occurrences';
import { readFacts } from './facts';
import type { CallFact, FileFacts, RunFact } from './facts';

export interface Site {
  readonly path: string;
  /** 1-based; 0 when only the file is known. */
  readonly line: number;
}

export function siteText(site: Site): string {
  return site.line > 0 ? `${site.path}:${site.line}` : site.path;
}

export interface RunEvidence {
  readonly first: Site;
  readonly paired: Map<string, Site>;
  pairedUnknown: Site | undefined;
  readonly scope: Map<string, Site>;
  scopeUnknown: Site | undefined;
  readonly factories: { readonly name: string; readonly site: Site }[];
  /** Threads beside it in tests that expect a rejection: used only when nothing else pairs it. */
  readonly weak: Map<string, Site>;
}

export interface NamedSite {
  readonly name: string;
  readonly site: Site;
}

/** Strings of one file, for checks of where an old value still lives. */
export class FileStrings {
  private set: ReadonlySet<string> | undefined;

  constructor(
    readonly path: string,
    readonly strings: readonly string[],
    /** Test data the rule visits: whole literals (and, outside JSON, whole segments) are rewritten there. */
    readonly rewritable: boolean,
    readonly json: boolean,
  ) {}

  has(value: string): boolean {
    this.set ??= new Set(this.strings);
    return this.set.has(value);
  }
}

interface SignatureParam {
  role: ParameterRole;
  default: string | null;
}

/** A value that could be an ID: no whitespace, no path, a letter or digit. */
const PLAUSIBLE_ID = /^(?=.*[A-Za-z0-9])[^\s/\\?#]{1,200}$/;

function note<T>(map: Map<string, T>, key: string, value: T): void {
  if (!map.has(key)) map.set(key, value);
}

/** An old-format run ID fed, as its input, to a module that converts old IDs itself (`analysis/legacy-input.ts`). */
export interface LegacyInput {
  readonly site: Site;
  /** The converting module's file. */
  readonly converter: string;
}

export class ProjectEvidence {
  readonly runs = new Map<string, RunEvidence>();
  readonly threads = new Map<string, Site>();
  readonly nonIds = new Map<string, NamedSite>();
  readonly excluded = new Map<string, NamedSite>();
  readonly requestInputs = new Map<string, NamedSite>();
  /** Exact strings of production source, with the first file holding each. */
  readonly sourceStrings = new Map<string, string>();
  /** Exact strings of test data the rule does not visit. */
  readonly unvisitedStrings = new Map<string, string>();
  readonly files: FileStrings[] = [];
  private readonly signatures = new Map<string, SignatureParam[] | null>();
  private readonly factories = new Map<string, { readonly path: string; readonly thread: string | null | false }[]>();
  private readonly calls: { readonly path: string; readonly call: CallFact }[] = [];
  /** Old-format run IDs that tests feed to modules converting them (test files and the JSON files they load). */
  readonly legacyInputs = new Map<string, LegacyInput>();
  /** Module key → file, of production modules converting old IDs themselves. */
  private readonly converters = new Map<string, string>();
  private readonly testLinks: { readonly path: string; readonly facts: FileFacts }[] = [];
  /** JSON base name → the JSON test data files of that name, with their old-format run IDs. */
  private readonly jsonLegacy = new Map<string, { readonly path: string; readonly values: readonly string[] }[]>();

  constructor(data: readonly RuleFileData[]) {
    const files = [...data].sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0));
    for (const { relativePath, data: json } of files) {
      const facts = readFacts(json);
      if (facts) this.add(relativePath, facts);
    }
    for (const { path, call } of this.calls) this.judgeCall(path, call);
    this.findLegacyInputs();
  }

  /** A test importing a converting module feeds it its own old-format IDs and those of the JSON files it names. */
  private findLegacyInputs(): void {
    if (this.converters.size === 0) return;
    for (const { path, facts } of this.testLinks) {
      const converter = facts.imports.map((key) => this.converters.get(key)).find((file) => file !== undefined);
      if (converter === undefined) continue;
      for (const value of facts.strings) if (isLegacyRunId(value)) note(this.legacyInputs, value, { site: { path, line: 0 }, converter });
      for (const name of facts.jsonNames) {
        for (const json of this.jsonLegacy.get(name) ?? []) for (const value of json.values) note(this.legacyInputs, value, { site: { path: json.path, line: 0 }, converter });
      }
    }
  }

  private add(path: string, facts: FileFacts): void {
    for (const signature of facts.signatures) this.addSignature(signature.name, signature.params);
    for (const [name, thread] of facts.factories) {
      const list = this.factories.get(name);
      if (list) list.push({ path, thread });
      else this.factories.set(name, [{ path, thread }]);
    }
    const rewritable = facts.test && facts.visited;
    this.files.push(new FileStrings(path, facts.strings, rewritable, facts.json));
    if (facts.convertsLegacy) this.converters.set(moduleKey(path), path);
    if (facts.test && facts.json) {
      const values = facts.strings.filter((value) => isLegacyRunId(value));
      if (values.length > 0) {
        const name = posix.basename(path);
        const list = this.jsonLegacy.get(name);
        if (list) list.push({ path, values });
        else this.jsonLegacy.set(name, [{ path, values }]);
      }
    } else if (facts.test && facts.imports.length > 0) this.testLinks.push({ path, facts });
    if (!facts.test) {
      for (const value of facts.strings) note(this.sourceStrings, value, path);
      return;
    }
    if (!facts.visited) {
      for (const value of facts.strings) note(this.unvisitedStrings, value, path);
      return;
    }
    for (const run of facts.runs) this.addRun(path, run);
    for (const [value, line] of facts.threads) note(this.threads, value, { path, line });
    for (const [value, name, line] of facts.nonIds) note(this.nonIds, value, { name, site: { path, line } });
    for (const [value, name, line] of facts.excluded) note(this.excluded, value, { name, site: { path, line } });
    for (const [value, name, line] of facts.requestInputs) note(this.requestInputs, value, { name, site: { path, line } });
    for (const call of facts.calls) this.calls.push({ path, call });
    // Historical run IDs need no carrier: standalone, or a whole segment of a longer string (`/runs/<id>/events`).
    for (const value of facts.strings) {
      if (isLegacyRunId(value)) this.run(value, { path, line: 0 });
      else if (!facts.json) {
        for (const [start, end] of segmentsOf(value)) {
          const segment = value.slice(start, end);
          if (segment.length < value.length && isLegacyRunId(segment)) this.run(segment, { path, line: 0 });
        }
      }
    }
  }

  /** The evidence record of a run original (created on first sight). */
  run(text: string, site: Site): RunEvidence {
    let run = this.runs.get(text);
    if (!run) {
      run = { first: site, paired: new Map(), pairedUnknown: undefined, scope: new Map(), scopeUnknown: undefined, factories: [], weak: new Map() };
      this.runs.set(text, run);
    }
    return run;
  }

  private addRun(path: string, fact: RunFact): void {
    const run = this.run(fact.text, { path, line: fact.line });
    for (const [thread, line] of fact.weak) note(run.weak, thread, { path, line });
    if (!fact.evidence) return;
    for (const [thread, line] of fact.paired) note(run.paired, thread, { path, line });
    if (fact.pairedUnknown > 0) run.pairedUnknown ??= { path, line: fact.pairedUnknown };
    for (const [thread, line] of fact.scope) note(run.scope, thread, { path, line });
    if (fact.scopeUnknown > 0) run.scopeUnknown ??= { path, line: fact.scopeUnknown };
    for (const [name, line] of fact.factories) run.factories.push({ name, site: { path, line } });
  }

  private addSignature(name: string, params: readonly (readonly [ParameterRole, string | null])[]): void {
    const known = this.signatures.get(name);
    if (known === null) return;
    if (known === undefined) {
      this.signatures.set(name, params.map(([role, fallback]) => ({ role, default: fallback })));
      return;
    }
    // Functions of one name that disagree on a parameter's role: that parameter is no evidence.
    params.forEach(([role, fallback], k) => {
      const param = known[k];
      if (!param) known[k] = { role, default: fallback };
      else if (param.role !== role) param.role = '';
      else if (param.default !== fallback) param.default = null;
    });
  }

  /**
   * `log.forRun('test-run')` where some `forRun(runId: string)` is declared: the literal is a run ID — when it looks
   * like one (no spaces, no path: a parameter's name is weaker evidence than a carrier's) — and likewise threads.
   */
  private judgeCall(path: string, call: CallFact): void {
    const params = this.signatures.get(call.callee);
    if (!params) return;
    const site = { path, line: call.line };
    const threadIndexes = params.map((param, k) => (param.role === 'thread' ? k : -1)).filter((k) => k >= 0);
    call.args.forEach((arg, k) => {
      const param = params[k];
      if (arg === null || !param) return;
      if (param.role === 'thread') note(this.threads, arg, site);
      if (param.role !== 'run' || !PLAUSIBLE_ID.test(arg)) return;
      const run = this.run(arg, site);
      const pair = (thread: string | null | undefined, given: boolean): void => {
        if (call.rejection) {
          if (typeof thread === 'string') note(run.weak, thread, site);
        } else if (thread === null && given) run.pairedUnknown ??= site;
        else if (typeof thread === 'string') note(run.paired, thread, site);
      };
      for (const j of threadIndexes) pair(j < call.args.length ? call.args[j] : (params[j] as SignatureParam).default, j < call.args.length);
      // `attachRun(session.sessionId, 'r')` after `session = sessions.open('alpha')`: the run joins that thread.
      if (threadIndexes.length === 0) for (const origin of call.origins) for (const thread of this.threadsGivenTo(origin)) pair(thread, true);
    });
  }

  /** The literal threads the call `[index, callee, args]` passes where its callee's signature takes a thread. */
  private threadsGivenTo([, callee, args]: readonly [number, string, readonly (string | null)[]]): string[] {
    const params = this.signatures.get(callee) ?? [];
    const threads: string[] = [];
    params.forEach((param, j) => {
      const thread = j < args.length ? args[j] : param.default;
      if (param.role === 'thread' && typeof thread === 'string') threads.push(thread);
    });
    return threads;
  }

  /**
   * The default thread of the function `name` a run was handed to from `path`: a literal, `null` when the
   * function supplies one the rule cannot read (or was not seen but looks like a factory), `undefined` when none.
   */
  factoryThread(name: string, path: string, looksLikeFactory: boolean): string | null | undefined {
    const all = this.factories.get(name) ?? [];
    const local = all.filter((factory) => factory.path === path);
    const definitions = local.length > 0 ? local : all;
    if (definitions.length === 0) return looksLikeFactory ? null : undefined;
    const threads = new Set(definitions.map((factory) => factory.thread));
    if (threads.size !== 1) return null;
    const [thread] = [...threads];
    return thread === false ? undefined : (thread ?? null);
  }
}
