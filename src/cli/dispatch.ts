/**
 * The conventions both command lines (`unified-id`, `unified-id-codemod`) share: `help [command]`, `--help`,
 * `--version`/`-v`, `--color`/`--no-color` anywhere before `--`, "did you mean" for an unknown command, and one
 * form for every usage error.
 */
import { ArgsError } from './args';
import type { CliIO } from './io';
import { didYouMean } from './suggest';
import { reportUsageError } from './usage';

/** Runs a command with its arguments (without the command name); returns the exit code. Bad usage throws `ArgsError`. */
export type CommandRunner = (args: readonly string[], io: CliIO) => Promise<number>;

export interface CommandEntry {
  readonly summary: string;
  /** The command stops between files on SIGINT/SIGTERM: the bin entry hands it an abort signal. */
  readonly stopsGracefully?: boolean;
  /** Loaded on demand, so a command never pays for another's modules. */
  readonly load: () => Promise<CommandRunner>;
}

export interface CommandLine {
  readonly program: string;
  readonly version: string;
  /** What the program is, after its name and version on the help's first line. */
  readonly tagline: string;
  readonly commands: Readonly<Record<string, CommandEntry>>;
  /** Help sections after the options (examples, where to find more). */
  readonly epilogue: string;
}

const globalOptions = ['--help', '--version', '--color', '--no-color'];

export function commandLineHelp(cli: CommandLine): string {
  const width = Math.max(...Object.keys(cli.commands).map((name) => name.length)) + 3;
  const list = Object.entries(cli.commands)
    .map(([name, command]) => `  ${name.padEnd(width)}${command.summary}`)
    .join('\n');
  return `${cli.program} ${cli.version}: ${cli.tagline}

Usage: ${cli.program} <command> [options]

Commands:
${list}

Options:
  -h, --help             help (also: ${cli.program} help <command>, ${cli.program} <command> --help)
  -v, -V, --version      print the version
  --color, --no-color    colour the output or not, whatever the terminal and the environment
                         (otherwise: FORCE_COLOR, then NO_COLOR, then whether the output is a terminal)

${cli.epilogue}`;
}

/** Takes `--color` / `--no-color` out of the arguments (only before `--`); the last one given wins. */
export function takeColorFlags(argv: readonly string[]): { readonly args: readonly string[]; readonly colorFlag?: boolean } {
  const end = argv.indexOf('--');
  const options = end === -1 ? argv : argv.slice(0, end);
  let colorFlag: boolean | undefined;
  const args: string[] = [];
  for (const arg of options) {
    if (arg === '--color') colorFlag = true;
    else if (arg === '--no-color') colorFlag = false;
    else args.push(arg);
  }
  if (end !== -1) args.push(...argv.slice(end));
  return colorFlag === undefined ? { args } : { args, colorFlag };
}

/** The command `argv` names, if any (for the bin entry, before running it). */
export function commandOf(cli: CommandLine, argv: readonly string[]): CommandEntry | undefined {
  const [first] = takeColorFlags(argv).args;
  return first !== undefined && Object.hasOwn(cli.commands, first) ? cli.commands[first] : undefined;
}

async function runCommand(cli: CommandLine, name: string, args: readonly string[], io: CliIO): Promise<number> {
  const command = Object.hasOwn(cli.commands, name) ? cli.commands[name] : undefined;
  if (command === undefined) {
    return reportUsageError(io, undefined, `unknown command "${name}"${didYouMean(name, Object.keys(cli.commands))}`);
  }
  try {
    return await (await command.load())(args, io);
  } catch (error) {
    if (error instanceof ArgsError) return reportUsageError(io, name, error.message);
    throw error;
  }
}

/** Runs the command line with `argv` (without `node` and the script) and returns the exit code. */
export async function runCommandLine(cli: CommandLine, argv: readonly string[], io: CliIO): Promise<number> {
  const { args, colorFlag } = takeColorFlags(argv);
  const withColor: CliIO = { ...io, program: cli.program, ...(colorFlag === undefined ? {} : { colorFlag }) };
  const [first, ...rest] = args;
  if (first === undefined) {
    withColor.stderr(commandLineHelp(cli));
    return 2;
  }
  if (first === '--help' || first === '-h' || (first === 'help' && rest.length === 0)) {
    withColor.stdout(commandLineHelp(cli));
    return 0;
  }
  if (first === 'help') {
    const [name, ...extra] = rest;
    if (extra.length > 0) return reportUsageError(withColor, undefined, `help takes one command name, got ${rest.length}`);
    return runCommand(cli, name ?? '', ['--help'], withColor);
  }
  if (first === '--version' || first === '-v' || first === '-V') {
    withColor.stdout(`${cli.version}\n`);
    return 0;
  }
  if (first.startsWith('-')) {
    const written = first.split('=')[0] ?? first;
    return reportUsageError(withColor, undefined, `unknown option ${written}${didYouMean(written, globalOptions, (name) => name)}`);
  }
  return runCommand(cli, first, rest, withColor);
}
