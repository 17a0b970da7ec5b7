/** What a `migrate` run is asked to do: the CLI's flags, or a program's options. */
import type { LegacyModuleSpec, Rule } from '../rule';
import type { Shard } from './discovery';
import type { FileSystem } from './file-system';
import type { MigrateMode } from './report';

/** A file's change as the rules made it, offered for review (`--interactive`). */
export interface ProposedChange {
  /** Relative to the run's root. */
  readonly path: string;
  readonly before: string;
  readonly after: string;
}

/** The text to write per path (relative); a path left out, or mapped to its `before`, is not written. */
export type ReviewedChanges = ReadonlyMap<string, string>;

/** The phases of a run, in order (`type-aware rules` and `writing` only when they have work). */
export type MigratePhase = 'discovering' | 'reading' | 'rewriting' | 'type-aware rules' | 'writing';

export interface MigrateOptions {
  /** Files or folders to migrate; default: the root. Relative paths are taken from `root`. */
  readonly paths?: readonly string[];
  /**
   * Root of the run: relative paths, globs, shards and `unified-id.config.json` are taken from here. Default: from
   * the targets (`paths` resolved from `cwd`): their common folder, or the folder above it (up to the git top) that
   * holds `unified-id.config.json`.
   */
  readonly root?: string;
  /** Without `root`: the folder `paths` and `configPath` are resolved from. Default: `process.cwd()`. */
  readonly cwd?: string;
  readonly mode?: MigrateMode;
  /** Rule names (`--rules`); default: the config's `rules`, else every rule. */
  readonly rules?: readonly string[];
  /** Rule objects added to the registry for this run (tests, plugins). Run in the main thread unless also in `ruleModules`. */
  readonly extraRules?: readonly Rule[];
  /** Modules exporting rules (`rules` array or default export); loaded here and in every worker. */
  readonly ruleModules?: readonly string[];
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  readonly importFrom?: string;
  /** Legacy ID modules beside the config's (`--legacy-module`): a module path or specifier, or a spec with its `map`. */
  readonly legacyModules?: readonly (string | LegacyModuleSpec)[];
  readonly testFilePatterns?: readonly string[];
  readonly runIdNames?: readonly string[];
  readonly threadIdNames?: readonly string[];
  /** `--config`; default `unified-id.config.json` in the root when present. */
  readonly configPath?: string;
  /** Worker threads; default: available cores. 1 runs everything in the main thread. */
  readonly concurrency?: number;
  readonly shard?: Shard;
  readonly allowDirty?: boolean;
  /** Injectable file system (fault tests). */
  readonly fileSystem?: FileSystem;
  /** The built worker script; `false` forces in-thread processing. Default: `worker.js` beside this module, when it exists. */
  readonly workerFile?: string | false;
  /** Aborting stops the run between files: no file is left half-written. */
  readonly signal?: AbortSignal;
  /** Called as files are read and processed (`done` of `total` steps). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Called as the run enters each phase, for the progress line. */
  readonly onPhase?: (phase: MigratePhase) => void;
  /** With `mode: 'apply'`, once the guards passed and before any write: chooses what is written of each change. */
  readonly review?: (changes: readonly ProposedChange[]) => Promise<ReviewedChanges>;
  /** Called once each file is on disk (`--apply`), with its relative path. */
  readonly onWritten?: (path: string) => Promise<void> | void;
}
