import { RunIdError } from './errors';
import { reportParseFailure } from './monitor';
import { extractThreadId } from './parse';
import { stripThreadPrefixes } from './thread-id';

/**
 * True when `runId` is readable and belongs to `threadId`. Threads are compared after `normalizeThreadId`,
 * so IDs from both historical generators (one kept the `thread_` prefix, one stripped it) validate against
 * either spelling.
 */
export function validateIdPair(runId: unknown, threadId: unknown): boolean {
  const runThread = extractThreadId(runId);
  if (runThread === undefined) return false;
  if (typeof threadId !== 'string') {
    reportParseFailure(new RunIdError('NOT_A_STRING', threadId));
    return false;
  }
  return stripThreadPrefixes(runThread) === stripThreadPrefixes(threadId);
}
