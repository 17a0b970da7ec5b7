/**
 * The `unified-id` command line, in-process (the bin entry `cli.ts` wires it to the real process): `migrate` (the codemod) and the codec for the shell (`parse`, `generate`, `inspect`,
 * `system-id`). Each subcommand is loaded on demand, so the codec commands never load ts-morph.
 */
import { version } from '../package.json';
import type { CliIO } from './io';

type Command = (args: readonly string[], io: CliIO) => Promise<number>;

const commands: Readonly<Record<string, { readonly summary: string; readonly load: () => Promise<Command> }>> = {
  migrate: { summary: 'rewrite a codebase to the unified ID format (dry run unless --apply)', load: async () => (await import('./commands/migrate')).runMigrateCommand },
  parse: { summary: 'parse run IDs given as arguments; one JSON line each', load: async () => (await import('./commands/parse')).runParseCommand },
  generate: { summary: 'generate canonical run IDs for a thread', load: async () => (await import('./commands/generate')).runGenerateCommand },
  inspect: { summary: 'parse run IDs read from stdin, one per line', load: async () => (await import('./commands/inspect')).runInspectCommand },
  'system-id': { summary: "print this machine's stable system ID", load: async () => (await import('./commands/system-id')).runSystemIdCommand },
};

function help(): string {
  const list = Object.entries(commands)
    .map(([name, command]) => `  ${name.padEnd(11)}${command.summary}`)
    .join('\n');
  return `unified-id ${version}: one grammar for agent run and thread IDs

Usage: unified-id <command> [options]

Commands:
${list}

Options:
  -h, --help     help (also: unified-id <command> --help)
  -V, --version  print the version

Examples:
  unified-id migrate                         # dry run: diff of what would change
  unified-id migrate --apply                 # write the changes
  unified-id migrate --check                 # CI gate: exit 1 when something is left
  unified-id parse thread_abc_run_1700000000000_1a2b3c4d
  unified-id generate my-thread --count 3
  cat ids.txt | unified-id inspect
`;
}

/** Runs the CLI with `argv` (without `node` and the script) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr(help());
    return 2;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    io.stdout(help());
    return 0;
  }
  if (first === '--version' || first === '-V') {
    io.stdout(`${version}\n`);
    return 0;
  }
  const command = commands[first];
  if (!command) {
    io.stderr(`unified-id: unknown command "${first}"\nRun "unified-id --help" for the list of commands.\n`);
    return 2;
  }
  return (await command.load())(rest, io);
}
