/**
 * `unified-id migrate`: the codemod lives in its own package, `@unified-id/codemod`, so that this one keeps no
 * runtime dependencies. Where that package is installed (beside this one, or in the project of the current
 * folder), this command runs its `unified-id-codemod migrate` with the same arguments and the same terminal;
 * elsewhere it prints the one command that runs it without installing anything.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants } from 'node:os';
import type { CliIO } from '../io';

export const CODEMOD_PACKAGE = '@unified-id/codemod';
const CODEMOD_BIN = 'unified-id-codemod';

/** Quotes an argument for a POSIX shell only when it needs it, so the printed command can be pasted back. */
function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The command that runs the codemod with nothing installed first. */
export function npxCommand(args: readonly string[]): string {
  return ['npx', CODEMOD_PACKAGE, 'migrate', ...args].map(shellQuote).join(' ');
}

function binOf(packageJsonPath: string): string | undefined {
  const manifest = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { bin?: string | Record<string, string> };
  const relative = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[CODEMOD_BIN];
  if (relative === undefined) return undefined;
  const bin = resolve(dirname(packageJsonPath), relative);
  return existsSync(bin) ? bin : undefined;
}

/** The codemod's bin script: installed beside this package first, then in the project of `cwd`. */
export function findCodemodBin(cwd: string): string | undefined {
  const bases = [fileURLToPath(import.meta.url), join(cwd, 'package.json')];
  for (const base of bases) {
    let manifest: string;
    try {
      manifest = createRequire(base).resolve(`${CODEMOD_PACKAGE}/package.json`);
    } catch {
      continue;
    }
    const bin = binOf(manifest);
    if (bin !== undefined) return bin;
  }
  return undefined;
}

function notInstalled(args: readonly string[]): string {
  return `unified-id migrate: the codemod is its own package, ${CODEMOD_PACKAGE}, and it is not installed here. Run it with:
  ${npxCommand(args)}
`;
}

/**
 * Runs the codemod's bin in a child process that shares this terminal: colours, progress line and Ctrl-C
 * behave as if it had been started directly. Ctrl-C reaches the child from the terminal, so this process only
 * waits for it; a SIGTERM or SIGHUP sent to this process alone is passed on.
 */
function runCodemod(bin: string, args: readonly string[], io: CliIO): Promise<number> {
  const colorArgs = io.colorFlag === undefined ? [] : [io.colorFlag ? '--color' : '--no-color'];
  const child = spawn(process.execPath, [bin, ...colorArgs, 'migrate', ...args], { cwd: io.cwd, env: { ...io.env }, stdio: 'inherit' });
  const waitForChild = (): void => undefined;
  const passOn = (signal: NodeJS.Signals): void => void child.kill(signal);
  process.on('SIGINT', waitForChild);
  process.on('SIGTERM', passOn);
  process.on('SIGHUP', passOn);
  return new Promise((resolvePromise) => {
    const finish = (code: number): void => {
      process.off('SIGINT', waitForChild);
      process.off('SIGTERM', passOn);
      process.off('SIGHUP', passOn);
      resolvePromise(code);
    };
    child.on('error', (error) => {
      io.stderr(`unified-id migrate: could not start ${bin}: ${error.message}\n`);
      finish(2);
    });
    child.on('exit', (code, signal) => finish(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0)));
  });
}

export async function runMigrateCommand(args: readonly string[], io: CliIO): Promise<number> {
  const bin = findCodemodBin(io.cwd);
  if (bin !== undefined) return runCodemod(bin, args, io);
  const wantsHelp = args.some((arg) => arg === '--help' || arg === '-h');
  if (wantsHelp) {
    io.stdout(notInstalled(args.filter((arg) => arg !== '--help' && arg !== '-h')));
    return 0;
  }
  io.stderr(notInstalled(args));
  return 2;
}
