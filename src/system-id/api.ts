/**
 * The top-level functions, bound to one lazily created default store (nothing is resolved at import).
 */
import type { SystemIdDiagnosis } from './diagnose';
import type { SystemIdHistoryEntry } from './history';
import { createSystemIdStore, type GetSystemIdOptions, type SystemIdChange, type SystemIdStore } from './store';
import type { SystemIdInfo } from './types';

let defaultStore: SystemIdStore | null = null;

function store(): SystemIdStore {
  return (defaultStore ??= createSystemIdStore());
}

/** This installation's ID (see README): env override, else the stored file, else a new one; cached. */
export function getSystemId(options?: GetSystemIdOptions): Promise<string> {
  return store().getSystemId(options);
}

export function getSystemIdInfo(): Promise<SystemIdInfo> {
  return store().getSystemIdInfo();
}

/** Waits for background persistence to finish (persisted, or given up) — e.g. before a CLI exits. */
export function flushSystemId(): Promise<SystemIdInfo> {
  return store().flushSystemId();
}

/** A fresh random UUID v4; stores nothing. */
export function generateSystemId(): string {
  return store().generateSystemId();
}

export function resetSystemId(options: { readonly confirm: true }): Promise<SystemIdChange> {
  return store().resetSystemId(options);
}

export function migrateSystemId(oldId: string, newId: string): Promise<SystemIdChange> {
  return store().migrateSystemId(oldId, newId);
}

export function systemIdHistory(): Promise<readonly SystemIdHistoryEntry[]> {
  return store().systemIdHistory();
}

export function diagnoseSystemId(): Promise<SystemIdDiagnosis> {
  return store().diagnoseSystemId();
}

/**
 * Forgets the default store's cached ID so the next call resolves again (re-reading env and disk).
 * Touches nothing on disk. For tests and for processes whose environment changed.
 */
export function clearSystemIdCache(): void {
  defaultStore = null;
}
