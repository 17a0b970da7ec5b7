/**
 * Phase 4 of a `migrate` run: the syntactic rules over their candidates, in a pool of worker threads unless the
 * run is small (or no built worker exists: tests from source). In a large run the pool starts before reading, so
 * the workers load TypeScript while the main thread reads; they get files once the project pass is done, since
 * every rule decides from the project's facts.
 */
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProjectFacts } from '../rule';
import type { FileState } from './file-state';
import { absorb, inputOf, yieldToEvents } from './file-state';
import type { MigrateOptions } from './options';
import { WorkerPool } from './pool';
import type { RunSettings } from './settings';
import type { TypeScript } from './transform';
import { transformFile } from './transform';

const batchSize = 8;
/** Below this many candidates, starting workers (each loads TypeScript, ~0.4 s of CPU) costs more than it saves. */
const minFilesForPool = 24;
/** Each further worker must have at least this many files to be worth its start-up. */
const filesPerWorker = 60;
/** From this many files, the pool starts before reading (candidates are then almost certainly many). */
const eagerPoolFiles = 1000;

/** The cores this process may use (`availableParallelism` is Node ≥ 18.14). */
function defaultConcurrency(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

function defaultWorkerFile(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidate = resolve(here, 'worker.js');
  return existsSync(candidate) ? candidate : undefined;
}

export interface SyntacticHooks {
  readonly signal?: AbortSignal;
  /** One step per candidate processed. */
  readonly tick: () => void;
  readonly getTypeScript: () => Promise<TypeScript>;
}

export class SyntacticPhase {
  private readonly concurrency: number;
  private readonly workerFile: string | undefined;
  private readonly poolPossible: boolean;
  private readonly byPath = new Map<string, FileState>();
  private pool: WorkerPool | undefined;

  constructor(
    private readonly settings: RunSettings,
    options: MigrateOptions,
    private readonly hooks: SyntacticHooks,
  ) {
    const { syntacticRules } = settings;
    this.concurrency = Math.max(1, options.concurrency ?? defaultConcurrency());
    this.workerFile = options.workerFile === false ? undefined : (options.workerFile ?? defaultWorkerFile());
    // Rules given as objects cannot cross into a worker; only registry and module rules can.
    const injectedOnly = (options.extraRules ?? []).some((rule) => syntacticRules.includes(rule));
    this.poolPossible = syntacticRules.length > 0 && this.workerFile !== undefined && !injectedOnly && this.concurrency > 1;
  }

  /** Before reading: in a large run, start the workers now so they load TypeScript while the main thread reads. */
  startEarly(files: number): void {
    if (this.poolPossible && files >= eagerPoolFiles) this.pool = this.startPool(this.concurrency);
  }

  /** Runs the syntactic rules over `candidates` with the project's facts; `undefined` facts: nothing runs. */
  async run(candidates: readonly FileState[], project: ProjectFacts | undefined): Promise<void> {
    const { signal } = this.hooks;
    if (project === undefined || signal?.aborted) {
      await this.pool?.finish();
      return;
    }
    if (!this.pool && this.poolPossible && candidates.length >= minFilesForPool) {
      this.pool = this.startPool(Math.min(this.concurrency, Math.ceil(candidates.length / filesPerWorker)), project);
    }
    const pool = this.pool;
    if (pool) {
      pool.setProject(project);
      for (const state of candidates) {
        this.byPath.set(state.file.filePath, state);
        pool.submit(inputOf(state));
      }
      await pool.finish();
      return;
    }
    if (candidates.length === 0) return;
    const tsApi = await this.hooks.getTypeScript();
    const { syntacticRules, ruleOptions } = this.settings;
    for (const [index, state] of candidates.entries()) {
      if (signal?.aborted) break;
      absorb(state, transformFile(inputOf(state), { ts: tsApi, rules: syntacticRules, options: ruleOptions, checkInputSyntax: true, project }));
      this.hooks.tick();
      // Let a SIGINT handler run between files.
      if (index % 64 === 63) await yieldToEvents();
    }
  }

  private startPool(size: number, project?: ProjectFacts): WorkerPool {
    const { syntacticRules, ruleModules, ruleOptions } = this.settings;
    const { signal } = this.hooks;
    return new WorkerPool({
      workerFile: this.workerFile ?? '',
      size,
      init: { ruleNames: syntacticRules.map((rule) => rule.name), ruleModules, options: ruleOptions, ...(project ? { project } : {}) },
      batchSize,
      onResult: (file, result) => {
        const state = this.byPath.get(file.filePath);
        if (state) absorb(state, result);
        this.hooks.tick();
      },
      ...(signal ? { signal } : {}),
    });
  }
}
