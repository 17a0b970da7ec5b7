/**
 * The project-wide verdict on every ID literal of the tests: which originals become what (`rewrite`), and which stay
 * and why (`keep`, with the warning every file holding one in a carrier reports). `combine` computes it once; every
 * file, worker and shard reads the same value, so an original gets the same replacement everywhere.
 */
import type { JsonValue } from '../../../rule';

export interface Replacement {
  readonly kind: 'run' | 'thread';
  readonly replacement: string;
}

export interface Kept {
  /** Warning code (`shared-with-source`, `ambiguous-thread`, …). */
  readonly code: string;
  /** What the warning says, including what to do. */
  readonly message: string;
}

export interface Decisions {
  readonly rewrite: ReadonlyMap<string, Replacement>;
  readonly keep: ReadonlyMap<string, Kept>;
}

export function decisionsToJson(decisions: Decisions): JsonValue {
  return {
    rule: 'test-ids',
    rewrite: [...decisions.rewrite].map(([original, { kind, replacement }]) => [original, kind, replacement]),
    keep: [...decisions.keep].map(([original, { code, message }]) => [original, code, message]),
  };
}

function rows(value: JsonValue | undefined): readonly (readonly JsonValue[])[] {
  if (!Array.isArray(value)) return [];
  return (value as readonly JsonValue[]).filter((row): row is readonly JsonValue[] => Array.isArray(row));
}

// Files of one run share one combined value: read it once per thread.
const cache = new WeakMap<object, Decisions>();

/** Decisions from the combined JSON value; `undefined` when `value` is not this rule's. */
export function readDecisions(value: JsonValue | undefined): Decisions | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const cached = cache.get(value);
  if (cached) return cached;
  const root = value as { readonly [key: string]: JsonValue };
  if (root['rule'] !== 'test-ids') return undefined;
  const rewrite = new Map<string, Replacement>();
  for (const [original, kind, replacement] of rows(root['rewrite'])) {
    if (typeof original === 'string' && (kind === 'run' || kind === 'thread') && typeof replacement === 'string') rewrite.set(original, { kind, replacement });
  }
  const keep = new Map<string, Kept>();
  for (const [original, code, message] of rows(root['keep'])) {
    if (typeof original === 'string' && typeof code === 'string' && typeof message === 'string') keep.set(original, { code, message });
  }
  const decisions: Decisions = { rewrite, keep };
  cache.set(value, decisions);
  return decisions;
}
