/**
 * What every mapping hashes: the run ID in the form a generator emits (suffix lowercase, everything else as given),
 * so run IDs that compare equal (SPEC.md §Order) map to the same outputs. Run IDs are ASCII by grammar, so their
 * UTF-8 bytes are their character codes.
 */
import { parseRunId } from '../parse';
import type { ParsedRunId } from '../types';
import { sha256 } from './sha256';

export interface NormalizedRun {
  readonly parsed: ParsedRunId;
  /** The run ID with its suffix lowercased. */
  readonly normalized: string;
}

export interface RunDigest extends NormalizedRun {
  /** SHA-256 of `normalized`. */
  readonly digest: Uint8Array;
}

/** Throws `RunIdError` for anything that is not a run ID. */
export function normalizeRun(runId: string): NormalizedRun {
  const parsed = parseRunId(runId);
  // The suffix is the last 8 characters of either format; the parse gives it lowercase.
  return { parsed, normalized: runId.slice(0, -parsed.suffix.length) + parsed.suffix };
}

/** Throws `RunIdError` for anything that is not a run ID. */
export function runDigest(runId: string): RunDigest {
  const { parsed, normalized } = normalizeRun(runId);
  const bytes = new Uint8Array(normalized.length);
  for (let i = 0; i < normalized.length; i++) bytes[i] = normalized.charCodeAt(i);
  return { parsed, normalized, digest: sha256(bytes) };
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += HEX[byte] as string;
  return out;
}
