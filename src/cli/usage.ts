/** The one form every usage error takes, in both command lines: one line saying what is wrong, one pointing to help. */
import { colorsFor } from './colors';
import type { CliIO } from './io';
import { programName } from './io';

/** Exit code of bad usage (unknown command or option, missing argument), and of output that could not be written. */
export const USAGE_EXIT_CODE = 2;

/** Prints `<program> <command>: <message>` and the help hint on stderr; returns the exit code, 2. */
export function reportUsageError(io: CliIO, command: string | undefined, message: string): number {
  const program = programName(io);
  const who = command === undefined ? program : `${program} ${command}`;
  const colors = colorsFor(io, 'stderr');
  io.stderr(`${colors.red(`${who}:`)} ${message}\n${colors.dim(`Run "${who} --help" for usage.`)}\n`);
  return USAGE_EXIT_CODE;
}
