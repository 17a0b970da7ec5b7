/**
 * `unified-id.config.json`: the codebase's own names for run/thread ID holders, its test-file layout and its
 * legacy ID modules. Command-line flags add to (lists) or override (scalars) what the file says.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_RUN_ID_NAMES, DEFAULT_TEST_FILE_PATTERNS, DEFAULT_THREAD_ID_NAMES } from '../defaults';
import { UNIFIED_EXPORTS } from '../legacy-api';
import type { LegacyModuleSpec, RuleOptions } from '../rule';

export const configFileName = 'unified-id.config.json';

export interface ConfigFile {
  readonly importFrom?: string;
  readonly rules?: readonly string[];
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  readonly testFilePatterns?: readonly string[];
  readonly runIdNames?: readonly string[];
  readonly threadIdNames?: readonly string[];
  /** Globs of client code, where the `client-ids` rule reports ids minted locally. */
  readonly clientFiles?: readonly string[];
  /** Given as `"src/ids.ts"` or `{ "module": "src/ids.ts", "map": { "isValidRunId": "isRunId" } }`; read as specs. */
  readonly legacyModules?: readonly LegacyModuleSpec[];
}

export const defaultRuleOptions: RuleOptions = {
  importFrom: 'unified-id',
  testFilePatterns: DEFAULT_TEST_FILE_PATTERNS,
  runIdNames: DEFAULT_RUN_ID_NAMES,
  threadIdNames: DEFAULT_THREAD_ID_NAMES,
  legacyModules: [],
};

const listKeys = ['rules', 'include', 'exclude', 'testFilePatterns', 'runIdNames', 'threadIdNames', 'clientFiles'] as const;
const knownKeys = ['importFrom', ...listKeys, 'legacyModules'];
const specKeys = ['module', 'map'];

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Validates parsed JSON against the config shape; unknown keys are errors (a typo must not be ignored silently). */
export function parseConfig(value: unknown, source: string): ConfigFile {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(`${source}: expected a JSON object`);
  const record = value as Record<string, unknown>;
  const config: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(record)) {
    if (key === '$schema') continue;
    if (key === 'importFrom') {
      if (typeof entry !== 'string' || entry === '') throw new ConfigError(`${source}: "importFrom" must be a non-empty string`);
      config[key] = entry;
    } else if (key === 'legacyModules') {
      config[key] = parseLegacyModules(entry, source);
    } else if ((listKeys as readonly string[]).includes(key)) {
      if (!Array.isArray(entry) || !entry.every((item) => typeof item === 'string' && item !== '')) {
        throw new ConfigError(`${source}: "${key}" must be an array of non-empty strings`);
      }
      config[key] = entry;
    } else {
      throw new ConfigError(`${source}: unknown key "${key}" (known: ${knownKeys.join(', ')})`);
    }
  }
  return config as ConfigFile;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `legacyModules`: each entry a module string, or `{ module, map? }` whose map names unified-id exports. */
function parseLegacyModules(value: unknown, source: string): readonly LegacyModuleSpec[] {
  const shape = 'an array of module paths / specifiers, or of { "module": "…", "map": { "oldName": "unifiedExport" } }';
  if (!Array.isArray(value)) throw new ConfigError(`${source}: "legacyModules" must be ${shape}`);
  const specs: LegacyModuleSpec[] = [];
  const seen = new Set<string>();
  value.forEach((entry: unknown, index) => {
    const where = `${source}: legacyModules[${index}]`;
    let spec: LegacyModuleSpec;
    if (typeof entry === 'string') {
      if (entry === '') throw new ConfigError(`${where} must be a non-empty string`);
      spec = { module: entry };
    } else if (isRecord(entry)) {
      const unknown = Object.keys(entry).filter((key) => !specKeys.includes(key));
      if (unknown.length > 0) throw new ConfigError(`${where}: unknown key "${unknown[0]}" (known: ${specKeys.join(', ')})`);
      const module = entry['module'];
      if (typeof module !== 'string' || module === '') throw new ConfigError(`${where}: "module" must be a non-empty string (the module's path from the root, or its specifier)`);
      spec = entry['map'] === undefined ? { module } : { module, map: parseMap(entry['map'], `${where}.map`) };
    } else {
      throw new ConfigError(`${where} must be ${shape}`);
    }
    if (seen.has(spec.module)) throw new ConfigError(`${where}: module "${spec.module}" is listed twice`);
    seen.add(spec.module);
    specs.push(spec);
  });
  return specs;
}

/** A module's `map`: its exported names → exports of unified-id that take their place. */
function parseMap(value: unknown, where: string): Readonly<Record<string, string>> {
  if (!isRecord(value)) throw new ConfigError(`${where} must be an object of the module's exported names → unified-id exports`);
  const known = [...UNIFIED_EXPORTS.keys()].sort();
  const map: Record<string, string> = {};
  for (const [name, target] of Object.entries(value)) {
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new ConfigError(`${where}: "${name}" is not an exported name (an identifier)`);
    if (typeof target !== 'string' || !UNIFIED_EXPORTS.has(target)) {
      throw new ConfigError(`${where}.${name}: ${JSON.stringify(target)} is not a unified-id export the codemod can call (known: ${known.join(', ')})`);
    }
    map[name] = target;
  }
  return map;
}

/**
 * The legacy modules of a run: the config's entries, then modules named on the command line (`--legacy-module`,
 * plain strings) that the config does not list already. `fallback` when neither gives any.
 */
export function mergeLegacyModules(
  fromFlags: readonly (string | LegacyModuleSpec)[] | undefined,
  fromConfig: readonly LegacyModuleSpec[] | undefined,
  fallback: readonly LegacyModuleSpec[] = defaultRuleOptions.legacyModules,
): readonly LegacyModuleSpec[] {
  if (fromFlags === undefined && fromConfig === undefined) return fallback;
  const merged = [...(fromConfig ?? [])];
  for (const entry of fromFlags ?? []) {
    const spec = typeof entry === 'string' ? { module: entry } : entry;
    if (!merged.some((known) => known.module === spec.module)) merged.push(spec);
  }
  return merged;
}

/**
 * Reads the config at `explicitPath` (which must exist), or `unified-id.config.json` in `root` if present.
 * Returns the config and the path it came from.
 */
export async function loadConfig(root: string, explicitPath: string | undefined): Promise<{ config: ConfigFile; path?: string }> {
  const path = explicitPath ?? join(root, configFileName);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (explicitPath === undefined && (error as NodeJS.ErrnoException).code === 'ENOENT') return { config: {} };
    throw new ConfigError(`cannot read config ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ConfigError(`${path}: invalid JSON (${(error as Error).message})`);
  }
  return { config: parseConfig(json, path), path };
}
