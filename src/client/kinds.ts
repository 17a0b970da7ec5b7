/**
 * The kinds of id a server may send, and why a value is not one: this package's run IDs (either format) and
 * thread ids (what generation accepts), or RFC 9562 UUIDs that identify something (versions 1 to 8; the Nil and Max
 * UUIDs are sentinels, so a server sending one sent no id).
 */
import { safeParseRunId } from '../parse';
import { threadIdGenerationError } from '../thread-id';
import { MAX_UUID, NIL_UUID, uuidError } from '../uuid/syntax';
import type { UuidVersion } from '../uuid/syntax';

export type ServerIdKind = 'run-id' | 'thread-id' | 'uuid';

export const SERVER_ID_KINDS: readonly ServerIdKind[] = ['run-id', 'thread-id', 'uuid'];

/** Why `value` is not an id of `kind`: a sentence, and the validation error behind it when there is one. */
export interface Rejection {
  readonly reason: string;
  readonly cause?: Error;
}

export function rejectionFor(kind: ServerIdKind, value: unknown, uuidVersion: UuidVersion | undefined): Rejection | undefined {
  let error: Error | undefined;
  if (kind === 'run-id') {
    const result = safeParseRunId(value);
    error = result.ok ? undefined : result.error;
  } else if (kind === 'thread-id') {
    error = threadIdGenerationError(value);
  } else {
    if (typeof value === 'string' && (value.toLowerCase() === NIL_UUID || value.toLowerCase() === MAX_UUID)) {
      return { reason: `uuid: the ${value.toLowerCase() === NIL_UUID ? 'Nil' : 'Max'} UUID is a sentinel, not an id` };
    }
    error = uuidError(value, uuidVersion === undefined ? undefined : { version: uuidVersion });
  }
  return error ? { reason: `${kind}: ${error.message}`, cause: error } : undefined;
}
