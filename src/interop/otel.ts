/**
 * `otelAttributes(runId)`: span attributes for a run. `gen_ai.conversation.id` is the OpenTelemetry GenAI semantic
 * convention for "the conversation (session, thread)": the run's thread, exactly as embedded. The run's own
 * attributes have no semantic convention, so they carry this package's namespace, `unified_id.`.
 */
import type { RunIdFormat } from '../types';
import { normalizeRun } from './run-digest';

export interface RunOtelAttributes {
  /** The run's thread id, as embedded in the run ID (no prefix stripped). */
  readonly 'gen_ai.conversation.id': string;
  /** The run ID with its suffix lowercased (the form a generator emits). */
  readonly 'unified_id.run.id': string;
  readonly 'unified_id.run.format': RunIdFormat;
  /** The run's millisecond; absent when the run carries no time (a legacy ID, or a canonical one with timestamp 0, "unknown"). */
  readonly 'unified_id.run.timestamp'?: number;
}

/** The attributes of a run ID (see above). Throws `RunIdError` for a non-run-ID. */
export function otelAttributes(runId: string): RunOtelAttributes {
  const { parsed, normalized } = normalizeRun(runId);
  const attributes = { 'gen_ai.conversation.id': parsed.threadId, 'unified_id.run.id': normalized, 'unified_id.run.format': parsed.format };
  return parsed.timestamp ? { ...attributes, 'unified_id.run.timestamp': parsed.timestamp } : attributes;
}
