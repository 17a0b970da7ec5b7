/**
 * The system-ID store: lazy resolution, the in-process cache, background persistence and the explicit
 * operations (reset, migrate, history, diagnose). Each store owns its cache and its file-system gate;
 * `createSystemIdStore` makes independent ones (tests inject the file system, timers and clocks).
 */
import { SystemIdError } from './errors';
import { diagnose, type SystemIdDiagnosis } from './diagnose';
import {
  ENV_CONFIG_DIR,
  ENV_SYSTEM_ID,
  ENV_TRUST_CONFIG_DIR,
  isConfigDirTrusted,
  isTelemetryDisabled,
  readEnvOverride,
  type SystemIdEnv,
} from './env';
import { FsGate } from './fs-gate';
import { nodeFileSystem, observeSettled, type SystemIdFileSystem } from './fs-layer';
import type { SystemIdChangeReason, SystemIdHistoryEntry } from './history';
import { hostName, isProcessAlive } from './host';
import { loadOrCreate, type Loaded, type StorageContext } from './load-or-create';
import type { LockContext } from './lock';
import { defaultAccountHome, resolveSystemIdPaths, type PathResolution, type SystemIdPaths } from './paths';
import { replaceRecord } from './replace';
import { DEFAULT_RETRY_POLICY, runWithRetries, type AttemptOutcome, type RetryPolicy } from './retry';
import { readStored } from './storage';
import { sweepStaleTemps } from './sweep';
import { raceProgress, unrefTimers, whileAwaited, type SystemIdTimers } from './timers';
import type { TrustPolicy } from './trust';
import type { SystemIdInfo, SystemIdSource, SystemIdWarning, SystemIdWarningCode } from './types';
import { isUuid, normalizeUuid, randomUuidV4 } from './uuid';

export interface SystemIdStoreOptions {
  /** Environment to read (default `process.env`, read on first use, never at import). */
  readonly env?: SystemIdEnv;
  readonly platform?: NodeJS.Platform;
  /** Home directory used when HOME is empty or relative (default: the OS account's home). */
  readonly accountHome?: () => string | undefined;
  readonly fs?: SystemIdFileSystem;
  readonly timers?: SystemIdTimers;
  /** Wall clock for `createdAt` and history timestamps (default `Date.now`). */
  readonly wallNow?: () => number;
  /** Mints new IDs (default: random UUID v4). */
  readonly randomId?: () => string;
  readonly pid?: number;
  /** This process's user ID, for the trust check (default `process.getuid()`; `null`: no check). */
  readonly uid?: number | null;
  /** This host's name, written into the writers' lock (default `os.hostname()`). */
  readonly hostname?: string;
  /** Whether a process runs on this host (default: `process.kill(pid, 0)`); finds stale locks and temp files. */
  readonly isProcessAlive?: (pid: number) => boolean;
  readonly retry?: Partial<RetryPolicy>;
  /**
   * How long the first `getSystemId` waits for a disk that makes no progress before answering with an
   * in-memory ID (default 1000). While file-system calls keep returning it waits longer, up to the
   * attempt bound (`retry.attemptTimeoutMs`, default 5000).
   */
  readonly maxWaitMs?: number;
  /** Bound of each file-system step of `diagnoseSystemId` (default 2000). */
  readonly diagnoseTimeoutMs?: number;
  /** Receives each warning once per store (default: `process.emitWarning`, type `UnifiedIdWarning`). */
  readonly warn?: (warning: SystemIdWarning) => void;
}

export interface GetSystemIdOptions {
  /** Overrides the store's `maxWaitMs` for the call that starts the resolution. */
  readonly maxWaitMs?: number;
}

export interface SystemIdChange {
  /** The ID replaced: the stored one, else this process's in-memory one, else `null`. */
  readonly oldId: string | null;
  readonly newId: string;
}

export interface SystemIdStore {
  getSystemId(options?: GetSystemIdOptions): Promise<string>;
  getSystemIdInfo(): Promise<SystemIdInfo>;
  /** Waits until background persistence has finished (persisted or given up) and returns the info. */
  flushSystemId(): Promise<SystemIdInfo>;
  generateSystemId(): string;
  resetSystemId(options: { readonly confirm: true }): Promise<SystemIdChange>;
  migrateSystemId(oldId: string, newId: string): Promise<SystemIdChange>;
  systemIdHistory(): Promise<readonly SystemIdHistoryEntry[]>;
  diagnoseSystemId(): Promise<SystemIdDiagnosis>;
}

interface Session {
  readonly id: string;
  readonly source: SystemIdSource;
  readonly persisted: boolean;
  readonly path: string | null;
  readonly createdAt: string | null;
  readonly history: readonly SystemIdHistoryEntry[];
}

function defaultWarn(warning: SystemIdWarning): void {
  process.emitWarning(warning.message, { type: 'UnifiedIdWarning', code: warning.code });
}

export function createSystemIdStore(options: SystemIdStoreOptions = {}): SystemIdStore {
  const fs = options.fs ?? nodeFileSystem;
  const timers = options.timers ?? unrefTimers;
  const wallNow = options.wallNow ?? Date.now;
  const randomId = options.randomId ?? randomUuidV4;
  const pid = options.pid ?? process.pid;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const maxWaitMs = options.maxWaitMs ?? 1_000;
  const diagnoseTimeoutMs = options.diagnoseTimeoutMs ?? 2_000;
  const warnSink = options.warn ?? defaultWarn;
  const env = (): SystemIdEnv => options.env ?? process.env;
  const gate = new FsGate(timers);
  const uid = options.uid === undefined ? (process.getuid?.() ?? null) : options.uid;
  const hostname = options.hostname ?? hostName();
  const processAlive = options.isProcessAlive ?? isProcessAlive;
  /** When a file-system call of this store last returned (monotonic): a slow disk still making progress. */
  let lastProgress = timers.now();
  const observedFs = observeSettled(fs, () => {
    lastProgress = timers.now();
  });

  let session: Session | null = null;
  let resolution: Promise<void> | null = null;
  let background: Promise<void> = Promise.resolve();
  /** Bumped by reset/migrate so a late background outcome cannot overwrite their result. */
  let generation = 0;
  let lastErrorCode: string | null = null;
  let resolvedPaths: PathResolution | null = null;
  const warned = new Set<SystemIdWarningCode>();

  const warnOnce = (code: SystemIdWarningCode, message: string, cause: string | null): void => {
    if (warned.has(code)) return;
    warned.add(code);
    warnSink({ code, message: `unified-id: ${message}`, cause });
  };
  const paths = (): PathResolution =>
    (resolvedPaths ??= resolveSystemIdPaths({
      env: env(),
      platform: options.platform ?? process.platform,
      accountHome: options.accountHome ?? defaultAccountHome,
    }));
  const trust = (): TrustPolicy => ({ uid, trustAll: isConfigDirTrusted(env()) });
  const storage = (p: SystemIdPaths): StorageContext & LockContext => ({
    fs: observedFs,
    timers,
    wallNow,
    pid,
    paths: p,
    trust: trust(),
    hostname,
    isProcessAlive: processAlive,
  });
  const isoNow = (): string => new Date(wallNow()).toISOString();
  const info = (current: Session): SystemIdInfo => ({
    id: current.id,
    source: current.source,
    persisted: current.persisted,
    path: current.path,
    createdAt: current.createdAt,
    telemetryDisabled: isTelemetryDisabled(env()),
    lastErrorCode,
  });
  const inMemory = (path: string | null): Session => ({
    id: randomId(),
    source: 'memory',
    persisted: false,
    path,
    createdAt: isoNow(),
    history: [],
  });
  const fromLoaded = (loaded: Loaded, path: string): Session => ({
    id: loaded.id,
    source: 'file',
    persisted: true,
    path,
    createdAt: loaded.createdAt,
    history: loaded.history,
  });

  const notPersistedMessage = (p: SystemIdPaths, code: string): string =>
    `could not store the system ID at ${p.file} (${code}); this process uses an in-memory ID that will not ` +
    `survive a restart. Make the directory writable, or set ${ENV_CONFIG_DIR} to a writable directory or ` +
    `${ENV_SYSTEM_ID} to a fixed UUID.`;

  const untrustedMessage = (p: SystemIdPaths, code: string): string =>
    `not using the system ID at ${p.file} (${code}): other users could have written it, so it could be ` +
    `anyone's choice; this process uses an in-memory ID. Use a directory only you can write (mode 0700), or ` +
    `set ${ENV_TRUST_CONFIG_DIR}=1 if the directory is shared on purpose.`;

  const settleBackground = (final: AttemptOutcome<Loaded>, startedIn: number, p: SystemIdPaths, candidate: string): void => {
    if (startedIn !== generation || session === null) return;
    if (!final.ok) {
      lastErrorCode = final.code;
      if (final.code.startsWith('UNTRUSTED_')) warnOnce('SYSTEM_ID_UNTRUSTED', untrustedMessage(p, final.code), final.code);
      else warnOnce('SYSTEM_ID_NOT_PERSISTED', notPersistedMessage(p, final.code), final.code);
      return;
    }
    const loaded = final.value;
    if (loaded.quarantined !== null) {
      warnOnce(
        'SYSTEM_ID_QUARANTINED',
        `the system ID file ${p.file} was unreadable (${loaded.quarantined.reason}); moved it to ` +
          `${loaded.quarantined.to} and ${loaded.created ? 'created' : 'adopted'} the ID ${loaded.id}.`,
        loaded.quarantined.reason,
      );
    }
    if (loaded.id === session.id) {
      lastErrorCode = null;
      session = fromLoaded(loaded, p.file);
    } else if (session.id === candidate) {
      // This process already handed out its in-memory ID; switching now would change it silently.
      lastErrorCode = 'STORED_ID_DIFFERS';
      warnOnce(
        'SYSTEM_ID_NOT_PERSISTED',
        `the disk answered too late: ${p.file} holds ${loaded.id}, this process keeps its in-memory ID ${session.id} until restart.`,
        'STORED_ID_DIFFERS',
      );
    }
  };

  const resolve = async (waitMs: number): Promise<void> => {
    const override = readEnvOverride(env());
    if (override.kind === 'valid') {
      session = { id: override.id, source: 'env', persisted: false, path: null, createdAt: null, history: [] };
      return;
    }
    if (override.kind === 'invalid') {
      lastErrorCode = 'INVALID_ENV_ID';
      warnOnce('SYSTEM_ID_INVALID_ENV', `${ENV_SYSTEM_ID} is not a UUID (${JSON.stringify(override.value)}); ignoring it.`, 'INVALID_ENV_ID');
    }
    const resolved = paths();
    if (isTelemetryDisabled(env())) {
      session = inMemory(resolved.ok ? resolved.paths.file : null);
      return;
    }
    if (!resolved.ok) {
      lastErrorCode = resolved.code;
      warnOnce('SYSTEM_ID_NO_DIRECTORY', `${resolved.message}; using an in-memory ID for this process.`, resolved.code);
      session = inMemory(null);
      return;
    }
    const p = resolved.paths;
    const candidate = { id: randomId(), createdAt: isoNow() };
    const startedIn = generation;
    let reportFirst: (outcome: AttemptOutcome<Loaded>) => void = () => undefined;
    const first = new Promise<AttemptOutcome<Loaded>>((done) => {
      reportFirst = done;
    });
    const final = runWithRetries(gate, timers, policy, () => loadOrCreate(storage(p), candidate), (outcome) => {
      reportFirst(outcome);
      reportFirst = () => undefined;
    });
    lastProgress = timers.now();
    const raced = await raceProgress(timers, first, waitMs, policy.attemptTimeoutMs, () => lastProgress);
    if (raced.settled && raced.value.ok) {
      session = fromLoaded(raced.value.value, p.file);
    } else {
      lastErrorCode = raced.settled && !raced.value.ok ? raced.value.code : 'ETIMEDOUT';
      session = { id: candidate.id, source: 'memory', persisted: false, path: p.file, createdAt: candidate.createdAt, history: [] };
    }
    background = final.then(async (outcome) => {
      settleBackground(outcome, startedIn, p, candidate.id);
      // Temp files of processes killed mid-write: removed once this process's own ID is settled.
      if (outcome.ok) await gate.run(() => sweepStaleTemps({ fs, wallNow, isProcessAlive: processAlive }, p.directory), policy.attemptTimeoutMs);
    });
  };

  const current = async (waitMs?: number): Promise<Session> => {
    resolution ??= resolve(waitMs ?? maxWaitMs);
    await resolution;
    if (session === null) throw new Error('unreachable: resolution finished without a session');
    return session;
  };

  /** Preconditions of reset/migrate: they write, so they need a directory, no override and no opt-out. */
  const writablePaths = (action: string): SystemIdPaths => {
    if (readEnvOverride(env()).kind === 'valid') {
      throw new SystemIdError('ENV_OVERRIDE_ACTIVE', `${action}: ${ENV_SYSTEM_ID} fixes the ID; change that variable instead`);
    }
    if (isTelemetryDisabled(env())) {
      throw new SystemIdError('TELEMETRY_DISABLED', `${action}: telemetry is disabled, so nothing is written to disk`);
    }
    const resolved = paths();
    if (!resolved.ok) throw new SystemIdError('NO_CONFIG_DIR', `${action}: ${resolved.message}`);
    return resolved.paths;
  };

  /** Rewrites the stored record with `newId`, recording `reason`; `expectOldId` makes it a compare-and-swap. */
  const replaceStored = async (
    p: SystemIdPaths,
    newId: string,
    reason: SystemIdChangeReason,
    expectOldId: string | null,
  ): Promise<SystemIdChange> => {
    // Do not race the first resolution: its attempt and this write share the gate, but its outcome must
    // be settled before this change bumps the generation.
    if (resolution !== null) await resolution;
    const request = { newId, reason, expectOldId, lockWaitMs: policy.attemptTimeoutMs / 2 };
    const result = await gate.run(() => replaceRecord(storage(p), request), policy.attemptTimeoutMs);
    if (result.status === 'failed') {
      if (result.error instanceof SystemIdError) throw result.error;
      throw new SystemIdError('PERSIST_FAILED', `could not write ${p.file} (${result.code})`, result.code);
    }
    if (result.status !== 'ok') {
      const code = result.status === 'timeout' ? 'ETIMEDOUT' : 'EBUSY_IN_FLIGHT';
      throw new SystemIdError('PERSIST_FAILED', `could not write ${p.file} in time (${code})`, code);
    }
    generation++;
    lastErrorCode = null;
    // The change defines this process's ID: no lazy resolution may replace it afterwards.
    resolution ??= Promise.resolve();
    const oldId = result.value.oldStored ?? session?.id ?? null;
    const { record } = result.value;
    session = { id: record.id, source: 'file', persisted: true, path: p.file, createdAt: record.createdAt, history: record.history };
    return { oldId, newId };
  };

  const history = async (): Promise<readonly SystemIdHistoryEntry[]> => {
    const mine = await current();
    const resolved = paths();
    if (mine.source === 'env' || !resolved.ok || isTelemetryDisabled(env())) return mine.history;
    // Another process may have reset or migrated since; read the file, fall back to what we know.
    const read = await gate.run(() => readStored(storage(resolved.paths), resolved.paths), policy.attemptTimeoutMs);
    return read.status === 'ok' && read.value.state === 'valid' ? read.value.record.history : mine.history;
  };

  return {
    async getSystemId(getOptions) {
      if (session !== null) return session.id;
      return whileAwaited(timers, async () => (await current(getOptions?.maxWaitMs)).id);
    },

    getSystemIdInfo() {
      return whileAwaited(timers, async () => info(await current()));
    },

    flushSystemId() {
      return whileAwaited(timers, async () => {
        await current();
        // A reset/migrate may start a new background; loop until the latest one is done.
        for (let seen = background; ; seen = background) {
          await seen;
          if (seen === background) break;
        }
        return info(await current());
      });
    },

    generateSystemId() {
      return randomId();
    },

    async resetSystemId(resetOptions) {
      if ((resetOptions as { confirm?: unknown } | undefined)?.confirm !== true) {
        throw new SystemIdError('CONFIRMATION_REQUIRED', 'resetSystemId changes this installation\'s ID: pass { confirm: true }');
      }
      const p = writablePaths('resetSystemId');
      return whileAwaited(timers, () => replaceStored(p, randomId(), 'reset', null));
    },

    async migrateSystemId(oldId, newId) {
      for (const [label, value] of [['oldId', oldId], ['newId', newId]] as const) {
        if (!isUuid(value)) throw new SystemIdError('INVALID_SYSTEM_ID', `migrateSystemId: ${label} is not a UUID: ${JSON.stringify(value)}`);
      }
      const p = writablePaths('migrateSystemId');
      return whileAwaited(timers, () => replaceStored(p, normalizeUuid(newId), 'migrate', normalizeUuid(oldId)));
    },

    systemIdHistory() {
      return whileAwaited(timers, () => history());
    },

    diagnoseSystemId() {
      // diagnose() never throws: every file-system step runs through the gate, which never rejects.
      return whileAwaited(timers, () =>
        diagnose({
          fs,
          trust: trust(),
          gate,
          timers,
          wallNow,
          pid,
          resolution: paths(),
          telemetryDisabled: isTelemetryDisabled(env()),
          envOverride: readEnvOverride(env()).kind,
          session: session === null ? null : info(session),
          lastErrorCode,
          timeoutMs: diagnoseTimeoutMs,
        }),
      );
    },
  };
}
