/**
 * `unified-id system-id`: print, inspect, diagnose or reset this installation's system ID
 * (the `unified-id/system-id` module; see docs/system-id.md for storage and fault behaviour). Bad usage throws
 * `ArgsError`.
 */
import { createSystemIdStore, SystemIdError } from '../../system-id/index';
import type { SystemIdEnv } from '../../system-id/index';
import { ArgsError, booleanFlag, parseArgs } from '../args';
import type { FlagSpec } from '../args';

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
  --reset --yes   replace the stored ID with a new one (recorded in its history); refuses without --yes.
                  Prints "<old> -> <new>", with "(superseded: ...)" when another reset has already replaced it
  -h, --help      this help

Environment:
  UNIFIED_ID_CONFIG_DIR          directory of system-id.json (default: the platform's config directory)
  UNIFIED_ID_SYSTEM_ID           use this UUID instead (never written)
  UNIFIED_ID_TELEMETRY_DISABLED  1/true/yes: nothing is written; an in-memory ID is used (also DO_NOT_TRACK)
  UNIFIED_ID_TRUST_CONFIG_DIR    1/true/yes: use the directory even if other users can write it
`;

type Mode = 'print' | 'info' | 'diagnose' | 'reset';

const flags: Readonly<Record<string, FlagSpec>> = {
  info: { type: 'boolean' },
  diagnose: { type: 'boolean' },
  reset: { type: 'boolean' },
  yes: { type: 'boolean', alias: 'y' },
  help: { type: 'boolean', alias: 'h' },
};

/** The chosen mode, or `help`; bad usage throws `ArgsError`. */
function readMode(args: readonly string[]): { mode: Mode; yes: boolean } | 'help' {
  const parsed = parseArgs(args, flags);
  if (booleanFlag(parsed, 'help')) return 'help';
  if (parsed.positionals.length > 0) throw new ArgsError(`takes no arguments, got "${parsed.positionals[0]}"`);
  const modes = (['info', 'diagnose', 'reset'] as const).filter((mode) => booleanFlag(parsed, mode));
  if (modes.length > 1) throw new ArgsError(`choose one of --info, --diagnose, --reset (got ${modes.map((m) => `--${m}`).join(', ')})`);
  const mode = modes[0] ?? 'print';
  const yes = booleanFlag(parsed, 'yes');
  if (yes && mode !== 'reset') throw new ArgsError('--yes only goes with --reset');
  return { mode, yes };
}

/**
 * Another process may reset again right after this one: read the stored ID afresh and say so when it is no
 * longer the one this reset wrote, so the printed ID is never taken for the current one by mistake.
 */
async function supersededNote(env: SystemIdEnv, newId: string): Promise<string> {
  const stored = await createSystemIdStore({ env, warn: () => undefined }).getSystemIdInfo();
  if (stored.source !== 'file') return ` (could not read the stored ID back: ${stored.lastErrorCode ?? 'unknown'})`;
  return stored.id === newId ? '' : ` (superseded: another reset has since stored ${stored.id})`;
}

export async function runSystemIdCommand(args: readonly string[], io: SystemIdCommandIO): Promise<number> {
  const parsed = readMode(args);
  if (parsed === 'help') {
    io.stdout(HELP);
    return 0;
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
        io.stdout(`${oldId ?? '(none)'} -> ${newId}${await supersededNote(io.env, newId)}\n`);
        return 0;
      } catch (error) {
        if (!(error instanceof SystemIdError)) throw error;
        io.stderr(`unified-id system-id: cannot reset (${error.code}${error.faultCode ? ` ${error.faultCode}` : ''}): ${error.message}\n`);
        return 1;
      }
    }
  }
}
