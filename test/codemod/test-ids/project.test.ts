/**
 * `test-ids` across files, as the engine runs it (`collect` on every file → `combine` → `apply` per file): one
 * original gets one replacement in every test file, table, JSON fixture, test data outside test folders and path
 * segment; values shared with code the rule does not rewrite stay everywhere; factories seen in other files supply
 * threads; the verdict does not depend on file order or sharding; a second run finds nothing.
 */
import { describe, expect, it } from 'vitest';
import { toCanonicalRunId } from '../../../src/index';
import { replacementRunId, sanitizeThreadId, testIdsRule } from '../../../codemod/rules/test-ids';
import { applyTo, combineProject, infoOf, migrateProject, textsOf } from './harness';
import type { Files } from './harness';

const run = (original: string, thread: string) => replacementRunId(original, thread);
const codes = (outcome: { warnings: readonly { code: string }[] }) => outcome.warnings.map((warning) => warning.code);

describe('one replacement per original, project-wide', () => {
  const files: Files = {
    'test/store.test.ts': `import { RunStore } from '../src/store';
it('stores', () => {
  const store = new RunStore();
  store.save({ runId: 'test-run', threadId: 'thread 1' });
  expect(store.get('test-run')?.threadId).toBe('thread 1');
});
`,
    // No thread beside it here: the thread comes from the other file.
    'test/bridge.test.ts': `import { bridge } from '../src/bridge';
it('publishes', () => {
  expect(bridge.publish({ type: 'run.started', runId: 'test-run' })).toBe(1);
  expect(bridge.routeOf('/runs/test-run/events')).toBe('thread 1');
});
`,
    'test/table.test.ts': `it.each([
  ['test-run', 'thread 1'],
  ['run_evt_0000abcd', 'evt'],
])('routes %s', (runId, threadId) => {
  expect(route(runId)).toBe(threadId);
});
`,
    'test/fixtures/runs.json': `{
  "runs": [{ "run_id": "test-run", "thread_id": "thread 1" }, { "run_id": "run_evt_0000abcd", "thread_id": "evt" }],
  "test-run": { "note": "a key equal to a run ID stays" },
  "path": "/runs/test-run/events"
}
`,
    'src/testing/sample-runs.ts': `export const SAMPLE = { run_id: 'test-run', thread_id: 'thread 1' };\n`,
    'src/store.ts': `export class RunStore { save(run: { runId: string }) { void run; } }\n`,
  };
  const outcomes = migrateProject(files);
  const id = run('test-run', sanitizeThreadId('thread 1'));

  it('rewrites the same original to the same ID in tests, tables, JSON fixtures and test data', () => {
    expect(id).toBe(run('test-run', 'thread_1'));
    for (const path of ['test/store.test.ts', 'test/bridge.test.ts', 'test/table.test.ts', 'test/fixtures/runs.json', 'src/testing/sample-runs.ts']) {
      const text = outcomes[path]?.text ?? '';
      expect(text, path).toContain(id);
      // Only the JSON key (`"test-run": {`) keeps the old value.
      expect(text, path).not.toMatch(/(["'])test-run\1(?!\s*:)/);
    }
    expect(outcomes['test/store.test.ts']?.text).toContain("toBe('thread_1')");
    expect(outcomes['test/table.test.ts']?.text).toContain(`['${toCanonicalRunId('run_evt_0000abcd')}', 'evt']`);
  });

  it('rewrites whole path segments in test files, but only exact values in JSON', () => {
    expect(outcomes['test/bridge.test.ts']?.text).toContain(`'/runs/${id}/events'`);
    const json = outcomes['test/fixtures/runs.json'];
    expect(json?.text).toContain(`"run_id": "${id}"`);
    expect(json?.text).toContain('"test-run": {');
    expect(json?.text).toContain('"path": "/runs/test-run/events"');
    expect(codes(json ?? { warnings: [] })).toEqual(['json-key', 'embedded-id']);
    expect(json?.warnings[1]?.message).toContain(id);
  });

  it('leaves production source alone', () => {
    expect(outcomes['src/store.ts']?.text).toBe(files['src/store.ts']);
    expect(testIdsRule.mayMatch(files['src/store.ts'] as string, infoOf('src/store.ts'))).toBe(false);
  });

  it('finds nothing to change on a second run', () => {
    const again = migrateProject(textsOf(outcomes));
    for (const [path, outcome] of Object.entries(again)) expect(outcome.result?.edits ?? [], path).toEqual([]);
  });
});

describe('values shared with files the rule does not rewrite', () => {
  const files: Files = {
    'src/observability/run-log.ts': `export class RunLog {
  forRun(runId: string) {
    switch (runId) {
      case 'test-run':
        return 'smoke';
      default:
        return 'thread';
    }
  }
}
`,
    'test/run-log.test.ts': `import { createTestIds } from 'unified-id/testing';
import { RunLog } from '../src/observability/run-log';
it('sends the smoke run to the smoke channel', () => {
  const { runId } = createTestIds('support-7');
  expect(new RunLog().forRun(runId)).toBe('thread');
  expect(new RunLog().forRun('test-run')).toBe('smoke');
  expect(new RunLog().forRun('other-run')).toBe('thread');
});
`,
    'test/store.test.ts': `it('stores', () => {
  save({ run_id: 'test-run', thread_id: 'main' });
  save({ run_id: 'kept-run', thread_id: 'main' });
});
`,
    // A test file the rule never visits (no run or thread ID name, no historical ID): its copy must keep matching.
    'test/names.test.ts': `it('lists', () => { expect(names()).toContain('kept-run'); });\n`,
  };
  const outcomes = migrateProject(files);

  it('keeps a value the source also holds, everywhere, and says which file', () => {
    expect(outcomes['test/store.test.ts']?.text).toContain("run_id: 'test-run'");
    expect(outcomes['test/run-log.test.ts']?.text).toContain("forRun('test-run')");
    const warning = outcomes['test/store.test.ts']?.warnings.find((w) => w.code === 'shared-with-source');
    expect(warning?.message).toContain('src/observability/run-log.ts');
    expect(codes(outcomes['test/run-log.test.ts'] ?? { warnings: [] })).toContain('shared-with-source');
  });

  it('treats a literal passed to a run-ID parameter declared in the source as a run ID', () => {
    expect(outcomes['test/run-log.test.ts']?.text).toContain(`forRun('${run('other-run', 'test_thread')}')`);
  });

  it('keeps a value a file it does not visit holds', () => {
    expect(outcomes['test/store.test.ts']?.text).toContain("run_id: 'kept-run'");
    const warning = outcomes['test/store.test.ts']?.warnings.find((w) => w.code === 'shared-with-unvisited-file');
    expect(warning?.message).toContain('test/names.test.ts');
  });
});

describe('threads decided once for the project', () => {
  it('keeps a run paired with two threads in two files, in both', () => {
    const outcomes = migrateProject({
      'test/a.test.ts': `save({ runId: 'run-abc', threadId: 'support-chat' });\n`,
      'test/b.test.ts': `const THREAD_ID = 'thread-b';\nconst RUN_ID = 'run-abc';\nadopt({ runId: RUN_ID, threadId: THREAD_ID });\n`,
    });
    for (const path of ['test/a.test.ts', 'test/b.test.ts']) {
      expect(outcomes[path]?.text, path).toContain("'run-abc'");
      expect(codes(outcomes[path] ?? { warnings: [] }), path).toEqual(['ambiguous-thread']);
    }
    // Each thread with the line that pairs it.
    expect(outcomes['test/a.test.ts']?.warnings[0]?.message).toMatch(/"support-chat" at test\/a\.test\.ts:1, "thread-b" at test\/b\.test\.ts:1/);
  });

  it("takes a factory's default thread from the file that defines it", () => {
    const files: Files = {
      'test/helpers/events.ts': `export const FIXTURE_THREAD = 'fixture-thread';
export function makeEvent(overrides: Partial<RunEvent> = {}): RunEvent {
  return { run_id: 'fixture-run', thread_id: FIXTURE_THREAD, type: 'step', ...overrides };
}
`,
      'test/events.test.ts': `import { makeEvent } from './helpers/events';
it('pairs', () => {
  expect(makeEvent({ run_id: 'run-7' }).thread_id).toBe('fixture-thread');
});
`,
    };
    const outcomes = migrateProject(files);
    expect(outcomes['test/events.test.ts']?.text).toContain(run('run-7', 'fixture-thread'));
    expect(outcomes['test/helpers/events.ts']?.text).toContain(run('fixture-run', 'fixture-thread'));
    // Alone, the file cannot see the factory: the run stays, with a warning.
    const alone = applyTo('test/events.test.ts', files['test/events.test.ts'] as string, undefined);
    expect(alone.text).toBe(files['test/events.test.ts']);
    expect(codes(alone)).toEqual(['unknown-factory-thread']);
  });

  it('sanitizes a thread only when no other string keeps its old value', () => {
    const outcomes = migrateProject({
      'src/channels.ts': `export const SUPPORT_INBOX = 'support.chat/inbox';\n`,
      'test/chat.test.ts': `it('routes', () => {
  const session = { threadId: 'support.chat', runId: 'chat-run' };
  const other = { threadId: 'sales team', runId: 'sales-run' };
  expect(channel(session)).toBe('thread:support.chat');
  expect(channel(other)).toBe('thread:sales team');
});
`,
    });
    const text = outcomes['test/chat.test.ts']?.text ?? '';
    // 'support.chat' lives on in the source: it and its run stay.
    expect(text).toContain("{ threadId: 'support.chat', runId: 'chat-run' }");
    expect(codes(outcomes['test/chat.test.ts'] ?? { warnings: [] })).toEqual(['thread-held-elsewhere', 'unmapped-thread']);
    // 'sales team' is held nowhere else: sanitized, its run paired with it, the `thread:` segment follows.
    expect(text).toContain(`{ threadId: 'sales_team', runId: '${run('sales-run', 'sales_team')}' }`);
    expect(text).toContain("'thread:sales_team'");
  });
});

describe('what one file keeps for itself', () => {
  it('keeps a value where a test expects it to be rejected, and rewrites it where it is an ID', () => {
    const outcomes = migrateProject({
      'test/api.test.ts': `it('refuses a run it cannot accept', () => {
  expect(() => intake.accept({ run_id: 'draft-run', thread_id: 'main' })).toThrow();
});
`,
      'test/store.test.ts': `it('stores a draft', () => {
  store.save({ run_id: 'draft-run', thread_id: 'main' });
  expect(store.get('draft-run')).toBeDefined();
});
`,
    });
    expect(outcomes['test/api.test.ts']?.text).toContain("run_id: 'draft-run'");
    expect(codes(outcomes['test/api.test.ts'] ?? { warnings: [] })).toEqual(['expected-rejection']);
    expect(outcomes['test/store.test.ts']?.text).toContain(`store.get('${run('draft-run', 'main')}')`);
  });

  it('takes a default thread from a factory in test data outside the test folders', () => {
    const outcomes = migrateProject({
      'src/testing/fixtures.ts': `export const FIXTURE_THREAD = 'fixture-thread';
export function makeRun(overrides: Partial<RunRecord> = {}): RunRecord {
  return { run_id: 'fixture-run', thread_id: FIXTURE_THREAD, status: 'done', ...overrides };
}
`,
      'test/runs.test.ts': `import { makeRun } from '../src/testing/fixtures';
it('saves', () => {
  repo.save(makeRun({ run_id: 'saved-run' }));
  expect(repo.get('saved-run')?.thread_id).toBe('fixture-thread');
});
`,
    });
    expect(outcomes['test/runs.test.ts']?.text).toContain(`repo.get('${run('saved-run', 'fixture-thread')}')`);
    expect(outcomes['src/testing/fixtures.ts']?.text).toContain(run('fixture-run', 'fixture-thread'));
  });
});

describe('what tests send or convert', () => {
  it('keeps what a test sends as an HTTP request, everywhere, and says what to do', () => {
    const outcomes = migrateProject({
      'test/chat.test.ts': `it('echoes the client labels', async () => {
  const res = await api.post('/chat', { threadId: 'client-thread', runId: 'client-turn-1' });
  expect(res.body.turnId).toBe('client-turn-1');
});
`,
      'test/turns.test.ts': `it('stores turns', () => {
  turns.save({ runId: 'client-turn-1', threadId: 'client-thread' });
  turns.save({ runId: 'turn-2', threadId: 'client-thread' });
});
`,
    });
    expect(outcomes['test/chat.test.ts']?.text).toContain("toBe('client-turn-1')");
    expect(outcomes['test/turns.test.ts']?.text).toContain("runId: 'client-turn-1'");
    expect(outcomes['test/turns.test.ts']?.text).toContain(run('turn-2', 'client-thread'));
    const warning = outcomes['test/chat.test.ts']?.warnings.find((w) => w.code === 'request-input');
    expect(warning?.message).toMatch(/replace it by hand/);
  });

  const backfill: Files = {
    'src/backfill.ts': `import { migrateLegacyRunIdToStandard } from './ids';
export function backfill(rows: { run_id: string }[]) {
  return rows.map((row) => migrateLegacyRunIdToStandard(row.run_id));
}
`,
    'src/ids.ts': `export function migrateLegacyRunIdToStandard(id: string): string {
  return id;
}
`,
    'test/backfill.test.ts': `import { backfill } from '../src/backfill';
import rows from './fixtures/export.json';
it('converts the export', () => {
  expect(backfill(rows)).toHaveLength(2);
  expect(backfill([{ run_id: 'run_inline_0000beef' }])).toEqual(['thread_inline_run_0_0000beef']);
});
`,
    'test/fixtures/export.json': `[{ "run_id": "run_abc_1a2b3c4d", "thread_id": "thread_abc" }, { "run_id": "run_def_0000aaaa", "thread_id": "thread_def" }]
`,
    'test/fixtures/other.json': `[{ "run_id": "run_ghi_0000bbbb" }]
`,
  };

  it('keeps old-format IDs a test feeds to a module that converts them, in the test and the JSON it loads', () => {
    const outcomes = migrateProject(backfill);
    expect(outcomes['test/fixtures/export.json']?.text).toBe(backfill['test/fixtures/export.json']);
    expect(outcomes['test/backfill.test.ts']?.text).toContain("'run_inline_0000beef'");
    expect(codes(outcomes['test/backfill.test.ts'] ?? { warnings: [] })).toContain('legacy-input');
    // A JSON file no such test loads is converted as usual.
    expect(outcomes['test/fixtures/other.json']?.text).toContain(toCanonicalRunId('run_ghi_0000bbbb'));
  });

  it('converts them when the module under test only defines the converter', () => {
    const { 'src/backfill.ts': _converter, ...rest } = backfill;
    const outcomes = migrateProject({ ...rest, 'test/backfill.test.ts': (backfill['test/backfill.test.ts'] as string).replace('../src/backfill', '../src/ids') });
    expect(outcomes['test/fixtures/export.json']?.text).toContain(toCanonicalRunId('run_abc_1a2b3c4d'));
  });

  it('pairs a run handed to a call with the thread of the object it joins', () => {
    const outcomes = migrateProject({
      'src/sessions.ts': `export class SessionManager {
  open(threadId: string, socket: Socket): Session { return new Session(threadId, socket); }
  attachRun(sessionId: string, runId: string): void { void sessionId; void runId; }
}
`,
      'test/sessions.test.ts': `it('attaches', () => {
  const session = sessions.open('alpha', socket);
  sessions.attachRun(session.sessionId, 'session-run-1');
  expect(session.runId).toBe('session-run-1');
});
`,
    });
    expect(outcomes['test/sessions.test.ts']?.text).toContain(`attachRun(session.sessionId, '${run('session-run-1', 'alpha')}')`);
  });
});

describe('order and shards', () => {
  const files: Files = {
    'test/a.test.ts': `save({ runId: 'run-a', threadId: 'thread a' });\nsave({ runId: 'run-shared' });\n`,
    'test/b.test.ts': `it.each([['run-shared', 'thread a']])('%s', (runId, threadId) => check(runId, threadId));\n`,
    'test/c.test.ts': `expect(fetchPath('/runs/run-a/events')).toBeDefined();\nexpect(getRun('run-c')).toBeDefined();\nsave({ run_id: 'run_c_0000c0de' });\n`,
    'src/app.ts': `export function getRun(runId: string) { return runId; }\n`,
  };

  it('combines to the same verdict whatever order the files come in', () => {
    const sorted = combineProject(files);
    const reversed = combineProject(files, Object.keys(files).sort().reverse());
    expect(reversed).toEqual(sorted);
  });

  it('gives each shard the changes of one unsharded run', () => {
    const combined = combineProject(files);
    const whole = textsOf(migrateProject(files));
    // Each shard applies the same project-wide verdict to its own slice of files.
    const shards = [['test/a.test.ts'], ['test/b.test.ts', 'src/app.ts'], ['test/c.test.ts']];
    for (const shard of shards) {
      for (const path of shard) expect(applyTo(path, files[path] as string, combined).text, path).toBe(whole[path]);
    }
    expect(whole['test/c.test.ts']).toContain(`'/runs/${run('run-a', 'thread_a')}/events'`);
    expect(whole['test/c.test.ts']).toContain(`getRun('${run('run-c', 'test_thread')}')`);
    expect(whole['test/c.test.ts']).toContain(`'${toCanonicalRunId('run_c_0000c0de')}'`);
    expect(whole['test/b.test.ts']).toContain(`['${run('run-shared', 'thread_a')}', 'thread_a']`);
  });
});
