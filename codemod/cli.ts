#!/usr/bin/env node
/** Bin entry of `unified-id`: runs the CLI on the real process, turning SIGINT/SIGTERM into a graceful stop of `migrate`. */
import { processIO } from './io';
import { main } from './main';

/**
 * A reader that closed early (`unified-id generate t --count 1000000 | head -2`) has what it wanted: stop
 * quietly, as tools killed by SIGPIPE do, instead of crashing on EPIPE. The event arrives between
 * synchronous file writes, so `migrate --apply` still leaves every file old or new.
 */
function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

async function runFromProcess(): Promise<void> {
  exitQuietlyOnClosedPipe(process.stdout);
  exitQuietlyOnClosedPipe(process.stderr);
  const argv = process.argv.slice(2);
  let io = processIO();
  let stopListening = (): void => undefined;
  if (argv[0] === 'migrate') {
    // migrate stops between files on SIGINT/SIGTERM, so every file ends up old or new, never half-written.
    // Writes are synchronous, so this handler never runs inside one: even the immediate exit on a second
    // signal happens between two files, with no temporary file left behind.
    const controller = new AbortController();
    const onSignal = (): void => {
      if (controller.signal.aborted) process.exit(130);
      controller.abort();
      if (process.stderr.isTTY) process.stderr.write('\nunified-id: stopping after the current file (press Ctrl-C again to quit now)\n');
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
    process.exitCode = await main(argv, io);
  } catch (error) {
    io.stderr(`unified-id: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  } finally {
    stopListening();
  }
}

await runFromProcess();
