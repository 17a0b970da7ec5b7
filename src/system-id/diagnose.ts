/**
 * `diagnoseSystemId`: what the module sees and whether the directory works, measured with a separate
 * probe file (the ID file is only read). Never throws; every file-system step goes through the store's
 * gate with a timeout, so the whole diagnosis is bounded even on a hung file system.
 */
import { randomBytes } from 'node:crypto';
import { faultCodeOf } from './errors';
import type { FsGate } from './fs-gate';
import type { SystemIdFileSystem } from './fs-layer';
import type { PathResolution } from './paths';
import { readStored } from './storage';
import type { SystemIdTimers } from './timers';
import type { TrustPolicy } from './trust';
import type { SystemIdInfo } from './types';

export interface ProbeStep {
  readonly ok: boolean;
  /** Milliseconds the step took; `null` when it did not run or did not finish in time. */
  readonly ms: number | null;
  readonly code: string | null;
}

export interface SystemIdDiagnosis {
  readonly path: string | null;
  readonly directory: string | null;
  readonly directoryOrigin: 'env' | 'platform' | null;
  /** Why no directory could be resolved (`RELATIVE_CONFIG_DIR`, `NO_HOME_DIRECTORY`), else `null`. */
  readonly pathError: string | null;
  readonly telemetryDisabled: boolean;
  readonly envOverride: 'none' | 'valid' | 'invalid';
  /** This process's ID, or `null` when `getSystemId` has not run yet. */
  readonly session: SystemIdInfo | null;
  readonly stored: {
    readonly state: 'valid' | 'missing' | 'invalid' | 'error' | 'skipped';
    readonly id: string | null;
    /** Invalid reason, fault code or why skipped. */
    readonly detail: string | null;
  };
  readonly lastErrorCode: string | null;
  readonly probe: {
    readonly skipped: string | null;
    readonly write: ProbeStep;
    readonly read: ProbeStep;
    readonly remove: ProbeStep;
  };
  readonly durationMs: number;
}

export interface DiagnoseContext {
  readonly fs: SystemIdFileSystem;
  readonly trust: TrustPolicy;
  readonly gate: FsGate;
  readonly timers: SystemIdTimers;
  readonly wallNow: () => number;
  readonly pid: number;
  readonly resolution: PathResolution;
  readonly telemetryDisabled: boolean;
  readonly envOverride: SystemIdDiagnosis['envOverride'];
  readonly session: SystemIdInfo | null;
  readonly lastErrorCode: string | null;
  readonly timeoutMs: number;
}

const NOT_RUN: ProbeStep = { ok: false, ms: null, code: null };

function gateSkipReason(status: 'timeout' | 'busy'): string {
  return status === 'timeout' ? 'ETIMEDOUT' : 'EBUSY_IN_FLIGHT';
}

async function probeDirectory(context: DiagnoseContext, directory: string): Promise<SystemIdDiagnosis['probe']> {
  const { fs, timers } = context;
  const steps: { write: ProbeStep; read: ProbeStep; remove: ProbeStep } = { write: NOT_RUN, read: NOT_RUN, remove: NOT_RUN };
  const probeFile = `${directory}/.system-id-probe-${context.pid}-${randomBytes(4).toString('hex')}`;
  const payload = `probe ${new Date(context.wallNow()).toISOString()}\n`;
  const timed = async (step: keyof typeof steps, action: () => Promise<void>): Promise<boolean> => {
    const started = timers.now();
    try {
      await action();
      steps[step] = { ok: true, ms: timers.now() - started, code: null };
      return true;
    } catch (error) {
      steps[step] = { ok: false, ms: timers.now() - started, code: faultCodeOf(error) };
      return false;
    }
  };
  const result = await context.gate.run(async () => {
    const wrote = await timed('write', async () => {
      await fs.mkdir(directory);
      await fs.writeNewFile(probeFile, payload);
    });
    if (!wrote) return;
    await timed('read', async () => {
      const { content } = await fs.readRegularFile(probeFile, payload.length);
      if (content !== payload) throw Object.assign(new Error('probe content differs'), { code: 'EIO' });
    });
    await timed('remove', () => fs.unlink(probeFile));
  }, context.timeoutMs);
  return { skipped: result.status === 'timeout' || result.status === 'busy' ? gateSkipReason(result.status) : null, ...steps };
}

export async function diagnose(context: DiagnoseContext): Promise<SystemIdDiagnosis> {
  const started = context.timers.now();
  const { resolution } = context;
  const paths = resolution.ok ? resolution.paths : null;

  let stored: SystemIdDiagnosis['stored'] = { state: 'skipped', id: null, detail: 'NO_DIRECTORY' };
  let probe: SystemIdDiagnosis['probe'] = { skipped: 'NO_DIRECTORY', write: NOT_RUN, read: NOT_RUN, remove: NOT_RUN };
  if (paths !== null && context.telemetryDisabled) {
    // Opted out: not even a probe file may be written, and the stored ID is none of our business.
    stored = { state: 'skipped', id: null, detail: 'TELEMETRY_DISABLED' };
    probe = { skipped: 'TELEMETRY_DISABLED', write: NOT_RUN, read: NOT_RUN, remove: NOT_RUN };
  } else if (paths !== null) {
    const read = await context.gate.run(() => readStored(context, paths), context.timeoutMs);
    if (read.status === 'ok') {
      const value = read.value;
      stored =
        value.state === 'valid'
          ? { state: 'valid', id: value.record.id, detail: null }
          : value.state === 'invalid'
            ? { state: 'invalid', id: null, detail: value.reason }
            : { state: 'missing', id: null, detail: null };
    } else {
      stored = { state: 'error', id: null, detail: read.status === 'failed' ? read.code : gateSkipReason(read.status) };
    }
    probe = await probeDirectory(context, paths.directory);
  }

  return {
    path: paths?.file ?? null,
    directory: paths?.directory ?? null,
    directoryOrigin: paths?.origin ?? null,
    pathError: resolution.ok ? null : resolution.code,
    telemetryDisabled: context.telemetryDisabled,
    envOverride: context.envOverride,
    session: context.session,
    stored,
    lastErrorCode: context.lastErrorCode,
    probe,
    durationMs: context.timers.now() - started,
  };
}
