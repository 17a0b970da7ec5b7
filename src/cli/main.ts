/**
 * The `unified-id` command line: the codec for the shell (`parse`, `generate`, `inspect`), the system ID, and
 * `migrate`, which runs the codemod package where it is installed.
 */
import { version } from '../../package.json';
import type { CommandLine } from './dispatch';
import { runCommandLine } from './dispatch';
import type { CliIO } from './io';

export const unifiedIdCommandLine: CommandLine = {
  program: 'unified-id',
  version,
  tagline: 'one grammar for agent run and thread IDs',
  commands: {
    parse: { summary: 'parse run IDs given as arguments; one JSON line each', load: async () => (await import('./commands/parse')).runParseCommand },
    generate: { summary: 'generate canonical run IDs for a thread', load: async () => (await import('./commands/generate')).runGenerateCommand },
    inspect: { summary: 'parse run IDs read from stdin, one per line', load: async () => (await import('./commands/inspect')).runInspectCommand },
    'system-id': { summary: "print this machine's stable system ID", load: async () => (await import('./commands/system-id')).runSystemIdCommand },
    migrate: {
      summary: 'migrate a codebase to these IDs (runs the @unified-id/codemod package)',
      load: async () => (await import('./commands/migrate')).runMigrateCommand,
    },
  },
  epilogue: `Exit codes: 0 success; 1 an ID given is invalid; 2 usage error, or output that could not be
written; 141 the reader of the output closed it early (as with "| head"). "unified-id help <command>"
gives each command's own.

Examples:
  unified-id parse thread_abc_run_1700000000000_1a2b3c4d
  unified-id generate my-thread --count 3
  cat ids.txt | unified-id inspect
  npx @unified-id/codemod migrate .          # the codemod: dry run, nothing installed first
`,
};

/** Runs the `unified-id` command line with `argv` (without `node` and the script) and returns the exit code. */
export function main(argv: readonly string[], io: CliIO): Promise<number> {
  return runCommandLine(unifiedIdCommandLine, argv, io);
}
