import { RunIdError } from './errors';
import { generateRunId } from './generator';
import { parseRunId } from './parse';
import { normalizeThreadId } from './thread-id';
import type { RunId } from './types';

export interface ExecutionContextInit {
  readonly runId: string;
  /** Optional: when given, it must name the run's own thread (compared with `normalizeThreadId`). */
  readonly threadId?: string;
}

/**
 * The IDs of one run. Its thread is always derived from its run ID — the single source of truth — so the two
 * can never drift apart. Immutable: a new run gets a new context.
 */
export class ExecutionContext {
  readonly runId: RunId;
  /** The run's thread, read from `runId`. */
  readonly threadId: string;

  /**
   * Throws `RunIdError`: the parse error for an unreadable run ID, `THREAD_MISMATCH` when `threadId` names
   * another thread, `INVALID_ARGUMENT` when `init` is not an object.
   */
  constructor(init: ExecutionContextInit) {
    if (typeof init !== 'object' || init === null) throw new RunIdError('INVALID_ARGUMENT', init);
    const parsed = parseRunId(init.runId);
    if (init.threadId !== undefined && normalizeThreadId(init.threadId) !== normalizeThreadId(parsed.threadId)) {
      throw new RunIdError('THREAD_MISMATCH', init.threadId);
    }
    this.runId = init.runId as RunId;
    this.threadId = parsed.threadId;
    Object.freeze(this);
  }

  /** The context of an existing run. */
  static fromRunId(runId: string): ExecutionContext {
    return contextOfRun(runId);
  }

  /** Starts a new run in `threadId` (a fresh canonical run ID). */
  static forThread(threadId: string): ExecutionContext {
    return contextOfRun(generateRunId(threadId));
  }

  /** A new run in the same thread. */
  nextRun(): ExecutionContext {
    return contextOfRun(generateRunId(this.threadId));
  }

  toJSON(): { runId: string; threadId: string } {
    return { runId: this.runId, threadId: this.threadId };
  }
}

/** Outside the class body: a class that names itself inside its body is emitted by bundlers as `class _ExecutionContext`. */
function contextOfRun(runId: string): ExecutionContext {
  return new ExecutionContext({ runId });
}
