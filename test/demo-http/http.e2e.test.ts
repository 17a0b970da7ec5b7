/**
 * The demo's HTTP boundary end to end, over a real loopback socket: `fixtures/demo-http/server.mjs` mints thread and
 * run ids and streams run events over SSE; `fixtures/demo-http/client.mjs` adopts the ids through `unified-id/client`
 * and routes every event by its run ID. Then servers that send malformed ids or none: the client refuses with a
 * clear error and stores nothing, unless it was given an explicit fallback.
 *
 * The demo is plain JavaScript (it runs with `node` after a build, as an application would use the package), so it is
 * loaded by path and typed here by the shapes the test uses.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { isRunId, isThreadId, validateIdPair } from '../../src/index';

type IdMode = 'valid' | 'malformed' | 'none';

interface DemoServer {
  readonly url: string;
  close(): Promise<void>;
}

interface Adopted<Metadata> {
  readonly id: string;
  readonly kind: string;
  readonly source: 'server' | 'fallback';
  readonly metadata: Metadata;
}

interface Ids<Metadata> {
  require(id: string): Adopted<Metadata>;
  ids(): readonly string[];
}

interface RunInfo {
  readonly threadId: string;
  readonly transcript: readonly string[];
  readonly status: string;
}

interface DemoClient {
  readonly threads: Ids<{ title: string }>;
  readonly runs: Ids<RunInfo>;
  createThread(title: string): Promise<string>;
  startRun(threadId: string, input: string): Promise<string>;
  follow(threadId: string, runIds: readonly string[]): Promise<void>;
}

const demo = join(import.meta.dirname, '../../fixtures/demo-http');
const { startDemoServer } = (await import(pathToFileURL(join(demo, 'server.mjs')).href)) as {
  startDemoServer(options?: { threadIds?: IdMode; runIds?: IdMode }): Promise<DemoServer>;
};
const { createDemoClient } = (await import(pathToFileURL(join(demo, 'client.mjs')).href)) as {
  createDemoClient(baseUrl: string, options?: { threadFallback?: (info: { title: string }) => string }): DemoClient;
};

const servers: DemoServer[] = [];

async function serve(options?: { threadIds?: IdMode; runIds?: IdMode }): Promise<DemoServer> {
  const server = await startDemoServer(options);
  servers.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function rejection(promise: Promise<unknown>): Promise<{ readonly name: string; readonly code: string; readonly message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { name: string; code: string; message: string };
  }
  throw new Error('expected a rejection');
}

describe('demo over HTTP (server mints, client adopts and routes)', () => {
  it('adopts the minted thread and runs, and routes every streamed event to its run', async () => {
    const server = await serve();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const client = createDemoClient(server.url);
    const threadId = await client.createThread('support');
    expect(isThreadId(threadId)).toBe(true);
    const first = await client.startRun(threadId, 'one two three');
    const second = await client.startRun(threadId, 'four five');
    for (const runId of [first, second]) expect(isRunId(runId) && validateIdPair(runId, threadId)).toBe(true);

    await client.follow(threadId, [first, second]);

    expect(client.runs.require(first).metadata).toMatchObject({ threadId, status: 'completed', transcript: ['one', 'two', 'three'] });
    expect(client.runs.require(second).metadata).toMatchObject({ threadId, status: 'completed', transcript: ['four', 'five'] });
    expect(client.threads.require(threadId)).toEqual({ id: threadId, kind: 'thread-id', source: 'server', metadata: { title: 'support' } });
  });

  it('refuses an event of a run the server never sent to this client (UNKNOWN_ID), rather than inventing a route', async () => {
    const server = await serve();
    const client = createDemoClient(server.url);
    const threadId = await client.createThread('support');
    // A run started behind the client's back: its events arrive on the thread's stream first.
    await fetch(`${server.url}/threads/${threadId}/runs`, { method: 'POST', body: JSON.stringify({ input: 'stranger' }) });
    const known = await client.startRun(threadId, 'mine');
    const error = await rejection(client.follow(threadId, [known]));
    expect(error).toMatchObject({ name: 'ServerIdError', code: 'UNKNOWN_ID' });
    expect(client.runs.ids()).toEqual([known]);
  });

  it('never asks the server about a thread it did not adopt', async () => {
    const server = await serve();
    const client = createDemoClient(server.url);
    expect(await rejection(client.startRun('made-up-thread', 'hi'))).toMatchObject({ code: 'UNKNOWN_ID' });
  });

  it('a server sending a malformed thread id: INVALID_SERVER_ID with the reason, nothing stored', async () => {
    const server = await serve({ threadIds: 'malformed' });
    const client = createDemoClient(server.url);
    const error = await rejection(client.createThread('support'));
    expect(error).toMatchObject({ name: 'ServerIdError', code: 'INVALID_SERVER_ID' });
    expect(error.message).toContain('the server sent "thread 1" for the thread id, which is not valid');
    expect(error.message).toContain('INVALID_THREAD_ID');
    expect(client.threads.ids()).toEqual([]);
  });

  it('a server sending a malformed run ID: INVALID_SERVER_ID, no run stored', async () => {
    const server = await serve({ runIds: 'malformed' });
    const client = createDemoClient(server.url);
    const threadId = await client.createThread('support');
    const error = await rejection(client.startRun(threadId, 'hi'));
    expect(error).toMatchObject({ name: 'ServerIdError', code: 'INVALID_SERVER_ID' });
    expect(error.message).toContain('"run-2"');
    expect(client.runs.ids()).toEqual([]);
  });

  it('a server sending no ids: MISSING_SERVER_ID and nothing stored, without a fallback', async () => {
    const server = await serve({ threadIds: 'none', runIds: 'none' });
    const client = createDemoClient(server.url);
    expect(await rejection(client.createThread('support'))).toMatchObject({ code: 'MISSING_SERVER_ID' });
    expect(client.threads.ids()).toEqual([]);
  });

  it('a server sending no run ID: MISSING_SERVER_ID, no run stored', async () => {
    const server = await serve({ runIds: 'none' });
    const client = createDemoClient(server.url);
    const threadId = await client.createThread('support');
    expect(await rejection(client.startRun(threadId, 'hi'))).toMatchObject({ code: 'MISSING_SERVER_ID' });
    expect(client.runs.ids()).toEqual([]);
  });

  it('a server sending no thread id, with an explicit fallback: the fallback id, marked as such', async () => {
    const server = await serve({ threadIds: 'none' });
    const client = createDemoClient(server.url, { threadFallback: ({ title }) => `local-${title}` });
    const threadId = await client.createThread('support');
    expect(threadId).toBe('local-support');
    expect(client.threads.require(threadId).source).toBe('fallback');
  });
});
