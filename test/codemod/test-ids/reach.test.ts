/**
 * `test-ids` judges by names and text, not types, so it changes only the files the project's evidence reaches
 * (`ProjectFacts.reach`): a test of code that uses the package or a legacy ID module is rewritten, a test elsewhere
 * in the same project (its run IDs may be anybody's) is left as it is.
 */
import { describe, expect, it } from 'vitest';
import { applyTo, combineProject } from './harness';

const files = {
  'test/runs.test.ts': "it('keeps the run', () => {\n  const run = { runId: 'run-7', threadId: 'support' };\n  expect(run.runId).toBe('run-7');\n});\n",
};

describe('test-ids within the evidence reach', () => {
  it('rewrites a file the evidence reaches', () => {
    const combined = combineProject(files);
    const outcome = applyTo('test/runs.test.ts', files['test/runs.test.ts'], combined, ['test/runs.test.ts']);
    expect(outcome.text).not.toContain("'run-7'");
    expect(outcome.text).toContain("runId: 'thread_support_run_");
  });

  it('leaves a file outside it unchanged, without warnings', () => {
    const combined = combineProject(files);
    const outcome = applyTo('test/runs.test.ts', files['test/runs.test.ts'], combined, ['src/other.ts']);
    expect(outcome.text).toBe(files['test/runs.test.ts']);
    expect(outcome.warnings).toEqual([]);
  });
});
