import { randomUint32 } from './random';
import type { ThreadId } from './types';

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/**
 * A new random thread id: a UUID version 4 string (RFC 9562 §5.4), which every thread-id reader accepts
 * (hex digits and `-`, starting with a hex digit) and which is what most backends already store.
 */
export function generateThreadId(): ThreadId {
  const bytes = new Array<number>(16);
  for (let i = 0; i < 16; i += 4) {
    const word = randomUint32();
    bytes[i] = word & 0xff;
    bytes[i + 1] = (word >>> 8) & 0xff;
    bytes[i + 2] = (word >>> 16) & 0xff;
    bytes[i + 3] = word >>> 24;
  }
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40; // version 4
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80; // RFC 9562 variant
  const h = bytes.map((byte) => HEX[byte] as string);
  return `${h[0]}${h[1]}${h[2]}${h[3]}-${h[4]}${h[5]}-${h[6]}${h[7]}-${h[8]}${h[9]}-${h[10]}${h[11]}${h[12]}${h[13]}${h[14]}${h[15]}` as ThreadId;
}
