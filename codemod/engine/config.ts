/**
 * `unified-id.config.json`: the codebase's own names for run/thread ID holders, its test-file layout and its
 * legacy ID modules. Command-line flags add to (lists) or override (scalars) what the file says.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_RUN_ID_NAMES, DEFAULT_TEST_FILE_PATTERNS, DEFAULT_THREAD_ID_NAMES } from '../defaults';
import type { RuleOptions } from '../rule';

export const configFileName = 'unified-id.config.json';

export interface ConfigFile {
  readonly importFrom?: string;
  readonly rules?: readonly string[];
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  readonly testFilePatterns?: readonly string[];
  readonly runIdNames?: readonly string[];
  readonly threadIdNames?: readonly string[];
  readonly legacyModules?: readonly string[];
}

export const defaultRuleOptions: RuleOptions = {
  importFrom: 'unified-id',
  testFilePatterns: DEFAULT_TEST_FILE_PATTERNS,
  runIdNames: DEFAULT_RUN_ID_NAMES,
  threadIdNames: DEFAULT_THREAD_ID_NAMES,
  legacyModules: [],
};

const listKeys = ['rules', 'include', 'exclude', 'testFilePatterns', 'runIdNames', 'threadIdNames', 'legacyModules'] as const;

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
    } else if ((listKeys as readonly string[]).includes(key)) {
      if (!Array.isArray(entry) || !entry.every((item) => typeof item === 'string' && item !== '')) {
        throw new ConfigError(`${source}: "${key}" must be an array of non-empty strings`);
      }
      config[key] = entry;
    } else {
      throw new ConfigError(`${source}: unknown key "${key}" (known: importFrom, ${listKeys.join(', ')})`);
    }
  }
  return config as ConfigFile;
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
