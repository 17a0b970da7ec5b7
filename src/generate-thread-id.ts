import { randomUint32 } from './random';
import type { ThreadId } from './types';

/**
 * A new random thread id: a UUID version 4 string (RFC 9562 §5.4), which every thread-id reader accepts
 * (hex digits and `-`, starting with a hex digit) and which is what most backends already store.
 * In the template, `4` is the version nibble, `8` marks the variant nibble (10xx), `0` a random nibble.
 */
export function generateThreadId(): ThreadId {
  return '00000000-0000-4000-8000-000000000000'.replace(/[08]/g, (c) =>
    (c === '0' ? randomUint32() & 15 : 8 | (randomUint32() & 3)).toString(16),
  ) as ThreadId;
}
