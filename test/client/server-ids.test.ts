import { describe, expect, it } from 'vitest';
import { generateRunId, generateThreadId, RunIdError } from '../../src/index';
import { createMemoryIdStore, createServerIds, createWebStorageIdStore, ServerIdError } from '../../src/client/index';
import type { ServerIdErrorCode, WebStorageLike } from '../../src/client/index';
import { MAX_UUID, NIL_UUID, UuidError } from '../../src/uuid/index';

/** A Web Storage stand-in with the same methods (and the same string-only values). */
class MemoryStorage implements WebStorageLike {
  readonly entries = new Map<string, string>();
  get length(): number {
    return this.entries.size;
  }
  key(index: number): string | null {
    return [...this.entries.keys()][index] ?? null;
  }
  getItem(key: string): string | null {
    return this.entries.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.entries.set(key, String(value));
  }
  removeItem(key: string): void {
    this.entries.delete(key);
  }
}

function codeOf(action: () => unknown): ServerIdErrorCode {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ServerIdError);
    return (error as ServerIdError).code;
  }
  throw new Error('expected a ServerIdError');
}

const V7 = '017f22e2-79b0-7cc3-98c4-dc0c0c07398f';
const V4 = '919108f7-52d1-4320-9bac-f847db4148a8';

describe('createServerIds', () => {
  it('adopts a thread id the server sent, with its metadata, and hands it back', () => {
    const threads = createServerIds<{ title: string }>({ accept: 'thread-id', label: 'thread id' });
    const threadId = generateThreadId();
    expect(threads.adopt(threadId, { title: 'support' })).toEqual({ id: threadId, kind: 'thread-id', source: 'server', metadata: { title: 'support' } });
    expect(threads.require(threadId).metadata).toEqual({ title: 'support' });
    expect(threads.has(threadId)).toBe(true);
    expect(threads.ids()).toEqual([threadId]);
  });

  it('upserts: the same id again replaces its metadata, never adds a second record', () => {
    const runs = createServerIds<{ status: string }>({ accept: 'run-id' });
    const runId = generateRunId('support');
    runs.adopt(runId, { status: 'queued' });
    runs.adopt(runId, { status: 'done' });
    expect(runs.ids()).toEqual([runId]);
    expect(runs.require(runId).metadata).toEqual({ status: 'done' });
  });

  it('rejects a malformed id with INVALID_SERVER_ID, the validation error as cause, and stores nothing', () => {
    const runs = createServerIds<null>({ accept: 'run-id', label: 'run id' });
    let error: unknown;
    try {
      runs.adopt('run-42', null);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ServerIdError);
    expect(error).toMatchObject({ code: 'INVALID_SERVER_ID', input: 'run-42' });
    expect((error as Error).message).toContain('the server sent "run-42" for the run id, which is not valid (run-id: ');
    expect((error as Error).cause).toBeInstanceOf(RunIdError);
    expect(runs.ids()).toEqual([]);
    for (const value of [42, '', {}, ' thread_x', 'x'.repeat(201)]) expect(codeOf(() => runs.adopt(value, null))).toBe('INVALID_SERVER_ID');
    expect(runs.ids()).toEqual([]);
  });

  it('without a fallback, a server that sends no id gets MISSING_SERVER_ID, and nothing is stored', () => {
    const threads = createServerIds<null>({ accept: 'thread-id' });
    expect(codeOf(() => threads.adopt(undefined, null))).toBe('MISSING_SERVER_ID');
    expect(codeOf(() => threads.adopt(null, null))).toBe('MISSING_SERVER_ID');
    expect(threads.ids()).toEqual([]);
  });

  it('with an explicit fallback, adopts what it makes, marked as such, and validates it like a server id', () => {
    const streams = createServerIds<{ name: string }>({ accept: 'uuid', fallback: ({ name }) => (name === 'bad' ? 'not-a-uuid' : V4) });
    expect(streams.adopt(undefined, { name: 'observations' })).toEqual({ id: V4, kind: 'uuid', source: 'fallback', metadata: { name: 'observations' } });
    expect(codeOf(() => streams.adopt(undefined, { name: 'bad' }))).toBe('INVALID_FALLBACK_ID');
    // Once the server sends the id, the record is the server's.
    expect(streams.adopt(V4, { name: 'observations' }).source).toBe('server');
  });

  it('never makes an id: asking for one no server sent is UNKNOWN_ID', () => {
    const threads = createServerIds<null>({ accept: 'thread-id' });
    expect(codeOf(() => threads.require('support'))).toBe('UNKNOWN_ID');
    expect(threads.get('support')).toBeUndefined();
    expect(threads.forget('support')).toBe(false);
  });

  it('accepts UUIDs of the configured version, never the Nil or Max sentinels', () => {
    const any = createServerIds<null>({ accept: 'uuid' });
    expect(any.adopt(V4, null).kind).toBe('uuid');
    expect(codeOf(() => any.adopt(NIL_UUID, null))).toBe('INVALID_SERVER_ID');
    expect(codeOf(() => any.adopt(MAX_UUID.toUpperCase(), null))).toBe('INVALID_SERVER_ID');
    const v7 = createServerIds<null>({ accept: 'uuid', uuidVersion: 7 });
    expect(v7.adopt(V7, null).id).toBe(V7);
    let error: unknown;
    try {
      v7.adopt(V4, null);
    } catch (caught) {
      error = caught;
    }
    expect((error as Error).cause).toBeInstanceOf(UuidError);
    expect((error as Error).message).toContain('VERSION_MISMATCH');
  });

  it('with several kinds, records the first that matched and explains every rejection', () => {
    const ids = createServerIds<null>({ accept: ['run-id', 'uuid'] });
    expect(ids.adopt(V7, null).kind).toBe('uuid');
    expect(ids.adopt('run_support_0123abcd', null).kind).toBe('run-id');
    let message = '';
    try {
      ids.adopt('nope', null);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('run-id: ');
    expect(message).toContain('INVALID_PREFIX at index 0');
    expect(message).toContain('uuid: ');
  });

  it('refuses options it cannot work with', () => {
    expect(codeOf(() => createServerIds({ accept: 'ulid' as never }))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => createServerIds({ accept: [] }))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => createServerIds({ accept: 'uuid', uuidVersion: 9 as never }))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => createServerIds({ accept: 'run-id', uuidVersion: 7 }))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => createServerIds({ accept: 'run-id', fallback: 'x' as never }))).toBe('INVALID_OPTIONS');
  });
});

describe('stores', () => {
  it('the memory store upserts by id and deletes', () => {
    const store = createMemoryIdStore<number>();
    store.upsert({ id: 'a', kind: 'thread-id', source: 'server', metadata: 1 });
    store.upsert({ id: 'a', kind: 'thread-id', source: 'server', metadata: 2 });
    expect(store.ids()).toEqual(['a']);
    expect(store.get('a')?.metadata).toBe(2);
    expect(store.delete('a')).toBe(true);
    expect(store.delete('a')).toBe(false);
  });

  it('the Web Storage store survives a new client over the same storage (a page reload)', () => {
    const storage = new MemoryStorage();
    storage.setItem('other-app', 'kept');
    const first = createServerIds<{ title: string }>({ accept: 'thread-id', store: createWebStorageIdStore({ storage, prefix: 'threads:' }) });
    first.adopt('support', { title: 'Support' });
    const second = createServerIds<{ title: string }>({ accept: 'thread-id', store: createWebStorageIdStore({ storage, prefix: 'threads:' }) });
    expect(second.require('support')).toEqual({ id: 'support', kind: 'thread-id', source: 'server', metadata: { title: 'Support' } });
    expect(second.ids()).toEqual(['support']);
    expect(second.forget('support')).toBe(true);
    expect(second.forget('support')).toBe(false);
    expect([...storage.entries.keys()]).toEqual(['other-app']);
  });

  it('reports a stored entry it cannot read back as STORE_CORRUPT, never as a record', () => {
    const storage = new MemoryStorage();
    const store = createWebStorageIdStore<null>({ storage });
    for (const text of ['{', '[]', '{"id":"other","kind":"thread-id","source":"server","metadata":null}', '{"id":"x","kind":"ulid","source":"server"}', '{"id":"x","kind":"uuid","source":"guess"}']) {
      storage.setItem('unified-id:x', text);
      expect(codeOf(() => store.get('x'))).toBe('STORE_CORRUPT');
    }
  });

  it('reports a refused write as STORE_WRITE_FAILED, and adopt stores nothing', () => {
    const full = new MemoryStorage();
    full.setItem = () => {
      throw new Error('QuotaExceededError');
    };
    const threads = createServerIds<null>({ accept: 'thread-id', store: createWebStorageIdStore({ storage: full }) });
    expect(codeOf(() => threads.adopt('support', null))).toBe('STORE_WRITE_FAILED');
    expect(threads.ids()).toEqual([]);
    const storage = new MemoryStorage();
    const bigints = createServerIds<{ n: bigint }>({ accept: 'thread-id', store: createWebStorageIdStore({ storage }) });
    expect(codeOf(() => bigints.adopt('support', { n: 1n }))).toBe('STORE_WRITE_FAILED');
    expect(storage.length).toBe(0);
  });
});
