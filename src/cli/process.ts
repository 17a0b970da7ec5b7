/**
 * A command line on the real process: its streams, its exit code, graceful Ctrl-C for the commands that stop
 * between files, and output that cannot be written (a full disk, a closed pipe) handled without a stack trace.
 */
import type { CommandLine } from './dispatch';
import { commandOf, runCommandLine } from './dispatch';
import { processIO } from './io';
import { USAGE_EXIT_CODE } from './usage';

/** Exit code when the reader of stdout closes it early (`| head`): what a shell reports for a process killed by SIGPIPE. */
export const CLOSED_PIPE_EXIT_CODE = 141;

const writeErrors: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EIO: 'input/output error',
  EBADF: 'the stream is not open for writing',
  EACCES: 'permission denied',
};

function describeWriteError(error: NodeJS.ErrnoException): string {
  const known = error.code === undefined ? undefined : writeErrors[error.code];
  return known === undefined ? error.message : `${known} (${error.code})`;
}

/**
 * Stream errors arrive as events between synchronous steps, so `migrate --apply` still leaves every file old or
 * new. A reader that closed early has what it wanted: stop quietly, as tools killed by SIGPIPE do, but with
 * that exit code, so `set -o pipefail` never takes a cut-off run for a complete one. Any other failure to write
 * stdout is one line on stderr and exit 2: the output is incomplete, whatever the command found.
 */
function exitOnWriteErrors(program: string): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(CLOSED_PIPE_EXIT_CODE);
    try {
      process.stderr.write(`${program}: cannot write the output: ${describeWriteError(error)}\n`);
    } finally {
      process.exit(USAGE_EXIT_CODE);
    }
  });
  // Nothing can be said once stderr fails; the exit code still says the run did not end normally.
  process.stderr.on('error', () => process.exit(process.exitCode === undefined || process.exitCode === 0 ? USAGE_EXIT_CODE : process.exitCode));
}

/** Runs `cli` with the process's arguments and sets `process.exitCode`. */
export async function runFromProcess(cli: CommandLine): Promise<void> {
  exitOnWriteErrors(cli.program);
  const argv = process.argv.slice(2);
  let io = processIO(cli.program);
  let stopListening = (): void => undefined;
  if (commandOf(cli, argv)?.stopsGracefully) {
    // The command stops between files on SIGINT/SIGTERM, so every file ends up old or new, never half-written.
    // Writes are synchronous, so this handler never runs inside one: even the immediate exit on a second
    // signal happens between two files.
    const controller = new AbortController();
    const onSignal = (): void => {
      if (controller.signal.aborted) process.exit(130);
      controller.abort();
      if (process.stderr.isTTY) process.stderr.write(`\n${cli.program}: stopping after the current file (press Ctrl-C again to quit now)\n`);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    stopListening = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    };
    io = { ...io, signal: controller.signal };
  }
  try {
    process.exitCode = await runCommandLine(cli, argv, io);
  } catch (error) {
    io.stderr(`${cli.program}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  } finally {
    stopListening();
  }
}
