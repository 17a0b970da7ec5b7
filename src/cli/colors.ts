/** Colour functions for one output stream: picocolors, switched on or off by `useColor` (flags and environment). */
import picocolors from 'picocolors';
import type { CliIO } from './io';
import { useColor } from './io';

export type Colors = ReturnType<typeof picocolors.createColors>;

export function colorsFor(io: CliIO, stream: 'stdout' | 'stderr'): Colors {
  return picocolors.createColors(useColor(io, stream));
}
