/**
 * Where adopted ids live: a small synchronous interface (so a Web Storage, an in-memory map or an app's own state
 * can hold them), keyed by the server's id, written by upsert — the same id again replaces its record, never adds one.
 */
import type { ServerIdKind } from './kinds';

/** An id the client adopted, with what the app keeps about it. */
export interface AdoptedId<Metadata> {
  /** The id exactly as the server sent it (or as the fallback made it). */
  readonly id: string;
  readonly kind: ServerIdKind;
  /** `server`: sent by the server; `fallback`: made by the configured fallback because the server sent none. */
  readonly source: 'server' | 'fallback';
  readonly metadata: Metadata;
}

export interface ServerIdStore<Metadata> {
  get(id: string): AdoptedId<Metadata> | undefined;
  /** Inserts the record, or replaces the one with the same `id`. */
  upsert(record: AdoptedId<Metadata>): void;
  /** True when there was a record to delete. */
  delete(id: string): boolean;
  /** The ids held, in no particular order. */
  ids(): readonly string[];
}

/** A store in memory (a `Map`), for servers, tests and pages that need nothing to survive a reload. */
export function createMemoryIdStore<Metadata>(): ServerIdStore<Metadata> {
  const records = new Map<string, AdoptedId<Metadata>>();
  return {
    get: (id) => records.get(id),
    upsert: (record) => void records.set(record.id, record),
    delete: (id) => records.delete(id),
    ids: () => [...records.keys()],
  };
}
