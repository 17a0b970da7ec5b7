/**
 * A store over Web Storage (`localStorage`, `sessionStorage`, or anything with their methods): one entry per id,
 * under `prefix + id`, holding the record as JSON. Metadata must therefore be plain JSON. Entries are checked when
 * read back: one that is not this store's JSON, or whose id is not its key, is `STORE_CORRUPT`, never a wrong answer.
 */
import { ServerIdError, describeValue } from './errors';
import { SERVER_ID_KINDS } from './kinds';
import type { AdoptedId, ServerIdStore } from './store';

/** The part of the Web Storage interface the store uses (structural: no DOM types needed). */
export interface WebStorageLike {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface WebStorageIdStoreOptions {
  readonly storage: WebStorageLike;
  /** Key prefix, so several stores (threads, runs) and other data share one storage. Default `unified-id:`. */
  readonly prefix?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readEntry<Metadata>(key: string, id: string, text: string): AdoptedId<Metadata> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (
    !isRecord(value) ||
    value['id'] !== id ||
    !SERVER_ID_KINDS.includes(value['kind'] as never) ||
    (value['source'] !== 'server' && value['source'] !== 'fallback')
  ) {
    throw new ServerIdError('STORE_CORRUPT', `stored entry ${describeValue(key)} is not a record of id ${describeValue(id)}`, key);
  }
  return { id, kind: value['kind'] as AdoptedId<Metadata>['kind'], source: value['source'], metadata: value['metadata'] as Metadata };
}

export function createWebStorageIdStore<Metadata>(options: WebStorageIdStoreOptions): ServerIdStore<Metadata> {
  const { storage } = options;
  const prefix = options.prefix ?? 'unified-id:';
  return {
    get(id) {
      const text = storage.getItem(prefix + id);
      return text === null ? undefined : readEntry<Metadata>(prefix + id, id, text);
    },
    upsert(record) {
      try {
        storage.setItem(prefix + record.id, JSON.stringify({ id: record.id, kind: record.kind, source: record.source, metadata: record.metadata }));
      } catch (error) {
        throw new ServerIdError('STORE_WRITE_FAILED', `cannot store id ${describeValue(record.id)}: ${error instanceof Error ? error.message : String(error)}`, record.id, {
          cause: error,
        });
      }
    },
    delete(id) {
      if (storage.getItem(prefix + id) === null) return false;
      storage.removeItem(prefix + id);
      return true;
    },
    ids() {
      const ids: string[] = [];
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i);
        if (key !== null && key.startsWith(prefix)) ids.push(key.slice(prefix.length));
      }
      return ids;
    },
  };
}
