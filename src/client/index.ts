/**
 * `unified-id/client`: the client side of server-minted ids (docs/boundaries.md). Validates the run IDs, thread ids
 * or UUIDs a server sends, keeps them with their metadata in a store (in memory or Web Storage), and never makes one.
 * Browser-safe, zero dependencies.
 */
export { ServerIdError, type ServerIdErrorCode } from './errors';
export { SERVER_ID_KINDS, type ServerIdKind } from './kinds';
export { createMemoryIdStore, type AdoptedId, type ServerIdStore } from './store';
export { createWebStorageIdStore, type WebStorageIdStoreOptions, type WebStorageLike } from './web-storage';
export { createServerIds, type ServerIds, type ServerIdsOptions } from './server-ids';
