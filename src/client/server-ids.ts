/**
 * The client side of the boundary "the server mints, the client adopts": validate each id a server sends, keep it
 * with its metadata (upsert keyed by that id), and hand back only ids a server sent. Nothing here makes an id: asking
 * for one no response carried is `UNKNOWN_ID`, and the only way to get an id without the server is a `fallback` the
 * app writes itself and passes explicitly, for servers that do not send ids yet; its records say `source: 'fallback'`.
 */
import type { UuidVersion } from '../uuid/syntax';
import { ServerIdError, describeValue } from './errors';
import { SERVER_ID_KINDS, rejectionFor } from './kinds';
import type { Rejection, ServerIdKind } from './kinds';
import { createMemoryIdStore } from './store';
import type { AdoptedId, ServerIdStore } from './store';

export interface ServerIdsOptions<Metadata> {
  /** What the server sends: one kind, or several tried in order (the record keeps the first that matched). */
  readonly accept: ServerIdKind | readonly ServerIdKind[];
  /** With `uuid`: accept only this UUID version (e.g. 7). */
  readonly uuidVersion?: UuidVersion;
  /** Where adopted ids are kept. Default: a new in-memory store. */
  readonly store?: ServerIdStore<Metadata>;
  /**
   * Only for servers that send no id yet: the app's own way to make one from the metadata (the behaviour it had
   * before the server sent ids). Its result is validated like a server's id. Without it, a missing id is `MISSING_SERVER_ID`.
   */
  readonly fallback?: (metadata: Metadata) => string;
  /** What the ids are, for messages: `thread id`, `run id`, `stream id`. Default `id`. */
  readonly label?: string;
}

export interface ServerIds<Metadata> {
  /**
   * Validates what the server sent and stores it with `metadata` (replacing the metadata of an id adopted before).
   * `undefined` or `null` means the server sent none: the fallback's id, or `MISSING_SERVER_ID`. A value of the wrong
   * kind is `INVALID_SERVER_ID`. On any error nothing is stored.
   */
  adopt(serverId: unknown, metadata: Metadata): AdoptedId<Metadata>;
  /** The record of an adopted id; `UNKNOWN_ID` when no server response carried it. */
  require(id: string): AdoptedId<Metadata>;
  get(id: string): AdoptedId<Metadata> | undefined;
  has(id: string): boolean;
  /** Drops an adopted id; true when there was one. */
  forget(id: string): boolean;
  ids(): readonly string[];
}

function kindsOf(accept: unknown): readonly ServerIdKind[] {
  const kinds = Array.isArray(accept) ? (accept as unknown[]) : [accept];
  if (kinds.length === 0 || !kinds.every((kind) => SERVER_ID_KINDS.includes(kind as ServerIdKind))) {
    throw new ServerIdError('INVALID_OPTIONS', `"accept" must be one of ${SERVER_ID_KINDS.join(', ')}, or a non-empty array of them`, accept);
  }
  return kinds as ServerIdKind[];
}

/** An id store that only ever holds ids a server sent (or an explicit fallback made), validated. */
export function createServerIds<Metadata>(options: ServerIdsOptions<Metadata>): ServerIds<Metadata> {
  const kinds = kindsOf(options.accept);
  if (options.fallback !== undefined && typeof options.fallback !== 'function') {
    throw new ServerIdError('INVALID_OPTIONS', '"fallback" must be a function of the metadata', options.fallback);
  }
  const version = options.uuidVersion;
  if (version !== undefined && (!kinds.includes('uuid') || !Number.isInteger(version) || version < 1 || version > 8)) {
    throw new ServerIdError('INVALID_OPTIONS', '"uuidVersion" must be an integer from 1 to 8, with "uuid" among the accepted kinds', version);
  }
  const store = options.store ?? createMemoryIdStore<Metadata>();
  const label = options.label ?? 'id';

  /** The first accepted kind `value` is, or every kind's reason it is not. */
  function classify(value: unknown): { readonly kind: ServerIdKind } | { readonly rejections: readonly Rejection[] } {
    const rejections: Rejection[] = [];
    for (const kind of kinds) {
      const rejection = rejectionFor(kind, value, version);
      if (!rejection) return { kind };
      rejections.push(rejection);
    }
    return { rejections };
  }

  function checked(value: unknown, source: AdoptedId<Metadata>['source']): ServerIdKind {
    const result = classify(value);
    if ('kind' in result) return result.kind;
    const who = source === 'server' ? 'the server sent' : 'the fallback made';
    const code = source === 'server' ? 'INVALID_SERVER_ID' : 'INVALID_FALLBACK_ID';
    const reasons = result.rejections.map((rejection) => rejection.reason).join('; ');
    const cause = result.rejections.length === 1 ? result.rejections[0]?.cause : undefined;
    throw new ServerIdError(code, `${who} ${describeValue(value)} for the ${label}, which is not valid (${reasons})`, value, cause ? { cause } : undefined);
  }

  return {
    adopt(serverId, metadata) {
      let id = serverId;
      let source: AdoptedId<Metadata>['source'] = 'server';
      if (serverId === undefined || serverId === null) {
        if (!options.fallback) {
          throw new ServerIdError('MISSING_SERVER_ID', `the server sent no ${label}, and no fallback is configured: nothing was stored`, serverId);
        }
        id = options.fallback(metadata);
        source = 'fallback';
      }
      const kind = checked(id, source);
      const record: AdoptedId<Metadata> = { id: id as string, kind, source, metadata };
      store.upsert(record);
      return record;
    },
    require(id) {
      const record = store.get(id);
      if (!record) throw new ServerIdError('UNKNOWN_ID', `no server sent the ${label} ${describeValue(id)}: a client uses the ids its server sends, it never makes them`, id);
      return record;
    },
    get: (id) => store.get(id),
    has: (id) => store.get(id) !== undefined,
    forget: (id) => store.delete(id),
    ids: () => store.ids(),
  };
}
