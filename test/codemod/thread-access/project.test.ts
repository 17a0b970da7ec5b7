/**
 * `thread-access` over several files of one project, with the project facts the engine hands every rule
 * (`RuleContext.project`): the files whose `collect` answered, and the legacy ID modules. Provenance crosses files
 * (a producer or reader in one file proves the reads in another); a thread field fed a `thread_`-prefixed thread
 * keeps its comparisons; a legacy module's generator makes the fields its callers fill carriers of this system's
 * run IDs.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectFacts } from '../../../codemod/rule';
import { threadAccessRule } from '../../../codemod/rules/thread-access';
import { applyRuleToFiles, baseOptions, projectTsConfig, typeErrors, type AppliedFile } from './harness';

let root: string;

/** A project folder under the temp root: its own tsconfig (so its own program), and its files (relative path → text). */
interface TestProject {
  readonly folder: string;
  readonly files: Record<string, string>;
}

function createProject(name: string, files: Record<string, string>): TestProject {
  const folder = join(root, name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'tsconfig.json'), projectTsConfig());
  // On disk too, so the type check of the outputs can read what they import.
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(folder, path, '..'), { recursive: true });
    writeFileSync(join(folder, path), text);
  }
  return { folder, files };
}

/** The project facts as the engine computes them (`collect` on every file's text; this rule combines nothing). */
function projectFacts(project: TestProject, legacyModuleFiles: readonly string[] = []): ProjectFacts {
  return {
    evidence: ['unified-id is imported by the project, or a legacy ID module is configured'],
    legacyModuleFiles: [...legacyModuleFiles],
    rules: {},
  };
}

/**
 * The rule applied to `paths` of the project (default: every file) in one typed program, with `project` facts;
 * results by relative path.
 */
function migrate(project: TestProject, facts: ProjectFacts | undefined, paths: readonly string[] = Object.keys(project.files)): Map<string, AppliedFile> {
  const files = new Map(paths.map((path) => [join(project.folder, path), project.files[path]!]));
  const applied = applyRuleToFiles(threadAccessRule, files, true, baseOptions, { root: project.folder, ...(facts ? { project: facts } : {}) });
  return new Map([...applied].map(([path, result]) => [relative(project.folder, path), result]));
}

const codes = (result: AppliedFile | undefined): string[] => (result?.result.warnings ?? []).map((warning) => warning.code).sort();

/** The outputs of `applied` type-check together with the project's other files. */
function outputsTypeCheck(project: TestProject, applied: ReadonlyMap<string, AppliedFile>): string[] {
  const texts = new Map(Object.entries(project.files).map(([path, text]) => [join(project.folder, path), applied.get(path)?.output ?? text]));
  return typeErrors(join(project.folder, 'tsconfig.json'), texts);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'unified-id-thread-project-'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('thread-access across files', () => {
  let project: TestProject;

  beforeAll(() => {
    project = createProject('cross', {
      'src/events.ts': 'export interface RunEvent {\n  readonly run_id: string;\n  readonly thread_id: string;\n  readonly kind: string;\n}\n',
      'src/producer.ts': [
        "import { generateRunId } from 'unified-id';",
        "import type { RunEvent } from './events';",
        '',
        "export const started = (thread: string): RunEvent => ({ run_id: generateRunId(thread), thread_id: thread, kind: 'started' });",
        '',
      ].join('\n'),
      'src/consumer.ts': [
        "import type { RunEvent } from './events';",
        '',
        'export function channel(event: RunEvent): string {',
        '  return `thread:${event.thread_id}`;',
        '}',
        '',
      ].join('\n'),
      'src/stored.ts': 'export interface StoredRun {\n  readonly runId: string;\n  readonly threadId: string;\n}\n',
      'src/validate.ts': [
        "import { isRunId } from 'unified-id';",
        "import type { StoredRun } from './stored';",
        '',
        'export const valid = (run: StoredRun): boolean => isRunId(run.runId);',
        '',
      ].join('\n'),
      'src/view.ts': [
        "import type { StoredRun } from './stored';",
        '',
        'export const title = (run: StoredRun): string => `Thread ${run.threadId}`;',
        '',
      ].join('\n'),
    });
  });

  it('a producer in one file proves the reads in another; so does a reader', () => {
    const applied = migrate(project, projectFacts(project));
    expect(applied.get('src/consumer.ts')!.output).toBe(
      ["import type { RunEvent } from './events';", "import { threadIdOf } from 'unified-id';", '', 'export function channel(event: RunEvent): string {', '  return `thread:${threadIdOf(event.run_id)}`;', '}', ''].join(
        '\n',
      ),
    );
    expect(applied.get('src/view.ts')!.output).toContain('export const title = (run: StoredRun): string => `Thread ${threadIdOf(run.runId)}`;');
    for (const path of ['src/events.ts', 'src/producer.ts', 'src/stored.ts', 'src/validate.ts']) expect(applied.get(path)!.output, path).toBe(project.files[path]);
    for (const result of applied.values()) expect(result.result.warnings).toEqual([]);
    expect(outputsTypeCheck(project, applied)).toEqual([]);
  }, 60_000);

  it('without the file that shows the evidence, the same reads stay (unproven-run-id)', () => {
    const withoutProducer = migrate(project, projectFacts(project), ['src/events.ts', 'src/consumer.ts']);
    expect(withoutProducer.get('src/consumer.ts')!.output).toBe(project.files['src/consumer.ts']);
    expect(codes(withoutProducer.get('src/consumer.ts'))).toEqual(['unproven-run-id']);

    const withoutReader = migrate(project, projectFacts(project), ['src/stored.ts', 'src/view.ts']);
    expect(withoutReader.get('src/view.ts')!.output).toBe(project.files['src/view.ts']);
    expect(codes(withoutReader.get('src/view.ts'))).toEqual(['unproven-run-id']);
  }, 60_000);

  it('a foreign producer in a third file makes the field foreign for every reader (foreign-run-id)', () => {
    const files: Record<string, string> = {
      ...project.files,
      'src/imported.ts': [
        "import type { RunEvent } from './events';",
        '',
        "export const imported = (thread: string): RunEvent => ({ run_id: crypto.randomUUID(), thread_id: thread, kind: 'imported' });",
        '',
      ].join('\n'),
    };
    const mixed = createProject('cross-mixed', files);
    const applied = migrate(mixed, projectFacts(mixed));
    expect(applied.get('src/consumer.ts')!.output).toBe(files['src/consumer.ts']);
    const warnings = applied.get('src/consumer.ts')!.result.warnings;
    expect(warnings.map((warning) => warning.code)).toEqual(['foreign-run-id']);
    expect(warnings[0]!.message).toContain('randomUUID()');
    expect(warnings[0]!.message).toContain('imported.ts:3');
    // The reader's field is not affected.
    expect(applied.get('src/view.ts')!.output).toContain('threadIdOf(run.runId)');
  }, 60_000);
});

describe('thread-access where a thread_-prefixed thread flows into the thread field', () => {
  const router = (withPrefixedThread: boolean): string =>
    [
      "import { generateRunId } from 'unified-id';",
      "import { SUPPORT_THREAD } from './threads';",
      '',
      'export interface Envelope {',
      '  readonly run_id: string;',
      '  readonly thread_id: string;',
      '}',
      '',
      'export const open = (thread: string): Envelope => ({ run_id: generateRunId(thread), thread_id: thread });',
      '',
      withPrefixedThread ? 'export const openSupport = (): Envelope => open(SUPPORT_THREAD);' : 'export const supportName = SUPPORT_THREAD.length;',
      '',
      'export function isSupport(envelope: Envelope): boolean {',
      "  return envelope.thread_id === 'support';",
      '}',
      '',
      'export function handlerFor(handlers: Map<string, () => void>, envelope: Envelope): (() => void) | undefined {',
      '  return handlers.get(envelope.thread_id);',
      '}',
      '',
      'export function priority(envelope: Envelope): number {',
      '  switch (envelope.thread_id) {',
      "    case 'support':",
      '      return 1;',
      '    default:',
      '      return 0;',
      '  }',
      '}',
      '',
      'export function label(envelope: Envelope): string {',
      '  return `thread:${envelope.thread_id}`;',
      '}',
      '',
    ].join('\n');
  // Stored threads carry the prefix; the thread inside a run ID may not.
  const threads = "export const SUPPORT_THREAD = 'thread_support';\n";
  let prefixed: TestProject;
  let unprefixed: TestProject;

  beforeAll(() => {
    prefixed = createProject('prefix', { 'src/threads.ts': threads, 'src/router.ts': router(true) });
    unprefixed = createProject('prefix-unused', { 'src/threads.ts': threads, 'src/router.ts': router(false) });
  });

  it('comparisons of the thread field stay (thread-prefix), other reads are derived', () => {
    const applied = migrate(prefixed, projectFacts(prefixed));
    const result = applied.get('src/router.ts')!;
    expect(codes(result)).toEqual(['thread-prefix', 'thread-prefix', 'thread-prefix']);
    for (const warning of result.result.warnings) expect(warning.message).toContain('src/threads.ts:1');
    expect(result.output).toContain("return envelope.thread_id === 'support';");
    expect(result.output).toContain('return handlers.get(envelope.thread_id);');
    expect(result.output).toContain('switch (envelope.thread_id) {');
    expect(result.output).toContain('return `thread:${threadIdOf(envelope.run_id)}`;');
    expect(outputsTypeCheck(prefixed, applied)).toEqual([]);
  }, 60_000);

  it("the field's own name in quotes (`run['thread_id']`) is not a prefixed thread", () => {
    const fieldName = createProject('prefix-field-name', {
      'src/store.ts': [
        "import { generateRunId } from 'unified-id';",
        '',
        'export interface Run {',
        '  readonly run_id: string;',
        '  readonly thread_id: string;',
        '}',
        '',
        'export const runs: Run[] = [{ run_id: generateRunId(\'support\'), thread_id: \'support\' }];',
        '',
        "export const byThread = (threadId: string): Run[] => runs.filter((run) => run['thread_id'] === threadId);",
        '',
      ].join('\n'),
    });
    const store = migrate(fieldName, projectFacts(fieldName)).get('src/store.ts')!;
    expect(store.result.warnings).toEqual([]);
    expect(store.output).toContain("runs.filter((run) => threadIdOf(run['run_id']) === threadId)");
  }, 60_000);

  it('a prefixed thread that flows elsewhere leaves the comparisons derived', () => {
    for (const facts of [projectFacts(unprefixed), undefined]) {
      const result = migrate(unprefixed, facts).get('src/router.ts')!;
      expect(result.result.warnings).toEqual([]);
      expect(result.output).toContain("return threadIdOf(envelope.run_id) === 'support';");
      expect(result.output).toContain('return handlers.get(threadIdOf(envelope.run_id));');
      expect(result.output).toContain('switch (threadIdOf(envelope.run_id)) {');
    }
  }, 60_000);
});

describe('thread-access with legacy ID modules', () => {
  let project: TestProject;

  beforeAll(() => {
    project = createProject('legacy', {
      // The historical `run_{thread}_{hex8}` generator.
      'src/lib/ids.ts': [
        'export function generateRunId(threadId: string): string {',
        "  const hex = Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');",
        '  return `run_${threadId}_${hex}`;',
        '}',
        '',
      ].join('\n'),
      'src/agent.ts': [
        "import { generateRunId } from './lib/ids';",
        '',
        'export interface Job {',
        '  readonly runId: string;',
        '  readonly threadId: string;',
        '}',
        '',
        'export const schedule = (threadId: string): Job => ({ runId: generateRunId(threadId), threadId });',
        '',
      ].join('\n'),
      'src/worker.ts': ["import type { Job } from './agent';", '', 'export const queueOf = (job: Job): string => `queue:${job.threadId}`;', ''].join('\n'),
      // A second legacy module whose format is not visible in its text (built by `join`).
      'src/lib/session-ids.ts': [
        "const SEPARATOR = '_';",
        '',
        'export function createRunId(threadId: string): string {',
        "  return ['run', threadId, Date.now().toString(16).slice(-8)].join(SEPARATOR);",
        '}',
        '',
      ].join('\n'),
      'src/session.ts': [
        "import { createRunId } from './lib/session-ids';",
        '',
        'export interface Session {',
        '  readonly run_id: string;',
        '  readonly thread_id: string;',
        '}',
        '',
        'export function openSession(thread: string): Session {',
        '  return { run_id: createRunId(thread), thread_id: thread };',
        '}',
        '',
        'export const inbox = (session: Session): string => `inbox:${session.thread_id}`;',
        '',
      ].join('\n'),
    });
  });

  it("a legacy module's generator makes the fields its callers fill carriers: their reads are derived", () => {
    const applied = migrate(project, projectFacts(project, ['src/lib/ids.ts', 'src/lib/session-ids.ts']));
    expect(applied.get('src/worker.ts')!.output).toBe(
      ["import type { Job } from './agent';", "import { threadIdOf } from 'unified-id';", '', 'export const queueOf = (job: Job): string => `queue:${threadIdOf(job.runId)}`;', ''].join('\n'),
    );
    expect(applied.get('src/session.ts')!.output).toContain('export const inbox = (session: Session): string => `inbox:${threadIdOf(session.run_id)}`;');
    for (const result of applied.values()) expect(result.result.warnings).toEqual([]);
    for (const path of ['src/lib/ids.ts', 'src/lib/session-ids.ts', 'src/agent.ts']) expect(applied.get(path)!.output, path).toBe(project.files[path]);
    expect(outputsTypeCheck(project, applied)).toEqual([]);
  }, 60_000);

  it('a module not known as a legacy module proves nothing, whatever its text builds', () => {
    const applied = migrate(project, projectFacts(project, []));
    // `createRunId` builds its IDs out of sight: without `legacyModuleFiles`, its callers' fields are unproven.
    expect(applied.get('src/session.ts')!.output).toBe(project.files['src/session.ts']);
    expect(codes(applied.get('src/session.ts'))).toEqual(['unproven-run-id']);
    // `run_${threadId}_${hex}` outside a legacy module proves nothing either (`run_${Date.now()}_${Math.random()}`
    // is no run ID of this system); the engine lists a module of this shape in `legacyModuleFiles` when it detects one.
    expect(applied.get('src/worker.ts')!.output).toBe(project.files['src/worker.ts']);
    expect(codes(applied.get('src/worker.ts'))).toEqual(['unproven-run-id']);
  }, 60_000);
});
