/** A one-line progress bar on stderr, redrawn at most ~12 times a second and erased when done. */
import type { CliIO } from '../io';

export interface Progress {
  update(done: number, total: number): void;
  clear(): void;
}

const width = 30;

export function progressBar(io: CliIO): Progress {
  let lastDraw = 0;
  let drawn = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - lastDraw < 80 && done < total) return;
      lastDraw = now;
      const ratio = total === 0 ? 1 : Math.min(1, done / total);
      const filled = Math.round(ratio * width);
      io.stderr(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(ratio * 100)}%`);
      drawn = true;
    },
    clear() {
      if (drawn) io.stderr('\r\x1b[2K');
      drawn = false;
    },
  };
}

export const noProgress: Progress = { update: () => undefined, clear: () => undefined };
