/**
 * The `unified-id-codemod` command line (package `@unified-id/codemod`): `migrate`, with the conventions the
 * `unified-id` command line shares (help, version, colour flags, one form for usage errors).
 */
import type { CommandLine } from '../src/cli/dispatch';
import { runCommandLine } from '../src/cli/dispatch';
import type { CliIO } from '../src/cli/io';
import { version } from './package.json';

export const codemodCommandLine: CommandLine = {
  program: 'unified-id-codemod',
  version,
  tagline: 'migrates a codebase to unified-id run and thread IDs',
  commands: {
    migrate: {
      summary: 'rewrite a codebase to the unified ID format (dry run unless --apply)',
      stopsGracefully: true,
      load: async () => (await import('./commands/migrate')).runMigrateCommand,
    },
  },
  epilogue: `Examples:
  npx @unified-id/codemod migrate .                # dry run (nothing to install first)
  npx @unified-id/codemod migrate . --apply        # write the changes
  npx @unified-id/codemod migrate . --check        # CI gate: exit 1 when something is left

Installed (npm install --save-dev @unified-id/codemod), it runs as "unified-id-codemod migrate",
and as "unified-id migrate". "unified-id-codemod help migrate" lists the options, rules and exit codes.
`,
};

/** Runs the `unified-id-codemod` command line with `argv` (without `node` and the script); returns the exit code. */
export function main(argv: readonly string[], io: CliIO): Promise<number> {
  return runCommandLine(codemodCommandLine, argv, io);
}
