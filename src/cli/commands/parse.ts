/** `unified-id parse <id…>`: the codec's parser for the shell, one JSON line per ID. Bad usage throws `ArgsError`. */
import { ArgsError, booleanFlag, parseArgs } from '../args';
import type { FlagSpec } from '../args';
import type { CliIO } from '../io';
import { jsonLine, reportId } from './id-report';

const flags: Readonly<Record<string, FlagSpec>> = { help: { type: 'boolean', alias: 'h' } };

export function parseHelp(): string {
  return `Usage: unified-id parse <id…> [options]

Parses each run ID (canonical thread_<threadId>_run_<ms>_<hex8> or legacy run_<threadId>_<hex8>)
and prints one JSON line per ID, in order:
  {"input":"…","ok":true,"format":"canonical","threadId":"…","timestamp":1700000000000,"suffix":"1a2b3c4d"}
  {"input":"…","ok":false,"code":"INVALID_SUFFIX","index":31,"message":"…"}
Whole-string match: spaces, newlines and Unicode digits make an ID invalid.

Exit codes: 0 every ID is valid; 1 at least one is invalid; 2 usage error (no IDs, unknown option)
or output that could not be written; 141 the reader of the output closed it early.

Options:
  -h, --help   this help
  --           end of options (for an ID that starts with "-")

Examples:
  unified-id parse thread_abc_run_1700000000000_1a2b3c4d run_user_1a2b3c4d
  unified-id parse -- -not-an-id
`;
}

export async function runParseCommand(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(args, flags);
  if (booleanFlag(parsed, 'help')) {
    io.stdout(parseHelp());
    return 0;
  }
  const ids = parsed.positionals;
  if (ids.length === 0) throw new ArgsError('no IDs given (to read IDs from stdin, use "unified-id inspect")');
  let invalid = 0;
  let out = '';
  for (const id of ids) {
    const report = reportId(id);
    if (!report.ok) invalid++;
    out += jsonLine(report);
  }
  io.stdout(out);
  return invalid > 0 ? 1 : 0;
}
