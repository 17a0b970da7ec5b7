/**
 * A small, strict command-line parser shared by every command: unknown flags and missing values are errors,
 * never ignored, and an unknown flag names the closest known one.
 */
import { didYouMean } from './suggest';

export interface FlagSpec {
  /** `boolean` flags take no value; `string` flags take one; `list` flags may repeat (and split on commas when `commaSeparated`). */
  readonly type: 'boolean' | 'string' | 'list';
  readonly alias?: string;
  readonly commaSeparated?: boolean;
}

export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly flags: Readonly<Record<string, boolean | string | readonly string[] | undefined>>;
}

/** Bad usage of a command: printed as one line plus a pointer to the command's help, exit 2. */
export class ArgsError extends Error {
  override readonly name = 'ArgsError';
}

function unknownOption(written: string, specs: Readonly<Record<string, FlagSpec>>): ArgsError {
  const known = Object.entries(specs).flatMap(([name, spec]) => [`--${name}`, ...(spec.alias ? [`-${spec.alias}`] : [])]);
  return new ArgsError(`unknown option ${written}${didYouMean(written, known, (name) => name)}`);
}

export function parseArgs(args: readonly string[], specs: Readonly<Record<string, FlagSpec>>): ParsedArgs {
  const positionals: string[] = [];
  const flags: Record<string, boolean | string | string[] | undefined> = {};
  const byAlias = new Map<string, string>();
  for (const [name, spec] of Object.entries(specs)) if (spec.alias) byAlias.set(spec.alias, name);

  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const written = arg.slice(0, equals === -1 ? undefined : equals);
    const rawName = arg.startsWith('--') ? written.slice(2) : written.slice(1);
    const name = arg.startsWith('--') ? rawName : byAlias.get(rawName);
    const spec = name === undefined ? undefined : specs[name];
    if (name === undefined || spec === undefined) throw unknownOption(written, specs);
    if (spec.type === 'boolean') {
      if (equals !== -1) throw new ArgsError(`option --${name} takes no value`);
      flags[name] = true;
      continue;
    }
    let value: string;
    if (equals !== -1) value = arg.slice(equals + 1);
    else {
      const next = args[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-')) throw new ArgsError(`option --${name} needs a value`);
      value = next;
      i++;
    }
    if (spec.type === 'string') {
      if (flags[name] !== undefined) throw new ArgsError(`option --${name} given twice`);
      flags[name] = value;
    } else {
      const values = spec.commaSeparated ? value.split(',').map((part) => part.trim()).filter((part) => part !== '') : [value];
      flags[name] = [...((flags[name] as string[] | undefined) ?? []), ...values];
    }
  }
  return { positionals, flags };
}

export function stringFlag(parsed: ParsedArgs, name: string): string | undefined {
  const value = parsed.flags[name];
  return typeof value === 'string' ? value : undefined;
}

export function listFlag(parsed: ParsedArgs, name: string): readonly string[] | undefined {
  const value = parsed.flags[name];
  return Array.isArray(value) ? (value as readonly string[]) : undefined;
}

export function booleanFlag(parsed: ParsedArgs, name: string): boolean {
  return parsed.flags[name] === true;
}
