import { describe, expect, it } from 'vitest';
import { EvidenceScan } from '../../../codemod/analysis/evidence';
import type { EvidenceSettings } from '../../../codemod/analysis/evidence';

const root = '/repo';

/** The evidence of a project given as relative path → text, added in sorted order as the runner does. */
function scan(files: Record<string, string>, settings: Partial<EvidenceSettings> = {}) {
  const evidence = new EvidenceScan({ root, importFrom: 'unified-id', legacyModules: [], ...settings });
  for (const path of Object.keys(files).sort()) evidence.add(files[path] ?? '', { filePath: `${root}/${path}`, relativePath: path });
  return evidence.finish();
}

const legacyModuleText = [
  'export function generateRunId(threadId: string): string {',
  '  return `run_${threadId}_${Math.random().toString(16).slice(2, 10)}`;',
  '}',
  '',
].join('\n');

describe('project evidence', () => {
  it('finds none in a codebase of UUID run ids and free-form threads', () => {
    const result = scan({
      'src/store.ts': "import { randomUUID } from 'node:crypto';\nexport const run = { run_id: randomUUID(), thread_id: 'support' };\n",
      'src/routes.ts': "import { run } from './store';\nexport const key = `${run.thread_id}/${run.run_id}`;\n",
      'test/store.test.ts': "const run = { run_id: 'r1', thread_id: 'thread 1', runId: 'run-7' };\n",
      'test/fixtures/runs.json': '{ "run_id": "8c2f0d4e-6d1b-4f57-9d0e-3f6c1b2a9e10", "thread_id": "t" }\n',
    });
    expect(result).toEqual({ evidence: [], legacyModuleFiles: [], reach: [] });
  });

  it('counts imports and requires of the unified module and its subpaths, not of look-alikes', () => {
    const result = scan({
      'a.ts': "import { isRunId } from 'unified-idx';\n",
      'b.ts': "// setup\nimport { createTestIds } from 'unified-id/testing';\n",
      'c.cjs': "const { parseRunId } = require('unified-id');\n",
      'd.ts': "const ids = await import('unified-id');\nexport { ids };\nexport { isRunId } from 'unified-id';\n",
    });
    expect(result.evidence).toEqual(['unified-id is imported by 3 files (first: b.ts:2)']);
  });

  it('follows --import-from', () => {
    expect(scan({ 'a.ts': "import { isRunId } from 'unified-id';\n" }, { importFrom: '@acme/ids' }).evidence).toEqual([]);
    expect(scan({ 'a.ts': "import { isRunId } from '@acme/ids';\n" }, { importFrom: '@acme/ids' }).evidence).toEqual(['@acme/ids is imported by 1 file (first: a.ts:1)']);
  });

  it('names configured legacy modules that exist or are imported, and their importers', () => {
    const result = scan(
      {
        'src/lib/ids.ts': 'export const helper = 1;\n',
        'src/a.ts': "import { generateRunId } from './lib/ids.js';\n",
        'src/deep/b.ts': "\nimport { helper } from '../lib/ids';\n",
        'src/c.ts': "import { old } from '@acme/old-ids';\n",
      },
      { legacyModules: [{ module: 'src/lib/ids.ts' }, { module: '@acme/old-ids' }, { module: 'src/missing.ts' }] },
    );
    expect(result.evidence).toEqual(['legacy ID modules src/lib/ids.ts, @acme/old-ids (configured), imported by 3 files (first: src/a.ts:1)']);
    expect(result.legacyModuleFiles).toEqual(['src/lib/ids.ts']);
  });

  it('a configured module that is neither in the project nor imported is no evidence', () => {
    expect(scan({ 'src/a.ts': 'export const run_id = "x";\n' }, { legacyModules: [{ module: 'src/missing.ts' }] })).toEqual({ evidence: [], legacyModuleFiles: [], reach: [] });
  });

  it('recognises a legacy ID module by its shape, with the files importing it', () => {
    const result = scan({
      'src/utils/run-ids.ts': legacyModuleText,
      'src/agent.ts': "import { generateRunId } from './utils/run-ids';\n",
      'src/other.ts': "import { generateRunId } from './utils/other-ids';\n",
    });
    expect(result.evidence).toEqual(['legacy ID module src/utils/run-ids.ts (recognised by its shape), imported by 1 file (first: src/agent.ts:1)']);
    expect(result.legacyModuleFiles).toEqual(['src/utils/run-ids.ts']);
  });

  it('the detector is a setting: a module it does not recognise is not evidence', () => {
    expect(scan({ 'src/utils/run-ids.ts': legacyModuleText }, { looksLikeLegacyModule: () => false }).evidence).toEqual([]);
  });

  it('counts literals in either historical format, in source and JSON, with the first one', () => {
    const result = scan({
      'test/a.test.ts': "it('x', () => {\n  expect(f('run_user_1a2b3c4d')).toBe(\"run_user_1a2b3c4d\");\n});\n",
      'test/fixtures/run.json': '{\n  "run_id": "thread_support_run_1700000000000_0a1b2c3d"\n}\n',
      'src/not-ids.ts': "export const names = ['run_id', 'run_user_1a2b3c4', 'prefix_run_user_1a2b3c4d', `run_${x}_0a1b2c3d`];\n",
    });
    expect(result.evidence).toEqual([
      '1 canonical run ID literal in 1 file (first: test/fixtures/run.json:2 "thread_support_run_1700000000000_0a1b2c3d")',
      '2 legacy run ID literals in 1 file (first: test/a.test.ts:2 "run_user_1a2b3c4d")',
    ]);
  });

  it('reaches the evidence files, their importers at any depth, what these import, and the JSON files they name — nothing else', () => {
    const result = scan(
      {
        'src/ids.ts': legacyModuleText,
        'src/runs.ts': "import { generateRunId } from './ids';\nexport const start = (t: string) => generateRunId(t);\n",
        'src/app.ts': "import { start } from './runs';\nexport const app = { start };\n",
        'test/app.test.ts': "import { app } from '../src/app';\nimport { TEST_RUN_ID } from './helpers';\nimport rows from './fixtures/runs.json';\nit('starts', () => app.start('t'));\n",
        'test/helpers.ts': "export const TEST_RUN_ID = 'test-run-42';\n",
        'test/fixtures/runs.json': '[{ "run_id": "run-1" }]\n',
        'test/fixtures/other.json': '[{ "run_id": "run-2" }]\n',
        'src/chat.ts': "import { randomUUID } from 'node:crypto';\nexport const turn = { runId: randomUUID() };\n",
        'test/chat.test.ts': "import { turn } from '../src/chat';\nit('has a run', () => expect(turn.runId).toBe('turn-1'));\n",
      },
      { legacyModules: [{ module: 'src/ids.ts' }] },
    );
    expect(result.reach).toEqual(['src/app.ts', 'src/ids.ts', 'src/runs.ts', 'test/app.test.ts', 'test/fixtures/runs.json', 'test/helpers.ts']);
  });

  it('a configured module that mints IDs of another format is evidence, but reaches nothing', () => {
    const result = scan(
      {
        'src/ids.ts': "import { randomUUID } from 'node:crypto';\nexport const mintRunId = (): string => randomUUID();\n",
        'src/runs.ts': "import { mintRunId } from './ids';\nexport const start = () => ({ runId: mintRunId() });\n",
        'test/runs.test.ts': "import { start } from '../src/runs';\nit('starts', () => expect(start().runId).not.toBe('run-1'));\n",
      },
      { legacyModules: [{ module: 'src/ids.ts' }] },
    );
    expect(result.legacyModuleFiles).toEqual(['src/ids.ts']);
    expect(result.evidence).toHaveLength(1);
    expect(result.reach).toEqual([]);
  });
});
