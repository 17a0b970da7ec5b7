/**
 * The bounded history of ID changes, stored inside the ID file so a change and its record land together.
 */
import { isUuid, normalizeUuid } from './uuid';

export const MAX_HISTORY_ENTRIES = 20;

export type SystemIdChangeReason = 'reset' | 'migrate' | 'corrupt';

export interface SystemIdHistoryEntry {
  /** ISO 8601 time of the change. */
  readonly at: string;
  readonly reason: SystemIdChangeReason;
  /** The replaced ID; `null` when it was unreadable (`corrupt`) or there was none. */
  readonly oldId: string | null;
  readonly newId: string;
  /** For `corrupt`: where the unreadable file was moved. */
  readonly quarantinedTo?: string;
}

const REASONS: ReadonlySet<string> = new Set<SystemIdChangeReason>(['reset', 'migrate', 'corrupt']);

/** Appends, keeping only the newest `MAX_HISTORY_ENTRIES`. */
export function appendHistory(
  history: readonly SystemIdHistoryEntry[],
  entry: SystemIdHistoryEntry,
): readonly SystemIdHistoryEntry[] {
  return [...history, entry].slice(-MAX_HISTORY_ENTRIES);
}

/** Keeps the well-formed entries of a stored history; a damaged history never costs the ID itself. */
export function sanitizeHistory(value: unknown): readonly SystemIdHistoryEntry[] {
  if (!Array.isArray(value)) return [];
  const entries: SystemIdHistoryEntry[] = [];
  for (const item of value as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { at, reason, oldId, newId, quarantinedTo } = item as Record<string, unknown>;
    if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) continue;
    if (typeof reason !== 'string' || !REASONS.has(reason)) continue;
    if (!isUuid(newId) || (oldId !== null && !isUuid(oldId))) continue;
    entries.push({
      at,
      reason: reason as SystemIdChangeReason,
      oldId: oldId === null ? null : normalizeUuid(oldId),
      newId: normalizeUuid(newId),
      ...(typeof quarantinedTo === 'string' ? { quarantinedTo } : {}),
    });
  }
  return entries.slice(-MAX_HISTORY_ENTRIES);
}
