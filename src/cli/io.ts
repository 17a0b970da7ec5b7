/**
 * What a CLI command may touch of the outside world. Commands take it as a parameter instead of reaching for
 * `process`, so tests run them in-process with captured output. Shared by the `unified-id` and
 * `unified-id-codemod` command lines.
 */
export interface CliIO {
  /** Writes `text` as is to standard output (no newline is added). */
  stdout(text: string): void;
  /** Writes `text` as is to standard error (no newline is added). */
  stderr(text: string): void;
  /** Standard input, for commands that read from it (`inspect`): chunks of UTF-8 text or bytes. */
  readonly stdin: AsyncIterable<string | Uint8Array>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether each stream is a terminal (colours, progress line). */
  readonly isTTY: { readonly stdout: boolean; readonly stderr: boolean };
  /** Folder that relative paths on the command line are resolved against. */
  readonly cwd: string;
  /** Aborted when the user interrupts (SIGINT/SIGTERM) a command that stops gracefully (`migrate`). */
  readonly signal?: AbortSignal;
  /** `--color` (true) or `--no-color` (false) from the command line; it overrides the environment. */
  readonly colorFlag?: boolean;
  /** The command the user typed, for messages and hints (default `unified-id`). */
  readonly program?: string;
}

/** The real process's streams. */
export function processIO(program: string): CliIO {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stdin: process.stdin,
    env: process.env,
    isTTY: { stdout: process.stdout.isTTY === true, stderr: process.stderr.isTTY === true },
    cwd: process.cwd(),
    program,
  };
}

export function programName(io: CliIO): string {
  return io.program ?? 'unified-id';
}

/**
 * Whether to colour `stream`, first rule that applies: `--color` / `--no-color`; `FORCE_COLOR` (any value but
 * `0` or `false` forces colour, those two turn it off, as in Node.js); `NO_COLOR` set and not empty
 * (https://no-color.org); otherwise only on a terminal whose `TERM` is not `dumb`.
 */
export function useColor(io: CliIO, stream: 'stdout' | 'stderr'): boolean {
  if (io.colorFlag !== undefined) return io.colorFlag;
  const force = io.env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  const noColor = io.env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return false;
  return io.isTTY[stream] && io.env['TERM'] !== 'dumb';
}
