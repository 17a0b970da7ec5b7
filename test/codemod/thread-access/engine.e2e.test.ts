/**
 * Both rules through the engine (`migrate`, in-thread): a small project with a tsconfig, a legacy ID module whose
 * generator feeds `Envelope.run_id` (the provenance `thread-access` needs), a vendor type whose run IDs are random
 * UUIDs, a CommonJS file and a file no rule should touch. After `apply` it type-checks, no legacy import remains,
 * the report says the module can be deleted, and a `check` run finds nothing.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MigrateReport } from '../../../codemod/engine/report';
import { migrate } from '../../../codemod/engine/runner';
import { projectTsConfig, typeErrors } from './harness';

let project: string;
/** The report of the `apply` run, for the checks on how it reports. */
let applied: MigrateReport | undefined;

const files: Record<string, string> = {
  'tsconfig.json': projectTsConfig(),
  'unified-id.config.json': JSON.stringify({ legacyModules: ['src/lib/ids.ts'] }),
  'src/lib/ids.ts': [
    'export function generateRunId(threadId: string): string {',
    "  return `run_${threadId}_0a1b2c3d`;",
    '}',
    'export class IDManager {',
    '  static extractThreadId(runId: string): string | undefined {',
    "    return runId.split('_')[1];",
    '  }',
    '}',
    '',
  ].join('\n'),
  'src/route.ts': [
    "import { IDManager, generateRunId } from './lib/ids';",
    '',
    'export interface Envelope {',
    '  readonly run_id: string;',
    '  readonly thread_id: string;',
    '}',
    '',
    'export const open = (thread: string): Envelope => ({ run_id: generateRunId(thread), thread_id: thread });',
    '',
    'export function channel(envelope: Envelope): string {',
    '  return `thread:${envelope.thread_id}:${IDManager.extractThreadId(envelope.run_id) ?? "?"}`;',
    '}',
    '',
  ].join('\n'),
  'src/relay.cjs': [
    "'use strict';",
    "const { generateRunId } = require('./lib/ids');",
    '',
    'function relay({ run_id, thread_id }, send) {',
    '  send(thread_id, generateRunId(thread_id));',
    '}',
    '',
    'module.exports = { relay };',
    '',
  ].join('\n'),
  'src/untouched.ts': 'export interface Conversation {\n  readonly thread_id: string;\n}\n',
  // A vendor's tracing runs: their run IDs are random UUIDs, so their thread reads are not this system's to derive.
  'src/trace.ts': [
    'export interface TraceRun {',
    '  readonly run_id: string;',
    '  readonly thread_id: string;',
    '}',
    '',
    'export const startTrace = (thread: string): TraceRun => ({ run_id: crypto.randomUUID(), thread_id: thread });',
    '',
    'export const traceKey = (run: TraceRun): string => `${run.thread_id}/trace`;',
    '',
  ].join('\n'),
};

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'unified-id-rules-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(project, path, '..'), { recursive: true });
    writeFileSync(join(project, path), text);
  }
});

afterAll(() => rmSync(project, { recursive: true, force: true }));

const run = (mode: 'dry-run' | 'check' | 'apply') =>
  migrate({ root: project, mode, rules: ['thread-access', 'legacy-modules'], workerFile: false, concurrency: 1, allowDirty: true });

describe('thread-access and legacy-modules through the engine', () => {
  it('applies both rules; the result type-checks and imports no legacy module', async () => {
    const { report } = await run('apply');
    applied = report;
    expect(report.exitCode).toBe(0);
    expect(report.skipped).toEqual([]);
    expect(report.files.map((file) => file.path).sort()).toEqual(['src/relay.cjs', 'src/route.ts']);
    expect(report.rewrites['thread-access']).toBeGreaterThan(0);
    expect(report.rewrites['legacy-modules']).toBeGreaterThan(0);
    // JavaScript has no types to trace run IDs by: one warning for the file; the UUID-fed vendor run stays too.
    const threadWarnings = report.warnings.filter((warning) => warning.rule === 'thread-access').map((warning) => `${warning.path} ${warning.code}`);
    expect(threadWarnings.sort()).toEqual(['src/relay.cjs no-type-information', 'src/trace.ts foreign-run-id']);
    expect(report.notes.map((note) => note.message)).toEqual([
      'legacy module src/lib/ids.ts has no imports left (2 importing file(s) now use unified-id): it can be deleted',
    ]);

    const route = readFileSync(join(project, 'src/route.ts'), 'utf8');
    // One import of unified-id with the three names (the order is the import planner's business).
    const imports = [...route.matchAll(/^import \{ ([^}]*) \} from 'unified-id';$/gm)].map((match) => match[1]!.split(', ').sort());
    expect(imports).toEqual([['extractThreadId', 'generateRunId', 'threadIdOf']]);
    expect(route).toContain('`thread:${threadIdOf(envelope.run_id)}:${extractThreadId(envelope.run_id) ?? "?"}`');
    const relay = readFileSync(join(project, 'src/relay.cjs'), 'utf8');
    expect(relay).toContain("const { generateRunId } = require('unified-id');");
    expect(relay).toContain('function relay({ run_id, thread_id }, send) {');
    expect(relay).not.toContain('threadIdOf');
    for (const text of [route, relay]) expect(text).not.toMatch(/lib\/ids/);
    for (const path of ['src/untouched.ts', 'src/trace.ts']) expect(readFileSync(join(project, path), 'utf8')).toBe(files[path]);

    const sources = new Map(['src/route.ts', 'src/untouched.ts', 'src/trace.ts', 'src/lib/ids.ts'].map((path) => [join(project, path), readFileSync(join(project, path), 'utf8')]));
    expect(typeErrors(join(project, 'tsconfig.json'), sources)).toEqual([]);
  }, 120_000);

  it('reports thread-access by sites (reads), and evidence sites relative to the root', () => {
    expect(applied).toBeDefined();
    // One read rewritten in src/route.ts (three text edits and an import edit).
    expect(applied!.rewrites['thread-access']).toBe(1);
    const foreign = applied!.warnings.find((warning) => warning.code === 'foreign-run-id');
    expect(foreign?.message).toContain('randomUUID() at src/trace.ts:6');
    expect(foreign?.message).not.toContain(project);
  });

  it('finds nothing to change on a second run', async () => {
    const { report } = await run('check');
    expect(report.exitCode).toBe(0);
    expect(report.filesChanged).toBe(0);
  }, 120_000);
});
