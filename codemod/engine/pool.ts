/**
 * A fixed pool of worker threads, started once per run and fed candidate files in batches as the main thread
 * finds them (reading and parsing overlap; TypeScript loads in the workers while the main thread reads).
 * Each worker always has one batch queued behind the one it is working on.
 * A worker that dies (a rule crashed the thread) is replaced; the files it held are retried one by one, so only
 * the file that kills a worker twice is reported, not its whole batch.
 */
import { Worker } from 'node:worker_threads';
import type { ProjectFacts, RuleOptions } from '../rule';
import type { FileInput, FileTransform } from './transform';

export interface WorkerInit {
  /** Rules to run, by name (resolved in the worker against the registry plus `ruleModules`). */
  readonly ruleNames: readonly string[];
  readonly ruleModules: readonly string[];
  readonly options: RuleOptions;
  /** The project pass's facts; a pool started before they were known receives them as a `ProjectMessage`. */
  readonly project?: ProjectFacts;
}

export interface WorkerRequest {
  readonly id: number;
  readonly files: readonly FileInput[];
}

/** Sent once to workers started before the project pass ended, before any request. */
export interface ProjectMessage {
  readonly project: ProjectFacts;
}

export interface WorkerResponse {
  readonly id: number;
  readonly results: readonly FileTransform[];
}

type WorkerMessage = WorkerResponse | { readonly ready: true } | { readonly startupError: string };

export interface PoolSettings {
  readonly workerFile: string;
  readonly size: number;
  readonly init: WorkerInit;
  readonly batchSize: number;
  readonly onResult: (file: FileInput, result: FileTransform) => void;
  /** Stops dispatching; files not yet sent are reported as interrupted. */
  readonly signal?: AbortSignal;
}

const workerHeapMb = 320;

const failed = (message: string, reason: 'rule-error' | 'interrupted' = 'rule-error'): FileTransform => ({ status: 'failed', reason, message, rules: [] });

interface Batch {
  readonly files: readonly FileInput[];
  /** True for a file retried alone after its worker died. */
  readonly retry: boolean;
}

interface PoolWorker {
  readonly worker: Worker;
  readonly inFlight: Map<number, Batch>;
  ready: boolean;
  /** The worker has the project facts (from its init, or a `ProjectMessage`). */
  hasProject: boolean;
}

export class WorkerPool {
  private readonly queue: Batch[] = [];
  private readonly workers = new Set<PoolWorker>();
  private pending: FileInput[] = [];
  private nextId = 0;
  private replacements: number;
  private finishing = false;
  private resolveFinished: (() => void) | undefined;
  private readonly finished: Promise<void>;
  /** What a worker starts with; replacements started after `setProject` get the project facts with it. */
  private init: WorkerInit;

  constructor(private readonly settings: PoolSettings) {
    this.init = settings.init;
    this.replacements = settings.size * 2;
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
    for (let i = 0; i < Math.max(1, settings.size); i++) this.startWorker();
  }

  /** Hands the project facts to the running workers (and to any started later); call before the first `submit`. */
  setProject(project: ProjectFacts): void {
    this.init = { ...this.init, project };
    for (const entry of this.workers) if (entry.ready) this.sendProject(entry);
  }

  private sendProject(entry: PoolWorker): void {
    if (entry.hasProject || !this.init.project) return;
    entry.worker.postMessage({ project: this.init.project } satisfies ProjectMessage);
    entry.hasProject = true;
  }

  /** Queues one file; it is sent with the next full batch (or at `finish`). */
  submit(file: FileInput): void {
    this.pending.push(file);
    if (this.pending.length >= this.settings.batchSize) this.flush();
  }

  /** Sends what is queued, waits for every result, and stops the workers. */
  finish(): Promise<void> {
    this.flush();
    this.finishing = true;
    this.settle();
    return this.finished;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.queue.push({ files: this.pending, retry: false });
    this.pending = [];
    for (const entry of this.workers) this.dispatch(entry);
  }

  private get aborted(): boolean {
    return this.settings.signal?.aborted === true;
  }

  private dispatch(entry: PoolWorker): void {
    while (entry.ready && !this.aborted && entry.inFlight.size < 2) {
      // A retried file runs alone on its worker, so a second crash is pinned on that file and no other.
      const next = this.queue[0];
      if (!next || (next.retry && entry.inFlight.size > 0) || [...entry.inFlight.values()].some((batch) => batch.retry)) return;
      this.queue.shift();
      const id = this.nextId++;
      entry.inFlight.set(id, next);
      entry.worker.postMessage({ id, files: next.files } satisfies WorkerRequest);
    }
  }

  /** Once `finish` was called: stops idle workers when nothing is left, and reports what no worker can take. */
  private settle(): void {
    if (!this.finishing) return;
    const nothingLeft = this.queue.length === 0 || this.aborted;
    if (nothingLeft) {
      for (const entry of this.workers) {
        if (entry.inFlight.size === 0) this.retire(entry);
      }
    }
    if (this.workers.size > 0) return;
    for (const batch of this.queue.splice(0)) {
      for (const file of batch.files) this.settings.onResult(file, this.aborted ? failed('interrupted before processing; unchanged', 'interrupted') : failed('no worker could process this file'));
    }
    this.resolveFinished?.();
  }

  private retire(entry: PoolWorker): void {
    this.workers.delete(entry);
    entry.worker.removeAllListeners();
    void entry.worker.terminate();
  }

  private startWorker(): void {
    // A heap cap makes each worker collect garbage early (measured: peak RSS of a 10k-file run 290 MB instead of
    // up to 540 MB); a file too large for it crashes only its worker, and is then reported, not the run.
    const worker = new Worker(this.settings.workerFile, { workerData: this.init, resourceLimits: { maxOldGenerationSizeMb: workerHeapMb } });
    const entry: PoolWorker = { worker, inFlight: new Map(), ready: false, hasProject: this.init.project !== undefined };
    this.workers.add(entry);
    const crashed = (reason: string, startup: boolean): void => {
      if (!this.workers.has(entry)) return;
      this.retire(entry);
      for (const batch of entry.inFlight.values()) {
        for (const file of batch.files) {
          if (batch.retry) this.settings.onResult(file, failed(`a rule crashed the worker thread on this file (${reason})`));
          else this.queue.unshift({ files: [file], retry: true });
        }
      }
      entry.inFlight.clear();
      if (!startup && !this.aborted && this.replacements-- > 0) this.startWorker();
      for (const other of this.workers) this.dispatch(other);
      this.settle();
    };
    worker.on('message', (message: WorkerMessage) => {
      if ('startupError' in message) return crashed(`worker could not start: ${message.startupError}`, true);
      if ('ready' in message) {
        entry.ready = true;
        this.sendProject(entry);
      } else {
        const batch = entry.inFlight.get(message.id);
        entry.inFlight.delete(message.id);
        batch?.files.forEach((file, index) => this.settings.onResult(file, message.results[index] ?? failed('worker returned no result')));
      }
      this.dispatch(entry);
      this.settle();
    });
    worker.on('error', (error) => crashed(error.message, false));
    worker.on('exit', (code) => crashed(`exit code ${code}`, false));
  }
}
