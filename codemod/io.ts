/**
 * What a CLI command may touch of the outside world. Commands take it as a parameter instead of reaching for
 * `process`, so tests run them in-process with captured output.
 */
export interface CliIO {
  /** Writes `text` as is to standard output (no newline is added). */
  stdout(text: string): void;
  /** Writes `text` as is to standard error (no newline is added). */
  stderr(text: string): void;
  /** Standard input, for commands that read from it (`inspect`): chunks of UTF-8 text or bytes. */
  readonly stdin: AsyncIterable<string | Uint8Array>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether each stream is a terminal (colors, progress bar). */
  readonly isTTY: { readonly stdout: boolean; readonly stderr: boolean };
  /** Folder that relative paths on the command line are resolved against. */
  readonly cwd: string;
  /** Aborted when the user interrupts (SIGINT/SIGTERM) a command that stops gracefully (`migrate`). */
  readonly signal?: AbortSignal;
}

/** The real process's streams. */
export function processIO(): CliIO {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stdin: process.stdin,
    env: process.env,
    isTTY: { stdout: process.stdout.isTTY === true, stderr: process.stderr.isTTY === true },
    cwd: process.cwd(),
  };
}

/** Colors only when the stream is a terminal and `NO_COLOR` is unset or empty (https://no-color.org). */
export function useColor(io: CliIO, stream: 'stdout' | 'stderr'): boolean {
  const noColor = io.env['NO_COLOR'];
  return io.isTTY[stream] && (noColor === undefined || noColor === '') && io.env['TERM'] !== 'dumb';
}
