/**
 * `unified-id system-id`: print, inspect, diagnose or reset this installation's system ID
 * (the `unified-id/system-id` module; see its README section for storage and fault behaviour).
 */
import { createSystemIdStore, SystemIdError } from '../../src/system-id/index';
import type { SystemIdEnv } from '../../src/system-id/index';

export interface SystemIdCommandIO {
  stdout(text: string): void;
  stderr(text: string): void;
  readonly env: SystemIdEnv;
}

const HELP = `Usage: unified-id system-id [--info | --diagnose | --reset --yes]

Prints this installation's stable, anonymous system ID (a UUID), creating it on first use.

Options:
  --info          the ID with its source (env, file, memory), persisted flag, path and createdAt, as JSON
  --diagnose      paths, stored state, last error and read/write probe timings, as JSON (never fails)
  --reset --yes   replace the stored ID with a new one (recorded in its history); refuses without --yes
  -h, --help      this help

Environment:
  UNIFIED_ID_CONFIG_DIR          directory of system-id.json (default: the platform's config directory)
  UNIFIED_ID_SYSTEM_ID           use this UUID instead (never written)
  UNIFIED_ID_TELEMETRY_DISABLED  1/true/yes: nothing is written; an in-memory ID is used (also DO_NOT_TRACK)
`;

type Mode = 'print' | 'info' | 'diagnose' | 'reset';

function parseArgs(args: readonly string[]): { mode: Mode; yes: boolean } | { help: true } | { error: string } {
  const modes: Mode[] = [];
  let yes = false;
  for (const arg of args) {
    if (arg === '-h' || arg === '--help') return { help: true };
    if (arg === '--info') modes.push('info');
    else if (arg === '--diagnose') modes.push('diagnose');
    else if (arg === '--reset') modes.push('reset');
    else if (arg === '--yes' || arg === '-y') yes = true;
    else return { error: `unknown option "${arg}"` };
  }
  if (modes.length > 1) return { error: `choose one of --info, --diagnose, --reset (got ${modes.map((m) => `--${m}`).join(', ')})` };
  const mode = modes[0] ?? 'print';
  if (yes && mode !== 'reset') return { error: '--yes only goes with --reset' };
  return { mode, yes };
}

export async function runSystemIdCommand(args: readonly string[], io: SystemIdCommandIO): Promise<number> {
  const parsed = parseArgs(args);
  if ('help' in parsed) {
    io.stdout(HELP);
    return 0;
  }
  if ('error' in parsed) {
    io.stderr(`unified-id system-id: ${parsed.error}\nRun "unified-id system-id --help" for usage.\n`);
    return 2;
  }
  const store = createSystemIdStore({ env: io.env, warn: (warning) => io.stderr(`warning: ${warning.message}\n`) });
  const json = (value: unknown): void => io.stdout(`${JSON.stringify(value, null, 2)}\n`);
  switch (parsed.mode) {
    case 'print': {
      io.stdout(`${await store.getSystemId()}\n`);
      return 0;
    }
    case 'info': {
      json(await store.flushSystemId());
      return 0;
    }
    case 'diagnose': {
      json(await store.diagnoseSystemId());
      return 0;
    }
    case 'reset': {
      if (!parsed.yes) {
        io.stderr(
          'unified-id system-id: --reset replaces this installation\'s ID for good (services will see a new installation).\n' +
            'Run "unified-id system-id --reset --yes" to confirm.\n',
        );
        return 2;
      }
      try {
        const { oldId, newId } = await store.resetSystemId({ confirm: true });
        io.stdout(`${oldId ?? '(none)'} -> ${newId}\n`);
        return 0;
      } catch (error) {
        if (!(error instanceof SystemIdError)) throw error;
        io.stderr(`unified-id system-id: cannot reset (${error.code}${error.faultCode ? ` ${error.faultCode}` : ''}): ${error.message}\n`);
        return 1;
      }
    }
  }
}
