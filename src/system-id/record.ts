/**
 * The storage format of `system-id.json` and its validation.
 *
 * {"format":"unified-id/system-id","version":1,"id":"<uuid>","createdAt":"<ISO>","history":[...]}
 *
 * Any file from which a valid `id` can be read keeps that ID (a bare UUID on its own is accepted too), so a
 * damaged `createdAt` or history never changes the ID. Only files with no readable ID are invalid.
 */
import { sanitizeHistory, type SystemIdHistoryEntry } from './history';
import { isUuid, normalizeUuid } from './uuid';

export const RECORD_FORMAT = 'unified-id/system-id';
export const RECORD_VERSION = 1;
/** Larger files are not ours: they are quarantined without being read into memory. */
export const MAX_RECORD_BYTES = 64 * 1024;

export interface SystemIdRecord {
  readonly id: string;
  /** ISO 8601, or `null` when the stored file did not say. */
  readonly createdAt: string | null;
  readonly history: readonly SystemIdHistoryEntry[];
}

export type InvalidReason = 'empty' | 'corrupt' | 'wrong-shape' | 'too-large';

export type RecordParse =
  | { readonly ok: true; readonly record: SystemIdRecord }
  | { readonly ok: false; readonly reason: InvalidReason };

export function serializeRecord(record: SystemIdRecord): string {
  const stored = {
    format: RECORD_FORMAT,
    version: RECORD_VERSION,
    id: record.id,
    createdAt: record.createdAt,
    history: record.history,
  };
  return `${JSON.stringify(stored, null, 2)}\n`;
}

export function parseRecord(content: string): RecordParse {
  if (content.length > MAX_RECORD_BYTES) return { ok: false, reason: 'too-large' };
  const text = content.trim();
  if (text === '') return { ok: false, reason: 'empty' };
  if (isUuid(text)) return { ok: true, record: { id: normalizeUuid(text), createdAt: null, history: [] } };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'corrupt' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'wrong-shape' };
  const { id, createdAt, history } = value as Record<string, unknown>;
  if (!isUuid(id)) return { ok: false, reason: 'wrong-shape' };
  return {
    ok: true,
    record: {
      id: normalizeUuid(id),
      createdAt: typeof createdAt === 'string' && !Number.isNaN(Date.parse(createdAt)) ? createdAt : null,
      history: sanitizeHistory(history),
    },
  };
}
