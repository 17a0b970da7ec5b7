/** `unified-id generate <threadId> [--count n]`: canonical run IDs for a thread, one per line. Bad usage throws `ArgsError`. */
import { createRunIdGenerator } from '../../index';
import { threadIdGenerationError } from '../../thread-id';
import { ArgsError, booleanFlag, parseArgs, stringFlag } from '../args';
import type { FlagSpec } from '../args';
import type { CliIO } from '../io';

/** Upper bound of --count: a million IDs is ~60 MB of output, more than any shell use needs. */
export const MAX_GENERATE_COUNT = 1_000_000;
/** IDs per write, so a large --count is neither one huge string nor a million tiny writes. */
const LINES_PER_WRITE = 4096;

const flags: Readonly<Record<string, FlagSpec>> = {
  count: { type: 'string', alias: 'n' },
  help: { type: 'boolean', alias: 'h' },
};

export function generateHelp(): string {
  return `Usage: unified-id generate <threadId> [options]

Prints new canonical run IDs (thread_<threadId>_run_<ms>_<hex8>) for the thread, one per line,
strictly increasing and unique. The thread id must be one generation accepts: 1–200 characters
of [A-Za-z0-9_-], the first a letter or digit, and no "_run_" ambiguity (e.g. not "x_run").

Exit codes: 0 IDs printed; 1 the thread id is invalid (message with the error code on stderr);
2 usage error (missing thread id, bad --count, unknown option) or output that could not be
written; 141 the reader of the output closed it early (as with "| head").

Options:
  -n, --count <n>   how many IDs (1–${MAX_GENERATE_COUNT}; default 1)
  -h, --help        this help

Examples:
  unified-id generate my-thread
  unified-id generate 3f0693fe-0bdd-4692-ad40-e9fdd8b19797 --count 3
`;
}

function parseCount(rawCount: string | undefined): number {
  if (rawCount === undefined) return 1;
  if (!/^[1-9][0-9]{0,6}$/.test(rawCount) || Number(rawCount) > MAX_GENERATE_COUNT) {
    throw new ArgsError(`--count must be a whole number from 1 to ${MAX_GENERATE_COUNT}, got ${JSON.stringify(rawCount)}`);
  }
  return Number(rawCount);
}

export async function runGenerateCommand(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(args, flags);
  if (booleanFlag(parsed, 'help')) {
    io.stdout(generateHelp());
    return 0;
  }
  const [threadId, ...extra] = parsed.positionals;
  if (threadId === undefined) throw new ArgsError('missing <threadId>');
  if (extra.length > 0) throw new ArgsError(`expected one thread id, got ${parsed.positionals.length}`);
  const count = parseCount(stringFlag(parsed, 'count'));

  const rejected = threadIdGenerationError(threadId);
  if (rejected) {
    io.stderr(`${io.program ?? 'unified-id'} generate: invalid thread id: ${rejected.message}\n`);
    return 1;
  }
  const generator = createRunIdGenerator();
  for (let written = 0; written < count; ) {
    const lines = Math.min(LINES_PER_WRITE, count - written);
    let out = '';
    for (let i = 0; i < lines; i++) out += `${generator.generate(threadId)}\n`;
    io.stdout(out);
    written += lines;
    // Between writes, let stream events in: a reader that closed the pipe (| head) ends the run now, not after
    // every ID was generated for nobody.
    if (written < count) await new Promise((resume) => setImmediate(resume));
  }
  return 0;
}
