/** The JSON line `parse` and `inspect` print for each ID: what the codec reads, or why it refuses. */
import { safeParseRunId } from '../../index';
import type { RunIdErrorCode, RunIdFormat } from '../../index';

export type IdReport =
  | {
      readonly input: string;
      readonly ok: true;
      readonly format: RunIdFormat;
      readonly threadId: string;
      readonly timestamp: number | null;
      readonly suffix: string;
    }
  | { readonly input: string; readonly ok: false; readonly code: RunIdErrorCode; readonly index: number; readonly message: string };

export function reportId(input: string): IdReport {
  const result = safeParseRunId(input);
  if (!result.ok) {
    const { code, index, message } = result.error;
    return { input, ok: false, code, index, message };
  }
  const { format, threadId, timestamp, suffix } = result.value;
  return { input, ok: true, format, threadId, timestamp, suffix };
}

/** One line of JSON (JSON.stringify escapes newlines and lone surrogates, so the line is always one line). */
export function jsonLine(report: object): string {
  return `${JSON.stringify(report)}\n`;
}
