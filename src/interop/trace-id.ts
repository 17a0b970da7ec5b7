/**
 * `traceIdOf(runId)`: a W3C Trace Context / OpenTelemetry trace id for a run — 32 lowercase hex digits, never all
 * zeros (W3C Trace Context §3.2.2.3) — so every span of one run lands in one trace, the same trace on every service.
 *
 * Definition: the first 16 bytes of SHA-256 of the run ID with its suffix lowercased, as hex; if all 16 are zero, the
 * last byte is set to 1 (probability 2^-128; the rule exists so the output is always valid). Two different run IDs
 * share a trace id with probability 2^-128; among n run IDs, below n² / 2^129.
 */
import { runDigest, toHex } from './run-digest';

/** The trace id of a 32-byte digest (see above). */
export function traceIdFromDigest(digest: Uint8Array): string {
  const bytes = digest.slice(0, 16);
  if (bytes.every((byte) => byte === 0)) bytes[15] = 1;
  return toHex(bytes);
}

/** The trace id of a run ID (see above). Throws `RunIdError` for a non-run-ID. */
export function traceIdOf(runId: string): string {
  return traceIdFromDigest(runDigest(runId).digest);
}
