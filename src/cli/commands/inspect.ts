/**
 * `unified-id inspect`: reads run IDs from stdin, one per line, and prints a JSON line for each (as `parse`
 * does) plus a summary on stderr. Streams: memory stays bounded whatever the input's size. Bad usage throws
 * `ArgsError`.
 */
import { ArgsError, booleanFlag, parseArgs } from '../args';
import type { FlagSpec } from '../args';
import type { CliIO } from '../io';
import { jsonLine, reportId } from './id-report';

/**
 * Longest line inspected, in UTF-16 units. No run ID is longer than 237 characters, so a longer line is
 * invalid anyway; past this bound it is not even kept in memory, and is reported as `LINE_TOO_LONG`.
 */
export const MAX_LINE_LENGTH = 1 << 20;
const PREVIEW_LENGTH = 80;

const flags: Readonly<Record<string, FlagSpec>> = {
  'invalid-only': { type: 'boolean' },
  help: { type: 'boolean', alias: 'h' },
};

export function inspectHelp(): string {
  return `Usage: unified-id inspect [options] < ids.txt

Reads run IDs from stdin, one per line (LF or CRLF; the last line may lack a newline), and prints
one JSON line per ID on stdout, as "unified-id parse" does. Blank lines are skipped. Lines are
checked whole: leading or trailing spaces make an ID invalid. A line longer than ${MAX_LINE_LENGTH}
characters is reported with code LINE_TOO_LONG without being held in memory.
A summary goes to stderr: lines read, valid IDs by format, invalid IDs by error code.

Exit codes: 0 every ID is valid; 1 at least one is invalid; 2 usage error, unreadable stdin or
output that could not be written; 141 the reader of the output closed it early.

Options:
  --invalid-only   print JSON only for invalid IDs (the summary still counts all)
  -h, --help       this help

Examples:
  grep -o 'thread_[A-Za-z0-9_-]*' app.log | unified-id inspect --invalid-only
  psql -Atc 'select run_id from runs' | unified-id inspect > report.jsonl
`;
}

interface Tally {
  lines: number;
  blank: number;
  canonical: number;
  legacy: number;
  invalid: Map<string, number>;
}

function summary(tally: Tally): string {
  const invalidCount = [...tally.invalid.values()].reduce((sum, n) => sum + n, 0);
  const byCode = [...tally.invalid.entries()]
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');
  const blank = tally.blank > 0 ? `; ${tally.blank} blank line${tally.blank === 1 ? '' : 's'} skipped` : '';
  return (
    `unified-id inspect: ${tally.lines} line${tally.lines === 1 ? '' : 's'}, ` +
    `${tally.canonical + tally.legacy} valid (${tally.canonical} canonical, ${tally.legacy} legacy), ` +
    `${invalidCount} invalid${invalidCount > 0 ? ` (${byCode})` : ''}${blank}\n`
  );
}

export async function runInspectCommand(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(args, flags);
  if (booleanFlag(parsed, 'help')) {
    io.stdout(inspectHelp());
    return 0;
  }
  if (parsed.positionals.length > 0) {
    throw new ArgsError('reads IDs from stdin and takes no arguments (to parse IDs given as arguments, use "unified-id parse")');
  }
  const invalidOnly = booleanFlag(parsed, 'invalid-only');

  const tally: Tally = { lines: 0, blank: 0, canonical: 0, legacy: 0, invalid: new Map() };
  let out = '';

  const inspectLine = (line: string): void => {
    tally.lines++;
    if (line === '') {
      tally.blank++;
      return;
    }
    const report = reportId(line);
    if (report.ok) {
      if (report.format === 'canonical') tally.canonical++;
      else tally.legacy++;
      if (invalidOnly) return;
    } else {
      tally.invalid.set(report.code, (tally.invalid.get(report.code) ?? 0) + 1);
    }
    out += jsonLine(report);
  };

  const tooLongLine = (preview: string): void => {
    tally.lines++;
    tally.invalid.set('LINE_TOO_LONG', (tally.invalid.get('LINE_TOO_LONG') ?? 0) + 1);
    out += jsonLine({
      input: `${preview}…`,
      ok: false,
      code: 'LINE_TOO_LONG',
      index: MAX_LINE_LENGTH,
      message: `line longer than ${MAX_LINE_LENGTH} characters; no run ID is that long (input shows its first ${PREVIEW_LENGTH})`,
    });
  };

  /** The start of the current line, carried over from earlier chunks. */
  let pending = '';
  /** Set while skipping the rest of a line longer than MAX_LINE_LENGTH. */
  let overlongPreview: string | undefined;
  let atStart = true;

  const endLine = (rest: string): void => {
    if (overlongPreview !== undefined) {
      tooLongLine(overlongPreview);
      overlongPreview = undefined;
      return;
    }
    let line = pending + rest;
    pending = '';
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.length > MAX_LINE_LENGTH) tooLongLine(line.slice(0, PREVIEW_LENGTH));
    else inspectLine(line);
  };

  const consume = (text: string): void => {
    if (atStart && text.length > 0) {
      atStart = false;
      // A byte order mark (Windows editors add one) is not part of the first ID.
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let from = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', from)) {
      endLine(text.slice(from, newline));
      from = newline + 1;
    }
    const tail = text.slice(from);
    if (overlongPreview !== undefined) return;
    if (pending.length + tail.length > MAX_LINE_LENGTH + 1) {
      // +1 leaves room for the '\r' of a CRLF line that is exactly MAX_LINE_LENGTH long.
      overlongPreview = (pending + tail.slice(0, PREVIEW_LENGTH)).slice(0, PREVIEW_LENGTH);
      pending = '';
    } else {
      pending += tail;
    }
  };

  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of io.stdin) {
      consume(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
      if (out.length > 0) {
        io.stdout(out);
        out = '';
      }
    }
    consume(decoder.decode());
  } catch (error) {
    if (out.length > 0) io.stdout(out);
    io.stderr(`unified-id inspect: cannot read stdin: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  if (pending !== '' || overlongPreview !== undefined) endLine('');
  if (out.length > 0) io.stdout(out);
  io.stderr(summary(tally));
  return tally.invalid.size > 0 ? 1 : 0;
}
