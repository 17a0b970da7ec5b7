/**
 * What `collect` keeps of one file's analysis, as plain JSON: the ID literals of test data with the evidence that
 * pairs them (aggregated per text, with line numbers for messages), the file's strings, signatures and factories.
 * `readFacts` turns the JSON back (checking its shape: it crosses threads and may come from another version).
 */
import type { JsonValue } from '../../../rule';
import type { FileAnalysis } from '../analysis/file-analysis';
import { convertsLegacyIds, linksOf } from '../analysis/legacy-input';
import type { ParameterRole, RunOccurrence } from '../analysis/occurrences';

/** `[text, line]`: a value and the line it was seen on. */
export type Sighting = readonly [string, number];

export interface RunFact {
  readonly text: string;
  readonly line: number;
  /** False when every occurrence sat in a test expecting a rejection (its pairing is no evidence then). */
  readonly evidence: boolean;
  readonly paired: readonly Sighting[];
  /** Line of a thread beside it that is not a literal; 0 when none. */
  readonly pairedUnknown: number;
  readonly scope: readonly Sighting[];
  readonly scopeUnknown: number;
  /** Functions it was handed to without a thread, which may supply one. */
  readonly factories: readonly Sighting[];
  /** Literal threads beside it in tests that expect a rejection: evidence only when nothing else pairs it. */
  readonly weak: readonly Sighting[];
}

export interface CallFact {
  readonly callee: string;
  readonly line: number;
  readonly args: readonly (string | null)[];
  readonly rejection: boolean;
  /** Arguments made by another call with literal arguments: `[index, callee, args]`. */
  readonly origins: readonly (readonly [number, string, readonly (string | null)[]])[];
}

export interface SignatureFact {
  readonly name: string;
  readonly params: readonly (readonly [ParameterRole, string | null])[];
}

export interface FileFacts {
  readonly test: boolean;
  readonly visited: boolean;
  /** A JSON file: only exact string values are rewritten (no segments inside longer strings). */
  readonly json: boolean;
  readonly strings: readonly string[];
  readonly runs: readonly RunFact[];
  readonly threads: readonly Sighting[];
  /** `[text, name, line]`: stored under a name that is no ID. */
  readonly nonIds: readonly (readonly [string, string, number])[];
  /** `[text, name, line]`: stored under a name that says it is invalid or foreign on purpose. */
  readonly excluded: readonly (readonly [string, string, number])[];
  /** `[text, name, line]`: sent to the system as an HTTP request. */
  readonly requestInputs: readonly (readonly [string, string, number])[];
  readonly calls: readonly CallFact[];
  readonly signatures: readonly SignatureFact[];
  readonly factories: readonly (readonly [string, string | null | false])[];
  /** Production source that converts old-format run IDs itself (`analysis/legacy-input.ts`). */
  readonly convertsLegacy: boolean;
  /** Test data only: module keys it imports by relative path, and the JSON files it names. */
  readonly imports: readonly string[];
  readonly jsonNames: readonly string[];
}

interface RunAccumulator {
  line: number;
  evidence: boolean;
  readonly paired: Map<string, number>;
  pairedUnknown: number;
  readonly scope: Map<string, number>;
  scopeUnknown: number;
  readonly factories: Map<string, number>;
  readonly weak: Map<string, number>;
}

function firstLine(map: Map<string, number>, key: string, line: number): void {
  if (!map.has(key)) map.set(key, line);
}

/** The facts of one analysed file (with its text), or `undefined` when it has none worth sending. */
export function factsOf(analysis: FileAnalysis, text: string, relativePath: string): FileFacts | undefined {
  const structure = analysis.structure;
  const occurrences = structure?.occurrences;
  const lineOf = (token: number) => analysis.lineOfToken(token);
  const runs = new Map<string, RunAccumulator>();
  const add = (occurrence: RunOccurrence): void => {
    const line = lineOf(occurrence.token);
    let run = runs.get(occurrence.text);
    if (!run) {
      run = { line, evidence: false, paired: new Map(), pairedUnknown: 0, scope: new Map(), scopeUnknown: 0, factories: new Map(), weak: new Map() };
      runs.set(occurrence.text, run);
    }
    if (occurrence.rejection) {
      // A test of a rejection may pair a run with a wrong thread on purpose: weak evidence.
      for (const ref of occurrence.paired) if (ref.text !== undefined) firstLine(run.weak, ref.text, lineOf(ref.token));
      return;
    }
    run.evidence = true;
    for (const ref of occurrence.paired) {
      if (ref.text === undefined) run.pairedUnknown ||= lineOf(ref.token);
      else firstLine(run.paired, ref.text, lineOf(ref.token));
    }
    for (const ref of occurrence.scope) {
      if (ref.text === undefined) run.scopeUnknown ||= lineOf(ref.token);
      else firstLine(run.scope, ref.text, lineOf(ref.token));
    }
    if (occurrence.factory !== undefined) firstLine(run.factories, occurrence.factory, line);
  };
  for (const occurrence of occurrences?.runs ?? []) add(occurrence);
  const threads = new Map<string, number>();
  for (const occurrence of occurrences?.threads ?? []) firstLine(threads, occurrence.text, lineOf(occurrence.token));
  const facts: FileFacts = {
    test: analysis.testData,
    visited: analysis.visited,
    json: analysis.json,
    strings: analysis.strings,
    runs: [...runs].map(([text, run]) => ({
      text,
      line: run.line,
      evidence: run.evidence,
      paired: [...run.paired],
      pairedUnknown: run.pairedUnknown,
      scope: [...run.scope],
      scopeUnknown: run.scopeUnknown,
      factories: [...run.factories],
      weak: [...run.weak],
    })),
    threads: [...threads],
    nonIds: (occurrences?.nonIdUses ?? []).map((use) => [use.text, use.name, lineOf(use.token)] as const),
    excluded: (occurrences?.excluded ?? []).map((use) => [use.text, use.name, lineOf(use.token)] as const),
    requestInputs: (occurrences?.requestInputs ?? []).map((use) => [use.text, use.name, lineOf(use.token)] as const),
    calls: (occurrences?.calls ?? []).map((call) => ({
      callee: call.callee,
      line: lineOf(call.token),
      args: call.args,
      rejection: call.rejection,
      origins: call.origins.map((origin) => [origin.index, origin.callee, origin.args] as const),
    })),
    signatures: analysis.signatures.map((signature) => ({
      name: signature.name,
      params: signature.params.map((param) => [param.role, param.default ?? null] as const),
    })),
    factories: (occurrences?.factories ?? []).map((factory) => [factory.name, factory.thread] as const),
    convertsLegacy: !analysis.testData && !analysis.json && convertsLegacyIds(text),
    ...(analysis.testData && !analysis.json ? linksOf(text, relativePath) : { imports: [], jsonNames: [] }),
  };
  const empty =
    facts.strings.length === 0 && facts.runs.length === 0 && facts.threads.length === 0 && facts.signatures.length === 0 && facts.factories.length === 0 && !facts.convertsLegacy;
  return empty ? undefined : facts;
}

/** The facts as JSON (plain arrays and objects). */
export function factsToJson(facts: FileFacts): JsonValue {
  return {
    test: facts.test,
    visited: facts.visited,
    json: facts.json,
    strings: facts.strings,
    runs: facts.runs.map((run) => ({
      text: run.text,
      line: run.line,
      evidence: run.evidence,
      paired: run.paired,
      pairedUnknown: run.pairedUnknown,
      scope: run.scope,
      scopeUnknown: run.scopeUnknown,
      factories: run.factories,
      weak: run.weak,
    })),
    threads: facts.threads,
    nonIds: facts.nonIds,
    excluded: facts.excluded,
    requestInputs: facts.requestInputs,
    calls: facts.calls.map((call) => ({ callee: call.callee, line: call.line, args: call.args, rejection: call.rejection, origins: call.origins })),
    signatures: facts.signatures.map((signature) => ({ name: signature.name, params: signature.params })),
    factories: facts.factories,
    convertsLegacy: facts.convertsLegacy,
    imports: facts.imports,
    jsonNames: facts.jsonNames,
  };
}

// --- reading JSON back -----------------------------------------------------------------------------------------

type JsonRecord = { readonly [key: string]: JsonValue };

function record(value: JsonValue | undefined): JsonRecord | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonRecord) : undefined;
}

function list(value: JsonValue | undefined): readonly JsonValue[] {
  return Array.isArray(value) ? (value as readonly JsonValue[]) : [];
}

function text(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function count(value: JsonValue | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function sightings(value: JsonValue | undefined): Sighting[] {
  const out: Sighting[] = [];
  for (const item of list(value)) {
    const pair = list(item);
    const key = text(pair[0]);
    if (key !== undefined) out.push([key, count(pair[1])]);
  }
  return out;
}

function namedUses(value: JsonValue | undefined): (readonly [string, string, number])[] {
  const out: (readonly [string, string, number])[] = [];
  for (const item of list(value)) {
    const triple = list(item);
    const value0 = text(triple[0]);
    const name = text(triple[1]);
    if (value0 !== undefined && name !== undefined) out.push([value0, name, count(triple[2])]);
  }
  return out;
}

function role(value: JsonValue | undefined): ParameterRole {
  return value === 'run' || value === 'thread' ? value : '';
}

/** Facts from JSON; `undefined` when the value is not facts of this rule. */
export function readFacts(value: JsonValue): FileFacts | undefined {
  const root = record(value);
  if (!root || typeof root['test'] !== 'boolean') return undefined;
  const runs: RunFact[] = [];
  for (const item of list(root['runs'])) {
    const run = record(item);
    const key = text(run?.['text']);
    if (!run || key === undefined) continue;
    runs.push({
      text: key,
      line: count(run['line']),
      evidence: run['evidence'] === true,
      paired: sightings(run['paired']),
      pairedUnknown: count(run['pairedUnknown']),
      scope: sightings(run['scope']),
      scopeUnknown: count(run['scopeUnknown']),
      factories: sightings(run['factories']),
      weak: sightings(run['weak']),
    });
  }
  const calls: CallFact[] = [];
  for (const item of list(root['calls'])) {
    const call = record(item);
    const callee = text(call?.['callee']);
    if (!call || callee === undefined) continue;
    const origins: (readonly [number, string, readonly (string | null)[]])[] = [];
    for (const entry of list(call['origins'])) {
      const triple = list(entry);
      const name = text(triple[1]);
      if (name !== undefined) origins.push([count(triple[0]), name, list(triple[2]).map((arg) => text(arg) ?? null)]);
    }
    calls.push({ callee, line: count(call['line']), args: list(call['args']).map((arg) => text(arg) ?? null), rejection: call['rejection'] === true, origins });
  }
  const signatures: SignatureFact[] = [];
  for (const item of list(root['signatures'])) {
    const signature = record(item);
    const name = text(signature?.['name']);
    if (!signature || name === undefined) continue;
    signatures.push({ name, params: list(signature['params']).map((param) => [role(list(param)[0]), text(list(param)[1]) ?? null] as const) });
  }
  const factories: (readonly [string, string | null | false])[] = [];
  for (const item of list(root['factories'])) {
    const pair = list(item);
    const name = text(pair[0]);
    const thread = pair[1];
    if (name !== undefined) factories.push([name, typeof thread === 'string' ? thread : thread === false ? false : null]);
  }
  return {
    test: root['test'] === true,
    visited: root['visited'] === true,
    json: root['json'] === true,
    strings: list(root['strings']).filter((item): item is string => typeof item === 'string'),
    runs,
    threads: sightings(root['threads']),
    nonIds: namedUses(root['nonIds']),
    excluded: namedUses(root['excluded']),
    requestInputs: namedUses(root['requestInputs']),
    calls,
    signatures,
    factories,
    convertsLegacy: root['convertsLegacy'] === true,
    imports: list(root['imports']).filter((item): item is string => typeof item === 'string'),
    jsonNames: list(root['jsonNames']).filter((item): item is string => typeof item === 'string'),
  };
}
